"""Keep validated RuleSets on disk, keyed by the bytes of every rule file, so start-up skips YAML and validation.

The key is a SHA-256 over everything that decides what `load_ruleset` returns: the cache
format, the Python version, introlint's own source files (so any version or local edit of the
code is a new key), the files of the YAML and RE2 libraries (size and mtime: an upgrade is a
new key), and for each pack in load order its name, folder, pack.yaml and every rule file's
path and bytes. Only a successful load is stored, so a rule file with an error is parsed and
reported as usual on every run; a hit is possible only for byte-identical, valid rules.

An entry holds two pickles: the rules' headers (`RuleSet.summary()`, a few kilobytes) and
then the whole RuleSet, so `rules list` unpickles only the first.

The cache is never needed for a correct result: every failure (no home folder, a read-only
or foreign folder, a truncated, corrupt or unpicklable entry) falls back to a normal load.
Location: $INTROLINT_CACHE_DIR, else $XDG_CACHE_HOME/introlint, else ~/.cache/introlint.
INTROLINT_NO_CACHE=1 turns it off. The same folder keeps pyphen's parsed hyphenation patterns
(see readability.py), stored and checked the same way (`write_checked`, `read_checked`).
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

from .batchgc import paused_gc
from .rule import frozen_mapping
from .ruleset import Pack, RuleSet, rule_files

FORMAT = 2  # bump when what is pickled changes shape
MAX_ENTRIES = 8  # different rule sets (packs, checkouts) kept at once; older ones are deleted
MAX_FILE_BYTES = 1_000_000  # a larger rule file is refused by the loader, so it is never cached
MAGIC = b"introlint-ruleset\n"
DIGEST_SIZE = 32
LENGTH_SIZE = 8  # the summary pickle's length, before it


def cached_ruleset(packs: list[Pack], load: Callable[[list[Pack]], RuleSet], summary: bool = False) -> RuleSet:
    """`load(packs)`, or the RuleSet a previous successful `load` of byte-identical files returned.

    With summary=True, the same thing's `.summary()` (read back without the rest of the entry).
    """
    folder = cache_dir()
    key = _key(packs) if folder is not None else None
    if key is not None:
        hit = _read(folder / f"ruleset-{key}.pickle", summary)
        if hit is not None:
            return hit
    ruleset = load(packs)  # rule-file errors propagate exactly as without a cache
    if key is not None and _key(packs) == key:  # a file edited during the load is not stored under the old key
        _write(folder, key, ruleset)
    return ruleset.summary() if summary else ruleset


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is switched off or there is no home folder."""
    if os.environ.get("INTROLINT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("INTROLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry
        return None
    return base / "introlint"


# -- the key ------------------------------------------------------------------------------------

def _key(packs: list[Pack]) -> str | None:
    try:
        digest = hashlib.sha256()

        def add(*parts) -> None:  # length-prefixed, so no two different inputs hash the same stream
            for part in parts:
                data = part if isinstance(part, bytes) else os.fsencode(part) if isinstance(part, Path) \
                    else str(part).encode("utf-8", "surrogatepass")
                digest.update(len(data).to_bytes(8, "little"))
                digest.update(data)

        add("format", FORMAT, sys.version, sys.implementation.cache_tag)
        package = Path(__file__).parent
        for path in sorted(package.rglob("*.py")):
            add(path.relative_to(package), _read_bytes(path))
        for name, size, mtime in _library_files():
            add(name, size, mtime)
        for pack in packs:
            add("pack", pack.name, pack.folder, pack.version, pack.description)
            for meta in (pack.folder / "pack.yaml", pack.folder / "pack.yml"):
                if meta.is_file():
                    add(meta, _read_bytes(meta))
            for path in rule_files(pack.folder):
                add(path, _read_bytes(path))
        return digest.hexdigest()
    except Exception:  # an unreadable file, a folder that is not there: the normal load reports it
        return None


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError("too large to cache")
    return data


def _library_files() -> list[tuple[str, int, int]]:
    """Size and mtime of each file of PyYAML and google-re2, found without importing them."""
    from importlib.util import find_spec

    out = []
    for module in ("yaml", "re2"):
        spec = find_spec(module)
        if spec is None or not spec.origin:
            raise ImportError(module)
        with os.scandir(os.path.dirname(spec.origin)) as entries:
            for entry in entries:
                if entry.is_file():
                    info = entry.stat()
                    out.append((f"{module}/{entry.name}", info.st_size, info.st_mtime_ns))
    return sorted(out)


# -- entries ------------------------------------------------------------------------------------

class _Pickler(pickle.Pickler):
    """Matcher parameters are read-only mappingproxy views, which pickle cannot store by itself."""

    dispatch_table = {**copyreg.dispatch_table, MappingProxyType: lambda view: (frozen_mapping, (dict(view),))}


def _read(path: Path, summary: bool = False) -> RuleSet | None:
    """The stored RuleSet (or its summary), or None if the entry is missing, foreign, damaged or from another format."""
    try:
        payload = read_checked(path)
        if payload is None:
            return None
        end = LENGTH_SIZE + int.from_bytes(payload[:LENGTH_SIZE], "little")
        with paused_gc():  # tens of thousands of objects, none of them garbage
            fmt, ruleset = pickle.loads(payload[LENGTH_SIZE:end] if summary else payload[end:])
        if fmt != FORMAT or not isinstance(ruleset, RuleSet):
            return None
    except Exception:
        return None
    return ruleset


def read_checked(path: Path) -> bytes | None:
    """An entry's payload, if the file is ours and whole (checked before anything is unpickled);
    a hit marks the entry as recently used."""
    try:
        with open(path, "rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return None  # never unpickle a file someone else could have written
            data = handle.read()
    except OSError:
        return None
    header = len(MAGIC) + DIGEST_SIZE
    if not data.startswith(MAGIC) or hashlib.sha256(data[header:]).digest() != data[len(MAGIC):header]:
        return None  # truncated or corrupt
    try:
        os.utime(path)  # recently used entries survive pruning
    except OSError:
        pass
    return data[header:]


def write_checked(folder: Path, name: str, payload: bytes) -> None:
    """Store a payload atomically, with the digest read_checked verifies; failures propagate."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    from .atomic import atomic_writer

    with atomic_writer(folder / name, force=True, encoding=None) as handle:
        handle.write(MAGIC + hashlib.sha256(payload).digest() + payload)


def _write(folder: Path, key: str, ruleset: RuleSet) -> None:
    """Store an entry atomically and prune old ones; any failure just means no cache."""
    try:
        head, whole = _dumps(ruleset.summary()), _dumps(ruleset)
        write_checked(folder, f"ruleset-{key}.pickle", len(head).to_bytes(LENGTH_SIZE, "little") + head + whole)
        _prune(folder)
    except Exception:
        pass


def _dumps(ruleset: RuleSet) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((FORMAT, ruleset))
    return buffer.getvalue()


def _prune(folder: Path) -> None:
    """Keep the MAX_ENTRIES most recently used entries; drop temp files a killed writer left behind
    (of any entry written with write_checked)."""
    entries = []
    for path in folder.iterdir():
        try:
            if path.name.startswith("ruleset-") and path.suffix == ".pickle":
                entries.append((path.stat().st_mtime, path))
            elif path.name.startswith(".") and path.suffix == ".tmp" and path.stat().st_mtime < time.time() - 3600:
                path.unlink()
        except OSError:
            pass
    for _, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        try:
            path.unlink()
        except OSError:
            pass
