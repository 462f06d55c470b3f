// Wagtail's date widgets, inline panels and chooser widgets, started from this file instead of inline scripts, so the
// admin runs under a Content-Security-Policy that allows scripts from this site only. Each use is a
// <script src="…admin-widgets.js" data-init="…"> in place of Wagtail's inline one (templates/wagtailadmin/),
// run at the same moment with the same arguments.
(function () {
  "use strict";
  var script = document.currentScript;
  var options = JSON.parse(script.dataset.options || "null");
  var start = {
    "inline-panel": function () { return new window.InlinePanel(options); },
    "multiple-chooser-panel": function () { return new window.MultipleChooserPanel(options); },
    date: function () { window.initDateChooser(script.dataset.id, options); },
    datetime: function () { window.initDateTimeChooser(script.dataset.id, options); },
    time: function () { window.initTimeChooser(script.dataset.id, options); },
    chooser: function () { return new window[script.dataset.constructor](script.dataset.id, options); },
  };
  start[script.dataset.init]();
})();
