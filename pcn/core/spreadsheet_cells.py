"""Cells of the spreadsheets people download (CSV and Excel), and of our own files read back.

A spreadsheet runs a cell that starts with = + - or @ as a formula (and some first strip a
leading tab or carriage return), so a name typed as =HYPERLINK("http://x","y") would become a
live link in the download of whoever opens it. Every export writes its cells through here:

- text that starts like a formula is written with a leading apostrophe in CSV, which
  spreadsheets read as "this is text" and do not show;
- numbers (int, Decimal, float) are written as themselves, never guarded: -5 is a number, not a
  formula, and an apostrophe would turn it into text;
- in a workbook, text is a string cell, never a formula, and text that starts like a formula is
  also marked quote-prefixed, so editing the cell in Excel keeps it text.

An import that reads back a file of ours takes the apostrophe off again (`unguard`), so an
export imports as the values it was made from.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so Excel opens a CSV as UTF-8


def guard(value):
    """The value as a CSV cell: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard(text):
    """A cell read back from a file of ours: the apostrophe `guard` added taken off again."""
    if isinstance(text, str) and text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_text(rows, *, header=None, bom=False):
    """Rows (lists of cells) as CSV text, every cell guarded; the header is ours, so as is."""
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow([guard(value) for value in row])
    return (BOM if bom else "") + out.getvalue()


def put(sheet, row, column, value):
    """Writes one cell of a workbook (openpyxl): numbers and dates as themselves, text as text,
    never as a formula. Returns the cell."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def append(sheet, values):
    """Writes a row after the sheet's last one, each cell through `put`."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        put(sheet, row, column, value)
    return row
