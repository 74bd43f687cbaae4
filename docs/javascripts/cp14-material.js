// On tool pages only: the theme's script (Material for MkDocs: search, the
// light/dark switch, the back-to-top button, tooltips) starts once the tool has
// started, not while it loads. In its first second a page of the theme spends
// about a tenth of a second of the processor on its own set-up and builds its
// search index in a second worker; on a phone with few cores that is time
// taken from starting Python. Nothing of it is needed before the tool is
// there, and the header's links, the site menu and the form work without it.
//
// The theme's script is loaded when the first of these happens:
// - the tool has started and shown its first answers, or has given up (the
//   runtime then sets data-settled on the tool), after the next frame is drawn;
// - you reach for the theme's parts of the page (THEME_PARTS: the header, the
//   search box, the site menu and contents list, the footer) with the pointer,
//   a touch or the keyboard (REACH);
// - LATEST_MS have passed (a slow link, where the processor is waiting anyway).
//
// The build (hooks/finish.py) puts this script where the theme's own
// <script> was, the theme's URL in its data-bundle attribute and its sha256 in
// data-integrity: the browser runs the theme only if its bytes are the build's.
(function () {
  "use strict";
  var LATEST_MS = 5000;
  var script = document.currentScript;
  var src = script && script.getAttribute("data-bundle");
  var integrity = script && script.getAttribute("data-integrity");
  if (!src) return;
  var tool = document.querySelector("[data-cp14-tool]");
  var THEME_PARTS = ".md-header, .md-search, .md-sidebar, .md-tabs, .md-footer";
  var REACH = ["pointerover", "touchstart", "focusin"];
  var loaded = false;
  var observer = null;
  var timer = 0;

  function load() {
    if (loaded) return;
    loaded = true;
    if (observer) observer.disconnect();
    clearTimeout(timer);
    REACH.forEach(function (type) {
      document.removeEventListener(type, reach, true);
    });
    var el = document.createElement("script");
    if (integrity) el.integrity = integrity;
    el.src = src;
    if (document.readyState === "loading") {
      // The page is still arriving: the theme starts on DOMContentLoaded, as usual.
      document.body.appendChild(el);
      return;
    }
    // The theme starts on DOMContentLoaded, which has passed: the listeners for
    // it that its script adds while it runs are called once it has run.
    var waiting = [];
    document.addEventListener = function (type, listener, options) {
      if (type === "DOMContentLoaded") {
        waiting.push(listener);
        return;
      }
      return EventTarget.prototype.addEventListener.call(this, type, listener, options);
    };
    el.onload = function () {
      delete document.addEventListener;
      var event = new Event("DOMContentLoaded");
      waiting.forEach(function (listener) {
        if (typeof listener === "function") listener.call(document, event);
        else if (listener && typeof listener.handleEvent === "function") listener.handleEvent(event);
      });
    };
    el.onerror = function () {
      delete document.addEventListener;
    };
    document.body.appendChild(el);
  }

  function reach(event) {
    var target = event.target;
    if (target && target.closest && target.closest(THEME_PARTS)) load();
  }

  if (!tool || tool.hasAttribute("data-settled")) {
    load();
    return;
  }
  observer = new MutationObserver(function () {
    if (!tool.hasAttribute("data-settled")) return;
    observer.disconnect();
    // After the frame that shows the tool's first answers.
    requestAnimationFrame(function () {
      setTimeout(load, 0);
    });
  });
  observer.observe(tool, { attributes: true, attributeFilter: ["data-settled"] });
  REACH.forEach(function (type) {
    document.addEventListener(type, reach, { capture: true, passive: true });
  });
  timer = setTimeout(load, LATEST_MS);
})();
