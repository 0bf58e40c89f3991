"""actions.csv (Dutch Excel, formula-safe), actions.json and actions.ics."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from conftest import ROUND1, ROUND2
from kekpublish.compute.tracker import build_tracker
from kekpublish.export import tables
from kekpublish.publish.options import Options

TODAY = dt.date(2027, 7, 1)


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    text = data[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_dutch_excel(site):
    tracker = build_tracker(site, Options(today=TODAY))
    rows = rows_of(tables.actions_csv(tracker, "nl"))
    header, body = rows[0], rows[1:]
    assert header == ["Onderzoek", "Ronde", "Id", "Actie", "Stappen", "Eigenaar", "Samen met", "Contactpersoon (rol)",
                      "Streefdatum", "Meetbaar resultaat", "Status", "Te laat", "Datum laatste voortgang", "Laatste voortgang"]
    assert len(body) == 9 and all(len(r) == len(header) for r in body)
    a1 = body[0]
    assert a1[:4] == ["Overlijden van een naaste in Lindewaard", "2026-voorjaar", "A1",
                      "Bevestigen dat de aangifte van overlijden is verwerkt, en wie het bericht krijgt"]
    assert a1[8] == "2026-09-01" and a1[10] == "In uitvoering" and a1[11] == "ja"
    assert a1[12] == "2026-09-15" and a1[13].startswith("Koppeling met MijnOverheid")
    assert body[2][4] == "De uitvaart regelen, Nabestaandenuitkering en AOW"  # A3: step labels
    assert [r[11] for r in body] == ["ja", "nee", "nee", "nee", "nee", "nee", "ja", "nee", "nee"]


def test_csv_formula_cells_neutralised(site):
    rows = rows_of(tables.actions_csv(build_tracker(site, Options(today=TODAY)), "nl"))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    b1 = next(r for r in rows if r[2] == "B1")
    b2 = next(r for r in rows if r[2] == "B2")
    assert b1[3] == "'" + '=HYPERLINK("http://example.org","klik")'
    assert b1[7] == "'@Teamleider" and b1[9] == "'+31 procent bereik"
    assert b2[3] == "'-Sneller toegang tot de rekening" and b2[9] == "'\tDoorlooptijd zichtbaar"
    assert b2[13] == "Klaar; doorlooptijd staat in de app."  # a ';' inside a cell survives quoting
    assert tables.neutralise("2026-09-01") == "2026-09-01" and tables.neutralise(None) == ""


def test_csv_english_headers(site):
    rows = rows_of(tables.actions_csv(build_tracker(site, Options(today=TODAY)), "en"))
    assert rows[0][:4] == ["Study", "Round", "Id", "Action"] and rows[1][10] == "In progress" and rows[1][11] == "yes"


def test_json_records(site):
    data = json.loads(tables.actions_json(build_tracker(site, Options(today=TODAY))))
    records = data["actions"]
    assert len(records) == 9
    a1 = records[0]
    assert a1["study"] == ROUND1 and a1["round"] == "2026-voorjaar" and a1["journey"] == "overlijden"
    assert a1["overdue"] is True and isinstance(a1["overdue"], bool)
    # every field of the action, under its format key
    for key in ("id", "title", "steps", "owner", "with", "contact", "due", "measure", "status", "follows", "updates"):
        assert key in a1
    assert a1["due"] == "2026-09-01" and a1["updates"][0] == {"date": "2026-06-30", "status": "in_progress",
                                                               "note": "Tekst van de bevestiging afgestemd met Burgerzaken."}
    b1 = next(r for r in records if r["id"] == "B1")
    assert b1["study"] == ROUND2 and b1["follows"] == "A3" and b1["with"] == ["uitvaart"]
    assert b1["owner_name"] == "Sociale Verzekeringsbank" and b1["overdue"] is False
    assert [r["overdue"] for r in records].count(True) == 2


def test_ics(site):
    tracker = build_tracker(site, Options(today=TODAY))
    data = tables.actions_ics(tracker, "nl", stamp=TODAY)
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    events = unfolded.split("BEGIN:VEVENT\r\n")[1:]
    assert len(events) == 9
    uids = [line for line in unfolded.split("\r\n") if line.startswith("UID:")]
    assert uids[0] == f"UID:{ROUND1}-a1@kekpublish" and len(set(uids)) == 9
    assert "DTSTART;VALUE=DATE:20260901\r\nDTEND;VALUE=DATE:20260902" in events[0]
    assert "DTSTAMP:20270701T000000Z" in events[0]
    assert "\\;" in events[0]  # the measure's ';' is escaped
    assert "Teamleider" not in unfolded  # no contact persons, no notes
    assert "Koppeling met MijnOverheid" not in unfolded
    assert "STATUS:CANCELLED" in events[5]  # A6 dropped
    # stable: the same input gives the same bytes
    assert tables.actions_ics(build_tracker(site, Options(today=TODAY)), "nl", stamp=TODAY) == data


def test_ics_text_helpers():
    assert tables.ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = tables.fold("X" * 70 + "éééé")
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "X" * 70 + "éééé"
