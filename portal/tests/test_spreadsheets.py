"""Exported cells never start a formula."""

import pytest

from portal.spreadsheets import SafeSpreadsheetExportMixin, neutralise


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x","y")', "+SUM(A1:A2)", "-2+3", "@cmd", "\t=1", "\r=1"],
)
def test_formula_starts_are_written_as_text(typed):
    assert neutralise(typed) == "'" + typed


@pytest.mark.parametrize("value", ["Hope House", "", "5 - 7 pm", 42, None, -3])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def test_the_mixin_neutralises_csv_and_xlsx_cells():
    mixin = SafeSpreadsheetExportMixin()
    for export_format in ("csv", "xlsx"):
        assert mixin.preprocess_field_value("note", "=1+1", export_format) == "'=1+1"
        assert mixin.preprocess_field_value("count", 7, export_format) == 7
