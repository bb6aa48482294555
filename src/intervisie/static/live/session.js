// The live session's screen is refreshed by htmx (live/_state.html): only when the state changed, and
// then swapped in place. This file does the two things htmx does not do by itself:
// 1. Say the new step (or a pause) in the polite live region #live-announcer, which is never replaced,
//    so screen-reader users hear that the group moved on. The text comes from the server
//    (data-announce on the poller) and is only spoken when it changed.
// 2. Keep the keyboard where it was. htmx gives the focus back to an element with the same id; when that
//    element is gone (after "Volgende stap" on the second-to-last step) or the browser dropped the focus
//    while moving a preserved form, the focus goes to the same id again or else to the step's heading,
//    never to the end of the page.
(function () {
  "use strict";
  var state = document.getElementById("live-state");
  var region = document.getElementById("live-announcer");
  if (!state || !region) { return; }

  function announcement() {
    var poller = state.querySelector("[data-announce]");
    return poller ? poller.getAttribute("data-announce") : "";
  }

  var lastAnnounced = announcement();  // the page as loaded is read normally, not announced
  var pending = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target !== state || !event.detail.shouldSwap) { return; }
    var active = document.activeElement;
    var inside = active && active !== state && state.contains(active);
    pending = { inside: inside, id: inside ? active.id : "" };
  });

  document.addEventListener("htmx:afterSettle", function () {
    // Announce after any swap that changed the step, whichever request brought it (the chair's own
    // click or a refresh), and only once: the text is compared with what was said last.
    var text = announcement();
    if (text && text !== lastAnnounced) { region.textContent = text; }
    lastAnnounced = text;
    if (pending === null) { return; }
    var was = pending;
    pending = null;
    var active = document.activeElement;
    if (was.inside && (!active || active === document.body || !document.contains(active))) {
      var target = (was.id && document.getElementById(was.id)) || document.getElementById("live-step-title");
      if (target) { target.focus(); }
    }
  });
})();
