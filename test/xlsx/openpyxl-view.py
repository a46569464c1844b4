"""What Debian's openpyxl reads in each .xlsx named on the command line, as JSON.

For test/xlsx/independent-readers.test.ts: sheet order and state, defined
names, and per sheet its merged ranges, conditional-format rules, data
validations, hidden rows and columns, custom column widths, and every cell
with a value, a note or a style of its own (value, number format, note, bold,
fill colour). A blank cell styled as its row (a row with customFormat) is the
same as no cell to Excel, so it is left out.
"""
import json
import sys

import openpyxl


def defined_names(workbook):
    names = workbook.defined_names
    items = names.definedName if hasattr(names, "definedName") else list(names.values())
    return sorted([n.name, str(n.attr_text), bool(n.hidden)] for n in items)


def view(path):
    workbook = openpyxl.load_workbook(path)
    out = {
        "sheets": [[ws.title, ws.sheet_state] for ws in workbook.worksheets],
        "names": defined_names(workbook),
        "merged": {}, "cf": {}, "dv": {}, "hiddenRows": {}, "hiddenCols": {}, "widths": {},
        "cells": {},
    }
    for ws in workbook.worksheets:
        title = ws.title
        out["merged"][title] = sorted(str(r) for r in ws.merged_cells.ranges)
        out["cf"][title] = sorted(
            f"{rng.sqref}|{rule.type}|{rule.operator}|{rule.formula}"
            for rng in ws.conditional_formatting for rule in rng.rules
        )
        out["dv"][title] = sorted(
            f"{dv.sqref}|{dv.type}|{dv.formula1}|{dv.formula2}" for dv in ws.data_validations.dataValidation
        )
        out["hiddenRows"][title] = sorted(i for i, d in ws.row_dimensions.items() if d.hidden)
        out["hiddenCols"][title] = sorted(k for k, d in ws.column_dimensions.items() if d.hidden)
        out["widths"][title] = {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and cell.comment is None:
                    if not cell.has_style:
                        continue
                    line = ws.row_dimensions[cell.row]
                    if line.customFormat and cell._style == line._style:
                        continue
                fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type else None
                out["cells"][f"{title}!{cell.coordinate}"] = [
                    repr(cell.value), cell.number_format,
                    cell.comment.text if cell.comment else None, bool(cell.font.b), str(fill),
                ]
    return out


print(json.dumps({path: view(path) for path in sys.argv[1:]}, default=str))
