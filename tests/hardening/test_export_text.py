"""Control and invisible characters never reach actions.csv, actions.json or actions.ics; CSV stays formula-safe (issue 11.13)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata

import pytest

from kekpublish.compute.tracker import build_tracker
from kekpublish.export import tables
from kekpublish.model import load_site
from kekpublish.publish.options import Options

TITLE = '"\\0=HYPERLINK(1)\\eB\\vC\\fD\\NE\\LF\\PG\\u202eH\\u2060I\\r\\nJ\\x7fK\\x9bL\\u200dM\\tN"'
NOTE = '"Regel\\L twee\\x1b[31m rood\\x00"'
MEASURE = '"\\x00@SUM(A1)\\u2066x\\u2069"'


@pytest.fixture
def tracker(tmp_path, example_study):
    plan = example_study / "actions.md"
    text = plan.read_text("utf-8")
    text = text.replace("    title: Bevestigen dat de aangifte van overlijden is verwerkt, en wie het bericht krijgt",
                        f"    title: {TITLE}", 1)
    text = text.replace("note: Koppeling met MijnOverheid vertraagd door leverancier; nieuwe planning december.}",
                        f"note: {NOTE}}}", 1)
    text = text.replace("    measure: Na elke aangifte", "    measure: " + MEASURE + "\n    x_old_measure: Na elke aangifte", 1)
    plan.write_text(text, "utf-8")
    site, problems = load_site(example_study.parent)
    if problems.errors:  # the model may refuse an unknown key: then without the measure
        plan.write_text(text.replace("    measure: " + MEASURE + "\n    x_old_measure: ", "    measure: "), "utf-8")
        site, problems = load_site(example_study.parent)
    assert not problems.errors, [str(p) for p in problems.errors]
    tracker = build_tracker(site, Options(today=dt.date(2027, 1, 1)))
    assert "\x00" in tracker.actions[0].action.title  # the model let them through: the exports must not
    return tracker


def _bad(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text
            if c not in "\n\r\t\u200d" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")]


def test_csv_has_no_control_characters_and_stays_formula_safe(tracker) -> None:
    data = tables.actions_csv(tracker, "nl")
    text = data[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert not [bad for cell in cells for bad in _bad(cell.replace("\t", ""))]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\r")]
    a1 = rows[1]
    assert a1[3].startswith("'=HYPERLINK(1)") and "\u200dM" in a1[3]  # the formula neutralised after NUL went
    assert "B\nC\nD\nE\nF\nG" in a1[3]  # line separators are newlines (quoted in the cell)
    assert all(row[-1].count("\x1b") == 0 for row in rows)


def test_json_has_no_control_characters(tracker) -> None:
    text = tables.actions_json(tracker)
    assert not _bad(text.replace("\n", ""))
    assert "\\u0000" not in text and "\\u001b" not in text and "\\u000b" not in text
    record = json.loads(text)["actions"][0]
    assert not _bad(record["title"].replace("\n", ""))
    notes = json.dumps(record, ensure_ascii=False)
    assert "\u2028" not in notes and "\x1b" not in notes


def test_ics_has_no_control_characters(tracker) -> None:
    data = tables.actions_ics(tracker, "nl", stamp=dt.date(2027, 1, 1)).decode("utf-8")
    lines = data.split("\r\n")
    assert lines[-1] == "" and all("\r" not in line and "\n" not in line for line in lines)
    assert not _bad(data.replace("\r\n", ""))
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:A1 =HYPERLINK(1)B\\nC\\nD\\nE\\nF\\nG")


def test_plain_text() -> None:
    assert tables.plain_text("a\x00b\x1bc\x0bd\x0ce\x85f\u2028g\u2029h\u202ei\u2060j\u200dk\r\nl\x7fm\ud800n\u00a0o\tp") == \
        "abc\nd\ne\nf\ng\nhij\u200dk\nlmn\u00a0o\tp"
    assert tables.plain_text("Gewone tekst, één regel.") == "Gewone tekst, één regel."
    assert tables.neutralise("\x00\u202e=1+1") == "'=1+1"
