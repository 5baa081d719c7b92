"""The cash-flow plan as files an accountant opens: CSV for Excel in France (semicolons,
decimal commas, UTF-8 with BOM) and a real XLSX workbook with euro-formatted cells."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from treso_app.domain.forecast import PlanRow
from treso_app.domain.money import to_decimal

EURO_FORMAT = '#,##0.00 "€";-#,##0.00 "€"'


def plan_csv(months: Sequence[str], rows: Sequence[PlanRow], first_column: str) -> bytes:
    lines = [";".join([first_column, *months])]
    for row in rows:
        amounts = (str(to_decimal(cents)).replace(".", ",") for cents in row.cents)
        lines.append(";".join([_cell(row.label), *amounts]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def plan_xlsx(months: Sequence[str], rows: Sequence[PlanRow], first_column: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan de trésorerie"
    sheet.append([first_column, *months])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Decimal euros, never floats: openpyxl writes the exact value.
        sheet.append([row.label, *(to_decimal(cents) for cents in row.cents)])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = EURO_FORMAT
        if row.kind == "total":
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 32
    for index in range(len(months)):
        sheet.column_dimensions[sheet.cell(1, index + 2).column_letter].width = 14
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(text: str) -> str:
    """A label safe in a CSV cell: no separator, and no formula for a spreadsheet to run."""
    text = text.replace(";", ",")
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
