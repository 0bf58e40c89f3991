"""Split a Markdown file into YAML front matter and body, keeping the line of every key.

The front matter is built from the YAML parser's events in one pass, without
recursion, so that no input can exhaust memory or the stack:

- aliases and anchors (`&a`, `*a`) are refused, so a "billion laughs" never
  expands and a self-referencing alias never recurses;
- nesting deeper than MAX_DEPTH is refused;
- a key written twice in one mapping is a problem naming both lines (a second
  `sensitive:` must never silently replace the first);
- dates stay strings: the typed model parses them, so that an impossible date
  (2026-02-31) becomes a validation error with a line, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Path_ = tuple  # a path into the data: ("experiences", 2, "score")

MAX_DEPTH = 64  # levels of nested lists and mappings; the format needs five

_FENCE = re.compile(r"^---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)
_OPENING = re.compile(r"^---[ \t]*\r?\n")
_MERGE = "tag:yaml.org,2002:merge"
_DEFAULT_TAGS = {yaml.SequenceStartEvent: "tag:yaml.org,2002:seq", yaml.MappingStartEvent: "tag:yaml.org,2002:map"}


class FrontMatterError(Exception):
    """The front matter cannot be read; carries the 1-based line of the problem."""

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
_CONSTRUCT = yaml.constructor.SafeConstructor()  # builds scalar values from scalar nodes


@dataclass
class FrontMatter:
    """The parsed front matter of one file."""

    data: object  # usually a dict; anything else is reported by the loader
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    lines: dict[Path_, int] = field(default_factory=dict)  # data path -> 1-based line
    problems: list[tuple[int | None, Path_, str]] = field(default_factory=list)  # (line, path, message): errors that leave the data readable
    unclosed: bool = False  # the file opens a front matter block (---) that no line closes

    def line_of(self, path: Path_) -> int | None:
        """The line of the key at path, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def parse(text: str) -> FrontMatter:
    """Parse text as `---` YAML `---` + Markdown body; no front matter gives data {}.

    A file that opens with `---` but never closes it gives data {} and `unclosed`
    (an ordinary page may start with a horizontal rule; the loader decides).
    """
    match = _FENCE.match(text)
    if not match:
        return FrontMatter(data={}, body=text, body_line=1, unclosed=bool(_OPENING.match(text)))
    yaml_text = match.group(1) or ""
    body_line = text.count("\n", 0, match.end()) + 1
    front = FrontMatter(data=None, body=text[match.end():], body_line=body_line)
    try:
        _build(yaml_text, front, offset=1)  # the opening --- is line 1, YAML starts on line 2
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        if "nesting depth" in problem:  # newer libyaml stops deep nesting itself: say it as we do
            raise FrontMatterError(f"front matter is nested more than {MAX_DEPTH} levels deep", line) from None
        raise FrontMatterError(f"front matter is not valid YAML: {problem}{_tab_hint(yaml_text, mark)}", line) from None
    return front


def _tab_hint(yaml_text: str, mark) -> str:
    if mark is None:
        return "; indent with spaces, not tabs" if "\t" in yaml_text else ""
    lines = yaml_text.splitlines()
    near = lines[max(0, mark.line - 1): mark.line + 1]
    indents = [line[: len(line) - len(line.lstrip())] for line in near]
    return "; use spaces, not tabs, to indent YAML" if any("\t" in indent for indent in indents) else ""


class _Frame:
    """A list or mapping being built."""

    __slots__ = ("value", "path", "key", "seen", "is_map")

    def __init__(self, value, path):
        self.value, self.path = value, path
        self.key = _NO_KEY
        self.seen: dict = {}
        self.is_map = isinstance(value, dict)


_NO_KEY = object()


_SKIP = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)
_STR = "tag:yaml.org,2002:str"
_RESOLVED_BY_FIRST = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)  # first characters of non-text plain scalars


def _build(yaml_text: str, front: FrontMatter, offset: int) -> None:
    """Build front.data from the parser's events, recording lines and problems; no recursion."""
    loader = _Loader(yaml_text)
    stack: list[_Frame] = []
    lines = front.lines
    root_set = False
    Scalar, SeqStart, MapStart = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    SeqEnd, MapEnd, Alias = yaml.SequenceEndEvent, yaml.MappingEndEvent, yaml.AliasEvent
    try:
        while loader.check_event():
            event = loader.get_event()
            cls = event.__class__
            if cls in _SKIP:
                continue
            if cls is SeqEnd or cls is MapEnd:
                frame = stack.pop()
                if stack:
                    _place(stack[-1], frame.value)
                continue
            line = event.start_mark.line + 1 + offset
            if cls is Alias:
                raise FrontMatterError(f"YAML aliases (*{event.anchor}) are not allowed in front matter; write the value out in full", line)
            if event.anchor:
                raise FrontMatterError(f"YAML anchors (&{event.anchor}) are not allowed in front matter; write every value out in full", line)
            parent = stack[-1] if stack else None
            if parent is None:
                path = ()
                lines[()] = line
                root_set = True
            elif parent.is_map:
                if parent.key is _NO_KEY:
                    _take_key(loader, parent, event, line, front)  # a mapping's key
                    continue
                path = parent.path + (parent.key,)  # a mapping's value keeps the line of its key
            else:
                path = parent.path + (len(parent.value),)
                lines[path] = line
            if cls is Scalar:
                value = _scalar(loader, event)
                if parent is None:
                    front.data = value
                else:
                    _place(parent, value)
                continue
            tag = event.tag
            if tag not in (None, "!", _DEFAULT_TAGS[cls]):
                raise FrontMatterError(f"YAML tags ({_short(tag)}) are not allowed in front matter; write plain values", line)
            if len(stack) >= MAX_DEPTH:
                raise FrontMatterError(f"front matter is nested more than {MAX_DEPTH} levels deep", line)
            frame = _Frame([] if cls is SeqStart else {}, path)
            if parent is None:
                front.data = frame.value
            stack.append(frame)
    finally:
        loader.dispose()
    if not root_set:
        front.data = None


def _take_key(loader, frame: _Frame, event, line: int, front: FrontMatter) -> None:
    if event.__class__ is not yaml.ScalarEvent:
        raise FrontMatterError("a key must be a plain value, not a list or mapping", line)
    tag = _tag(loader, event)
    if tag == _MERGE:
        raise FrontMatterError("YAML merge keys (<<) are not allowed in front matter; write the keys out", line)
    key = event.value if tag == _STR else _scalar_of(tag, event)
    if isinstance(key, float) and key != key:  # .nan is never equal to itself, so it could be written twice unnoticed
        key = "nan"
    path = frame.path + (key,)
    if key in frame.seen:
        first = frame.seen[key]
        front.problems.append((line, path, f"'{key}' is written twice in one mapping, on lines {first} and {line}; "
                                           "the second would silently replace the first: write it once"))
        frame.key = _Duplicate(key)
        return
    frame.seen[key] = line
    front.lines[path] = line
    frame.key = key


class _Duplicate:
    """The key of a repeated entry: its value is read (to find problems inside) but not kept."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


def _place(frame: _Frame, value) -> None:
    if not frame.is_map:
        frame.value.append(value)
        return
    if frame.key.__class__ is not _Duplicate:
        frame.value[frame.key] = value
    frame.key = _NO_KEY


def _tag(loader, event) -> str:
    """The scalar's tag: as written, else text for quoted and block scalars and for plain ones no resolver claims."""
    tag = event.tag
    if tag is not None and tag != "!":
        return tag
    if event.style:  # quoted or block ('' or None is plain)
        return _STR
    value = event.value
    if value and value[0] not in _RESOLVED_BY_FIRST:
        return _STR
    return loader.resolve(yaml.ScalarNode, value, event.implicit)


def _scalar(loader, event) -> object:
    tag = _tag(loader, event)
    return event.value if tag == _STR else _scalar_of(tag, event)


def _scalar_of(tag: str, event) -> object:
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    construct = _CONSTRUCT.yaml_constructors.get(tag)
    if construct is None:
        raise FrontMatterError(f"YAML tags ({_short(tag)}) are not allowed in front matter; write plain values", event.start_mark.line + 2)
    return construct(_CONSTRUCT, node)


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
