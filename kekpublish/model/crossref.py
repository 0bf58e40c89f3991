"""Rules that span fields and files: ids that must resolve, dates that must be in order."""

from __future__ import annotations

import re
import unicodedata
from .problems import Problems, did_you_mean, one_of
from .site import Site, Study, slug
from .types import Experience


def check_site(site: Site, problems: Problems) -> None:
    for study in site.studies:
        check_study(study, problems)
    for rounds in site.journeys().values():
        for previous, study in zip(rounds, rounds[1:]):
            _check_follows(study, previous, problems)
        if rounds and rounds[0].actionplan:
            _check_follows(rounds[0], None, problems)


def check_study(study: Study, problems: Problems) -> None:
    meta, src = study.meta, study.source
    for key in ("segments", "partners", "phases", "steps"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(meta, key)):
            if item.id in seen:
                problems.add(src.rel, src.line(key, index, "id"), f"{key}[{index}].id", f"duplicate id '{item.id}'; every id in {key} must be unique")
            seen.add(item.id)
    phases, partners, steps, segments = study.phases, study.partners, study.steps, study.segments
    for index, step in enumerate(meta.steps):
        if step.phase is not None and step.phase not in phases:
            problems.add(src.rel, src.line("steps", index, "phase"), f"steps[{index}].phase", _unknown("phase", step.phase, phases))
        for j, partner in enumerate(step.partners):
            if partner not in partners:
                problems.add(src.rel, src.line("steps", index, "partners", j), f"steps[{index}].partners[{j}]", _unknown("partner", partner, partners))
    for key in ("hartmonitor", "target"):
        for segment, values in getattr(meta, key).items():
            if segment not in segments:
                problems.add(src.rel, src.line(key, segment), f"{key}.{segment}", _unknown("segment", segment, segments))
            for step in values:
                if step not in steps:
                    problems.add(src.rel, src.line(key, segment, step), f"{key}.{segment}.{step}", _unknown("step", step, steps))
    for index, step in enumerate(meta.moments_of_truth):
        if step not in steps:
            problems.add(src.rel, src.line("moments_of_truth", index), f"moments_of_truth[{index}]", _unknown("step", step, steps))
    for step in meta.levers:
        if step not in steps:
            problems.add(src.rel, src.line("levers", step), f"levers.{step}", _unknown("step", step, steps))
    _check_partner_names(study, problems)

    seen: dict[str, str] = {}
    for narrative in study.narratives:
        n, nsrc = narrative.meta, narrative.source
        if n.respondent in seen:
            problems.add(nsrc.rel, nsrc.line("respondent"), "respondent", f"respondent code '{n.respondent}' is already used by {seen[n.respondent]}; codes are unique in a study")
        seen.setdefault(n.respondent, nsrc.rel)
        if n.segment not in segments:
            problems.add(nsrc.rel, nsrc.line("segment"), "segment", _unknown("segment", n.segment, segments))
        for key, value in (n.profile.model_extra or {}).items():
            if isinstance(value, (list, dict)):
                problems.add(nsrc.rel, nsrc.line("profile", key), f"profile.{key}", "a profile field should be a single value (text or number)")
        _check_experiences(study, n.experiences, nsrc, problems)
        for index, quote in enumerate(n.quotes):
            if quote.step is not None and quote.step not in steps:
                problems.add(nsrc.rel, nsrc.line("quotes", index, "step"), f"quotes[{index}].step", _unknown("step", quote.step, steps))

    slugs: dict[str, str] = {}
    for visit in study.visits:
        v, vsrc = visit.meta, visit.source
        if v.partner not in partners:
            problems.add(vsrc.rel, vsrc.line("partner"), "partner", _unknown("partner", v.partner, partners))
        if visit.slug in slugs:
            problems.add(vsrc.rel, vsrc.line("id"), "id", f"this visit's page would share its address '{visit.slug}' with {slugs[visit.slug]}; give one an 'id'")
        slugs.setdefault(visit.slug, vsrc.rel)
        _check_experiences(study, v.experiences, vsrc, problems)

    if study.actionplan:
        _check_actionplan(study, problems)


def _check_experiences(study: Study, experiences: list[Experience], src, problems: Problems) -> None:
    for index, exp in enumerate(experiences):
        if exp.step not in study.steps:
            problems.add(src.rel, src.line("experiences", index, "step"), f"experiences[{index}].step", _unknown("step", exp.step, study.steps))
        if exp.partner is not None and exp.partner not in study.partners:
            problems.add(src.rel, src.line("experiences", index, "partner"), f"experiences[{index}].partner", _unknown("partner", exp.partner, study.partners))


def _check_actionplan(study: Study, problems: Problems) -> None:
    plan, src = study.actionplan.meta, study.actionplan.source
    partners, steps = study.partners, study.steps
    cka_date = plan.cka.date if plan.cka else None
    if plan.cka:
        for index, partner in enumerate(plan.cka.participants):
            if partner not in partners:
                problems.add(src.rel, src.line("cka", "participants", index), f"cka.participants[{index}]", _unknown("partner", partner, partners))
    seen: set[str] = set()
    for index, action in enumerate(plan.actions):
        here = f"actions[{index}]"
        if action.id in seen:
            problems.add(src.rel, src.line("actions", index, "id"), f"{here}.id", f"duplicate action id '{action.id}'; action ids are unique in a study")
        if action.owner not in partners:
            problems.add(src.rel, src.line("actions", index, "owner"), f"{here}.owner", _unknown("partner", action.owner, partners))
        for j, partner in enumerate(action.with_):
            if partner not in partners:
                problems.add(src.rel, src.line("actions", index, "with", j), f"{here}.with[{j}]", _unknown("partner", partner, partners))
        for j, step in enumerate(action.steps):
            if step not in steps:
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


def _check_partner_names(study: Study, problems: Problems) -> None:
    terms = [(t, "anonymise.redact") for t in study.meta.anonymise.redact]
    for narrative in study.narratives:
        terms += [(t, f"'sensitive' of {narrative.source.rel}") for t in narrative.meta.sensitive]
    for visit in study.visits:
        terms += [(t, f"'sensitive' of {visit.source.rel}") for t in visit.meta.sensitive]
    src = study.source
    for index, partner in enumerate(study.meta.partners):
        for term, origin in terms:
            if term.strip() and re.search(r"(?<!\w)" + re.escape(_fold(term)) + r"(?!\w)", _fold(partner.name)):
                problems.add(src.rel, src.line("partners", index, "name"), f"partners[{index}].name",
                             f"the partner name '{partner.name}' contains '{term}' from {origin}; partner names are always published, so rename one of them")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _unknown(what: str, value: object, known: dict) -> str:
    return f"unknown {what} '{value}'{did_you_mean(value, known)}; use {one_of(known)}"


__all__ = ["check_site", "check_study", "slug"]
