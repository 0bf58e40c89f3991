"""Every error and warning rule of the content format, fed one defect at a time.

Each case edits the starter study (kekpublish/starter) in a temp dir and checks
that the problem names the file, the line of the offending key and the field,
and says what would be valid.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kekpublish.model import load_site

STARTER = Path(__file__).parents[1] / "kekpublish" / "starter"


def make_docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(STARTER, docs / "studie")
    return docs


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_starter_is_valid(tmp_path):
    site, problems = load_site(make_docs(tmp_path))
    assert not problems.items, [str(p) for p in problems.items]
    assert len(site.studies) == 1 and len(site.studies[0].narratives) == 1


# (file, old, new, field, line needle (text on the offending line after the edit), words in the message, severity)
CASES = [
    # study.md
    ("study.md", "title: Nieuw KEK-onderzoek ", "", "title", None, ["'title' is required"], "error"),
    ("study.md", "life_event: Levensgebeurtenis", "", "life_event", None, ["'life_event' is required"], "error"),
    ("study.md", "round: 2026-voorjaar", "", "round", None, ["'round' is required"], "error"),
    ("study.md", "journey_type: transactioneel", "journey_type: transactionel", "journey_type", "journey_type:", ["transactionel", "did you mean 'transactioneel'", "symbolisch"], "error"),
    ("study.md", "  - {id: a, label: Segment A}\n  - {id: b, label: Segment B}\n", "  []\n", "segments", "segments:", ["at least one"], "error"),
    ("study.md", "  - {id: b, label: Segment B}", "  - {id: a, label: Segment B}", "segments[1].id", "label: Segment B", ["duplicate id 'a'"], "error"),
    ("study.md", "  - {id: na, label: Na}", "  - {id: voor, label: Na}", "phases[1].id", "label: Na}", ["duplicate id 'voor'"], "error"),
    ("study.md", "  - {id: afronden, label: Afronden, phase: na", "  - {id: aanvragen, label: Afronden, phase: na", "steps[2].id", "label: Afronden", ["duplicate id 'aanvragen'"], "error"),
    ("study.md", "  - {id: gemeente, name: Gemeente Voorbeeld}", "  - {id: gemeente, name: Gemeente Voorbeeld}\n  - {id: gemeente, name: Tweede}", "partners[1].id", "name: Tweede", ["duplicate id 'gemeente'"], "error"),
    ("study.md", "label: Afronden, phase: na", "label: Afronden, phase: nu", "steps[2].phase", "label: Afronden", ["unknown phase 'nu'", "voor, na"], "error"),
    ("study.md", "label: Aanvragen, phase: voor, partners: [gemeente]", "label: Aanvragen, phase: voor, partners: [gemeete]", "steps[1].partners[0]", "label: Aanvragen", ["unknown partner 'gemeete'", "did you mean 'gemeente'"], "error"),
    ("study.md", "# hartmonitor: {a: {aanvragen: -20}}", "hartmonitor: {a: {aanvragen: -120}}", "hartmonitor.a.aanvragen", "hartmonitor:", ["-100 to 100"], "error"),
    ("study.md", "# hartmonitor: {a: {aanvragen: -20}}", "hartmonitor: {c: {aanvragen: -20}}", "hartmonitor.c", "hartmonitor:", ["unknown segment 'c'", "a, b"], "error"),
    ("study.md", "# target: {a: {aanvragen: 40}}", "target: {a: {aanvrage: 40}}", "target.a.aanvrage", "target:", ["unknown step 'aanvrage'", "did you mean 'aanvragen'"], "error"),
    ("study.md", "moments_of_truth: [aanvragen]", "moments_of_truth: [bellen]", "moments_of_truth[0]", "moments_of_truth", ["unknown step 'bellen'"], "error"),
    ("study.md", "redact: []", "redact: [Voorbeeld]", "partners[0].name", "name: Gemeente Voorbeeld", ["contains 'Voorbeeld'", "anonymise.redact", "rename"], "error"),
    ("study.md", "fieldwork: {start: 2026-01-12", "fieldwork: {start: 2026-02-31", "fieldwork.start", "fieldwork:", ["not a real date", "YYYY-MM-DD"], "error"),
    ("study.md", "goal: Knelpunten", "gaol: Knelpunten", "gaol", "gaol:", ["unknown key 'gaol'", "did you mean 'goal'"], "warning"),
    ("study.md", "kek: study", "kek: studie", "kek", "kek: studie", ["a study.md must say 'kek: study'"], "error"),
    # narrative
    ("narratives/r01.md", "segment: a ", "segment: c ", "segment", "segment: c", ["unknown segment 'c'", "a, b"], "error"),
    ("narratives/r01.md", "  - step: aanvragen ", "  - step: aanvrage ", "experiences[0].step", "- step: aanvrage", ["unknown step 'aanvrage'", "did you mean 'aanvragen'"], "error"),
    ("narratives/r01.md", "    partner: gemeente ", "    partner: provincie ", "experiences[0].partner", "partner: provincie", ["unknown partner 'provincie'", "gemeente"], "error"),
    ("narratives/r01.md", "score: -30 ", "score: -130 ", "experiences[0].score", "score: -130", ["-100 to 100"], "error"),
    ("narratives/r01.md", "score: -30 ", "score: slecht ", "experiences[0].score", "score: slecht", ["not a number"], "error"),
    ("narratives/r01.md", "respondent: R01 ", "respondent: Jan ", "respondent", "respondent: Jan", ["not a respondent code", "R03"], "error"),
    ("narratives/r01.md", "channel: website ", "channel: webiste ", "experiences[0].channel", "channel: webiste", ["did you mean 'website'"], "error"),
    ("narratives/r01.md", "method: persoonlijk ", "method: face-to-face ", "method", "method: face-to-face", ["persoonlijk", "telefonisch", "online"], "error"),
    ("narratives/r01.md", "interviewed: 2026-02-03", "interviewed: 2026-13-03", "interviewed", "interviewed:", ["not a real date"], "error"),
    ("narratives/r01.md", "    feeling: onzeker", "    feling: onzeker", "experiences[0].feling", "feling:", ["did you mean 'feeling'"], "warning"),
    ("narratives/r01.md", "sensitive: []", "sensitive: [Voorbeeld]", "partners[0].name", "name: Gemeente Voorbeeld", ["contains 'Voorbeeld'", "'sensitive' of studie/narratives/r01.md"], "error"),
    # shopping
    ("shopping/bezoek.md", "partner: gemeente ", "partner: balie ", "partner", "partner: balie", ["unknown partner 'balie'"], "error"),
    ("shopping/bezoek.md", "channel: balie ", "channel: loket ", "channel", "channel: loket", ["balie"], "error"),
    ("shopping/bezoek.md", "partner: gemeente ", "", "partner", None, ["'partner' is required"], "error"),
    # action plan
    ("actions.md", "owner: gemeente ", "owner: wijkteam ", "actions[0].owner", "owner: wijkteam", ["unknown partner 'wijkteam'"], "error"),
    ("actions.md", "with: []", "with: [gemeent]", "actions[0].with[0]", "with: [gemeent]", ["unknown partner 'gemeent'", "did you mean 'gemeente'"], "error"),
    ("actions.md", "steps: [aanvragen] ", "steps: [aanvragenn] ", "actions[0].steps[0]", "steps: [aanvragenn]", ["unknown step"], "error"),
    ("actions.md", "status: in_progress ", "status: bezig ", "actions[0].status", "status: bezig", ["open", "in_progress", "done", "dropped"], "error"),
    ("actions.md", "{date: 2026-06-30, status: in_progress", "{date: 2026-03-30, status: in_progress", "actions[0].updates[0].date", "date: 2026-03-30", ["before the CKA"], "error"),
    ("actions.md", "      - {date: 2026-06-30, status: in_progress, note: Tekst van de bevestiging gemaakt.}",
     "      - {date: 2026-06-30, status: in_progress, note: Tekst.}\n      - {date: 2026-05-01, status: in_progress, note: Eerder.}", "actions[0].updates[1].date", "date: 2026-05-01", ["oldest first"], "error"),
    ("actions.md", "    follows: A2", "    follows: A2", None, None, [], None),  # placeholder replaced below
    ("actions.md", "due: 2026-09-01 ", "due: 2026-09-31 ", "actions[0].due", "due: 2026-09-31", ["not a real date"], "error"),
    ("actions.md", "status: in_progress ", "status: done ", "actions[0].status", "status: done", ["last update says 'in_progress'"], "warning"),
    ("actions.md", "# as_of: 2026-09-01 ", "as_of: 2026-06-01 ", "actions[0].updates[0].date", "date: 2026-06-30", ["after as_of"], "warning"),
    ("actions.md", "  - id: A1 ", "  - id: A1\n    title: Dubbel\n    owner: gemeente\n    due: 2026-10-01\n  - id: A1 ", "actions[1].id", None, ["duplicate action id 'A1'"], "error"),
    ("actions.md", "    title: Bevestiging na een aanvraag", "    follows: A9\n    title: Bevestiging na een aanvraag", "actions[0].follows", "follows: A9", ["names no action of a previous round"], "error"),
]
CASES = [case for case in CASES if case[3] is not None]


@pytest.mark.parametrize("file,old,new,field,needle,words,severity", CASES, ids=[f"{c[0]}:{c[3]}:{c[6]}" for c in CASES])
def test_rule(tmp_path, file, old, new, field, needle, words, severity):
    docs = make_docs(tmp_path)
    path = docs / "studie" / file
    edit(path, old, new)
    site, problems = load_site(docs)
    found = [p for p in problems.items if p.field == field and p.severity == severity]
    assert found, f"no {severity} on {field}; got {[str(p) for p in problems.items]}"
    problem = found[0]
    if field.startswith("partners["):
        assert problem.file == "studie/study.md"
    else:
        assert problem.file == f"studie/{file}"
    if needle:
        where = docs / problem.file
        assert problem.line == line_of(where, needle), str(problem)
    else:
        assert problem.line is None or problem.line >= 1
    for word in words:
        assert word in problem.message, str(problem)


def test_all_problems_reported_together(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/narratives/r01.md", "segment: a ", "segment: c ")
    edit(docs / "studie/actions.md", "owner: gemeente ", "owner: wijkteam ")
    edit(docs / "studie/shopping/bezoek.md", "channel: balie ", "channel: loket ")
    _, problems = load_site(docs)
    assert {p.file for p in problems.errors} == {"studie/narratives/r01.md", "studie/actions.md", "studie/shopping/bezoek.md"}


def test_front_matter_that_does_not_parse(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/narratives/r01.md", "pseudonym: Mevrouw A.", "pseudonym: [Mevrouw A.")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "studie/narratives/r01.md" and "not valid YAML" in problem.message
    assert problem.line is not None and problem.line >= line_of(docs / problem.file, "pseudonym:")


def test_front_matter_that_is_a_list(tmp_path):
    docs = make_docs(tmp_path)
    (docs / "lijst.md").write_text("---\n- a\n- b\n---\nTekst\n", encoding="utf-8")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "lijst.md" and problem.line == 2 and "mapping" in problem.message and "a list" in problem.message


def test_not_utf8(tmp_path):
    docs = make_docs(tmp_path)
    path = docs / "studie/narratives/r02.md"
    path.write_bytes("---\nkek: narrative\nrespondent: R02\nsegment: a\n---\nCaf\xe9\n".encode("latin-1"))
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "studie/narratives/r02.md" and "not UTF-8" in problem.message and problem.line == 6


def test_file_too_large(tmp_path):
    docs = make_docs(tmp_path)
    path = docs / "studie/narratives/r02.md"
    path.write_text("---\nkek: narrative\nrespondent: R02\nsegment: a\n---\n" + "woord " * 900_000, encoding="utf-8")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert "MB" in problem.message and "max_file_size" in problem.message
    _, problems = load_site(docs, max_bytes=10_000_000)
    assert not problems.errors


def test_unknown_kind(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/narratives/r01.md", "kek: narrative", "kek: narratief")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.field == "kek" and problem.line == 4 and "did you mean 'narrative'" in problem.message


def test_kek_file_outside_a_study(tmp_path):
    docs = make_docs(tmp_path)
    shutil.move(docs / "studie/narratives/r01.md", docs / "los.md")
    _, problems = load_site(docs)
    assert any(p.file == "los.md" and "outside any study" in p.message for p in problems.errors)


def test_two_action_plans(tmp_path):
    docs = make_docs(tmp_path)
    shutil.copy(docs / "studie/actions.md", docs / "studie/narratives/actions2.md")
    _, problems = load_site(docs)
    assert any("at most one" in p.message for p in problems.errors)


def test_duplicate_respondent(tmp_path):
    docs = make_docs(tmp_path)
    shutil.copy(docs / "studie/narratives/r01.md", docs / "studie/narratives/r01-kopie.md")
    _, problems = load_site(docs)
    [problem] = [p for p in problems.errors if p.field == "respondent"]
    assert "already used" in problem.message and problem.line == line_of(docs / problem.file, "respondent:")


def test_follows_names_an_action_of_the_previous_round(tmp_path):
    docs = make_docs(tmp_path)
    shutil.copytree(docs / "studie", docs / "studie-2027")
    edit(docs / "studie-2027/study.md", "round: 2026-voorjaar", "round: 2027-voorjaar")
    edit(docs / "studie-2027/study.md", "fieldwork: {start: 2026-01-12, end: 2026-03-27}", "fieldwork: {start: 2027-01-12, end: 2027-03-27}")
    edit(docs / "studie-2027/actions.md", "    title: Bevestiging na een aanvraag", "    follows: A1\n    title: Bevestiging na een aanvraag")
    site, problems = load_site(docs)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert [s.folder for s in site.journeys()["nieuw-onderzoek"]] == ["studie", "studie-2027"]
    edit(docs / "studie-2027/actions.md", "follows: A1", "follows: A7")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.field == "actions[0].follows" and "not an action of the previous round" in problem.message and "A1" in problem.message


def test_example_study_is_valid(example_study):
    site, problems = load_site(example_study.parent)
    assert not problems.items, [str(p) for p in problems.items]
    assert len(site.studies[0].narratives) == 5
