"""Spreadsheet exports that cannot run code when opened.

Wagtail's CSV export writes text as given, so a cell a resident or a family typed as `=HYPERLINK(…)`
or `@SUM(…)` runs as a formula in a spreadsheet program (its XLSX export only stops what openpyxl
itself takes for a formula). Every exported text cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is written with a leading apostrophe, which spreadsheets show as plain text.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))
