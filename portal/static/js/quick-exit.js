// Quick exit: leave for a neutral site at once, replacing this page in the history so the
// Back button does not return here. The link also works without JavaScript (normal navigation).
// The keyboard shortcut is Shift pressed three times within five seconds, as GOV.UK's "Exit this
// page" does: a key nobody presses three times alone by accident, unlike Escape, which closes
// things and once sent away a person in the middle of typing their request. Any other key (a
// capital letter typed with Shift, say) starts the count again.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  var presses = 0;
  var firstPressAt = 0;
  var WINDOW_MS = 5000;

  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    if (event.repeat) return;
    var now = Date.now();
    if (presses === 0 || now - firstPressAt > WINDOW_MS) {
      presses = 0;
      firstPressAt = now;
    }
    presses += 1;
    if (presses === 3) leave(event);
  });
})();
