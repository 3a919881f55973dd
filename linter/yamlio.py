"""Safe YAML loading that remembers the line of every mapping key, for errors that point at the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import IntrolintError
from .located import LocatedDict, LocatedList

try:  # the C parser is about ten times faster; fall back quietly when libyaml is missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader (no object tags) that builds Located containers."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


class YamlError(IntrolintError):
    """A YAML document could not be parsed."""

    code = "E101"


MAX_NESTING = 100  # rule files need about 30 levels; libyaml's C composer overflows the stack near 50,000
MAX_ALIAS_VALUES = 100_000  # values that aliases (*name) may stand for: a "billion laughs" file is refused


def _check_shape(text: str, path: str, first_line: int) -> None:
    """Walk the parser's events (no recursion) and refuse deep nesting and alias bombs before composing."""
    depth = 0
    values = 0  # values seen so far, counting each alias as everything it stands for
    aliased = 0  # values added through aliases
    sizes: dict[str, int] = {}
    open_anchors: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor, 1)
            values += size
            aliased += size
            if aliased > MAX_ALIAS_VALUES:
                raise YamlError(f"aliases (*{event.anchor}) stand for more than {MAX_ALIAS_VALUES:,} values; "
                                "write the values out instead", path, event.start_mark.line + first_line)
        elif isinstance(event, yaml.ScalarEvent):
            values += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            values += 1
            depth += 1
            if depth > MAX_NESTING:
                raise YamlError(f"invalid YAML: nested more than {MAX_NESTING} levels deep", path,
                                event.start_mark.line + first_line)
            open_anchors.append((event.anchor, values))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, start = open_anchors.pop()
            if anchor:
                sizes[anchor] = values - start + 1


def load_yaml_text(text: str, path: str, first_line: int = 1) -> Any:
    """Parse one YAML document; syntax errors become YamlError with the file and line."""
    try:
        _check_shape(text, path, first_line)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"invalid YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise YamlError("invalid YAML: nested too deeply", path) from None


def load_yaml_file(path: Path, max_bytes: int = 1_000_000) -> Any:
    """Read and parse a YAML file, refusing binary, undecodable or oversized files."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(f"file is {size:,} bytes; the limit for YAML files is {max_bytes:,}", name)
        with open(path, "rb") as handle:  # a device or a growing file may be larger than stat says
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise YamlError(f"cannot read file: {exc.strerror or exc}", name) from None
    if len(data) > max_bytes:
        raise YamlError(f"file is more than {max_bytes:,} bytes, the limit for YAML files", name)
    if b"\x00" in data:
        raise YamlError("not a text file (contains NUL bytes)", name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError("not valid UTF-8", name, line) from None
    return load_yaml_text(text, name)
