// The event's live page: counts down to the start and the end of the breakouts between two polls
// (every 15 s the server sends the truth), shows the one-minute warning at the right second, and asks
// the server for the new phase the moment a countdown reaches zero.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function format(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    return (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s);
  }
  function tick() {
    document.querySelectorAll("[data-event-countdown]").forEach(function (el) {
      if (!el.dataset.offset) {
        el.dataset.offset = String(Date.now() - Number(el.dataset.serverNow));
      }
      var now = Date.now() - Number(el.dataset.offset);
      var remaining = Math.max(0, Math.round((Number(el.dataset.until) - now) / 1000));
      var text = el.querySelector("[data-countdown-text]");
      if (text) { text.textContent = format(remaining); }
      var warning = document.querySelector("[data-event-warning]");
      if (warning && el.dataset.warnAt && remaining <= Number(el.dataset.warnAt)) {
        warning.hidden = false;
      }
      if (remaining === 0 && !el.dataset.done) {
        el.dataset.done = "1";
        var state = document.getElementById("live-state");
        if (state && window.htmx) { window.htmx.trigger(state, "refresh"); }
      }
    });
  }
  window.setInterval(tick, 1000);
})();
