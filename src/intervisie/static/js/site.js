// Small progressive enhancements. The site works without JavaScript; nothing here is required.
(function () {
  "use strict";
  // Confirm destructive actions: <form data-confirm="Weet je het zeker?">
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  // Let a filter form update its results as you change a select or checkbox.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.form && el.form.hasAttribute("data-autosubmit") && window.htmx && el.type !== "text" && el.type !== "search") {
      window.htmx.trigger(el.form, "submit");
    }
  });
  // On a phone, fold the extra search filters away unless one of them is in use or has an error.
  if (window.matchMedia && window.matchMedia("(max-width: 50rem)").matches) {
    document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (details) {
      var inUse = details.querySelector("input:checked, .errorlist") ||
        Array.prototype.some.call(details.querySelectorAll("select, input[type=number]"), function (el) { return el.value; });
      if (!inUse) { details.open = false; }
    });
  }
})();
