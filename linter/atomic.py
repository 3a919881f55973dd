"""Write files all at once (temp file + rename) and never overwrite one unless asked to."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UsageError


@contextlib.contextmanager
def atomic_writer(path: Path, force: bool = False, encoding: str | None = "utf-8"):
    """Yield a text stream (a binary one if encoding is None); the file appears complete at `path`
    only if the block succeeds."""
    path = Path(path)
    if path.exists() and not force:
        raise UsageError("file exists; pass --force to replace it", str(path))
    if not path.parent.is_dir():
        raise UsageError("folder does not exist", str(path.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions of a new file
        stream = os.fdopen(fd, "wb") if encoding is None else os.fdopen(fd, "w", encoding=encoding, newline="")
        with stream as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:  # link() refuses to replace a file that appeared while we were writing
                os.link(tmp, path)
            except FileExistsError:
                raise UsageError("file exists; pass --force to replace it", str(path)) from None
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
