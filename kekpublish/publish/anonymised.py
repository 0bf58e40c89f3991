"""The published model: a copy of the site in which every prose text is anonymised.

Everything downstream (computed views, pages, charts, exports) reads only
this copy, so nothing can publish a text that did not pass the anonymiser.
Raw front-matter data is dropped from the copy for the same reason.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

from ..anonymise import Anonymiser, Replacement, Rules, nlp
from ..model.frontmatter import FrontMatter
from ..model.problems import Problem, Problems
from ..model.site import ActionPlan, Measurement, Narrative, Site, Source, Study, Visit
from ..model.types import replacement_of, term_of
from ..model.validate import field_name
from ..model.walk import map_prose
from ..render.formats import long_date
from . import study_cache
from .options import Options

log = logging.getLogger("kekpublish")


@dataclass
class Anonymised:
    site: Site
    replacements: list[Replacement] = field(default_factory=list)
    leak_terms: set[str] = field(default_factory=set)  # what the leak gate must never find
    keep: set[str] = field(default_factory=set)  # published as written (partners, organisation, keep)
    reviewed: list = field(default_factory=list)  # (anonymised study, rules): what `review` looks at
    published_pages: list[str] = field(default_factory=list)  # ordinary pages of study folders that were published
    study_pages: dict[str, str] = field(default_factory=dict)  # (1.1) ordinary pages in study folders: rel -> anonymised Markdown

    @property
    def review(self) -> list[str]:
        """What was left that could identify someone, and unique respondents (check --report).
        Made on demand: it reads deduce's name lists, which a warm build does not otherwise load."""
        notes = [f"published: {rel} (an ordinary page in the study folder, anonymised with the study's rules)"
                 for rel in self.published_pages]
        for study, rules in self.reviewed:
            notes += review_notes(study, rules, self.study_pages)
        return notes

    def publication(self):
        """The ordinary pages of study folders as generated Markdown files: MkDocs renders them as pages."""
        from ..render.output import OutputFile, Publication

        return Publication(files=[OutputFile(rel, text) for rel, text in sorted(self.study_pages.items())])


def rules_for(study: Study, language: str) -> Rules:
    """The study's keep and redact lists, as the spec defines them."""
    meta = study.meta
    keep = [p.name for p in meta.partners] + ([meta.organisation] if meta.organisation else []) + list(meta.anonymise.keep)
    keep += [n.meta.pseudonym for n in study.narratives if n.meta.pseudonym]  # "Meneer J." is what is published
    redact: list[str] = []
    replace: dict[str, str] = {}
    items = list(meta.anonymise.redact)
    for doc in [*study.narratives, *study.visits]:
        items += doc.meta.sensitive
    for item in items:
        term, new = term_of(item), replacement_of(item)
        if new and new.strip():
            replace.setdefault(term, new)
        else:
            redact.append(term)
    for narrative in study.narratives:  # (1.1) the respondent's own names read as the pseudonym (else the code)
        shown = narrative.meta.pseudonym or narrative.meta.respondent
        for term in getattr(narrative.meta, "respondent_names", []) or []:
            replace.setdefault(term, shown)
    return Rules(keep=tuple(dict.fromkeys(t for t in keep if t.strip())),
                 redact=tuple(dict.fromkeys(t for t in redact if t.strip() and t not in replace)), language=language,
                 replace=tuple((t, r) for t, r in replace.items() if t.strip()))


def published_dates(study: Study) -> set[str]:
    """The structured dates the spec publishes as written (visits, CKA, due and update dates,
    fieldwork), in the forms a page shows them: a text that mentions the same date is still
    generalised, but finding the date on the site is no leak."""
    days = set()
    meta = study.meta
    if meta.fieldwork:
        days |= {meta.fieldwork.start, meta.fieldwork.end}
    days |= {v.meta.visited for v in study.visits}
    if study.actionplan:
        plan = study.actionplan.meta
        days |= {plan.as_of, plan.cka.date if plan.cka else None}
        for action in plan.actions:
            days |= {action.due, *(u.date for u in action.updates)}
    forms = set()
    for day in filter(None, days):
        forms |= {long_date(day, "nl"), long_date(day, "en"), day.isoformat()}
    return forms


def _read_page(rel: str, roots) -> tuple[str, int, str] | None:
    """(title, body line, body) of an ordinary page in a study folder, found under one of roots."""
    from pathlib import Path

    from ..model.frontmatter import parse

    for root in roots:
        if root is None:
            continue
        path = Path(root) / rel
        if path.is_file():
            front = parse(path.read_text("utf-8-sig"))
            data = front.data if isinstance(front.data, dict) else {}
            title = data.get("title") if isinstance(data.get("title"), str) else ""
            return title, front.body_line, front.body
    return None


def _pages(study: Study, anonymiser: Anonymiser, roots) -> dict[str, str]:
    """The study folder's ordinary pages, anonymised with the study's rules (title and body)."""
    import json

    out = {}
    for page in study.pages:
        try:
            found = _read_page(page.rel, roots)
        except (OSError, ValueError, Exception) as exc:  # noqa: BLE001 - the loader reported it already
            log.debug("page %s not read: %s", page.rel, exc)
            continue
        if found is None:
            continue
        title, body_line, body = found
        text = anonymiser.markdown(body, file=page.rel, first_line=body_line) if body.strip() else body
        if title:
            safe = anonymiser.text(title, file=page.rel, line=2, field="title", places=False)  # a title keeps its region
            text = f"---\ntitle: {json.dumps(safe, ensure_ascii=False)}\n---\n" + text
        out[page.rel] = text
    return out


def anonymise_site(site: Site, options: Options, problems: Problems, roots=()) -> Anonymised:
    """Anonymise every study of site; studies are independent (labels restart per study).

    ``roots`` are the folders the site was loaded from (docs_dir, studies_dir): ordinary pages in
    a study folder are read from there and published anonymised with the study's rules. Studies
    the study cache does not hold are anonymised in worker processes when there are several
    (see ``_in_workers``); the result is the same, in the same order."""
    result = Anonymised(site=Site(pages=site.pages, study_files=site.study_files))
    rules = {study.folder: rules_for(study, options.language) for study in site.studies}
    # "never published, anywhere": every study also redacts the other studies' terms.
    everywhere = tuple(dict.fromkeys(
        [term for r in rules.values() for term in r.redact] + [term for r in rules.values() for term, _ in r.replace]))
    published = set()
    total = sum(len(s.sources()) for s in site.studies)
    done = 0
    jobs: list[tuple[Study, Rules, Rules, str | None, dict | None]] = []  # study, own rules, with everywhere, entry, cached
    failed: dict[int, Exception] = {}
    for i, study in enumerate(site.studies):
        own = rules[study.folder]
        own_terms = {t for t, _ in own.replace}
        study_rules = Rules(own.keep, tuple(t for t in dict.fromkeys(own.redact + everywhere) if t not in own_terms),
                            own.language, own.replace)
        entry, cached = None, None
        try:
            entry = study_cache.key(study, study_rules)
            # the study cache is keyed by the kek sources: a study with ordinary pages is redone (its span cache stays)
            cached = study_cache.load(options.cache_dir, entry) if not study.pages else None
        except Exception as exc:  # noqa: BLE001 - reported below, in the study's turn
            failed[i] = exc
        jobs.append((study, own, study_rules, entry, cached))
    todo = [i for i, job in enumerate(jobs) if job[4] is None and i not in failed]
    if todo and not nlp.is_loaded():
        first = not any(nlp.deduce_cache_dir().iterdir())
        log.info("deduce: naam-tabellen opbouwen (eenmalig, ongeveer een minuut)…" if first
                 else "deduce: naam-tabellen laden…")
    computed = _in_workers({i: (jobs[i][0], jobs[i][2]) for i in todo}, options, roots)
    for i, (study, own, study_rules, entry, cached) in enumerate(jobs):
        try:
            if i in failed:
                raise failed[i]
            if cached is None:
                outcome = computed.get(i)
                if isinstance(outcome, Exception):
                    raise outcome
                cached = outcome if outcome is not None else _anonymise_study(study, study_rules, options, roots)[0]
                if not cached["failed"] and not study.pages:
                    study_cache.store(options.cache_dir, entry, {k: v for k, v in cached.items() if k != "failed"})
            done += len(study.sources())
            log.info("anonymiseren: %d van %d teksten", done, total)
            restored = _restore(study, cached["study"])
            result.site.studies.append(restored)
            result.reviewed.append((restored, own))
            result.study_pages.update(cached.get("pages") or {})
            result.published_pages += list(cached.get("pages") or {})
            problems.extend(Problem(*p) for p in cached["problems"])
            result.replacements += cached["replacements"]
            result.leak_terms |= set(cached["leak_terms"])
            result.keep |= set(own.keep)
            published |= published_dates(study)
        except Exception as exc:  # noqa: BLE001 - nothing in a study may end a build in a traceback
            log.debug("anonymising %s failed", study.source.rel, exc_info=exc)
            what = str(exc) if isinstance(exc, _WorkerError) else f"{type(exc).__name__}: {exc}"
            problems.add(study.source.rel, None, "", f"the study could not be anonymised ({what}); "
                         "nothing is published. Report this as a bug, with the file if you can share it")
    result.leak_terms -= published  # the gate scans the whole site: exempt every study's published dates
    return result


def _anonymise_study(study: Study, study_rules: Rules, options: Options, roots, *,
                     save: bool = True) -> tuple[dict, dict]:
    """One study, both passes: what the study cache keeps (plus "failed"), and the span cache's new
    entries (written here when ``save``, else returned for the caller to write once)."""
    anonymiser = Anonymiser(study_rules, cache_dir=options.cache_dir)
    found = Problems()
    _study(study, anonymiser, Problems())  # first pass: learn every person and name form in the study
    _pages(study, anonymiser, roots)
    anonymiser.begin_final_pass()
    anonymised = _study(study, anonymiser, found)
    pages = _pages(study, anonymiser, roots)
    for failure in anonymiser.failures:
        found.add(failure.file, failure.line, failure.field, failure.message)
    if save:
        anonymiser.save()
    return ({"study": _dump(anonymised), "replacements": anonymiser.replacements,
             "leak_terms": sorted(anonymiser.leak_terms()), "problems": [list(dataclasses.astuple(p)) for p in found.items],
             "pages": pages, "failed": bool(anonymiser.failures)}, {} if save else anonymiser.new_analyses())


#: Studies given to workers, by their index in the site; set in the parent just before the workers
#: fork, read by them.
_WORK: dict[int, tuple[Study, Rules, Options, tuple]] = {}


def _in_workers(work: dict[int, tuple[Study, Rules]], options: Options, roots) -> dict[int, dict | Exception]:
    """Anonymise studies in worker processes forked from this one (deduce loaded first, so they share
    its tables), one per core; a study is independent of the others, so this is the cold build's
    anonymisation on every core. Returns {index: what _anonymise_study keeps, or the error}; what is
    missing (fewer than two studies, no fork, one core, a worker that died) the caller does itself,
    in this process. The span cache's new entries come back here and are written once."""
    import concurrent.futures

    from ..workers import fork_pool, fork_workers

    workers = fork_workers(len(work))
    if not workers:
        return {}
    from ..anonymise.cache import SpanCache

    nlp.engine()  # loaded before the fork: the workers share its tables instead of loading them each
    global _WORK
    _WORK = {i: (study, rules, options, tuple(roots)) for i, (study, rules) in work.items()}
    out: dict[int, dict | Exception] = {}
    spans = SpanCache(options.cache_dir)
    analyses = 0
    try:
        with fork_pool(workers) as pool:
            # the largest studies first, so that the workers end together
            order = sorted(work, key=lambda i: -sum(len(s.body) for s in work[i][0].sources()))
            futures = {pool.submit(_work_on, i): i for i in order}
            for future in concurrent.futures.as_completed(futures):
                kept, entries, count = future.result()
                out[futures[future]] = kept
                spans.add(entries)
                analyses += count
    except Exception as exc:  # noqa: BLE001 - a worker that died, a result that could not be sent: done here
        log.debug("kekpublish: anonymising in workers stopped (%s); the rest is done in this process", exc)
    finally:
        _WORK = {}
    nlp.ANALYSES += analyses
    spans.save_or_warn()
    return out


class _WorkerError(Exception):
    """What went wrong in a worker, as words ("ValueError: ..."): told in the study's turn."""


def _work_on(index: int) -> tuple[dict | Exception, dict, int]:
    """In a worker: one study of _WORK; an error is returned, to be told in the study's turn."""
    study, rules, options, roots = _WORK[index]
    before = nlp.ANALYSES
    try:
        kept, entries = _anonymise_study(study, rules, options, roots, save=False)
    except Exception as exc:  # noqa: BLE001
        return _WorkerError(f"{type(exc).__name__}: {exc}"), {}, nlp.ANALYSES - before
    return kept, entries, nlp.ANALYSES - before


def review_notes(study: Study, rules: Rules, pages: dict[str, str] | None = None) -> list[str]:
    """The other half of the review (check --report): capitalised words left in the published texts
    that are not replaced, kept or ordinary words, with file and line; and respondents whose
    published attributes are unique in the study (quasi-identifiers)."""
    from ..anonymise.ages import age_band
    from ..anonymise.fold import fold
    from ..anonymise.report import leftovers, quasi_identifiers, unique_note

    from ..anonymise.bodies import default_keep

    kept = {fold(w) for term in (*rules.keep, *default_keep()[0]) for w in term.replace("/", " ").split()}
    kept |= {fold(w) for _, new in rules.replace for w in new.split()}
    notes: list[str] = []
    try:
        for source, meta in [(study.source, study.meta), *((n.source, n.meta) for n in study.narratives),
                             *((v.source, v.meta) for v in study.visits),
                             *([(study.actionplan.source, study.actionplan.meta)] if study.actionplan else [])]:
            texts: list[tuple[str, tuple]] = []
            map_prose(meta, lambda text, path: texts.append((text, path)) or text)
            for text, path in texts:
                for left in leftovers(text, file=source.rel, line=source.line(*path), field=field_name(path), kept=kept):
                    notes.append(left.note())
            for left in leftovers(source.body, file=source.rel, line=source.body_line, field="body", kept=kept):
                notes.append(left.note())
        for rel, text in sorted((pages or {}).items()):
            if rel.startswith(f"{study.folder}/" if study.folder else ""):
                for left in leftovers(text, file=rel, line=1, field="body", kept=kept):
                    notes.append(left.note())
        published = list(study.meta.anonymise.publish_profile)
        rows = []
        for n in study.narratives:
            attrs = {"segment": n.meta.segment}
            if n.meta.profile.age is not None:
                attrs["age band"] = age_band(n.meta.profile.age)
            extra = n.meta.profile.model_extra or {}
            attrs.update({k: str(extra[k]) for k in published if k in extra})
            rows.append((n.meta.respondent, attrs))
        for respondent, fields in quasi_identifiers(rows):
            notes.append(unique_note(study.folder or ".", respondent, fields))
    except Exception as exc:  # noqa: BLE001 - the review is advice; it never stops a build
        notes.append(f"review: {study.folder or '.'}: the list of what was left could not be made ({exc})")
    return notes


def _dump(study: Study) -> dict:
    """An anonymised study as JSON-able data (metas and bodies; the rest comes from the sources)."""
    def doc(d) -> dict:
        return {"meta": d.meta.model_dump(mode="json", by_alias=True), "body": d.source.body}
    return {"study": doc(study), "narratives": [doc(n) for n in study.narratives], "visits": [doc(v) for v in study.visits],
            "actionplan": doc(study.actionplan) if study.actionplan else None,
            "measurements": [doc(m) for m in study.measurements]}


def _restore(raw: Study, data: dict) -> Study:
    """The anonymised study from _dump's data, with file names and lines from the raw study it was made of."""
    def source(src: Source, doc: dict) -> Source:
        return Source(src.rel, FrontMatter(data={}, body=doc["body"], body_line=src.body_line, lines=src.front.lines))

    def meta(d, doc: dict):
        return type(d.meta).model_validate(doc["meta"])

    plan = data["actionplan"]
    return Study(
        folder=raw.folder,
        meta=meta(raw, data["study"]),
        source=source(raw.source, data["study"]),
        narratives=[Narrative(meta(n, d), source(n.source, d)) for n, d in zip(raw.narratives, data["narratives"])],
        visits=[Visit(meta(v, d), source(v.source, d)) for v, d in zip(raw.visits, data["visits"])],
        actionplan=ActionPlan(meta(raw.actionplan, plan), source(raw.actionplan.source, plan)) if plan else None,
        measurements=[Measurement(meta(m, d), source(m.source, d), m.points, m.csv_rel)
                      for m, d in zip(raw.measurements, data.get("measurements", []))],
        pages=raw.pages,
    )


def _study(study: Study, anonymiser: Anonymiser, problems: Problems) -> Study:
    return Study(
        folder=study.folder,
        meta=_meta(study.meta, study.source, anonymiser),
        source=_source(study.source, anonymiser),
        narratives=[Narrative(_meta(n.meta, n.source, anonymiser), _source(n.source, anonymiser)) for n in study.narratives],
        visits=[Visit(_meta(v.meta, v.source, anonymiser), _source(v.source, anonymiser)) for v in study.visits],
        actionplan=_actionplan(study.actionplan, anonymiser, problems) if study.actionplan else None,
        measurements=[Measurement(_meta(m.meta, m.source, anonymiser), _source(m.source, anonymiser), m.points, m.csv_rel)
                      for m in study.measurements],
        pages=study.pages,
    )


def _meta(meta, source: Source, anonymiser: Anonymiser):
    is_study = source.rel.rsplit("/", 1)[-1] == "study.md"

    def prose(text: str, path: tuple) -> str:
        # a study's own title keeps its region ("in de Zaanstreek"): it names the study, not a person
        return anonymiser.text(text, file=source.rel, line=source.line(*path), field=field_name(path),
                               places=not (is_study and path == ("title",)))

    return map_prose(meta, prose)


def _source(source: Source, anonymiser: Anonymiser) -> Source:
    body = anonymiser.markdown(source.body, file=source.rel, first_line=source.body_line) if source.body.strip() else source.body
    return Source(source.rel, FrontMatter(data={}, body=body, body_line=source.body_line, lines=source.front.lines))


def _actionplan(plan: ActionPlan, anonymiser: Anonymiser, problems: Problems) -> ActionPlan:
    before = len(anonymiser.replacements)
    meta = _meta(plan.meta, plan.source, anonymiser)
    for replacement in anonymiser.replacements[before:]:
        if replacement.kind == "person" and replacement.field.endswith(".contact"):
            problems.add(plan.source.rel, replacement.line, replacement.field,
                         f"the contact looked like a person's name and was published as '{replacement.replacement}'; write a role (e.g. Teamleider Burgerzaken)", "info")
    return ActionPlan(meta, _source(plan.source, anonymiser))


__all__ = ["Anonymised", "anonymise_site", "rules_for"]
