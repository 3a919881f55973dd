"""Turn command-line targets (files, folders, '-', CSV/JSONL batches) into a lazy stream of Drafts."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterator

from .batch import Columns, is_batch, read_batch
from .drafts import Draft, display_name, expand_paths, read_draft, read_stdin
from .errors import IntrolintError


@dataclasses.dataclass(frozen=True)
class Defaults:
    """Values for drafts whose front matter or row does not set them."""

    to: str | None = None
    channel: str | None = None
    template: bool = False
    max_bytes: int = 1_000_000
    encoding: str | None = None
    columns: Columns = Columns()


def resolve_targets(paths: list[str]) -> list[str | Path]:
    """Expand folders and check that every path exists, before anything is checked."""
    return list(expand_paths(paths))


def iter_drafts(targets: list[str | Path], defaults: Defaults) -> Iterator[Draft]:
    """Read each target lazily; one that cannot be read becomes an error Draft, not a crash."""
    for target in targets:
        if target != "-" and is_batch(target):
            try:
                for draft in read_batch(Path(target), defaults.columns, defaults.encoding):
                    yield _apply(draft, defaults)
            except IntrolintError as exc:
                yield _error(exc, target)
            continue
        try:
            if target == "-":
                draft = read_stdin(defaults.max_bytes, defaults.encoding)
            else:
                draft = read_draft(Path(target), defaults.max_bytes, defaults.encoding)
        except IntrolintError as exc:
            yield _error(exc, target)
            continue
        yield _apply(draft, defaults)


def rereadable(targets: list[str | Path]) -> bool:
    """Whether the drafts can be read twice (for campaign clustering): no stdin."""
    return "-" not in targets


def _apply(draft: Draft, defaults: Defaults) -> Draft:
    return dataclasses.replace(
        draft,
        to=draft.to if draft.to is not None else defaults.to,
        channel=draft.channel if draft.channel is not None else defaults.channel,
        template=draft.template or defaults.template,
    )


def _error(exc: IntrolintError, target) -> Draft:
    message = exc.message if exc.line is None else f"line {exc.line}: {exc.message}"
    return Draft(text="", id=str(exc.path) if exc.path else display_name(target), error=message)
