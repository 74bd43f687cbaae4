// Offline after the first visit. On every page: register the site's service
// worker (sw.js at the site's root, written by hooks/offline.py from
// hooks/sw.js). Then, once this page has loaded (on a tool page: once its tool
// is ready), ask the worker to keep the files this page used: on a first visit
// the page and the tool load before the worker is in charge, so it copies them
// from the browser's HTTP cache (it never downloads anything for this).
//
// Only the site's own files are kept, never anything you type. When the worker
// has answered, <html> says so in data-cp14-offline ("page", then "tool").
(function () {
  "use strict";
  var container = navigator.serviceWorker;
  var script = document.currentScript;
  if (!container || !window.isSecureContext || !script || !script.src) return;
  // This file is <site root>/javascripts/cp14-offline.js.
  var root = new URL("../", script.src);
  function register() {
    container.register(new URL("sw.js", root).href).catch(function () {
      // No offline copy (a private window may refuse): the site works as before.
    });
  }

  var html = document.documentElement;
  container.addEventListener("message", function (event) {
    var msg = event.data || {};
    if (msg.type !== "cp14-kept" || msg.error) return;
    if (html.getAttribute("data-cp14-offline") !== "tool") {
      html.setAttribute("data-cp14-offline", msg.tag === "tool" ? "tool" : "page");
    }
  });
  container.startMessages();

  function used() {
    var urls = [location.href];
    var entries = performance.getEntriesByType ? performance.getEntriesByType("resource") : [];
    for (var i = 0; i < entries.length; i++) urls.push(entries[i].name);
    return urls;
  }

  function keep(tag) {
    container.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: "cp14-keep", tag: tag, urls: used() });
      }
    });
  }

  var tool = document.querySelector("[data-cp14-tool]");
  if (!tool) {
    register();
    if (document.readyState === "complete") keep("page");
    else window.addEventListener("load", function () { keep("page"); });
    return;
  }
  // A tool page: the service worker starts, and copies what the page used, only
  // once the tool has started (or given up), so that it never competes with
  // Python for the processor while the tool loads.
  var ready = function () { return tool.getAttribute("data-state") === "ready"; };
  var started = false;
  var keptTool = false;
  function update() {
    var state = tool.getAttribute("data-state");
    if (state === "loading") return;
    if (!started) {
      started = true;
      register();
      if (!ready()) keep("page");
    }
    if (ready() && !keptTool) {
      keptTool = true;
      keep("tool");
    }
  }
  update();
  new MutationObserver(update).observe(tool, { attributes: true, attributeFilter: ["data-state"] });
  // Packages a tool fetches later (the calendar's) are kept when you leave the page.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && ready()) keep("tool");
  });
})();
