"""Rules that span fields and files: ids that must resolve, dates that must be in order."""

from __future__ import annotations

import re
import unicodedata

from .problems import Problem, Problems, did_you_mean, one_of
from .site import Site, Study, slug
from .types import Experience, term_of
from .validate import field_name

# The lists of study.md that other fields refer to, by what they hold.
_LISTS = {"segment": "segments", "step": "steps", "partner": "partners", "phase": "phases", "theme": "themes"}


def check_site(site: Site, problems: Problems) -> None:
    """Every rule that spans fields and files; none reports a value that validation already found invalid."""
    found = Problems()
    for study in site.studies:
        check_study(study, found)
    for rounds in site.journeys().values():
        for previous, study in zip(rounds, rounds[1:]):
            _check_follows(study, previous, found)
        if rounds and rounds[0].actionplan:
            _check_follows(rounds[0], None, found)
    _check_site_addresses(site, found)
    invalid = {src.rel: src.invalid for study in site.studies for src in study.sources() if src.invalid}
    problems.extend(p for p in found.items if not _about_invalid(p, invalid.get(p.file, ())))


def _about_invalid(problem: Problem, invalid) -> bool:
    """A problem on a value that validation replaced (it was reported there already)."""
    for path in invalid:
        name = field_name(path)
        if problem.field == name or problem.field.startswith((name + ".", name + "[")):
            return True
    return False


def _known(study: Study, what: str) -> dict | None:
    """The study's ids of one kind (segment, step, ...), or None when study.md's list had invalid items:
    then references to it cannot be checked (validation reported the list)."""
    key = _LISTS[what]
    if any(path and path[0] == key for path in study.source.invalid):
        return None
    return {"segment": study.segments, "step": study.steps, "partner": study.partners, "phase": study.phases, "theme": study.themes}[what]


def _missing(value: object, known: dict | None) -> bool:
    """A reference to an id the study does not have (never when the study's list could not be read)."""
    return known is not None and value not in known


def _collisions(items, key_of, name_of) -> list[tuple[int, int, str]]:
    """(index, earlier index, address) for every item whose address an earlier, different item has."""
    seen: dict[str, tuple[int, str]] = {}
    found = []
    for index, item in enumerate(items):
        name, address = name_of(item), key_of(item)
        if address in seen and seen[address][1] != name:
            found.append((index, seen[address][0], address))
        seen.setdefault(address, (index, name))
    return found


def check_study(study: Study, problems: Problems) -> None:
    meta, src = study.meta, study.source
    for key in ("segments", "partners", "phases", "steps", "themes"):
        seen: set[str] = set()
        items = getattr(meta, key)
        for index, item in enumerate(items):
            if item.id in seen:
                problems.add(src.rel, src.line(key, index, "id"), f"{key}[{index}].id", f"duplicate id '{item.id}'; every id in {key} must be unique")
            seen.add(item.id)
        if key == "phases":
            continue  # phases have no address of their own
        for index, earlier, address in _collisions(items, lambda i: slug(i.id), lambda i: i.id):
            problems.add(src.rel, src.line(key, index, "id"), f"{key}[{index}].id",
                         f"'{items[index].id}' and '{items[earlier].id}' ({key}[{earlier}], line {src.line(key, earlier, 'id')}) would share "
                         f"the address '{address}' on the site; make the ids differ in letters or digits")
    for index, earlier, address in _collisions(meta.partners, lambda p: slug(p.name), lambda p: p.name):
        problems.add(src.rel, src.line("partners", index, "name"), f"partners[{index}].name",
                     f"'{meta.partners[index].name}' and '{meta.partners[earlier].name}' (partners[{earlier}], line "
                     f"{src.line('partners', earlier, 'name')}) would share the address '{address}' in the action tracker; "
                     "make the names differ in letters or digits")
    phases, partners, steps, segments = (_known(study, w) for w in ("phase", "partner", "step", "segment"))
    for index, step in enumerate(meta.steps):
        if step.phase is not None and _missing(step.phase, phases):
            problems.add(src.rel, src.line("steps", index, "phase"), f"steps[{index}].phase", _unknown("phase", step.phase, phases))
        for j, partner in enumerate(step.partners):
            if _missing(partner, partners):
                problems.add(src.rel, src.line("steps", index, "partners", j), f"steps[{index}].partners[{j}]", _unknown("partner", partner, partners))
    for key in ("hartmonitor", "target"):
        for segment, values in getattr(meta, key).items():
            if _missing(segment, segments):
                problems.add(src.rel, src.line(key, segment), f"{key}.{segment}", _unknown("segment", segment, segments))
            for step in values:
                if _missing(step, steps):
                    problems.add(src.rel, src.line(key, segment, step), f"{key}.{segment}.{step}", _unknown("step", step, steps))
    for index, step in enumerate(meta.moments_of_truth):
        if _missing(step, steps):
            problems.add(src.rel, src.line("moments_of_truth", index), f"moments_of_truth[{index}]", _unknown("step", step, steps))
    for step in meta.levers:
        if _missing(step, steps):
            problems.add(src.rel, src.line("levers", step), f"levers.{step}", _unknown("step", step, steps))
    for step in meta.kpis:
        if _missing(step, steps):
            problems.add(src.rel, src.line("kpis", step), f"kpis.{step}", _unknown("step", step, steps))
    _check_published_names(study, problems)

    seen: dict[str, str] = {}
    for narrative in study.narratives:
        n, nsrc = narrative.meta, narrative.source
        if n.respondent in seen:
            problems.add(nsrc.rel, nsrc.line("respondent"), "respondent", f"respondent code '{n.respondent}' is already used by {seen[n.respondent]}; codes are unique in a study")
        seen.setdefault(n.respondent, nsrc.rel)
        if _missing(n.segment, segments):
            problems.add(nsrc.rel, nsrc.line("segment"), "segment", _unknown("segment", n.segment, segments))
        for key, value in (n.profile.model_extra or {}).items():
            if isinstance(value, (list, dict)):
                problems.add(nsrc.rel, nsrc.line("profile", key), f"profile.{key}", "a profile field should be a single value (text or number)")
        _check_experiences(study, n.experiences, nsrc, problems)
        for index, quote in enumerate(n.quotes):
            if quote.step is not None and _missing(quote.step, steps):
                problems.add(nsrc.rel, nsrc.line("quotes", index, "step"), f"quotes[{index}].step", _unknown("step", quote.step, steps))

    slugs: dict[str, str] = {}
    for visit in study.visits:
        v, vsrc = visit.meta, visit.source
        if _missing(v.partner, partners):
            problems.add(vsrc.rel, vsrc.line("partner"), "partner", _unknown("partner", v.partner, partners))
        if visit.slug in slugs:
            problems.add(vsrc.rel, vsrc.line("id"), "id", f"this visit's page would share its address '{visit.slug}' with {slugs[visit.slug]}; "
                         "give one of them an 'id' that differs in letters or digits")
        slugs.setdefault(visit.slug, vsrc.rel)
        _check_experiences(study, v.experiences, vsrc, problems)

    _check_measurements(study, problems)

    if study.actionplan:
        _check_actionplan(study, problems)


def _check_experiences(study: Study, experiences: list[Experience], src, problems: Problems) -> None:
    steps, partners, themes = _known(study, "step"), _known(study, "partner"), _known(study, "theme")
    for index, exp in enumerate(experiences):
        if _missing(exp.step, steps):
            problems.add(src.rel, src.line("experiences", index, "step"), f"experiences[{index}].step", _unknown("step", exp.step, steps))
        if exp.partner is not None and _missing(exp.partner, partners):
            problems.add(src.rel, src.line("experiences", index, "partner"), f"experiences[{index}].partner", _unknown("partner", exp.partner, partners))
        if exp.theme is not None and _missing(exp.theme, themes):
            problems.add(src.rel, src.line("experiences", index, "theme"), f"experiences[{index}].theme", _unknown("theme", exp.theme, themes))


def _check_measurements(study: Study, problems: Problems) -> None:
    """Steps and segments of interim measurements, in front matter or in their CSV; one figure per step and segment."""
    steps, segments = _known(study, "step"), _known(study, "segment")
    slugs: dict[str, str] = {}
    for measurement in study.measurements:
        meta, src = measurement.meta, measurement.source
        if measurement.slug in slugs:
            problems.add(src.rel, src.line(), "", f"this measurement's page would share its address '{measurement.slug}' with {slugs[measurement.slug]}; "
                         "rename one of the two files")
        slugs.setdefault(measurement.slug, src.rel)
        if meta.segment is not None and _missing(meta.segment, segments):
            problems.add(src.rel, src.line("segment"), "segment", _unknown("segment", meta.segment, segments))
        in_csv = measurement.csv_rel is not None
        seen: dict[tuple, int | None] = {}
        for point in measurement.points:
            file, field = (measurement.csv_rel, "step") if in_csv else (src.rel, f"scores.{point.step}")
            if _missing(point.step, steps):
                problems.add(file, point.line, field, _unknown("step", point.step, steps))
            if in_csv and point.segment is not None and point.segment != meta.segment and _missing(point.segment, segments):
                problems.add(file, point.line, "segment", _unknown("segment", point.segment, segments))
            key = (point.step, point.segment)
            if key in seen:
                problems.add(file, point.line, field, f"a second figure for step '{point.step}'"
                             + (f" and segment '{point.segment}'" if point.segment else "") + f" (the first is on line {seen[key]}); give one per step")
            seen.setdefault(key, point.line)


def _check_actionplan(study: Study, problems: Problems) -> None:
    plan, src = study.actionplan.meta, study.actionplan.source
    partners, steps = _known(study, "partner"), _known(study, "step")
    cka_date = plan.cka.date if plan.cka else None
    if plan.cka:
        for index, partner in enumerate(plan.cka.participants):
            if _missing(partner, partners):
                problems.add(src.rel, src.line("cka", "participants", index), f"cka.participants[{index}]", _unknown("partner", partner, partners))
    for index, earlier, address in _collisions(plan.actions, lambda a: slug(a.id), lambda a: a.id):
        problems.add(src.rel, src.line("actions", index, "id"), f"actions[{index}].id",
                     f"'{plan.actions[index].id}' and '{plan.actions[earlier].id}' (actions[{earlier}], line {src.line('actions', earlier, 'id')}) "
                     f"would share the address '{address}' (anchor and calendar entry); make the ids differ in letters or digits")
    seen: set[str] = set()
    for index, action in enumerate(plan.actions):
        here = f"actions[{index}]"
        if action.id in seen:
            problems.add(src.rel, src.line("actions", index, "id"), f"{here}.id", f"duplicate action id '{action.id}'; action ids are unique in a study")
        if _missing(action.owner, partners):
            problems.add(src.rel, src.line("actions", index, "owner"), f"{here}.owner", _unknown("partner", action.owner, partners))
        for j, partner in enumerate(action.with_):
            if _missing(partner, partners):
                problems.add(src.rel, src.line("actions", index, "with", j), f"{here}.with[{j}]", _unknown("partner", partner, partners))
        for j, step in enumerate(action.steps):
            if _missing(step, steps):
                problems.add(src.rel, src.line("actions", index, "steps", j), f"{here}.steps[{j}]", _unknown("step", step, steps))
        seen.add(action.id)
        previous = None
        for j, update in enumerate(action.updates):
            where = (src.line("actions", index, "updates", j), f"{here}.updates[{j}].date")
            if cka_date and update.date < cka_date:
                problems.add(src.rel, *where, f"update dated {update.date} is before the CKA ({cka_date}); progress is reported after the CKA")
            if previous and update.date < previous:
                problems.add(src.rel, *where, f"update dated {update.date} comes after one dated {previous}; list updates oldest first")
            previous = update.date
            if plan.as_of and update.date > plan.as_of:
                problems.add(src.rel, *where, f"update dated {update.date} is after as_of ({plan.as_of}); move as_of or the update", "warning")
        if action.updates and action.updates[-1].status != action.status:
            problems.add(src.rel, src.line("actions", index, "status"), f"{here}.status",
                         f"status is '{action.status}' but the last update says '{action.updates[-1].status}'; make them agree", "warning")


def _check_follows(study: Study, previous: Study | None, problems: Problems) -> None:
    if not study.actionplan:
        return
    src = study.actionplan.source
    earlier = {a.id for a in previous.actionplan.meta.actions} if previous and previous.actionplan else set()
    for index, action in enumerate(study.actionplan.meta.actions):
        if action.follows is None or action.follows in earlier:
            continue
        if previous is None:
            message = f"'{action.follows}' names no action of a previous round: this is the first round of journey '{study.journey}'"
        else:
            message = f"'{action.follows}' is not an action of the previous round ({previous.meta.round}, {previous.folder}); use {one_of(sorted(earlier))}{did_you_mean(action.follows, earlier)}"
        problems.add(src.rel, src.line("actions", index, "follows"), f"actions[{index}].follows", message)


def _check_published_names(study: Study, problems: Problems) -> None:
    """Partner names and `organisation` are published as written: none may hold a term that must never be published."""
    terms = [(term_of(t), "anonymise.redact") for t in study.meta.anonymise.redact]
    for narrative in study.narratives:
        terms += [(term_of(t), f"'sensitive' of {narrative.source.rel}") for t in narrative.meta.sensitive]
        terms += [(t, f"'respondent_names' of {narrative.source.rel}") for t in narrative.meta.respondent_names]
    for visit in study.visits:
        terms += [(term_of(t), f"'sensitive' of {visit.source.rel}") for t in visit.meta.sensitive]
    terms = [(t, origin) for t, origin in terms if t.strip()]
    src = study.source
    names = [(f"partners[{i}].name", ("partners", i, "name"), p.name, "partner name", "partner names")
             for i, p in enumerate(study.meta.partners)]
    if study.meta.organisation:
        names.append(("organisation", ("organisation",), study.meta.organisation, "organisation", "the organisation"))
    for field, path, name, what, published in names:
        folded = _fold(name)
        for term, origin in terms:
            if re.search(r"(?<!\w)" + re.escape(_fold(term)) + r"(?!\w)", folded):
                problems.add(src.rel, src.line(*path), field,
                             f"the {what} '{name}' contains '{term}' from {origin}; {published} {'is' if published.startswith('the') else 'are'} "
                             "always published, so rename one of them")


def _check_site_addresses(site: Site, problems: Problems) -> None:
    """Addresses made from ids across studies: journeys (comparison pages), rounds of a journey, themes."""
    journeys: dict[str, tuple[str, Study]] = {}
    for study in site.studies:
        address = slug(study.journey)
        if address in journeys and journeys[address][0] != study.journey:
            other = journeys[address][1]
            problems.add(study.source.rel, study.source.line("journey"), "journey",
                         f"journey '{study.journey}' and journey '{other.journey}' of {other.source.rel} would share the address '{address}'; "
                         "use one id for one journey, and ids that differ in letters or digits for different ones")
        journeys.setdefault(address, (study.journey, study))
    for rounds in site.journeys().values():
        seen: dict[str, Study] = {}
        for study in rounds:
            address = slug(str(study.meta.round))
            if address in seen:
                other = seen[address]
                problems.add(study.source.rel, study.source.line("round"), "round",
                             f"round '{study.meta.round}' and round '{other.meta.round}' of {other.source.rel} are rounds of journey "
                             f"'{study.journey}' with the same address '{address}'; give every round of a journey its own name")
            seen.setdefault(address, study)
    themes: dict[str, tuple[str, Study, int]] = {}
    for study in site.studies:
        for index, theme in enumerate(study.meta.themes):
            address = slug(theme.id)
            if address in themes and themes[address][0] != theme.id and themes[address][1] is not study:
                other_id, other, _ = themes[address]
                problems.add(study.source.rel, study.source.line("themes", index, "id"), f"themes[{index}].id",
                             f"theme '{theme.id}' and theme '{other_id}' of {other.source.rel} would share the address '{address}' on the "
                             "themes page; one theme has one id in every study (themes with the same id are one theme)")
            themes.setdefault(address, (theme.id, study, index))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _unknown(what: str, value: object, known: dict) -> str:
    if not known:
        return f"unknown {what} '{value}'; the study defines no {what}s (add them to '{_LISTS[what]}' in study.md)"
    return f"unknown {what} '{value}'{did_you_mean(value, known)}; use {one_of(known)}"


__all__ = ["check_site", "check_study", "slug"]
