// Offline after the first visit. On every page: register the site's service
// worker (sw.js at the site's root, written by hooks/finish.py from
// hooks/sw.js). Then, once this page has loaded (on a tool page: once its tool
// is ready), ask the worker to keep the files this page used: on a first visit
// the page and the tool load before the worker is in charge, so it copies them
// from the browser's HTTP cache (it never downloads anything for this).
//
// Only the site's own files are kept, never anything you type. When the worker
// has answered, <html> says so in data-cp14-offline ("page", then "tool", or
// "partial" when the browser could not keep every file the tool needs).
//
// A page the worker served from its copy (offline) says so at its top: that it
// is a saved copy, of which date, and whether the tool on it was only partly
// saved (the worker tells in the page's Server-Timing: cp14-saved, cp14-partial).
(function () {
  "use strict";
  var html = document.documentElement;
  // Shown inside another site's frame (see overrides/main.html): nothing to do.
  if (html.hasAttribute("data-cp14-framed")) return;

  savedCopyNotice();

  // The page's words in its language: the translations a page in another language
  // carries (a JSON data block, hooks/web_i18n.py); the English text otherwise.
  function _(message) {
    try {
      var block = document.getElementById("cp14-messages");
      var found = JSON.parse(block ? block.textContent : "null");
      var text = found && found[message];
      return typeof text === "string" && text ? text : message;
    } catch (e) {
      return message;
    }
  }

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

  function used() {
    var urls = [location.href];
    var entries = performance.getEntriesByType ? performance.getEntriesByType("resource") : [];
    for (var i = 0; i < entries.length; i++) urls.push(entries[i].name);
    // The tool's worker script, which its worker fetched itself (not this page).
    var worker = document.querySelector("[data-cp14-tool][data-worker]");
    if (worker) urls.push(new URL(worker.getAttribute("data-worker"), document.baseURI).href);
    return urls;
  }

  // The answer comes back on a channel of this page's own. When the page is being
  // left, it asks for none: a message to a page in the back/forward cache would
  // throw it out of that cache (and Back would load the page afresh).
  function keep(tag, answer) {
    container.ready.then(function (registration) {
      var worker = registration.active;
      if (!worker) return;
      var msg = { type: "cp14-keep", tag: tag, urls: used(), page: location.href };
      if (!answer) {
        worker.postMessage(msg);
        return;
      }
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        channel.port1.close();
        var reply = event.data || {};
        if (reply.type !== "cp14-kept" || reply.error) return;
        if (reply.tag !== "tool") {
          if (!html.hasAttribute("data-cp14-offline")) html.setAttribute("data-cp14-offline", "page");
        } else {
          html.setAttribute("data-cp14-offline", reply.complete && !reply.refused ? "tool" : "partial");
        }
      };
      worker.postMessage(msg, [channel.port2]);
    });
  }

  var tool = document.querySelector("[data-cp14-tool]");
  // A new build's worker has taken over: it keeps this page (and tool) afresh.
  // (The first worker taking charge is not one: it is asked below anyway.)
  var before = !!container.controller;
  container.addEventListener("controllerchange", function () {
    if (!before) {
      before = true;
      return;
    }
    if (document.visibilityState !== "visible") return;
    keep(tool && tool.getAttribute("data-state") === "ready" ? "tool" : "page", true);
  });
  if (!tool) {
    register();
    if (document.readyState === "complete") keep("page", true);
    else window.addEventListener("load", function () { keep("page", true); });
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
      if (!ready()) keep("page", true);
    }
    if (ready() && !keptTool) {
      keptTool = true;
      keep("tool", true);
    }
  }
  update();
  new MutationObserver(update).observe(tool, { attributes: true, attributeFilter: ["data-state"] });
  // Packages a tool fetches later (the calendar's) are kept when you leave the page.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && ready()) keep("tool", false);
  });

  // A saved copy says so, at the top of the page.
  function savedCopyNotice() {
    var nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var timing = (nav && nav.serverTiming) || [];
    var saved = null;
    var partial = false;
    for (var i = 0; i < timing.length; i++) {
      if (timing[i].name === "cp14-saved") saved = new Date(timing[i].description);
      if (timing[i].name === "cp14-partial") partial = true;
    }
    if (!saved) return;
    html.setAttribute("data-cp14-saved", partial ? "partial" : "complete");
    var locale = /^es\b/i.test(html.lang || "") ? "es-US" : "en-US";
    var when = isNaN(saved.getTime())
      ? ""
      : saved.toLocaleDateString(locale, { weekday: "long", year: "numeric", month: "long", day: "numeric" });
    var box = document.createElement("div");
    box.className = "cp14-saved";
    box.setAttribute("role", "status");
    var p = document.createElement("p");
    p.textContent = when
      ? _("You are offline. This page is the copy your browser saved on {date}. Figures and rules may have changed since.").replace(
          "{date}",
          when,
        )
      : _("You are offline. This page is the copy your browser saved. Figures and rules may have changed since.");
    box.append(p);
    if (partial) {
      var more = document.createElement("p");
      more.textContent = _("Only part of this tool was saved on this device, so it may not start until you are online again.");
      box.append(more);
    }
    var article = document.querySelector("article") || document.querySelector("main") || document.body;
    if (article) article.prepend(box);
  }
})();
