"""Split a Markdown file into YAML front matter and body, keeping the line of every key.

Dates stay strings here: the typed model parses them, so that an impossible
date (2026-02-31) becomes a validation error with a line, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Path_ = tuple  # a path into the data: ("experiences", 2, "score")

_FENCE = re.compile(r"^---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)


class FrontMatterError(Exception):
    """The front matter does not parse; carries the 1-based line of the problem."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where PyYAML was built with it


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves timestamps as strings (validated later, with a line)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CONSTRUCT = yaml.constructor.SafeConstructor()  # builds values from already composed nodes


@dataclass
class FrontMatter:
    """The parsed front matter of one file."""

    data: object  # usually a dict; anything else is reported by the loader
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    lines: dict[Path_, int] = field(default_factory=dict)  # data path -> 1-based line

    def line_of(self, path: Path_) -> int | None:
        """The line of the key at path, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def parse(text: str) -> FrontMatter:
    """Parse text as `---` YAML `---` + Markdown body; no front matter gives data {}."""
    match = _FENCE.match(text)
    if not match:
        return FrontMatter(data={}, body=text, body_line=1)
    yaml_text = match.group(1) or ""
    offset = 1  # the opening --- is line 1, YAML starts on line 2
    body_line = text.count("\n", 0, match.end()) + 1
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + offset if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    lines: dict[Path_, int] = {}
    if node is None:
        return FrontMatter(data=None, body=text[match.end():], body_line=body_line, lines=lines)
    _CONSTRUCT.constructed_objects, _CONSTRUCT.recursive_objects = {}, {}  # per document (anchors, aliases)
    try:
        data = _construct(node, (), lines, offset)
    except yaml.YAMLError as exc:  # e.g. an unhashable key
        mark = getattr(exc, "problem_mark", None)
        raise FrontMatterError(f"front matter is not valid YAML: {exc}", mark.line + 1 + offset if mark else None) from None
    lines[()] = node.start_mark.line + 1 + offset
    return FrontMatter(data=data, body=text[match.end():], body_line=body_line, lines=lines)


def _construct(node: yaml.Node, path: Path_, lines: dict, offset: int) -> object:
    """Build Python data from a node, recording the line of every key and item."""
    if isinstance(node, yaml.MappingNode):
        _CONSTRUCT.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            key = _CONSTRUCT.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value", key_node.start_mark)
            child = path + (key,)
            lines[child] = key_node.start_mark.line + 1 + offset
            result[key] = _construct(value_node, child, lines, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = path + (index,)
            lines[child] = item.start_mark.line + 1 + offset
            items.append(_construct(item, child, lines, offset))
        return items
    return _CONSTRUCT.construct_object(node, deep=True)
