// Sends a form marked data-auto-submit as soon as the page has loaded (the way on to the municipality's
// login at logout); without script the person presses its button. A file, not inline: the CSP forbids that.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-auto-submit]");
  if (form) {
    form.submit();
  }
});
