"""Reading a billing data file in CSV form: fast when it is good, precise about where when it is not.

The happy path is one pyarrow read with explicit types and a byte scan for line counts
and control characters. Anything odd sends the file down slower passes that exist only
to say exactly where the trouble is.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from batchline.billing.datafile_control import find_trailer, parse_trailer
from batchline.billing.datafile_format import COLUMN_NAMES, COLUMNS, arrow_schema
from batchline.billing.datafile_load import CSV_ROWS, Loaded, check_columns, convert_column
from batchline.billing.datafile_problems import Problems, shown

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

_CHUNK = 4 << 20
_BOM = b"\xef\xbb\xbf"
_NEEDS_RECORDS = "a header row and at least one record"
# Every byte but the C0 controls and DEL, plus tab: what a scan may delete without looking.
_ORDINARY = bytes(b for b in range(256) if b >= 0x20 and b != 0x7F) + b"\t"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")


def load_csv(path: Path, problems: Problems) -> Loaded | None:
    import pyarrow as pa

    size = path.stat().st_size
    if size == 0:
        problems.add("empty file", "file", _NEEDS_RECORDS, "0 bytes")
        return None
    spot = find_trailer(path, size)
    body_end = spot[0] if spot else size
    data = memoryview(pa.memory_map(str(path)).read_buffer(body_end))
    end = body_end
    while end and data[end - 1] in b"\r\n":  # blank lines at the very end are harmless
        end -= 1
    header_end = _line_end(data, 0, end)
    if end == 0 or header_end >= end:
        problems.add(
            "no records", "file", _NEEDS_RECORDS, "only a trailer" if end == 0 else "a header row only"
        )
    else:
        _header_ok(bytes(data[:header_end]), problems)
    if problems:
        return None
    lines, flagged = _scan(data[:end])
    trailer = None
    if spot:  # a bad trailer does not stop the checks of the records
        trailer_line = lines + data[end:body_end].tobytes().count(b"\n")
        trailer = parse_trailer(spot[1], f"trailer (line {trailer_line:,})", problems)
    if flagged:
        _find_control_characters(data[:end], problems)
        return None
    records = pa.py_buffer(data[header_end + 1 : end])
    try:
        table = _read(records, arrow_schema())
    except pa.ArrowInvalid as exc:
        loaded = _diagnose(data[:end], records, lines - 1, problems)
        if not problems:
            problems.add("file not readable as CSV", "file", "RFC 4180 CSV in this format", str(exc))
        return Loaded(loaded[0], CSV_ROWS, loaded[1], trailer, spot is not None) if loaded else None
    if table.num_rows != lines - 1:  # some record spans lines, or a blank line was skipped
        _find_structure_problems(data[:end], problems)
        if not problems:
            problems.add("file not readable as CSV", "file", f"{lines - 1:,} records", f"{table.num_rows:,}")
        return None
    return Loaded(table, CSV_ROWS, {}, trailer, spot is not None)


def _line_end(data: memoryview, start: int, end: int) -> int:
    stop = bytes(data[start : min(end, start + 65536)]).find(b"\n")
    return end if stop < 0 else start + stop


def _header_ok(raw: bytes, problems: Problems) -> None:
    try:
        text = raw.removeprefix(_BOM).decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as exc:
        problems.add(
            "unreadable characters", f"line 1, byte offset {exc.start:,}", "UTF-8 text", _bytes(raw, exc)
        )
        return
    check_columns(next(csv.reader([text])), "header (line 1)", problems)


def _scan(data: memoryview) -> tuple[int, bool]:
    """Physical lines, and whether any byte is a control character (tab and CRLF aside)."""
    newlines = 0
    flagged = False
    for start in range(0, len(data), _CHUNK):
        chunk = bytes(data[start : start + _CHUNK])
        rest = chunk.translate(None, _ORDINARY)
        found = rest.count(b"\n")
        newlines += found
        if len(rest) != found:  # something else than line feeds: a CR is fine only before LF
            crs = rest.count(b"\r")
            flagged = (
                flagged or len(rest) != found + crs or crs != chunk.count(b"\r\n") + chunk.endswith(b"\r")
            )
    return newlines + 1, flagged


def _read(records: pa.Buffer, schema: pa.Schema) -> pa.Table:
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    return pa_csv.read_csv(
        pa.BufferReader(records),
        read_options=pa_csv.ReadOptions(column_names=list(COLUMN_NAMES), block_size=_CHUNK),
        convert_options=pa_csv.ConvertOptions(
            column_types=schema, strings_can_be_null=False, null_values=[""], quoted_strings_can_be_null=True
        ),
    )


def _diagnose(
    data: memoryview, records: pa.Buffer, expected_rows: int, problems: Problems
) -> tuple[pa.Table, dict[str, np.ndarray]] | None:
    """Why the typed read failed: encoding or structure, else values that will not convert.

    Returns the table with the unconvertible cells null, and masks of those cells.
    """
    import pyarrow as pa

    try:
        strings = _read(records, pa.schema([(name, pa.string()) for name in COLUMN_NAMES]))
    except pa.ArrowInvalid:  # not UTF-8, or not one record per line
        _find_bad_utf8(data, problems)
        if not problems:
            _find_structure_problems(data, problems)
        return None
    if strings.num_rows != expected_rows:
        _find_structure_problems(data, problems)
        return None
    columns, unreadable = [], {}
    for name, kind in COLUMNS:
        column = strings.column(name).combine_chunks()
        if kind != "str":
            column, mask = convert_column(column, name, CSV_ROWS, problems)
            if mask is not None:
                unreadable[name] = mask
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=arrow_schema()), unreadable


def _find_bad_utf8(data: memoryview, problems: Problems) -> None:
    line = 1
    start = 0
    while start < len(data) and problems.room:
        stop = min(len(data), start + _CHUNK)
        if stop < len(data):  # end chunks at a line feed: it is never inside a UTF-8 sequence
            stop = start + bytes(data[start:stop]).rfind(b"\n") + 1 or stop
        chunk = bytes(data[start:stop])
        position = 0
        while True:
            try:
                chunk[position:].decode("utf-8")
                break
            except UnicodeDecodeError as exc:
                offset = position + exc.start
                here = line + chunk.count(b"\n", 0, offset)
                column = _column_at(data, start + offset)
                problems.add(
                    "unreadable characters",
                    f"line {here:,}, column {column}, byte offset {start + offset:,}",
                    "UTF-8 text",
                    _bytes(chunk[position:], exc),
                )
                position += exc.end
        line += chunk.count(b"\n")
        start = stop


def _find_control_characters(data: memoryview, problems: Problems) -> None:
    line = 1
    for start in range(0, len(data), _CHUNK):
        chunk = bytes(data[start : start + _CHUNK + 1])  # one byte more, to see a CR's LF
        for match in _CONTROL.finditer(chunk, 0, _CHUNK):
            offset = match.start()
            byte = chunk[offset]
            name = "NUL" if byte == 0 else "CR without LF" if byte == 13 else "control character"
            here = line + chunk.count(b"\n", 0, offset)
            problems.add(
                "control character in a field",
                f"line {here:,}, column {_column_at(data, start + offset)}, byte offset {start + offset:,}",
                "text without control characters (tab is allowed)",
                f"{name} (byte 0x{byte:02X})",
            )
        line += chunk.count(b"\n", 0, _CHUNK)


def _find_structure_problems(data: memoryview, problems: Problems) -> None:
    """Blank lines, line breaks inside values, wrong field counts: each with its line."""
    text = bytes(data).decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    try:
        for row in reader:
            first, last = last + 1, reader.line_num
            if first == 1:
                continue
            if not row:
                problems.add("blank line", f"line {first:,}", "a record on every line", "an empty line")
            elif last > first:
                column = next(n for n, value in enumerate(row) if "\n" in value or "\r" in value)
                problems.add(
                    "line break inside a value",
                    f"lines {first:,}-{last:,}, column {_name(column)}",
                    "each record on one line (line breaks are not allowed inside values)",
                    shown(row[column]),
                )
            elif len(row) != len(COLUMN_NAMES):
                problems.add(
                    "wrong number of fields",
                    f"line {first:,}",
                    f"{len(COLUMN_NAMES)} fields, one for each column",
                    f"{len(row)} fields: {shown(','.join(row), 80)}",
                )
    except csv.Error as exc:
        problems.add("malformed quoting", f"line {reader.line_num:,}", "RFC 4180 quoting", str(exc))


def _column_at(data: memoryview, offset: int) -> str:
    """The column of the byte at `offset`: count the fields before it on its line."""
    before = bytes(data[max(0, offset - 65536) : offset])
    prefix = before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")
    try:
        fields = next(csv.reader([prefix]), [])
    except csv.Error:  # cut inside a quoted value
        fields = next(csv.reader([prefix + '"']), [])
    return _name(max(len(fields) - 1, 0))


def _name(index: int) -> str:
    return COLUMN_NAMES[index] if 0 <= index < len(COLUMN_NAMES) else f"#{index + 1} (beyond the last column)"


def _bytes(raw: bytes, exc: UnicodeDecodeError) -> str:
    bad = raw[exc.start : exc.end]
    return f"byte{'s' if len(bad) > 1 else ''} {' '.join(f'0x{b:02X}' for b in bad)}, which is not UTF-8"
