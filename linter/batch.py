"""Read batches of drafts from CSV or JSONL files, one draft per row, streaming; a bad row never stops the rest."""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .drafts import Draft, display_name
from .errors import InputError
from .rule import CHANNELS

BATCH_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
MAX_ROW_CHARS = 100_000
MAX_LINE_CHARS = 8 * MAX_ROW_CHARS  # a JSONL line longer than this is skipped without holding it in memory
# Undecodable bytes are read as lone surrogates (errors="surrogateescape") so that they spoil only their
# own row; JSON's "\ud800" escapes produce them too. Neither can be tokenized or printed.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Columns:
    """Which fields hold the text and the id; `to`, `channel` and `template` are read when present."""

    text: str = "text"
    id: str | None = "id"


def is_batch(path: str | Path) -> bool:
    return Path(str(path)).suffix.lower() in BATCH_SUFFIXES


def read_batch(path: Path, columns: Columns = Columns(), encoding: str | None = None) -> Iterator[Draft]:
    """Yield a Draft per row. Rows that cannot be used become Drafts with `error` set."""
    kind = BATCH_SUFFIXES[path.suffix.lower()]
    name = display_name(path)
    try:
        handle = open(path, "r", encoding=encoding or "utf-8-sig", errors="surrogateescape",
                      newline="" if kind == "csv" else None)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a CSV or JSONL file", name) from None
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    with handle:
        rows = _csv_rows(handle, path, columns) if kind == "csv" else _jsonl_rows(handle, path)
        for row_number, row, problem in rows:
            yield _draft(path, row_number, row, problem, columns)


def _csv_rows(handle, path: Path, columns: Columns):
    csv.field_size_limit(min(sys.maxsize, 1 << 24))
    try:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
    except (csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read CSV header: {exc}", display_name(path), 1) from None
    if columns.text not in header:
        shown = ", ".join(_printable(h) for h in header if h is not None)
        raise InputError(f"no '{columns.text}' column (columns: {shown or 'none'}); "
                         "name the text column with --text-column", display_name(path), 1)
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            row_number = max(row_number + 1, reader.line_num)
            yield row_number, {}, f"unreadable CSV row: {exc}"
            continue
        row_number = reader.line_num
        if any(isinstance(v, str) and _SURROGATE.search(v) for v in row.values()):
            yield row_number, {}, "not valid UTF-8 (save the file as UTF-8 or pass --encoding)"
            continue
        yield row_number, row, None


def _jsonl_rows(handle, path: Path):
    line_number = 0
    while True:
        try:
            line = handle.readline(MAX_LINE_CHARS)
        except UnicodeDecodeError as exc:  # only with an --encoding that cannot escape bad bytes
            raise InputError(f"cannot decode after line {line_number}: {exc.reason}", display_name(path),
                             line_number + 1) from None
        if not line:
            return
        line_number += 1
        if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
            while (rest := handle.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                pass  # skip the rest of an overlong line without keeping it
            yield line_number, {}, f"line is longer than {MAX_LINE_CHARS:,} characters"
            continue
        if not line.strip():
            continue
        if _SURROGATE.search(line):
            yield line_number, {}, "not valid UTF-8 (save the file as UTF-8 or pass --encoding)"
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_number, {}, f"invalid JSON: {exc.msg} (column {exc.colno})"
            continue
        if not isinstance(row, dict):
            yield line_number, {}, "each line must be a JSON object"
            continue
        yield line_number, row, None


def _draft(path: Path, row_number: int, row: dict, problem: str | None, columns: Columns) -> Draft:
    row_id = row.get(columns.id) if columns.id else None
    draft_id = _printable(row_id) if row_id not in (None, "") else f"{display_name(path)}:{row_number}"
    if problem:
        return Draft(text="", id=draft_id, row=row_number, error=problem)
    text = row.get(columns.text)
    error = None
    if any(isinstance(v, str) and _SURROGATE.search(v) for v in (text, row.get("to"), row.get("channel"))):
        return Draft(text="", id=draft_id, row=row_number,
                     error="text, 'to' or 'channel' has an unpaired surrogate escape (\\ud800-\\udfff), "
                           "which is not a character")
    if text is None:
        error = f"no '{columns.text}' field"
    elif not isinstance(text, str):
        error = f"'{columns.text}' must be text, got {type(text).__name__}"
    elif not text.strip():
        error = "empty draft (no text to check)"
    elif len(text) > MAX_ROW_CHARS:
        error = f"draft is {len(text):,} characters; the limit is {MAX_ROW_CHARS:,}"
    channel = row.get("channel") or None
    if channel is not None and channel not in CHANNELS:
        error = error or f"unknown channel '{channel}'; channels are {', '.join(CHANNELS)}"
    template = row.get("template", False)
    if isinstance(template, str):
        template = template.strip().lower() in ("1", "true", "yes", "y")
    to = row.get("to") or None
    return Draft(
        text=text if isinstance(text, str) else "", id=draft_id, to=str(to) if to is not None else None,
        channel=channel if error is None else None, template=bool(template), row=row_number, error=error,
    )


def _printable(value) -> str:
    """A field as text that can always be printed (lone surrogates become \\udXXX escapes)."""
    text = str(value)
    return text if not _SURROGATE.search(text) else text.encode("utf-8", "backslashreplace").decode("utf-8")
