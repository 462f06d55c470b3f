// Quick exit: leave for a neutral site at once, replacing this page in the history so the
// Back button does not return here. The link also works without JavaScript (normal navigation).
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;

  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") leave(event);
  });
})();
