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
    ("actions.md", "  - id: A1 ", "  - id: A-1\n    title: Dubbel\n    owner: gemeente\n    due: 2026-10-01\n  - id: A 1 ", "actions[1].id", "id: A 1", ["'A 1' and 'A-1'", "address 'a-1'"], "error"),
    # (1.1) study.md: themes, kpis, organisation, addresses, privacy keys
    ("study.md", "  - {id: geen-bevestiging, label: Geen bevestiging na een aanvraag}", "  - {id: geen-bevestiging, label: Geen bevestiging na een aanvraag}\n  - {id: geen-bevestiging, label: Tweede}",
     "themes[1].id", "label: Tweede", ["duplicate id 'geen-bevestiging'"], "error"),
    ("study.md", "  aanvragen:\n    - {label: Doorlooptijd", "  aanvrage:\n    - {label: Doorlooptijd", "kpis.aanvrage", "  aanvrage:", ["unknown step 'aanvrage'", "did you mean 'aanvragen'"], "error"),
    ("study.md", "value: 5, unit: dagen", "value: vijf, unit: dagen", "kpis.aanvragen[0].value", "value: vijf", ["'vijf' is not a number", "62.5"], "error"),
    ("study.md", "target: 2, better", "target: 2 dagen, better", "kpis.aanvragen[0].target", "target: 2 dagen", ["not a number", "unit"], "error"),
    ("study.md", "better: lower}", "better: lager}", "kpis.aanvragen[0].better", "better: lager", ["'lager' is not valid", "'lower' or 'higher'"], "error"),
    ("study.md", "redact: []", "redact: [Voorbeeld]", "organisation", "organisation: Gemeente Voorbeeld", ["organisation 'Gemeente Voorbeeld' contains 'Voorbeeld'", "anonymise.redact"], "error"),
    ("study.md", "redact: []", "redact: [{term: Voorbeeld, as: de stad}]", "organisation", "organisation: Gemeente Voorbeeld", ["contains 'Voorbeeld'"], "error"),
    ("study.md", "  - {id: b, label: Segment B}", "  - {id: a!, label: Segment B}", "segments[1].id", "label: Segment B", ["'a!' and 'a'", "address 'a'"], "error"),
    ("study.md", "  - {id: afronden, label: Afronden", "  - {id: Aanvragen, label: Afronden", "steps[2].id", "label: Afronden", ["'Aanvragen' and 'aanvragen'", "address 'aanvragen'"], "error"),
    ("study.md", "  redact: []", "  redcat: []", "anonymise.redcat", "redcat:", ["did you mean 'redact'", "privacy key"], "error"),
    ("study.md", "anonymise:", "anonymize:", "anonymize", "anonymize:", ["did you mean 'anonymise'"], "error"),
    ("study.md", "anonymise:", "sensitive: [Voorbeeldstraat]\nanonymise:", "sensitive", "sensitive: [Voorbeeldstraat]", ["does nothing here", "narrative"], "error"),
    ("study.md", "goal: Knelpunten", "goal: Eerste doel\ngoal: Knelpunten", "goal", "goal: Knelpunten", ["'goal' is written twice", "on lines 11 and 12"], "error"),
    ("study.md", "journey_type: transactioneel ", "", "journey_type", None, ["'journey_type' is required", "transactioneel", "symbolisch"], "error"),
    ("study.md", "  - {id: gemeente, name: Gemeente Voorbeeld}", "  - {id: gemeente, name: Gemeente Voorbeeld}\n  - {id: tweede, name: gemeente voorbeeld!}",
     "partners[1].name", "name: gemeente voorbeeld!", ["'gemeente voorbeeld!' and 'Gemeente Voorbeeld'", "address 'gemeente-voorbeeld'"], "error"),
    # (1.1) narrative
    ("narratives/r01.md", "theme: geen-bevestiging ", "theme: geen-bevestigng ", "experiences[0].theme", "theme: geen-bevestigng", ["unknown theme 'geen-bevestigng'", "did you mean 'geen-bevestiging'"], "error"),
    ("narratives/r01.md", "segment: a ", "", "segment", None, ["'segment' is required", "one of: a, b"], "error"),
    ("narratives/r01.md", "sensitive: []", "sensitve: [Jansen]", "sensitve", "sensitve:", ["did you mean 'sensitive'", "privacy key"], "error"),
    ("narratives/r01.md", "respondent_names: [Anna", "respondent_name: [Anna", "respondent_name", "respondent_name:", ["did you mean 'respondent_names'"], "error"),
    ("narratives/r01.md", "sensitive: []", "sensitive: [{as: haar buurman}]", "sensitive[0].term", "sensitive:", ["'term' is required"], "error"),
    ("narratives/r01.md", "sensitive: []", "sensitive: [[Jansen]]", "sensitive[0]", "sensitive:", ["term (text) or {term: ..., as: ...}"], "error"),
    ("narratives/r01.md", "sensitive: []", "sensitive: [Voorbeeld]", "organisation", "organisation: Gemeente Voorbeeld", ["'sensitive' of studie/narratives/r01.md"], "error"),
    ("narratives/r01.md", "respondent_names: [Anna, Akkerman]", "respondent_names: [Voorbeeld]", "organisation", "organisation: Gemeente Voorbeeld", ["'respondent_names' of studie/narratives/r01.md"], "error"),
    ("narratives/r01.md", "method: persoonlijk ", "method: persoonlijk\nmethod: online ", "method", "method: online", ["'method' is written twice"], "error"),
    ("narratives/r01.md", "  - step: aanvragen ", "  - step: aanvragen\n    step: afronden ", "experiences[0].step", "step: afronden", ["'step' is written twice"], "error"),
    # (1.1) measurement
    ("metingen/tussenmeting.md", "  aanvragen: {n: 24", "  aanvrage: {n: 24", "scores.aanvrage", "aanvrage: {n: 24", ["unknown step 'aanvrage'", "did you mean 'aanvragen'"], "error"),
    ("metingen/tussenmeting.md", "segment: a ", "segment: c ", "segment", "segment: c", ["unknown segment 'c'", "a, b"], "error"),
    ("metingen/tussenmeting.md", "{n: 24, mean: 10}", "{n: 0, mean: 10}", "scores.aanvragen.n", "aanvragen: {n: 0", ["at least 1"], "error"),
    ("metingen/tussenmeting.md", "{n: 24, mean: 10}", "{n: 2.5, mean: 10}", "scores.aanvragen.n", "aanvragen: {n: 2.5", ["not a whole number"], "error"),
    ("metingen/tussenmeting.md", "{n: 24, mean: 10}", "{n: 24, mean: 150}", "scores.aanvragen.mean", "mean: 150", ["-100 to 100"], "error"),
    ("metingen/tussenmeting.md", "{n: 24, mean: 10}", "{n: 24, mean: veel}", "scores.aanvragen.mean", "mean: veel", ["not a number", "-100 to 100"], "error"),
    ("metingen/tussenmeting.md", "date: 2026-11-15", "date: 2026-11-31", "date", "date: 2026-11-31", ["not a real date"], "error"),
    ("metingen/tussenmeting.md", "source: Klantpanel Dienstverlening ", "", "source", None, ["'source' is required"], "error"),
    ("metingen/tussenmeting.md", "# scores_csv: meting.csv ", "scores_csv: meting.csv ", "scores_csv", "scores_csv: meting.csv", ["either 'scores' or 'scores_csv'"], "error"),
    ("metingen/tussenmeting.md", "scores:  ", "scoers:  ", "scoers", "scoers:", ["did you mean 'scores'"], "warning"),
]
CASES = [case for case in CASES if case[3] is not None]
STUDY_FIELDS = ("partners[", "organisation")  # problems reported in study.md whichever file names the term


@pytest.mark.parametrize("file,old,new,field,needle,words,severity", CASES, ids=[f"{c[0]}:{c[3]}:{c[6]}" for c in CASES])
def test_rule(tmp_path, file, old, new, field, needle, words, severity):
    docs = make_docs(tmp_path)
    path = docs / "studie" / file
    edit(path, old, new)
    site, problems = load_site(docs)
    found = [p for p in problems.items if p.field == field and p.severity == severity]
    assert found, f"no {severity} on {field}; got {[str(p) for p in problems.items]}"
    problem = found[0]
    if field.startswith(STUDY_FIELDS):
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


# --- every mistake at once, and what is valid (issue 13.4) ---------------------------------------------------


SEVEN = {  # field -> words; seven mistakes of different kinds in one narrative
    "segment": ["unknown segment 'c'", "a, b"],  # a reference to study.md
    "interviewed": ["not a real date"],  # a value
    "experiences[0].step": ["unknown step 'aanvrage'"],  # a reference, in the same item as ...
    "experiences[0].score": ["-100 to 100"],  # ... a value out of range
    "experiences[0].channel": ["did you mean 'website'"],  # a word outside the list
    "experiences[0].theme": ["unknown theme 'geen-bevestigng'"],  # a (1.1) reference
    "sensitve": ["did you mean 'sensitive'"],  # a misspelt privacy key
}


def test_seven_mistakes_in_one_file_are_reported_in_one_run(tmp_path):
    docs = make_docs(tmp_path)
    path = docs / "studie/narratives/r01.md"
    for old, new in [("segment: a ", "segment: c "), ("interviewed: 2026-02-03", "interviewed: 2026-02-30"),
                     ("  - step: aanvragen ", "  - step: aanvrage "), ("score: -30 ", "score: -130 "),
                     ("channel: website ", "channel: webiste "), ("theme: geen-bevestiging ", "theme: geen-bevestigng "),
                     ("sensitive: []", "sensitve: [Jansen]")]:
        edit(path, old, new)
    _, problems = load_site(docs)
    errors = {p.field: p for p in problems.errors}
    assert set(errors) == set(SEVEN), [str(p) for p in problems.items]
    assert all(p.file == "studie/narratives/r01.md" and p.line for p in errors.values())
    for field, words in SEVEN.items():
        assert all(w in errors[field].message for w in words), str(errors[field])


def test_cross_file_rules_still_run_when_study_md_has_errors(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/study.md", "journey_type: transactioneel", "journey_type: transactionel")
    edit(docs / "studie/narratives/r01.md", "segment: a ", "segment: c ")
    _, problems = load_site(docs)
    assert {p.field for p in problems.errors} == {"journey_type", "segment"}, [str(p) for p in problems.errors]


def test_an_invalid_list_in_study_md_does_not_make_every_reference_unknown(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/study.md", "  - {id: afronden, label: Afronden, phase: na", "  - {id: [afronden], label: Afronden, phase: na")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.field == "steps[2].id" and "should be text" in problem.message


def test_a_missing_field_says_what_is_valid_for_it(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/narratives/r01.md", "segment: a ", "")
    edit(docs / "studie/shopping/bezoek.md", "channel: balie ", "")
    edit(docs / "studie/actions.md", "owner: gemeente ", "")
    _, problems = load_site(docs)
    messages = {p.field: p.message for p in problems.errors}
    assert messages["segment"].startswith("'segment' is required: a segment id of the study, one of: a, b")
    assert "balie, telefoon, website" in messages["channel"]
    assert "one of: gemeente" in messages["actions[0].owner"]
    assert not any("keys here" in m or "touchpoint" in m for m in messages.values()), messages


def test_a_tab_in_front_matter_says_use_spaces(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/narratives/r01.md", "    partner: gemeente ", "\tpartner: gemeente ")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert "use spaces, not tabs" in problem.message and problem.line == line_of(docs / problem.file, "\tpartner")


def test_a_key_written_twice_names_both_lines(tmp_path):
    docs = make_docs(tmp_path)
    path = docs / "studie/narratives/r01.md"
    edit(path, "respondent_names: [Anna, Akkerman]", "respondent_names: [Anna, Akkerman]\nsensitive: [Jolanda]")
    first, second = line_of(path, "sensitive: []"), line_of(path, "sensitive: [Jolanda]")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert (problem.file, problem.line, problem.field) == ("studie/narratives/r01.md", second, "sensitive")
    assert f"on lines {first} and {second}" in problem.message


@pytest.mark.parametrize("privacy_key,misspelt", [("sensitive", "Sensitive"), ("sensitive", "sensitief"), ("sensitive", "senstive"),
                                                  ("respondent_names", "respondentnames"), ("sensitive", "sensitives")])
def test_a_misspelt_privacy_key_is_an_error(tmp_path, privacy_key, misspelt):
    docs = make_docs(tmp_path)
    edit(docs / "studie/narratives/r01.md", "sensitive: []", f"{misspelt}: [Jansen]")
    _, problems = load_site(docs)
    assert [p.field for p in problems.errors] == [misspelt] and privacy_key in problems.errors[0].message


def test_an_ordinary_unknown_key_stays_a_warning(tmp_path):
    docs = make_docs(tmp_path)
    edit(docs / "studie/narratives/r01.md", "method: persoonlijk", "methode: persoonlijk")
    _, problems = load_site(docs)
    assert not problems.errors and [p.field for p in problems.warnings] == ["methode"]


# --- files that vanish (issue 13.5) ---------------------------------------------------------------------------


def test_unclosed_front_matter_is_reported_once(tmp_path):
    docs = make_docs(tmp_path)
    path = docs / "studie/narratives/r01.md"
    path.write_text(path.read_text("utf-8").replace("\n---\nHet verhaal", "\nHet verhaal", 1), encoding="utf-8")
    site, problems = load_site(docs)
    [problem] = problems.items
    assert problem.file == "studie/narratives/r01.md" and problem.severity == "error" and "not closed" in problem.message
    assert "studie/narratives/r01.md" in site.study_files and not site.studies[0].narratives


def test_outside_a_study_unclosed_front_matter_warns_only_when_it_looks_like_kek(tmp_path):
    docs = make_docs(tmp_path)
    (docs / "regel.md").write_text("---\n\nEen pagina die met een lijn begint.\n", encoding="utf-8")
    (docs / "los.md").write_text("---\nkek: narrative\nrespondent: R09\n\nTekst.\n", encoding="utf-8")
    site, problems = load_site(docs)
    assert [(p.file, p.severity) for p in problems.items] == [("los.md", "warning")]
    assert {p.rel for p in site.pages} == {"regel.md", "los.md"}


def test_raw_files_under_a_study_are_reported_as_not_published(tmp_path):
    docs = make_docs(tmp_path)
    (docs / "studie/transcripten").mkdir()
    (docs / "studie/transcripten/r01.docx").write_bytes(b"PK\x03\x04")
    (docs / "studie/transcripten/r01.txt").write_text("Interview met ...", encoding="utf-8")
    site, problems = load_site(docs)
    [info] = problems.infos
    assert info.file == "studie" and "not published" in info.message and "transcripten/r01.docx" in info.message
    assert "2 files" in info.message and not problems.errors and not problems.warnings
    assert {"studie/transcripten/r01.docx", "studie/transcripten/r01.txt"} <= site.study_files


def test_a_page_in_a_study_that_lost_its_kek_key_is_a_warning(tmp_path):
    docs = make_docs(tmp_path)
    path = docs / "studie/narratives/r01.md"
    edit(path, "kek: narrative\n", "")
    site, problems = load_site(docs)
    [warning] = problems.warnings
    assert warning.file == "studie/narratives/r01.md" and "kek: narrative" in warning.message
    assert [p.rel for p in site.studies[0].pages] == ["studie/narratives/r01.md"]


def test_ordinary_pages_in_a_study_belong_to_it(tmp_path):
    docs = make_docs(tmp_path)
    (docs / "studie/methode.md").write_text("# Methode\n\nZo is het onderzoek gedaan.\n", encoding="utf-8")
    (docs / "studie/bijlagen").mkdir()
    (docs / "studie/bijlagen/vragen.md").write_text("---\ntitle: Vragenlijst\n---\nDe vragen.\n", encoding="utf-8")
    site, problems = load_site(docs)
    assert not problems.items
    assert [p.rel for p in site.studies[0].pages] == ["studie/bijlagen/vragen.md", "studie/methode.md"]
    assert not site.pages and {"studie/methode.md", "studie/bijlagen/vragen.md"} <= site.study_files


# --- addresses across studies (issue 11.12) ----------------------------------------------------------------------


def two_rounds(tmp_path: Path) -> Path:
    docs = make_docs(tmp_path)
    shutil.copytree(docs / "studie", docs / "studie-2027")
    edit(docs / "studie-2027/study.md", "round: 2026-voorjaar", "round: 2027-voorjaar")
    edit(docs / "studie-2027/study.md", "fieldwork: {start: 2026-01-12, end: 2026-03-27}", "fieldwork: {start: 2027-01-12, end: 2027-03-27}")
    return docs


def test_rounds_of_a_journey_need_their_own_address(tmp_path):
    docs = two_rounds(tmp_path)
    edit(docs / "studie-2027/study.md", "round: 2027-voorjaar", "round: 2026 voorjaar")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.field == "round" and "'2026 voorjaar' and round '2026-voorjaar'" in problem.message


def test_journeys_with_one_address_are_an_error(tmp_path):
    docs = two_rounds(tmp_path)
    edit(docs / "studie-2027/study.md", "journey: nieuw-onderzoek", "journey: Nieuw onderzoek")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.field == "journey" and "would share the address 'nieuw-onderzoek'" in problem.message


def test_a_theme_id_is_one_theme_site_wide(tmp_path):
    docs = two_rounds(tmp_path)
    site, problems = load_site(docs)
    assert not problems.items  # the same id in two rounds: one theme
    edit(docs / "studie-2027/study.md", "{id: geen-bevestiging,", "{id: Geen bevestiging,")
    edit(docs / "studie-2027/narratives/r01.md", "theme: geen-bevestiging ", "theme: Geen bevestiging ")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.field == "themes[0].id" and "studie/study.md" in problem.message and "'geen-bevestiging'" in problem.message


def test_every_markdown_extension_mkdocs_reads_is_checked(tmp_path):
    docs = make_docs(tmp_path)
    (docs / "studie/narratives/r01.md").rename(docs / "studie/narratives/r01.mkd")
    edit(docs / "studie/narratives/r01.mkd", "segment: a ", "segment: c ")
    (docs / "pagina.mdown").write_text("---\ntitle: &t Pagina\n---\n", encoding="utf-8")
    site, problems = load_site(docs)
    assert {(p.file, p.field) for p in problems.errors} == {("studie/narratives/r01.mkd", "segment"), ("pagina.mdown", "")}
