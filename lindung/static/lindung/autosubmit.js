// A <select data-autosubmit> sends its form when changed (no inline handlers: the
// Content-Security-Policy allows scripts from static files only).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
