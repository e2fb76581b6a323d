"""The statistics' rows as files: CSV (semicolons and a byte-order mark, as Swedish Excel reads
them) and XLSX (XlsxWriter). Hidden figures are empty cells, as in the JSON they are null."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter


def _safe(value: Any) -> Any:
    # Never let a text cell start a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str = "Placeringar") -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    ws.write_row(0, 0, list(header), bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                ws.write_blank(r, c, None)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    ws.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()
