"""The register as a CSV file (which imports back unchanged) and as an Excel workbook."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pcn.core import spreadsheet_cells

from .layout import COLUMNS, fetch_register, row_of

SHEET_NAME = "Register"
MAX_COLUMN_WIDTH = 50


def register_rows(network):
    """[{column: text}] for everyone in the register, in a constant number of queries."""
    return [row_of(person) for person in fetch_register(network)]


def export_csv(network) -> str:
    """The register as CSV text, with a header row and a byte-order mark."""
    return spreadsheet_cells.csv_text(
        ([row[column] for column in COLUMNS] for row in register_rows(network)),
        header=COLUMNS,
        bom=True,
    )


def export_xlsx(network) -> bytes:
    """The register as an Excel workbook: one sheet, a bold frozen header, sized columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    widths = [len(column) for column in COLUMNS]
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index, value=column).font = Font(bold=True)
    rows = register_rows(network)
    for row_number, row in enumerate(rows, start=2):
        for index, column in enumerate(COLUMNS, start=1):
            text = row[column]
            widths[index - 1] = max(widths[index - 1], len(text))
            spreadsheet_cells.put(sheet, row_number, index, _cell_value(column, text))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_COLUMN_WIDTH) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_value(column, text):
    """Numbers as numbers; everything else, dates included, as the text import reads."""
    if not text:
        return None
    if column in ("id", "line_manager", "supervisor"):
        return int(text)
    if column == "wte":
        return Decimal(text)
    return text
