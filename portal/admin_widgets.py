"""Wagtail's chooser widgets without an inline script, for the admin's Content-Security-Policy.

`BaseChooser.render` writes `<script>new SnippetChooser("id_x", {...});</script>` after the widget.
Here the same constructor is called with the same arguments from a static file
(js/admin-widgets.js), named by data attributes on a `<script src>`: the viewsets below use these
widgets through Wagtail's own extension points (`base_widget_class`, `chooser_viewset_class`).
"""

import json

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.widgets import AdminSnippetChooser


class StartedFromFile:
    """For a `BaseChooser` subclass: the widget's markup, then its start-up call from a file."""

    def render(self, name, value, attrs=None, renderer=None):
        id_ = attrs["id"]  # BaseChooser refuses to render without one, too
        value_data = self.get_value_data(value)
        options = self.get_js_init_options(id_, name, value_data)
        return self.render_html(name, value_data, attrs) + format_html(
            '<script src="{}" data-init="chooser" data-constructor="{}" data-id="{}" data-options="{}">'
            "</script>",
            static("js/admin-widgets.js"), self.js_constructor, id_, json.dumps(options),
        )  # fmt: skip


class ChooserWidget(StartedFromFile, BaseChooser):
    pass


class SnippetChooserWidget(StartedFromFile, AdminSnippetChooser):
    pass


class ScriptFreeSnippetChooserViewSet(SnippetChooserViewSet):
    base_widget_class = SnippetChooserWidget
