"""Opening files: the wrapping is recognised from the bytes, rows stream with their line numbers."""

import zipfile

import pytest

from pcn.reference.files import OpenedFile, SourceError

HEADER = ["CODE", "NAME"]
ROWS = [["A1", "One"], ["B2", "Two"]]


@pytest.mark.parametrize("form", ["plain", "gz", "zip"])
def test_plain_gzipped_and_zipped_csv_give_the_same_rows(files, form):
    path = files.csv("table.csv", HEADER, ROWS, form=form, bom=True)
    with OpenedFile(path) as opened:
        (table,) = opened.tables()
        assert table.header == HEADER  # byte-order mark gone
        assert [(number, list(values)) for number, values in table.rows()] == [
            (2, ["A1", "One"]),
            (3, ["B2", "Two"]),
        ]


def test_wrapping_is_recognised_from_content_not_name(files, tmp_path):
    path = files.csv("table.csv", HEADER, ROWS, form="gz")
    renamed = path.rename(tmp_path / "misleading.csv")
    with OpenedFile(renamed) as opened:
        assert opened.tables()[0].header == HEADER


def test_line_numbers_are_physical_lines_even_after_a_multi_line_field(files):
    path = files.text("table.csv", 'CODE,NAME\r\nA1,"Two\r\nlines"\r\n\r\nB2,After\r\n')
    with OpenedFile(path) as opened:
        numbers = [number for number, _ in opened.tables()[0].rows()]
    assert numbers == [2, 5]  # the blank line 4 is skipped, B2 is still line 5


def test_a_zip_must_hold_exactly_one_csv(tmp_path):
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "CODE\n1\n")
        archive.writestr("b.csv", "CODE\n2\n")
    with OpenedFile(path) as opened, pytest.raises(SourceError, match="exactly one CSV"):
        opened.tables()


def test_workbook_sheets_are_tables_with_single_spaced_headers(files):
    path = files.workbook(
        "book.xlsx",
        {"First": [["PCN\nCode", " Open  Date "], ["U1", "20191001"]], "Second": [["X"], [1]]},
    )
    with OpenedFile(path) as opened:
        first, second = opened.tables()
        assert first.label == "book.xlsx:First"
        assert first.header == ["PCN Code", "Open Date"]
        assert list(first.rows()) == [(2, ("U1", "20191001"))]
        assert second.header == ["X"]
