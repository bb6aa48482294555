// The composition board is replaced whole after every move, lock or composition (HTMX). Keep the
// keyboard where it was: focus the control with the same id in the new board (the moved person's
// button, a group's lock button), or else the message that says what happened.
(function () {
  "use strict";
  var lastId = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    var active = document.activeElement;
    lastId = (active && active.id) || (source && source.querySelector && (source.querySelector("button[id]") || {}).id) || null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!document.getElementById("board")) { return; }
    // Asked to confirm sending: the confirm button is where the keyboard should be.
    var target = document.getElementById("publish-confirm") || (lastId && document.getElementById(lastId));
    if (!target) {
      target = document.getElementById("board-feedback");
    }
    if (target && target.focus) { target.focus({ preventScroll: false }); }
    lastId = null;
  });
})();
