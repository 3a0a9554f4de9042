"""A YAML reader that remembers the line of every mapping, key and list item.

Pack errors must point at a file and a line. PyYAML's plain loaders forget where values came
from, so this loader builds `LineDict` / `LineList` containers that keep the 1-based line of each
entry, and reports duplicate mapping keys (which YAML would otherwise silently overwrite).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, SequenceNode


class LineDict(dict[Any, Any]):
    """A dict that knows its own line and the line of each key."""

    line: int
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key written twice in one YAML mapping."""

    key: str
    line: int


# libyaml's parser (when PyYAML was built with it) is several times faster and keeps marks too.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader producing LineDict/LineList and collecting duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[DuplicateKey] = []


def _construct_mapping(loader: _LineLoader, node: MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in data:
            loader.duplicate_keys.append(DuplicateKey(str(key), line))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line


def _construct_sequence(loader: _LineLoader, node: SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = []
    yield data
    for item_node in node.value:
        data.append(loader.construct_object(item_node, deep=True))
        data.item_lines.append(item_node.start_mark.line + 1)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed YAML file and the duplicate keys found in it."""

    data: Any
    duplicate_keys: tuple[DuplicateKey, ...]


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file; raises yaml.YAMLError (with a mark) on a syntax error."""
    loader = _LineLoader(path.read_text(encoding="utf-8"))
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    return YamlDocument(data, tuple(loader.duplicate_keys))


def line_of(data: Any, location: tuple[int | str, ...]) -> int | None:
    """The line of the deepest entry of `location` that exists in `data` (a pydantic loc)."""
    line: int | None = getattr(data, "line", None)
    node = data
    for part in location:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
        # Point at the value's own line when it is a mapping (a list item spans lines).
        line = getattr(node, "line", line) if isinstance(node, LineDict) else line
    return line
