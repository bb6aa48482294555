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
})();
