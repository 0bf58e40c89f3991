"""The Anonymiser: detection passes, overlap resolution and replacement.

Every detector sees the intact text of a block (see ``views``): all spans
are collected first, then overlaps are resolved by priority (e-mail and URL
first, so a name inside an address takes the whole address with it), then
the text is rewritten once. Order of the passes therefore cannot break a
detector's input.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import nlp
from .bodies import default_keep
from .cache import SpanCache
from .dates import generalise_date_text
from .detectors import EMAIL_RE, SOCIAL_PROFILE_RE, cheap_spans, find_bsns, find_ibans, find_phones
from .dates import find_dates
from .ages import age_text, find_ages
from .fold import fold, fold_with_map
from .labels import INTERFIXES, PersonRegistry, name_parts, possessive, tag
from .report import Replacement
from .spans import Span
from .terms import LOOSE_SEP, TermMatcher, identifying
from .views import Block, Layout, markdown_layout, plain_layout
from .words import is_language_or_country, plausible_identifier

log = logging.getLogger("kekpublish")


@dataclass(frozen=True)
class Rules:
    """What a study says about anonymisation.

    keep: names never replaced (partner names, organisation, anonymise.keep).
    redact: terms always replaced (anonymise.redact and every ``sensitive``).
    language: language of replacement tags, "nl" or "en".
    """

    keep: tuple[str, ...] = ()
    redact: tuple[str, ...] = ()
    language: str = "nl"
    #: (1.1) terms replaced by a text of their own: ``{term: Joris, as: haar vriend}`` items, and a
    #: narrative's ``respondent_names`` with its pseudonym (else respondent code)
    replace: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Failure:
    """A text the anonymiser could not process: it is withheld and the build reports it."""

    file: str
    line: int | None
    field: str
    message: str


_TITLE = re.compile(
    r"^(?:(?:de\s+)?(?P<t>heer|meneer|mijnheer|mevrouw|mevr\.?|mw\.?|dhr\.?|mej\.?|juffrouw|"
    r"mr\.?|dr\.?|drs\.?|ir\.?|ing\.?|prof\.?|ds\.?|bc\.?|collega|zuster|dokter|juf|meester|"
    r"medewerker|medewerkster|baliemedewerker|consulent|casemanager|adviseur|huisarts|verloskundige|"
    r"kraamverzorgster|verpleegkundige|wijkverpleegkundige|jeugdverpleegkundige|buurman|buurvrouw|"
    r"mrs\.?|mr|ms\.?|miss)\s+)+", re.IGNORECASE)
_MALE = {"heer", "meneer", "mijnheer", "dhr", "dhr.", "mr"}
_FEMALE = {"mevrouw", "mevr", "mevr.", "mw", "mw.", "mej", "mej.", "juffrouw", "mrs", "mrs.",
           "ms", "ms.", "miss"}
_PRECEDING_TITLE = re.compile(
    r"(?:\b(?P<t>heer|meneer|mijnheer|mevrouw|mevr\.?|mw\.?|dhr\.?|mej\.?))\s+$", re.IGNORECASE)
_PLACE_PREP = re.compile(r"(?:^|\s)(?:in|naar|uit|te|richting|nabij|vanuit)\s+$", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?:^|[^\w])(?:de|het|een|der)\s+$")
_POSS_AFTER = re.compile(r"^(?:'s|’s|'|’)(?![\w])")
_INITIALS_ONLY = re.compile(r"^(?:[A-Z](?:\.\s*|\s+|$))+$")  # "K.", "J. P.", "M"; not "ANNEKE DE GROOT"
_DATE_LEAD = re.compile(
    r"^(?:(?:op|on)\s+)?(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s+)?", re.IGNORECASE)

#: Kinds whose originals the leak gate must look for.
_LEAK_KINDS = {"person", "address", "postcode", "phone", "email", "bsn", "iban",
               "licence_plate", "kvk", "url", "vat", "handle", "document"}
#: Lone surrogates (a YAML "\\ud800" escape) cannot be written as UTF-8: they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Markdown that makes a builder paste another file into the page, unseen by the anonymiser:
#: pymdownx.snippets ("--8<-- file", also as a block), markdown-include and mdx_include ("{!file!}"),
#: Jinja as mkdocs-macros and include-markdown read it ("{% include ... %}", import, extends).
_INCLUDE = re.compile(r"(?m)^[ \t]*-+8<-+(?=[ \t]|$)|\{!.*?!\}|\{%-?\s*(?:include(?:-markdown)?|import|from|extends)\b")


def _include_marker(found: str) -> str:
    """The directive without its argument (a file name may hold a name): "--8<--", "{!...!}", "{% include"."""
    found = found.strip()
    if found.startswith("{!"):
        return "{!...!}"
    return found if found.startswith("{%") else found.split()[0]


#: What a withheld text is published as (the build fails anyway: this only keeps it safe).
WITHHELD = {"nl": "[tekst niet gepubliceerd]", "en": "[text withheld]"}


class Anonymiser:
    """One instance per study: person labels are consistent within it.

    Call :meth:`text` for every front-matter text and :meth:`markdown` for
    every body, in a fixed order; labels follow that order. ``replacements``
    lists every replacement made so far.
    """

    def __init__(self, rules: Rules, cache_dir: Path | None = None) -> None:
        self.rules = rules
        self.language = rules.language if rules.language in ("nl", "en") else "nl"
        self.replacements: list[Replacement] = []
        self._people = PersonRegistry(self.language)
        self._cache = SpanCache(Path(cache_dir) if cache_dir is not None else None)
        self._replace = {" ".join(fold(t).split()): r for t, r in rules.replace if t and t.strip()}
        self._redact = tuple(dict.fromkeys(
            [t for t in (x.strip() for x in rules.redact) if t] + [t.strip() for t, _ in rules.replace if t and t.strip()]))
        self._terms = TermMatcher(self._redact)
        self._terms_loose = TermMatcher(self._redact, sep=LOOSE_SEP, possessive=False,
                                        right_boundary=False)
        default_terms, self._keep_patterns = default_keep()
        keep = [t for t in (x.strip() for x in rules.keep) if t]
        self._keep_terms = tuple(keep) + default_terms
        redact_folded = {" ".join(fold(t).split()) for t in self._redact}
        self._keep = TermMatcher(t for t in self._keep_terms
                                 if " ".join(fold(t).split()) not in redact_folded)
        self._keep_folded = {" ".join(fold(t).split()) for t in self._keep_terms}
        self._leak: set[str] = set(self._redact)
        self._explicit = {" ".join(fold(t).split()) for t in self._redact}
        self.failures: list[Failure] = []
        self._reliable: set[str] = set()  # name words safe to look for alone (not ordinary words)
        self._final = False
        self._full_names: dict[str, str] = {}  # a word of a sensitive full name -> that name (one person)
        for term in self._redact:  # "Ria Mulder" in sensitive: "Mulder" alone, and MULDER in a code, go too
            if len(term.split()) >= 2 and sum(w[:1].isupper() for w in term.split()) >= 2:
                self._learn(term, common=False)
                for w in term.split():
                    if w[:1].isupper() and w.lower() not in INTERFIXES:
                        self._full_names.setdefault(fold(w), term)
        self._term_info: dict[str, dict[str, bool]] = {}
        self._common_names: set[str] = set()
        # Speed (same output): a study's texts are anonymised twice (begin_final_pass), and many
        # short front-matter texts repeat. What depends only on a text and this study's fixed rules
        # is made once: the layout of each text, and the spans of the detectors that do not read
        # what the study has learnt (patterns, dates, ages, redact and keep terms).
        self._layouts: dict[tuple[bool, str], Layout] = {}
        self._static: dict[str, list[Span]] = {}
        # the known-name matchers by name set (the set changes as people are found, and often
        # returns to an earlier one: a block without new names); the loose one only when a link
        # target asks for it
        self._name_matchers: dict[frozenset[str], list] = {}
        self._name_ok: dict[str, bool] = {}
        self._first_words: dict[str, str] = {}
        self._known_state: tuple[int, int, int] | None = None
        self._known_base: frozenset[str] = frozenset()
        self._names_seen: dict[tuple[str, ...], TermMatcher] = {}

    # -- public API ---------------------------------------------------------

    def text(self, text: str, *, file: str, line: int | None, field: str, places: bool = True) -> str:
        """Anonymise a front-matter text (plain, possibly multi-line).

        ``places=False`` leaves place names (a study's own title keeps its region).
        Never raises: a failure is recorded in ``failures`` and the text is withheld."""
        if not isinstance(text, str) or not text.strip():
            return text
        text = _SURROGATE.sub("\ufffd", text)

        def line_of(pos: int) -> int | None:
            return None if line is None else line + text.count("\n", 0, pos)

        if self._includes(text, file, line_of, field):
            return WITHHELD[self.language]
        return self._safely(lambda: self._run(self._layout(text, False), file, field, line_of, markdown=False,
                                              places=places), file, line, field)

    def markdown(self, text: str, *, file: str, first_line: int) -> str:
        """Anonymise a Markdown body whose first line is ``first_line`` of ``file``.

        Never raises: a failure is recorded in ``failures`` and the body is withheld."""
        if not isinstance(text, str) or not text.strip():
            return text
        text = _SURROGATE.sub("\ufffd", text)

        def line_of(pos: int) -> int | None:
            return first_line + text.count("\n", 0, pos)

        if self._includes(text, file, line_of, "body"):
            return WITHHELD[self.language]
        return self._safely(lambda: self._run(self._layout(text, True), file, "body", line_of, markdown=True),
                            file, first_line, "body")

    def begin_final_pass(self) -> None:
        """Start the pass whose output is published: what the first pass over the study learnt
        (every person and name form, wherever it was first found) is kept, its output is not.
        So a surname alone is replaced even before the text where the full name is found."""
        self.replacements = []
        self.failures = []
        self._final = True

    def _includes(self, text: str, file: str, line_of: Callable[[int], int | None], field: str) -> bool:
        """A text that would make the builder paste another file into the page (a snippet, an
        include) is withheld and stops the build: that file would be published unanonymised."""
        m = _INCLUDE.search(text)
        if m is None:
            return False
        self.failures.append(Failure(file, line_of(m.start()), field, (
            f"'{_include_marker(m.group())}' includes another file in the page; that file would be published "
            "without being anonymised. Paste the text itself here (it is then anonymised), or leave the line out")))
        return True

    def _safely(self, run: Callable[[], str], file: str, line: int | None, field: str) -> str:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - nothing in a study may end a build in a traceback
            log.debug("anonymiser failed on %s:%s %s", file, line, field, exc_info=True)
            self.failures.append(Failure(file, line, field, (
                f"this text could not be anonymised ({type(exc).__name__}: {exc}); it is withheld and the "
                "build stops. Simplify the text (very long lines, unusual characters) or report this as a bug")))
            return WITHHELD[self.language]

    def leak_terms(self) -> set[str]:
        """What the leak gate must never find in the built site."""
        out = set()
        for term in self._leak:
            key = " ".join(fold(term).split())
            if len(key) < 2 or key in self._keep_folded or not identifying(key):
                continue
            if key not in self._explicit and any(c.isalpha() for c in key) and not any(c.isdigit() for c in key) \
                    and not plausible_identifier(term):
                continue  # a detected "name" made of ordinary words ("Nota", "Stapel"): no gate term
            out.add(term)
        return out

    def new_analyses(self) -> dict:
        """The span cache's entries made or used by this instance (what ``save`` would write)."""
        return self._cache.used()

    def save(self) -> None:
        """Write the on-disk cache (no-op without cache_dir); a cache that cannot be written is
        only slower next time, never a failed build."""
        self._cache.save_or_warn()

    # -- the passes ---------------------------------------------------------

    def _layout(self, text: str, markdown: bool) -> Layout:
        """The text's layout (a pure function of the text; read only downstream), made once."""
        layout = self._layouts.get((markdown, text))
        if layout is None:
            layout = markdown_layout(text) if markdown else plain_layout(text)
            self._layouts[(markdown, text)] = layout
        return layout

    def _run(self, layout: Layout, file: str, field: str,
             line_of: Callable[[int], int | None], *, markdown: bool, places: bool = True) -> str:
        text = layout.text
        edits: list[tuple[int, int, str, str, str]] = []  # start, end, new, kind, original
        for block in layout.blocks:
            edits.extend(self._block(block, layout, places=places))
        for start, end in layout.targets:
            target = text[start:end]
            kind = self._personal_target(target)
            if kind:
                edits.append((start, end, "#", kind, target))
        edits.sort(key=lambda e: e[0])
        out: list[str] = []
        pos = 0
        for start, end, new, kind, original in edits:
            if start < pos:
                continue
            out.append(text[pos:start])
            out.append(new)
            pos = end
            self.replacements.append(Replacement(file, line_of(start), field, kind, original, new))
        out.append(text[pos:])
        return "".join(out)

    def _analysis(self, view: str) -> dict[str, Any]:
        key = self._cache.key("block", view)
        result = self._cache.get(key)
        if result is None:
            result = nlp.analyse(view)
            self._cache.put(key, result)
        return result

    def _term_class(self, term: str) -> dict[str, bool]:
        info = self._term_info.get(term)
        if info is None:
            key = self._cache.key("term", term)
            info = self._cache.get(key)
            if info is None:
                info = nlp.classify_term(term)
                self._cache.put(key, info)
            self._term_info[term] = info
        return info

    def _usable_names(self, names) -> frozenset[str]:
        ok = self._name_ok
        out = []
        for n in names:
            good = ok.get(n)
            if good is None:
                good = ok[n] = len(n) >= 3 and not _INITIALS_ONLY.match(n)
            if good:
                out.append(n)
        return frozenset(out)

    def _known_name_set(self, extra: frozenset[str]) -> frozenset[str]:
        """Every name form known in the study (people's names, reliable name words) and ``extra``,
        without initials and very short words. People, their names and the reliable words only
        grow, so their sizes tell whether the known part changed since the last call."""
        people = self._people.people
        state = (len(people), sum(len(p.names) for p in people), len(self._reliable))
        if self._known_state != state:
            self._known_state = state
            self._known_base = self._usable_names(self._people.known_names() | self._reliable)
        if not extra or extra <= self._known_base:
            return self._known_base
        return self._known_base | self._usable_names(extra)

    def _name_matcher(self, extra: frozenset[str], loose: bool) -> TermMatcher:
        names = self._known_name_set(extra)
        pair = self._name_matchers.get(names)
        if pair is None:
            if len(self._name_matchers) >= 16:
                self._name_matchers.clear()
            pair = self._name_matchers[names] = [None, None]
        if loose:
            if pair[1] is None:
                pair[1] = TermMatcher(names, sep=LOOSE_SEP, possessive=False, right_boundary=False)
            return pair[1]
        if pair[0] is None:
            pair[0] = TermMatcher(names)
        return pair[0]

    def _names_in(self, v: str, extra: frozenset[str]) -> TermMatcher:
        """The known-name matcher for the view ``v``: the same hits as one over every known name,
        built only from the names whose first folded word occurs in the view (a name that cannot
        match anywhere in the text changes nothing in a regex alternation). Sorted: of two names
        that fold alike ("De Vries", "de Vries") the hit names the first, whatever the hash seed."""
        folded = fold_with_map(v)[0]
        first = self._first_words
        names = []
        for n in sorted(self._known_name_set(extra)):
            word = first.get(n)
            if word is None:
                words = fold(n.strip()).split()
                word = first[n] = words[0] if words else ""
            if word and word in folded:
                names.append(n)
        key = tuple(names)
        matcher = self._names_seen.get(key)
        if matcher is None:
            if len(self._names_seen) >= 256:
                self._names_seen.clear()
            matcher = self._names_seen[key] = TermMatcher(names)
        return matcher

    def _known_names(self, extra: frozenset[str] = frozenset()) -> tuple[TermMatcher, TermMatcher]:
        return self._name_matcher(extra, False), self._name_matcher(extra, True)

    def _static_spans(self, v: str) -> list[Span]:
        """Spans that depend only on the view and this study's fixed rules, in detection order
        (fresh copies: later steps build new spans, but nothing may share a cached one)."""
        spans = self._static.get(v)
        if spans is None:
            spans = []
            spans.extend(cheap_spans(v))
            spans.extend(find_dates(v, self.language))
            spans.extend(find_ages(v))
            for hit in self._terms.finditer(v):
                spans.append(Span(hit.start, hit.end, "term", {"term": hit.term, "poss": hit.possessive}))
            for hit in self._keep.finditer(v):
                spans.append(Span(hit.start, hit.end, "keep"))
            for pattern in self._keep_patterns:
                for m in pattern.finditer(v):
                    spans.append(Span(m.start(), m.end(), "keep"))
            self._static[v] = spans
        return [Span(s.start, s.end, s.kind, dict(s.info)) for s in spans]

    def _block(self, block: Block, layout: Layout, *, places: bool = True) -> list[tuple[int, int, str, str, str]]:
        v = block.view
        spans: list[Span] = self._static_spans(v)

        raw_people: list[Span] = []
        raw_locations: list[Span] = []
        for start, end, kind, flags in self._analysis(v)["spans"]:
            if kind == "person":
                span = self._person_span(v, start, end, flags)
                if span is not None and (places or span.kind != "place"):
                    raw_people.append(span)
                    spans.append(span)
            elif kind == "location":
                if not places:
                    continue
                text = v[start:end]
                loc = Span(start, end, "address" if re.search(r"\d", text) else "place")
                raw_locations.append(loc)
                spans.append(loc)
            elif kind == "date":
                general = generalise_date_text(v[start:end], self.language)
                if general is None:
                    spans.append(Span(start, end, "date", {"replacement": tag("date", self.language),
                                                           "full": True}))
                else:
                    spans.append(Span(start, end, "date", {"replacement": general[0], "full": general[1]}))

        # Further mentions of people already known in this study (possessives too).
        prose_names = self._names_in(v, frozenset(p.info["name"] for p in raw_people if p.kind == "person"))
        for hit in prose_names.finditer(v):
            if not v[hit.start].isupper():
                continue
            if any(p.start <= hit.start and hit.end <= p.end for p in raw_people):
                continue
            name = v[hit.start:hit.end]
            hit_end, poss = hit.end, hit.possessive
            if poss and name[-1:] in "'’" and name[-2:-1] not in "sxzSXZ":
                hit_end, poss = hit_end - 1, False  # "'Gemma'": a closing quote
            spans.append(Span(hit.start, hit_end, "person",
                              {"name": hit.term, "poss": poss,
                               "gender": self._gender_before(v, hit.start)}))

        spans = self._urls_and_emails(v, spans, raw_people)
        accepted = self._merge_names(v, self._resolve(v, spans), raw_people)
        accepted = self._merge_replaced(v, accepted)
        return self._edits(block, layout, accepted, raw_people, raw_locations)

    def _replacement_of(self, span: Span) -> str | None:
        if span.kind != "term":
            return None
        return self._replace.get(" ".join(fold(span.info.get("term", "")).split()))

    def _merge_names(self, v: str, accepted: list[Span], people: list[Span]) -> list[Span]:
        """One person, one label: "Jolanda Verbeek", two redact terms inside one name that
        deduce found, becomes a single person span instead of two labels side by side; a name
        with a term of its own replacement in it ("Karin Kuipers", Karin a respondent name)
        becomes that replacement once."""
        out = list(accepted)
        for person in people:
            if person.kind != "person":
                continue
            inside = [a for a in out if a.kind in ("person", "term") and person.start <= a.start and a.end <= person.end]
            if len(inside) < 2 or any(v[a.end:b.start].strip() for a, b in zip(inside, inside[1:])):
                continue
            replaced = [a for a in inside if self._replacement_of(a) is not None]
            if replaced:
                merged = Span(inside[0].start, inside[-1].end, "term",
                              dict(replaced[0].info, poss=bool(inside[-1].info.get("poss"))))
            else:
                merged = Span(inside[0].start, inside[-1].end, "person",
                              {"name": person.info.get("name") or v[inside[0].start:inside[-1].end],
                               "poss": bool(inside[-1].info.get("poss")), "gender": person.info.get("gender")})
            out = [a for a in out if a not in inside] + [merged]
        return sorted(out, key=lambda s: s.start)

    def _merge_replaced(self, v: str, accepted: list[Span]) -> list[Span]:
        """Terms with a replacement of their own: side by side with the same replacement they are
        one ("Karin Kuipers" -> "mevrouw K.", not twice), and a form of address before them goes
        when the replacement has one ("mevrouw Kuipers" -> "mevrouw K.", not "mevrouw Mevrouw K.")."""
        out: list[Span] = []
        for span in accepted:
            new = self._replacement_of(span)
            if new is None:
                out.append(span)
                continue
            prev = out[-1] if out else None
            if prev is not None and self._replacement_of(prev) == new and not v[prev.end:span.start].strip():
                out[-1] = Span(prev.start, span.end, "term", dict(prev.info, poss=span.info.get("poss")))
                continue
            if _TITLE.match(new + " "):
                window = v[max(0, span.start - 24):span.start]
                m = _PRECEDING_TITLE.search(window)
                if m and not any(o.end > span.start - (len(window) - m.start()) for o in out):
                    start = span.start - (len(window) - m.start())
                    lead = re.search(r"(?:\bde\s+)$", v[max(0, start - 4):start], re.IGNORECASE)
                    if lead and lead.group().lower().startswith("de") and m.group("t").lower() == "heer":
                        start -= len(lead.group())
                    info = dict(span.info, capital=v[start].isupper())
                    span = Span(start, span.end, "term", info)
            out.append(span)
        return out

    @staticmethod
    def _gender_before(v: str, start: int) -> str | None:
        m = _PRECEDING_TITLE.search(v[max(0, start - 20):start])
        if not m:
            return None
        t = m.group("t").lower()
        return "m" if t in _MALE else "f" if t in _FEMALE else None

    def _person_span(self, v: str, start: int, end: int, flags: dict[str, Any]) -> Span | None:
        text = v[start:end]
        gender = self._gender_before(v, start)
        m = _TITLE.match(text)
        if m:
            t = m.group("t").lower()
            gender = "m" if t in _MALE else "f" if t in _FEMALE else gender
            start += m.end()
            text = v[start:end]
        poss = bool(flags.get("poss"))
        pm = _POSS_AFTER.match(v[end:])
        if pm and (pm.group() not in ("'", "’") or v[end - 1:end] in "sxzSXZ"):
            end += pm.end()  # ("'Gemma' antwoordde": a bare apostrophe after a name not ending in s is a quote)
            poss = True
        core = re.sub(r"(?:'s|’s|'|’)$", "", v[start:end])
        if poss and core == v[start:end] and core.endswith("s"):
            core = core[:-1]
        core = " ".join(core.split())
        if not poss and core.endswith("s") and len(core.split()) == 1 and \
                self._knows(core[:-1]) and not self._knows(core):
            core, poss = core[:-1], True  # "Jansens dochter" after "meneer Jansen"
        words = core.split()
        while len(words) > 1 and words[-1].lower() in INTERFIXES:
            words.pop()  # "Jan op de Dorpsstraat": the name is Jan
        if len(words) != len(core.split()):
            core = " ".join(words)
            end = start + v[start:end].find(words[-1]) + len(words[-1])
            poss = False
        if flags.get("initials") or flags.get("code"):  # "M.J."; "VOS" in "2026-118-VOS"
            return Span(start, end, "person", {"name": core, "poss": False, "gender": gender})
        if not core or _INITIALS_ONLY.match(core):
            return None  # "meneer K.": an initial is a pseudonym, not a name
        if is_language_or_country(core) and not flags.get("unlisted") and not (
                m and len(core.split()) == 1 and nlp.is_name_word(core)):
            return None  # "in het Engels"; but after a form of address a listed name is one ("mevrouw Jordan")
        capitalised = [w for w in core.split() if w[:1].isupper()]
        if len(capitalised) >= 2 and _ARTICLE_BEFORE.search(v[max(0, start - 8):start]):
            return None  # "de Albert Heijn", "het Zilveren Kruis", "het Anne Frank Huis": a shop, a body, a place
        single = len(core.split()) == 1
        if single and flags.get("common") and flags.get("sentence_start") and not m and not self._knows(core):
            return None  # "Nota eigen bijdrage", "Pas toen hij ...": an ordinary word starting a sentence
        if single and flags.get("common"):
            self._common_names.add(core)
        self._learn(core, common=single and bool(flags.get("common")))
        if single and not m and _PLACE_PREP.search(v[max(0, start - 12):start]):
            return Span(start, end, "place")
        return Span(start, end, "person", {"name": core, "poss": poss, "gender": gender})

    def _learn(self, name: str, *, common: bool) -> None:
        """Remember the words of a detected name that may be looked for alone in the rest of the
        study: the words of a full name, and a single name that is not an ordinary word."""
        words = [w for w in re.split(r"\s+", name) if w]
        if len(words) == 1 and common:
            return
        for w in words:
            if len(w) >= 3 and w.lower() not in INTERFIXES and not _INITIALS_ONLY.match(w) \
                    and not is_language_or_country(w) and " ".join(fold(w).split()) not in self._keep_folded:
                self._reliable.add(w)

    def _personal_target(self, target: str) -> str | None:
        """Is a URL (link target) personal? Return the kind to record, or None."""
        if EMAIL_RE.search(target):
            return "email"
        if SOCIAL_PROFILE_RE.search(target):
            return "url"
        loose_names = self._name_matcher(frozenset(), True)
        folded = fold(target)
        if self._terms_loose.search_folded(folded) or loose_names.search_folded(folded):
            return "url"
        if find_phones(target) or find_bsns(target) or find_ibans(target):
            return "url"
        kept = {re.sub(r"[\W_]+", "", k) for k in self._keep_folded}  # "Albert Heijn" kept: albertheijn.nl stays
        hosts = [word for word in nlp.host_words(target) if word not in kept]
        if any(nlp.names_a_person(word) for word in hosts):
            return "url"  # a first name and a surname written together: "www.pieterdejong.nl"
        if hosts and any(name in word for word in hosts for name in self._glued_names()):
            return "url"  # a known name inside a host name: "www.bakkerijvanderlinden.nl", with "van der Linden" known
        return None

    def _glued_names(self) -> set[str]:
        """The redact terms and the names known so far as host names write them: folded, letters only, each
        surname and each whole name glued ("vanderlinden", "marloesvanderlinden"); five letters or more."""
        out = set()
        for name in (*self._redact, *self._known_name_set(frozenset())):
            words = [w for w in re.findall(r"[^\W\d_]+", fold(name)) if w.isascii()]
            candidates = ["".join(words)] if len(words) > 1 else []
            candidates += ["".join(words[i:]) for i in range(1, len(words)) if words[i - 1] in INTERFIXES]
            candidates += [w for w in words if w not in INTERFIXES]
            out.update(c for c in candidates if len(c) >= 5)
        return out

    def _urls_and_emails(self, v: str, spans: list[Span], people: list[Span]) -> list[Span]:
        """Decide per URL whether it is personal; keep non-personal URLs intact."""
        emails = [s for s in spans if s.kind == "email"]
        out = []
        drop: set[int] = set()
        for s in spans:
            if s.kind == "email":
                if " ".join(fold(v[s.start:s.end]).split()) in self._keep_folded:
                    drop.add(id(s))
                    for o in spans:
                        if o is not s and o.start >= s.start and o.end <= s.end:
                            drop.add(id(o))
            elif s.kind == "url":
                if any(e.overlaps(s) for e in emails):
                    drop.add(id(s))  # the e-mail address wins
                    continue
                inside = [o for o in spans if o is not s and o.start < s.end and s.start < o.end]
                personal = self._personal_target(v[s.start:s.end]) is not None or any(
                    o.kind not in ("place", "date", "age", "keep", "url") for o in inside)
                if not personal:
                    drop.add(id(s))
                    for o in inside:
                        drop.add(id(o))
        for s in spans:
            if id(s) not in drop:
                out.append(s)
        return out

    @staticmethod
    def _resolve(v: str, spans: list[Span]) -> list[Span]:
        """Non-overlapping spans, highest priority (then longest) first."""
        order = sorted(spans, key=lambda s: (-s.priority, -(s.end - s.start), s.start))
        accepted: list[Span] = []
        for span in order:
            clashes = [a for a in accepted if a.overlaps(span)]
            if not clashes:
                accepted.append(span)
                continue
            if span.kind not in ("person", "place", "address", "term"):
                continue
            # keep what is left of the span outside the accepted ones
            pieces = [(span.start, span.end)]
            for a in clashes:
                new = []
                for s, e in pieces:
                    if a.end <= s or e <= a.start:
                        new.append((s, e))
                        continue
                    if s < a.start:
                        new.append((s, a.start))
                    if a.end < e:
                        new.append((a.end, e))
                pieces = new
            best = None
            for s, e in pieces:
                while s < e and not v[s].isalnum():
                    s += 1
                while e > s and not (v[e - 1].isalnum() or v[e - 1] in ".'’"):
                    e -= 1
                if e - s >= 2 and (best is None or e - s > best[1] - best[0]):
                    best = (s, e)
            if best is None:
                continue
            piece = v[best[0]:best[1]]
            if span.kind == "person":
                words = piece.split()
                while len(words) > 1 and words[-1].lower() in INTERFIXES:
                    words.pop()  # "Sandra de Boer van het [Wijkteam Poelenburg]": the name ends at Boer
                if len(words) != len(piece.split()):
                    best = (best[0], best[0] + piece.rfind(words[-1], 0, len(" ".join(words)) + 8) + len(words[-1]))
                    piece = v[best[0]:best[1]]
                if not re.search(r"(?:^|\s)[A-Z]", piece) or _INITIALS_ONLY.match(piece):
                    continue
                info = dict(span.info, name=" ".join(re.sub(r"(?:'s|’s|'|’)$", "", piece).split()))
                accepted.append(Span(best[0], best[1], "person", info))
            else:
                accepted.append(Span(best[0], best[1], span.kind, dict(span.info)))
        return sorted(accepted, key=lambda s: s.start)

    def _replacement_for(self, v: str, span: Span, people: list[Span],
                         locations: list[Span]) -> tuple[str, str] | None:
        """(replacement text, kind to record) for an accepted span, None to leave it."""
        lang = self.language
        original = v[span.start:span.end]
        kind = span.kind
        if kind == "keep":
            return None
        if kind == "person":
            name = span.info.get("name") or original
            if len(name.split()) == 1 and fold(name) in self._full_names:
                name = self._full_names[fold(name)]  # "Hendrik" and "Stolk" alone: one person, Hendrik Stolk
            person = self._people.resolve(name, span.info.get("gender"))
            label = self._people.label_text(person)
            self._leak_person(name)
            return (possessive(label, lang) if span.info.get("poss") else label), "person"
        if kind == "term":
            term = span.info.get("term", original)
            poss = span.info.get("poss")
            core = re.sub(r"(?:'s|’s|'|’)$", "", original) if poss else original
            if poss and core == original and core.endswith("s") and not fold(term).endswith("s"):
                core = core[:-1]
            core = " ".join(core.split())
            own = self._replacement_of(span)
            if own is not None:
                if span.info.get("capital") is not None:
                    own = (own[:1].upper() if span.info["capital"] else own[:1].lower()) + own[1:]
                elif re.search(r"(?:^|[.!?:]\s+|[\"“]\s*)$", v[:span.start]):
                    own = own[:1].upper() + own[1:]  # "Joris hielp" -> "Haar vriend hielp"
                return (possessive(own, lang) if poss else own), "term"
            for p in people:
                if p.overlaps(span) and p.kind == "person":
                    label = self._people.label_text(self._people.resolve(core, p.info.get("gender")))
                    return (possessive(label, lang) if poss else label), "term"
            for loc in locations:
                if loc.overlaps(span):
                    return tag(loc.kind, lang), "term"
            known = self._knows(core)
            if known or self._term_class(term).get("person"):
                if len(core.split()) == 1 and fold(core) in self._full_names:
                    core = self._full_names[fold(core)]
                label = self._people.label_text(self._people.resolve(core, self._gender_before(v, span.start)))
                return (possessive(label, lang) if poss else label), "term"
            if _PLACE_PREP.search(v[max(0, span.start - 12):span.start]) or self._term_class(term).get("place"):
                return tag("place", lang), "term"  # "in Stadshagen": a neighbourhood reads as [plaats]
            return tag("term", lang), "term"
        if kind == "date":
            if span.info.get("full"):
                self._leak.add(_DATE_LEAD.sub("", original))
            return span.info["replacement"], "date"
        if kind == "age":
            return age_text(span.info, original, v[span.end:], lang, before=v[max(0, span.start - 12):span.start]), "age"
        if kind in _LEAK_KINDS:
            self._leak.add(" ".join(original.split()))
            for extra in ("digits", "compact"):
                if span.info.get(extra):
                    self._leak.add(span.info[extra])
        return tag(kind, lang), kind

    def _knows(self, name: str) -> bool:
        _, given, surname = name_parts(name)
        words = set(given) | {" ".join(surname)}
        for person in self._people.people:
            if words & (person.given | person.surnames | person.bare):
                return True
        return False

    def _leak_person(self, name: str) -> None:
        if len(name.split()) == 1 and name in self._common_names:
            return  # "Roos", "Bakker": the gate would flag every ordinary use
        self._leak.add(name)

    def _edits(self, block: Block, layout: Layout, accepted: list[Span], people: list[Span],
               locations: list[Span]) -> list[tuple[int, int, str, str, str]]:
        v = block.view
        text = layout.text
        edits = []
        for span in accepted:
            result = self._replacement_for(v, span, people, locations)
            if result is None:
                continue
            new, kind = result
            ostart = block.index[span.start]
            oend = block.index[span.end - 1] + 1
            pieces = self._cut(text, layout.masked, ostart, oend)
            for i, (s, e) in enumerate(pieces):
                piece_new = new
                if len(pieces) > 1 and new.endswith("'s") and i < len(pieces) - 1:
                    piece_new = new[:-2]
                edits.append((s, e, piece_new, kind, text[s:e]))
        return edits

    @staticmethod
    def _cut(text: str, masked: bytearray, start: int, end: int) -> list[tuple[int, int]]:
        """Split ``[start, end)`` at Markdown syntax characters; trim white space."""
        pieces = []
        s = None
        for i in range(start, end + 1):
            inside = i < end and not masked[i]
            if inside and s is None:
                s = i
            elif not inside and s is not None:
                a, b = s, i
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if a < b and any(c.isalnum() for c in text[a:b]):
                    pieces.append((a, b))
                s = None
        return pieces
