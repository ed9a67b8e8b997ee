"""The staff register as CSV and Excel files, and a CSV read back into the register.

    export_csv(network) -> str              the register; imports back unchanged
    export_xlsx(network) -> bytes           the same rows as an Excel workbook
    parse_csv(network, file, file_name)     -> ImportPreview; checks every row, saves nothing

One row per person, with the columns in COLUMNS. A blank id is a new person; people the file
leaves out stay as they are (nothing is deleted by an import). Applying a preview is an
action: `pcn.workforce.actions.register_import.apply_import`.
"""

from .export import export_csv, export_xlsx
from .importing import Change, ImportPreview, PersonRow, parse_csv
from .layout import COLUMNS, REQUIRED

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "Change",
    "ImportPreview",
    "PersonRow",
    "export_csv",
    "export_xlsx",
    "parse_csv",
]
