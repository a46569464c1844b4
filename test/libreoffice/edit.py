#!/usr/bin/python3
"""Edits .xlsx files the way a person would in a spreadsheet program, through headless LibreOffice.

Usage: /usr/bin/python3 test/libreoffice/edit.py jobs.json

jobs.json is a list of jobs {"input": path, "output": path, "actions": [...]}. One headless soffice is
started for the whole run (fresh profile, unique pipe name), each input is loaded hidden, its actions are
applied in order, and it is stored to output as Office Open XML ("Calc MS Excel 2007 XML"; .xlsm stays
.xlsm with "Calc MS Excel 2007 VBA XML"). Indices are 0-based; sheets are given by name.

Actions:
  {"op": "insertColumns" | "deleteColumns", "sheet": "Kent", "at": 3, "count": 1}
  {"op": "insertRows" | "deleteRows", "sheet": "Kent", "at": 3, "count": 1}
  {"op": "sort", "sheet": "Kent", "range": "A5:AM16", "key": 1, "descending": true, "hasHeader": false}
  {"op": "renameSheet", "sheet": "Kent", "to": "Kent County"}
  {"op": "moveSheet", "sheet": "Kent", "to": 0}                      (the sheet's new 0-based position)
  {"op": "copySheet", "sheet": "Kent", "to": "Kent (2)", "position": 1}  (the copy's 0-based position)
  {"op": "setCell", "sheet": "Kent", "cell": "AL12", "value": "text" | 12.5 | null}  (null clears contents)
  {"op": "copySheetFrom", "file": "other.xlsx", "sheet": "ScorecardRAG_State", "replace": true}
      (copies that sheet of another workbook to this one: with replace, in place of this workbook's
      sheet of that name; without, at the end, named "<name>_2" by LibreOffice on a clash)
  {"op": "setSheetVisible", "sheet": "Kent", "visible": true}

Relative paths (input, output, file) are resolved against the current directory.
Each finished job prints {"job": i, "ok": true, "ms": ...} on stdout. A failed job prints
{"job": i, "error": "..."} on stderr, the remaining jobs still run, and the exit status is 1.
Failure to start or reach LibreOffice prints {"job": null, "error": "..."} and exits 2; SIGTERM or
SIGINT kills soffice, removes its profile and exits 3.

The profile turns document locking off, so no .~lock.<name># files are left beside the documents.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.table import TableSortField

# com.sun.star.sheet.CellFlags: what the Delete key removes (contents, not formats or comments).
CONTENT_FLAGS = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA

# Written into the fresh profile before soffice starts.
PROFILE_SETTINGS = [
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "false"),
    ("/org.openoffice.Office.Common/Misc", "UseDocumentOOoLockFile", "false"),
    ("/org.openoffice.Office.Common/Misc", "UseDocumentSystemFileLocking", "false"),
]

CONNECT_TIMEOUT_S = 60.0
TERMINATE_TIMEOUT_S = 15.0


class JobError(Exception):
    pass


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def file_url(path):
    return Path(path).resolve().as_uri()


def uno_message(error):
    message = getattr(error, "Message", None)
    return f"{type(error).__name__}: {message}" if message else f"{type(error).__name__}: {error}"


def find_soffice():
    explicit = os.environ.get("SOFFICE_PATH")
    if explicit:
        return explicit
    found = shutil.which("soffice")
    if not found:
        raise RuntimeError("soffice is not on PATH (install LibreOffice or set SOFFICE_PATH)")
    return found


class Office:
    """One headless soffice with its own profile, reached over a named pipe."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="scorecard-lo-profile-")
        self.pipe = f"scorecard_lo_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.process = None
        self.desktop = None
        self.log = None
        self.lock = threading.Lock()
        self.killed = False

    def write_settings(self):
        """Seeds the fresh profile: no .~lock.<name># files beside the documents (a killed soffice
        would leave them behind, and the next run could not open those files)."""
        user = Path(self.profile, "user")
        user.mkdir(parents=True, exist_ok=True)
        items = "".join(
            f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
            f"<value>{value}</value></prop></item>"
            for path, name, value in PROFILE_SETTINGS
        )
        (user / "registrymodifications.xcu").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
            ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{items}</oor:items>\n",
            encoding="utf-8",
        )

    def start(self):
        self.write_settings()
        command = [
            find_soffice(),
            f"-env:UserInstallation={Path(self.profile).as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        # Its own process group, so the shell wrapper, oosplash and soffice.bin can be killed together.
        # Its output goes to a file, not a pipe nobody reads (a full pipe would block soffice).
        self.log = open(os.path.join(self.profile, "soffice.log"), "w+b")
        with self.lock:
            if self.killed:
                raise RuntimeError("interrupted before soffice started")
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while True:
            try:
                context = resolver.resolve(url)
                break
            except NoConnectException:
                if self.process.poll() is not None:
                    self.log.seek(0)
                    err = self.log.read().decode(errors="replace").strip()
                    raise RuntimeError(
                        f"soffice exited with status {self.process.returncode} before accepting"
                        f" connections{': ' + err if err else ''}"
                    )
                if time.monotonic() > deadline:
                    raise RuntimeError(f"could not connect to soffice in {CONNECT_TIMEOUT_S:.0f} s")
                time.sleep(0.1)
        self.desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )

    def load(self, path):
        if not Path(path).is_file():
            raise JobError(f"no such file: {path}")
        doc = self.desktop.loadComponentFromURL(
            file_url(path), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", False))
        )
        if doc is None or not hasattr(doc, "Sheets"):
            if doc is not None:
                close(doc)
            raise JobError(f"LibreOffice did not open {path} as a spreadsheet")
        return doc

    def stop(self):
        """Asks soffice to quit; kills its process group if it has not gone within the timeout."""
        try:
            if self.desktop is not None:
                # On its own thread: a hung soffice would block terminate() for ever.
                threading.Thread(target=self._terminate, daemon=True).start()
            if self.process is not None and self.process.poll() is None:
                try:
                    self.process.wait(timeout=TERMINATE_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    pass
            self.kill()
        finally:
            self.cleanup()

    def _terminate(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass  # The bridge goes away while terminate() returns: expected.

    def kill(self):
        """Kills whatever is left of the process group (shell wrapper, oosplash, soffice.bin)."""
        with self.lock:
            self.killed = True
        if self.process is None:
            return
        kill_group(self.process, signal.SIGKILL)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def cleanup(self):
        if self.log is not None:
            self.log.close()
            self.log = None
        shutil.rmtree(self.profile, ignore_errors=True)


def kill_group(process, sig):
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def close(doc):
    try:
        doc.close(True)
    except Exception:
        try:
            doc.dispose()
        except Exception:
            pass


def sheet_of(doc, name):
    sheets = doc.Sheets
    if not isinstance(name, str) or not sheets.hasByName(name):
        raise JobError(f"no sheet {name!r}; sheets are {list(sheets.ElementNames)!r}")
    return sheets.getByName(name)


def sheet_index(doc, name):
    names = list(doc.Sheets.ElementNames)
    if name not in names:
        raise JobError(f"no sheet {name!r}; sheets are {names!r}")
    return names.index(name)


def need(action, key, kind):
    if key not in action:
        raise JobError(f"missing {key!r}")
    value = action[key]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise JobError(f"{key!r} must be a non-negative integer, not {value!r}")
    if kind is str and not isinstance(value, str):
        raise JobError(f"{key!r} must be a string, not {value!r}")
    if kind is bool and not isinstance(value, bool):
        raise JobError(f"{key!r} must be true or false, not {value!r}")
    return value


def count_of(action):
    count = action.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise JobError(f"'count' must be a positive integer, not {count!r}")
    return count


def insert_columns(doc, a):
    sheet_of(doc, need(a, "sheet", str)).Columns.insertByIndex(need(a, "at", int), count_of(a))


def delete_columns(doc, a):
    sheet_of(doc, need(a, "sheet", str)).Columns.removeByIndex(need(a, "at", int), count_of(a))


def insert_rows(doc, a):
    sheet_of(doc, need(a, "sheet", str)).Rows.insertByIndex(need(a, "at", int), count_of(a))


def delete_rows(doc, a):
    sheet_of(doc, need(a, "sheet", str)).Rows.removeByIndex(need(a, "at", int), count_of(a))


def sort(doc, a):
    cells = sheet_of(doc, need(a, "sheet", str)).getCellRangeByName(need(a, "range", str))
    key = need(a, "key", int)
    width = cells.RangeAddress.EndColumn - cells.RangeAddress.StartColumn + 1
    if key >= width:
        raise JobError(f"key {key} is outside the range's {width} columns")
    field = TableSortField()
    field.Field = key  # Relative to the range's first column, as in Data > Sort.
    field.IsAscending = not bool(a.get("descending", False))
    field.IsCaseSensitive = False
    settings = {
        "SortFields": uno.Any("[]com.sun.star.table.TableSortField", (field,)),
        "ContainsHeader": bool(a.get("hasHeader", False)),
        "IsSortColumns": False,  # Sort the rows (top to bottom), the default in Data > Sort.
        "BindFormatsToContent": True,  # Formats travel with their cells, as in the dialog.
    }
    descriptor = []
    for p in cells.createSortDescriptor():
        if p.Name in settings:
            p.Value = settings.pop(p.Name)
        descriptor.append(p)
    descriptor.extend(prop(name, value) for name, value in settings.items())
    # uno.invoke: the SortFields Any must keep its sequence-of-struct type through the bridge.
    uno.invoke(cells, "sort", (tuple(descriptor),))


def rename_sheet(doc, a):
    name, to = need(a, "sheet", str), need(a, "to", str)
    if name != to and doc.Sheets.hasByName(to):
        raise JobError(f"there is already a sheet {to!r}")
    sheet_of(doc, name).Name = to


def uno_position(doc, name, to):
    """moveByName/copyByName take the index to insert before, in the order before the move."""
    count = doc.Sheets.Count
    if to >= count:
        raise JobError(f"position {to} is past the last sheet ({count - 1})")
    return to + 1 if to > sheet_index(doc, name) else to


def move_sheet(doc, a):
    name, to = need(a, "sheet", str), need(a, "to", int)
    doc.Sheets.moveByName(name, uno_position(doc, name, to))
    if sheet_index(doc, name) != to:
        raise JobError(f"{name!r} ended up at {sheet_index(doc, name)}, not {to}")


def copy_sheet(doc, a):
    name, to = need(a, "sheet", str), need(a, "to", str)
    position = a.get("position", sheet_index(doc, name) + 1)
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise JobError(f"'position' must be a non-negative integer, not {position!r}")
    if position > doc.Sheets.Count:
        raise JobError(f"position {position} is past the end ({doc.Sheets.Count})")
    sheet_of(doc, name)
    if doc.Sheets.hasByName(to):
        raise JobError(f"there is already a sheet {to!r}")
    doc.Sheets.copyByName(name, to, position)
    if sheet_index(doc, to) != position:
        raise JobError(f"copy {to!r} ended up at {sheet_index(doc, to)}, not {position}")


def set_cell(doc, a):
    cell = sheet_of(doc, need(a, "sheet", str)).getCellRangeByName(need(a, "cell", str))
    if cell.RangeAddress.StartColumn != cell.RangeAddress.EndColumn or (
        cell.RangeAddress.StartRow != cell.RangeAddress.EndRow
    ):
        raise JobError(f"{a['cell']!r} is not a single cell")
    cell = cell.getCellByPosition(0, 0)
    if "value" not in a:
        raise JobError("missing 'value' (use null to clear the cell)")
    value = a["value"]
    if value is None:
        cell.clearContents(CONTENT_FLAGS)
    elif isinstance(value, bool):
        raise JobError("booleans are not supported; use a number or a string")
    elif isinstance(value, (int, float)):
        cell.setValue(float(value))
    elif isinstance(value, str):
        cell.setString(value)  # Text as text, even "12" or "=A1" (no parsing, no formula).
    else:
        raise JobError(f"'value' must be a number, a string or null, not {value!r}")


def copy_sheet_from(office, doc, a):
    name = need(a, "sheet", str)
    source_path = need(a, "file", str)
    replace = bool(a.get("replace", False))
    source = office.load(source_path)
    try:
        source_sheet = sheet_of(source, name)
        visible = source_sheet.IsVisible
        sheets = doc.Sheets
        position = sheets.Count
        if replace and sheets.hasByName(name):
            position = sheet_index(doc, name)
            if sheets.Count == 1:
                raise JobError(f"cannot replace {name!r}: it is the only sheet")
            # As a user deletes the old sheet first: what referred to it becomes #REF!.
            sheets.removeByName(name)
        # XSpreadsheets2.importSheet, what Sheet > Move or Copy Sheet to another document does. It
        # brings the source's workbook-scoped names that refer to the sheet, and on a name clash it
        # names the copy "<name>_2".
        index = sheets.importSheet(source, name, position)
        copied = sheets.getByIndex(index)
        if replace and copied.Name != name:
            raise JobError(f"the copied sheet was named {copied.Name!r}, not {name!r}")
        # importSheet always gives a visible sheet; keep the source's (LibreOffice has no very hidden).
        if copied.IsVisible != visible:
            copied.IsVisible = visible
    finally:
        close(source)


def set_sheet_visible(doc, a):
    sheet = sheet_of(doc, need(a, "sheet", str))
    sheet.IsVisible = need(a, "visible", bool)
    if sheet.IsVisible != a["visible"]:
        # LibreOffice silently refuses to hide the last visible sheet.
        raise JobError(f"LibreOffice kept {a['sheet']!r} {'visible' if sheet.IsVisible else 'hidden'}")


ACTIONS = {
    "insertColumns": insert_columns,
    "deleteColumns": delete_columns,
    "insertRows": insert_rows,
    "deleteRows": delete_rows,
    "sort": sort,
    "renameSheet": rename_sheet,
    "moveSheet": move_sheet,
    "copySheet": copy_sheet,
    "setCell": set_cell,
    "setSheetVisible": set_sheet_visible,
}


def apply(office, doc, action):
    if not isinstance(action, dict) or not isinstance(action.get("op"), str):
        raise JobError(f"an action must be an object with an 'op', not {action!r}")
    op = action["op"]
    if op == "copySheetFrom":
        copy_sheet_from(office, doc, action)
    elif op in ACTIONS:
        ACTIONS[op](doc, action)
    else:
        raise JobError(f"unknown op {op!r}")


def filter_for(input_path, output_path):
    if Path(input_path).suffix.lower() == ".xlsm" or Path(output_path).suffix.lower() == ".xlsm":
        return "Calc MS Excel 2007 VBA XML"
    return "Calc MS Excel 2007 XML"


def run_job(office, job):
    if not isinstance(job, dict):
        raise JobError("a job must be an object")
    input_path = need(job, "input", str)
    output_path = need(job, "output", str)
    actions = job.get("actions", [])
    if not isinstance(actions, list):
        raise JobError("'actions' must be a list")
    doc = office.load(input_path)
    try:
        for n, action in enumerate(actions):
            op = action.get("op") if isinstance(action, dict) else None
            try:
                apply(office, doc, action)
            except JobError as e:
                raise JobError(f"action {n} ({op}): {e}") from None
            except Exception as e:
                raise JobError(f"action {n} ({op}): {uno_message(e)}") from None
        Path(output_path).resolve().parent.mkdir(parents=True, exist_ok=True)
        doc.storeToURL(
            file_url(output_path),
            (prop("FilterName", filter_for(input_path, output_path)), prop("Overwrite", True)),
        )
    finally:
        close(doc)


class Interrupted(Exception):
    pass


def on_signal(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def emit(stream, record):
    try:
        stream.write(json.dumps(record) + "\n")
        stream.flush()
    except (BrokenPipeError, OSError):
        pass  # Whoever started us has stopped listening (spawnSync after its timeout, say).


def run_all(office, jobs):
    started = time.monotonic()
    try:
        office.start()
    except Exception as e:
        emit(sys.stderr, {"job": None, "error": f"starting LibreOffice: {uno_message(e)}"})
        return 2
    emit(sys.stdout, {"started": True, "ms": round((time.monotonic() - started) * 1000)})
    failed = False
    for index, job in enumerate(jobs):
        began = time.monotonic()
        if office.process.poll() is not None:
            failed = True
            emit(sys.stderr, {"job": index, "error": "soffice has exited (crashed?)"})
            continue
        try:
            run_job(office, job)
            emit(sys.stdout, {"job": index, "ok": True, "ms": round((time.monotonic() - began) * 1000)})
        except JobError as e:
            failed = True
            emit(sys.stderr, {"job": index, "error": str(e)})
        except Exception as e:
            failed = True
            emit(sys.stderr, {"job": index, "error": uno_message(e)})
    return 1 if failed else 0


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: /usr/bin/python3 edit.py jobs.json\n")
        return 2
    try:
        jobs = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        if not isinstance(jobs, list):
            raise ValueError("jobs.json must hold a list of jobs")
    except Exception as e:
        emit(sys.stderr, {"job": None, "error": f"cannot read {argv[1]}: {e}"})
        return 2
    office = Office()
    outcome = {}

    def work():
        try:
            outcome["code"] = run_all(office, jobs)
        except BaseException as e:  # Should not happen: run_all reports its own errors.
            emit(sys.stderr, {"job": None, "error": uno_message(e)})
            outcome["code"] = 2
        finally:
            office.stop()

    # The UNO calls run on a worker thread so that the main thread, waiting in join(), can act on
    # SIGTERM (spawnSync's timeout) or SIGINT even while a call into a hung soffice never returns.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    worker = threading.Thread(target=work, name="uno", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.5)
    except Interrupted as e:
        office.kill()
        office.cleanup()
        emit(sys.stderr, {"job": None, "error": f"interrupted by {e}; killed LibreOffice"})
        return 3
    return outcome.get("code", 2)


if __name__ == "__main__":
    code = main(sys.argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):
            pass
    # os._exit: the UNO bridge threads can keep the interpreter alive after soffice is gone.
    os._exit(code)
