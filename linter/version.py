"""introlint's version, read from the installed package's metadata.

`importlib.metadata` finds the same file but costs about 40 ms to import (email, zipfile, csv),
a third of `introlint --version`; this reads the METADATA file of the first `introlint-*.dist-info`
folder on `sys.path`, as `importlib.metadata` would, and falls back to it for anything else.
"""

from __future__ import annotations

import os
import sys

NAME = "introlint"


def version() -> str:
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in sorted(names):
            if name.startswith(NAME + "-") and name.endswith(".dist-info"):
                found = _version_in(os.path.join(folder, name, "METADATA"))
                if found:
                    return found
    return _slow_version()


def _version_in(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():  # the headers end at the first blank line
                    return None
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip() or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _slow_version() -> str:
    from importlib import metadata

    try:
        return metadata.version(NAME)
    except metadata.PackageNotFoundError:  # a bare checkout, never installed
        return "0+unknown"
