"""Read drafts: files, folders and stdin, decoding safely and stripping YAML front matter."""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import InputError, did_you_mean
from .rule import CHANNELS
from .yamlio import YamlError, load_yaml_text

DEFAULT_MAX_BYTES = 1_000_000  # intro messages are short; anything larger is almost surely not a draft
DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
FRONT_MATTER_KEYS = ("to", "channel", "ignore", "template", "id")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class Draft:
    """A draft body and what is known about it. `body_line` is where the body starts in its file."""

    text: str
    id: str = "-"
    to: str | None = None
    channel: str | None = None
    template: bool = False
    ignore: tuple[str, ...] = ()
    body_line: int = 1
    notices: tuple[str, ...] = ()
    row: int | None = None
    error: str | None = field(default=None, compare=False)
    cluster_size: int | None = None


def display_name(path) -> str:
    """A path as printable text: bytes of a file name that are not UTF-8 become \\xNN escapes."""
    name = str(path)
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str | None]:
    """Bytes to text: a BOM decides; else UTF-8; else Windows-1252 with a notice; binary is refused."""
    if encoding:
        try:
            return data.decode(encoding), None
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}", name) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                raise InputError(f"starts with a {codec} byte-order mark but is not valid {codec}", name) from None
    head = data[:8192]
    if b"\x00" in head or _control_share(head) > 0.1:
        raise InputError("looks like a binary file, not a text draft", name)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"not valid UTF-8 (first bad byte on line {line}); "
                             "save it as UTF-8 or pass --encoding", name) from None
        return text, f"{name}: not UTF-8 (line {line}); read as Windows-1252. Pass --encoding to choose."


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def split_front_matter(source: str, name: str) -> tuple[dict, str, int]:
    """Return (front matter mapping, body, 1-based line where the body starts)."""
    if not (source.startswith("---\n") or source.startswith("---\r\n")):
        return {}, source, 1
    lines = source.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1:])
            try:
                data = load_yaml_text(header, name, first_line=2)
            except YamlError as exc:
                raise InputError(f"front matter: {exc.message}", name, exc.line) from None
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise InputError("front matter must be a mapping like 'to: Sarah Chen'", name, 2)
            # the body's line in the file, counting '\n' only (splitlines also splits at \r, \f, U+2028, ...)
            return data, body, source.count("\n", 0, len(source) - len(body)) + 1
    raise InputError("front matter starts with '---' but has no closing '---' line", name, 1)


def _meta(data: dict, name: str) -> dict:
    out: dict = {}
    for key, value in data.items():
        line = data.line_of(key) + 1 if hasattr(data, "line_of") else None
        if key not in FRONT_MATTER_KEYS:
            raise InputError(f"front matter: unknown key '{key}'{did_you_mean(str(key), FRONT_MATTER_KEYS)}", name, line)
        if key in ("to", "id") and value is not None:
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise InputError(f"front matter: '{key}' must be text", name, line)
            out[key] = str(value)
        elif key == "channel":
            if value not in CHANNELS:
                raise InputError(f"front matter: unknown channel '{value}'{did_you_mean(str(value), CHANNELS)}; "
                                 f"channels are {', '.join(CHANNELS)}", name, line)
            out[key] = value
        elif key == "template":
            if not isinstance(value, bool):
                raise InputError("front matter: 'template' must be true or false", name, line)
            out[key] = value
        elif key == "ignore":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise InputError("front matter: 'ignore' must be a list of rule ids, like [GN03]", name, line)
            out[key] = tuple(items)
    return out


def parse_draft(source: str, name: str, notices: tuple[str, ...] = ()) -> Draft:
    """Turn a file's text into a Draft: strip front matter, refuse an empty body."""
    data, body, body_line = split_front_matter(source, name)
    meta = _meta(data, name)
    if not body.strip():
        raise InputError("empty draft (no text to check)" + (" after the front matter" if data else ""), name)
    return Draft(text=body, id=meta.pop("id", name), body_line=body_line, notices=notices, **meta)


def read_draft(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Draft:
    """Read one draft file without loading more than max_bytes into memory."""
    name = display_name(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file" + (" (broken symlink)" if path.is_symlink() else ""), name) from None
    except IsADirectoryError:
        raise InputError("is a folder; pass it as a path to check the drafts inside", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    if len(data) > max_bytes:
        raise InputError(f"larger than the {max_bytes:,}-byte limit for a draft (raise it with --max-bytes)", name)
    text, notice = decode(data, name, encoding)
    return parse_draft(text, name, (notice,) if notice else ())


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None, stream=None) -> Draft:
    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"larger than the {max_bytes:,}-byte limit for a draft (raise it with --max-bytes)", "<stdin>")
    text, notice = decode(data, "<stdin>", encoding)
    return parse_draft(text, "<stdin>", (notice,) if notice else ())


def expand_paths(paths: list[str]) -> Iterator[str | Path]:
    """Files as given, folders recursively (*.txt and *.md), '-' for stdin; missing paths are errors."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in DRAFT_SUFFIXES and p.is_file())
            if not found:
                raise InputError("no drafts (*.txt, *.md) in this folder", raw)
            yield from found
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise InputError("no such file or folder", raw)
