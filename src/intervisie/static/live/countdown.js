// Counts the live session's step timer down between two polls (every 2 s the server sends the truth).
// The element carries data-ends-at (ms since epoch, server clock) and data-server-now; when paused it
// has no data-ends-at and shows the server's value as is. No sound: a soft visual signal only.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function format(seconds) {
    var s = Math.abs(seconds);
    return Math.floor(s / 60) + ":" + pad(s % 60);
  }
  function tick() {
    document.querySelectorAll("[data-countdown][data-ends-at]").forEach(function (el) {
      if (!el.dataset.offset) {
        el.dataset.offset = String(Date.now() - Number(el.dataset.serverNow));
      }
      var now = Date.now() - Number(el.dataset.offset);
      var remaining = Math.round((Number(el.dataset.endsAt) - now) / 1000);
      var text = el.querySelector("[data-countdown-text]");
      if (remaining < 0) {
        if (!el.querySelector("[data-countdown-over]")) {
          var strong = document.createElement("strong");
          strong.setAttribute("data-countdown-over", "");
          strong.textContent = el.dataset.overText;
          el.insertBefore(strong, el.firstChild);
          el.insertBefore(document.createTextNode(" "), strong.nextSibling);
        }
        el.classList.add("is-over");
        if (text) { text.textContent = "+" + format(remaining); }
      } else if (text) {
        text.textContent = format(remaining);
      }
    });
  }
  window.setInterval(tick, 1000);
})();
