"""deduce, started in a fraction of its own start-up time and memory.

``deduce.Deduce()`` unpickles its lookup structures: about 1.9 million trie
nodes, each a Python object with its own dict (7 s and 1.1 GB on a quiet
machine, several times that while the garbage collector walks them). Half of
those nodes are the healthcare-institution and hospital tries, read only by
the "institutions" annotators, which kekpublish never runs (``nlp._DISABLED``).

This module keeps, beside deduce's own cache, a compact copy of the lookup
structures kekpublish uses: every trie as two sets of token paths (the paths
that end an entry and the paths that continue), written with ``marshal``.
Loading it creates a few strings per entry instead of objects with dicts. The
copy is made from the structures deduce itself loaded, the first time, and is
keyed by deduce's, docdeid's and Python's versions and the format below: a
new deduce builds a new copy, so nothing here can make an analysis differ from
deduce's (``tests/speed/test_deduce_load.py`` compares them).

``FlatTrie`` answers exactly what ``docdeid.ds.LookupTrie`` answers for the
calls deduce and kekpublish make (``in``, ``longest_matching_prefix`` and the
first tokens, ``children.keys()``).

The word lists kekpublish looks words up in (stop words, common words, first
names, surnames, place names: ``nlp._lookup``) are a small section of the copy of their own:
``word_lists()`` reads them in milliseconds, so a build that only asks whether a
word is a name (a warm build choosing its leak terms) never starts deduce.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.metadata
import marshal
import os
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Iterator

#: Bump when what is stored changes.
FORMAT = "3"
#: Tries only the institutions annotators read; kekpublish disables them (nlp._DISABLED).
UNUSED = ("healthcare_institution", "hospital")
#: Tries only deduce's annotators read (streets, diseases): everything else (the word lists,
#: first names, surnames, place names) is a small section of its own, readable without deduce.
ANNOTATOR_ONLY = ("street", "eponymous_disease", *UNUSED)
#: Joins the tokens of a path; lookup lists never contain it (checked when the copy is made).
SEP = "\x00"

#: How the last engine() of this process was made: "compact", "deduce" (its own cache,
#: and the compact copy written) or "deduce-no-copy" (the copy could not be written).
LAST = ""


@functools.cache
def _versions() -> str:
    """deduce's and docdeid's versions, read once a process (copy_path asks on every word lookup)."""
    out = []
    for pkg in ("deduce", "docdeid"):
        try:
            out.append(f"{pkg}={importlib.metadata.version(pkg)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{pkg}=?")
    return ";".join(out)


def copy_path(cache_dir: Path) -> Path:
    """Where the compact copy for this deduce, docdeid and Python lives."""
    key = hashlib.sha256(f"{FORMAT}\0{_versions()}\0{sys.version}\0{sorted(UNUSED)}".encode()).hexdigest()[:20]
    return Path(cache_dir) / f"kekpublish-lookup-{key}.bin"


class _Children(Mapping):
    """``node.children`` of a FlatTrie node: child token -> node, read from the path sets."""

    def __init__(self, trie: "FlatTrie", prefix: str | None) -> None:
        self._trie, self._prefix = trie, prefix

    def _path(self, token: str) -> str | None:
        if not isinstance(token, str) or SEP in token:
            return None
        return token if self._prefix is None else f"{self._prefix}{SEP}{token}"

    def __contains__(self, token: object) -> bool:
        path = self._path(token)  # type: ignore[arg-type]
        return path is not None and self._trie._exists(path)

    def __getitem__(self, token: str) -> "FlatTrie":
        path = self._path(token)
        if path is None or not self._trie._exists(path):
            raise KeyError(token)
        return self._trie._node(path)

    def __iter__(self) -> Iterator[str]:
        if self._prefix is None:
            return iter(self._trie._starts)
        # never needed by deduce (it walks from the root); correct, and slow
        head = self._prefix + SEP
        seen = {p[len(head):].split(SEP, 1)[0] for p in (self._trie._terminals | self._trie._inner) if p.startswith(head)}
        return iter(sorted(seen))

    def __len__(self) -> int:
        return len(self._trie._starts) if self._prefix is None else sum(1 for _ in self)

    def keys(self):
        # MultiTokenLookupAnnotator takes set(trie.children.keys()) of the root: the stored set
        return self._trie._starts if self._prefix is None else super().keys()


def _lookup_trie():
    from docdeid.ds.lookup import LookupTrie  # noqa: PLC0415

    return LookupTrie


def _flat_trie_class():
    LookupTrie = _lookup_trie()
    from docdeid.ds.lookup import LookupStructure  # noqa: PLC0415

    class FlatTrie(LookupTrie):
        """A docdeid LookupTrie held as sets of joined token paths."""

        def __init__(self, matching_pipeline, root_terminal: bool, terminals: frozenset, inner: frozenset,
                     starts: frozenset, _path: str | None = None, _root: "FlatTrie | None" = None) -> None:
            LookupStructure.__init__(self, matching_pipeline=matching_pipeline)  # not LookupTrie's: no dicts
            self._root_terminal = root_terminal
            self._terminals, self._inner, self._starts = terminals, inner, starts
            self._at = _path  # None: the root
            self._rootnode = _root or self

        # -- the node interface (children / is_terminal), for anything that walks the trie

        @property
        def children(self) -> Mapping:
            return _Children(self, self._at)

        @property
        def is_terminal(self) -> bool:
            return self._root_terminal if self._at is None else self._at in self._terminals

        def _exists(self, path: str) -> bool:
            return path in self._terminals or path in self._inner

        def _node(self, path: str) -> "FlatTrie":
            # children of a LookupTrie have no matching pipeline of their own
            return FlatTrie(None, self._root_terminal, self._terminals, self._inner, self._starts, path, self._rootnode)

        def add_item(self, item) -> None:  # pragma: no cover - the copy is read-only
            raise TypeError("a compact deduce lookup structure is read-only")

        # -- what docdeid's LookupTrie does, on the sets

        def __contains__(self, item) -> bool:
            # LookupTrie applies its pipeline to the first element only (children have none)
            if len(item) == 0:
                return self.is_terminal
            parts = [self._apply_matching_pipeline(item[0]), *item[1:]]
            if any(not isinstance(p, str) or SEP in p for p in parts):
                return False
            path = SEP.join(parts)
            if self._at is not None:
                path = f"{self._at}{SEP}{path}"
            return path in self._terminals

        def longest_matching_prefix(self, item, start_i: int = 0):
            # as LookupTrie: the pipeline of the node asked applies at every position
            longest_match = None
            path = self._at
            terminal = self.is_terminal
            i = 0
            while True:
                if terminal:
                    longest_match = i
                if start_i + i >= len(item):
                    break
                token = self._apply_matching_pipeline(item[start_i + i])
                if not isinstance(token, str) or SEP in token:
                    break
                nxt = token if path is None else f"{path}{SEP}{token}"
                if nxt in self._terminals:
                    terminal = True
                elif nxt in self._inner:
                    terminal = False
                else:
                    break
                path = nxt
                i += 1
            return ([self._apply_matching_pipeline(x) for x in item[start_i:start_i + longest_match]]
                    if longest_match else None)

    # Code that tells tries from sets by the type's name (nlp._lookup) sees a LookupTrie.
    FlatTrie.__name__ = FlatTrie.__qualname__ = "LookupTrie"
    return FlatTrie


_FLAT = None


def flat_trie_class():
    global _FLAT
    if _FLAT is None:
        _FLAT = _flat_trie_class()
    return _FLAT


def flatten(trie) -> tuple[bool, frozenset, frozenset, frozenset]:
    """(root terminal, terminal paths, inner paths, first tokens) of a LookupTrie."""
    terminals: set[str] = set()
    inner: set[str] = set()
    stack = [(None, trie)]
    while stack:
        path, node = stack.pop()
        for token, child in node.children.items():
            if not isinstance(token, str) or SEP in token:
                raise ValueError(f"lookup token {token!r} cannot be stored")
            sub = token if path is None else f"{path}{SEP}{token}"
            if child.is_terminal:
                terminals.add(sub)
            if child.children:
                inner.add(sub)
            stack.append((sub, child))
    return bool(trie.is_terminal), frozenset(terminals), frozenset(inner), frozenset(trie.children)


def write_copy(structs, path: Path) -> None:
    """The compact copy of deduce's lookup structures (a DsCollection), written atomically."""
    LookupTrie = _lookup_trie()
    skeleton: dict[str, Any] = {}
    tries: dict[str, tuple] = {}
    for name, struct in structs.items():
        if name in UNUSED:
            skeleton[name] = ("trie", getattr(struct, "matching_pipeline", None))
            tries[name] = (False, frozenset(), frozenset(), frozenset())
        elif type(struct) is LookupTrie:
            skeleton[name] = ("trie", struct.matching_pipeline)
            tries[name] = flatten(struct)
        else:
            skeleton[name] = ("object", struct)  # LookupSets: small
    head = pickle.dumps({"format": FORMAT, "versions": _versions(), "skeleton": skeleton}, protocol=pickle.HIGHEST_PROTOCOL)
    words = marshal.dumps({k: v for k, v in tries.items() if k not in ANNOTATOR_ONLY})
    rest = marshal.dumps({k: v for k, v in tries.items() if k in ANNOTATOR_ONLY})
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(partial, "wb") as fh:  # [len head][head][len words][words][rest]
        fh.write(len(head).to_bytes(8, "little"))
        fh.write(head)
        fh.write(len(words).to_bytes(8, "little"))
        fh.write(words)
        fh.write(rest)
    os.replace(partial, path)
    for old in path.parent.glob("kekpublish-lookup-*.bin"):  # copies for another deduce or format
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass


def read_copy(path: Path, *, word_lists_only: bool = False):
    """The DsCollection stored at ``path``, or None when it is missing or not for this deduce.

    ``word_lists_only``: without the tries only deduce's annotators read (ANNOTATOR_ONLY),
    for looking words up without starting deduce.
    """
    try:
        with open(path, "rb") as fh:
            size = int.from_bytes(fh.read(8), "little")
            head = pickle.loads(fh.read(size))
            if head.get("format") != FORMAT or head.get("versions") != _versions():
                return None
            size = int.from_bytes(fh.read(8), "little")
            tries = marshal.loads(fh.read(size))
            if not word_lists_only:
                tries.update(marshal.loads(fh.read()))
    except Exception:  # noqa: BLE001 - missing or damaged: deduce starts from its own cache
        return None
    from docdeid.ds.ds import DsCollection  # noqa: PLC0415

    FlatTrie = flat_trie_class()
    out = DsCollection()
    for name, (kind, value) in head["skeleton"].items():
        if kind == "trie":
            if name in tries:
                out[name] = FlatTrie(value, *tries[name])
            elif not word_lists_only:
                return None
        else:
            out[name] = value
    return out


_WORD_LISTS: dict[str, Any] = {}


def word_lists(cache_dir: Path):
    """deduce's word lists (stop words, common words, whitelist, first names, surnames, ...)
    from the compact copy, without starting deduce; None until a first start wrote the copy."""
    path = copy_path(cache_dir)
    if str(path) not in _WORD_LISTS:
        lists = read_copy(path, word_lists_only=True)
        if lists is None:
            return None
        _WORD_LISTS[str(path)] = lists
    return _WORD_LISTS[str(path)]


def load(deduce_module, cache_dir: Path, config: dict):
    """A ``deduce.Deduce`` for kekpublish: from the compact copy when there is one, else
    deduce's own start-up (which then writes the copy for the next process).

    The garbage collector is off while millions of long-lived objects are made.
    """
    global LAST
    enabled = gc.isenabled()
    gc.disable()
    try:
        path = copy_path(cache_dir)
        structs = read_copy(path)
        if structs is not None:
            import deduce.deduce as module  # noqa: PLC0415

            real = module.get_lookup_structs
            module.get_lookup_structs = lambda **kwargs: structs
            try:
                engine = deduce_module.Deduce(cache_path=cache_dir, config=config)
            finally:
                module.get_lookup_structs = real
            LAST = "compact"
            return engine
        engine = deduce_module.Deduce(cache_path=cache_dir, config=config)
        try:
            write_copy(engine.lookup_structs, path)
            LAST = "deduce"
        except (OSError, ValueError):
            LAST = "deduce-no-copy"
        return engine
    finally:
        if enabled:
            gc.enable()
