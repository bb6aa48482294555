// Copy buttons for the recruitment texts: <button data-copy="textarea-id" hidden>. The buttons stay hidden
// without JavaScript; the read-only text areas can always be selected and copied by hand.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-copy");
      var area = document.getElementById(id);
      var status = document.querySelector('[data-copy-status="' + id + '"]');
      if (!area) { return; }
      var done = function () { if (status) { status.textContent = button.getAttribute("data-copied") || "Gekopieerd."; } };
      area.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
