"""The tracker's exports: actions.csv, actions.json and actions.ics.

- actions.csv opens correctly in Dutch Excel: UTF-8 with a byte order mark,
  `;` as separator, CRLF line ends, headers in the site's language, and safe
  against formula injection: a cell starting with = + - @, a tab or a carriage
  return is prefixed with an apostrophe (') so spreadsheets show it as text.
- actions.json: {"actions": [...]}, one record per action with the study, the
  round, every field of the action as written, the partners' names and a
  boolean `overdue`.
- actions.ics (RFC 5545): one all-day VEVENT per action on its due date, with
  a UID that stays the same across builds (study folder + action id), CRLF
  line ends, escaped and folded text. It carries no contact and no update
  notes: only the action, its owner organisation, status and study.

All three take a compute.tracker.Tracker; the texts are published as they
are in the study, so the caller passes anonymised studies.

Every text in every export goes through `plain_text` first: control characters
(NUL, ESC, DEL, the C1 range ...) and invisible format characters (bidi
overrides, BOM, word joiner ...) are removed, line separators (VT, FF, NEL,
U+2029, CR) become a newline; a tab stays; ZWJ and ZWNJ stay
(Persian, Indic scripts and emoji need them). Only then is a CSV cell made
formula-safe, so "\0=HYPERLINK(...)" is neutralised too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata

from ..compute.tracker import TrackedAction, Tracker
from ..model.site import slug
from ..render import i18n

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = ("study", "round", "id", "title", "steps", "owner", "with", "contact", "due", "measure",
               "status", "overdue", "latest_date", "latest_note")


_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_KEEP_FORMAT = {"\u200c", "\u200d"}  # ZWNJ, ZWJ: part of spelling in some scripts, and of emoji


def _unwanted(ch: str) -> bool:
    if ch in "\n\t":
        return False
    category = unicodedata.category(ch)
    return category == "Cc" or (category == "Cf" and ch not in _KEEP_FORMAT) or category == "Cs"



def plain_text(value: object) -> str:
    """A text safe in every export: no control or invisible format characters, newlines for line breaks."""
    text = "" if value is None else str(value)
    if text.isprintable():
        return text
    text = _LINE_BREAKS.sub("\n", text)
    return "".join(ch for ch in text if ch.isprintable() or not _unwanted(ch))


def plain_data(value):
    """plain_text applied to every string (keys included) of JSON-like data."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, dict):
        return {plain_data(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    return value


def neutralise(cell: object) -> str:
    """A cell as text that no spreadsheet evaluates as a formula (control characters removed first)."""
    text = plain_text(cell)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def actions_csv(tracker: Tracker, language: str = "nl") -> bytes:
    """UTF-8 with BOM, `;`-separated, one row per action, headers in `language`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(i18n.label(language, f"actions.csv.{c}")) for c in CSV_COLUMNS])
    for t in tracker.actions:
        a, v = t.action, t.view
        latest = v.latest
        row = [
            t.study.meta.title,
            t.round,
            a.id,
            a.title,
            ", ".join(label for _, label in v.steps),
            v.owner_name,
            ", ".join(v.with_names),
            a.contact or "",
            a.due.isoformat(),
            a.measure or "",
            i18n.label(language, f"actions.status.{a.status}"),
            i18n.label(language, "actions.yes" if t.overdue else "actions.no"),
            latest.date.isoformat() if latest else "",
            (latest.note or "") if latest else "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def action_record(t: TrackedAction) -> dict:
    """One action as JSON: where it comes from, every field as written, names, and `overdue`."""
    a, v = t.action, t.view
    record = {
        "study": t.study.folder,
        "study_title": t.study.meta.title,
        "journey": t.study.journey,
        "round": t.round,
    }
    record.update(a.model_dump(mode="json", by_alias=True))
    record.update({
        "owner_name": v.owner_name,
        "with_names": list(v.with_names),
        "step_labels": [label for _, label in v.steps],
        "latest_update": v.latest.model_dump(mode="json") if v.latest else None,
        "reference_date": t.reference.isoformat(),
        "overdue": bool(t.overdue),
    })
    return record


def actions_json(tracker: Tracker) -> str:
    records = plain_data([action_record(t) for t in tracker.actions])
    return json.dumps({"actions": records}, ensure_ascii=False, indent=2) + "\n"


def actions_ics(tracker: Tracker, language: str = "nl", *, stamp: dt.date | None = None) -> bytes:
    """An iCalendar file with one all-day event per due date.

    `stamp` is written as DTSTAMP (required by RFC 5545); pass the build's
    reference date (SOURCE_DATE_EPOCH) for reproducible output.
    """
    stamp = stamp or dt.date.today()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kekpublish//actions//" + language.upper(),
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             "X-WR-CALNAME:" + ics_escape(i18n.label(language, "actions.ics.calendar"))]
    for t in tracker.actions:
        a, v = t.action, t.view
        status = i18n.label(language, f"actions.status.{a.status}")
        if t.overdue:
            status += " – " + i18n.label(language, "actions.overdue")
        summary = f"{a.id} {a.title} ({v.owner_name})"
        description = "\n".join(filter(None, [
            f"{i18n.label(language, 'actions.study')}: {t.study.meta.title} ({t.round})",
            f"{i18n.label(language, 'actions.owner')}: {v.owner_name}",
            f"{i18n.label(language, 'actions.status')}: {status}",
            f"{i18n.label(language, 'actions.measure')}: {a.measure}" if a.measure else "",
        ]))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{slug(t.study.folder or 'kek')}-{slug(a.id)}@kekpublish",
            "DTSTAMP:" + stamp.strftime("%Y%m%d") + "T000000Z",
            "DTSTART;VALUE=DATE:" + a.due.strftime("%Y%m%d"),
            "DTEND;VALUE=DATE:" + (a.due + dt.timedelta(days=1)).strftime("%Y%m%d"),
            "SUMMARY:" + ics_escape(summary),
            "DESCRIPTION:" + ics_escape(description),
            "CATEGORIES:" + ics_escape(status),
            "STATUS:" + ("CANCELLED" if a.status == "dropped" else "CONFIRMED"),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def ics_escape(text: str) -> str:
    """RFC 5545 TEXT: control characters removed, backslash, semicolon, comma and line breaks escaped."""
    text = plain_text(text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets, never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1  # continuation lines start with one space
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)



# --- themes across journeys (themas/themes.csv, themes.json) ------------------------------------

THEME_COLUMNS = ("id", "label", "journeys", "steps", "partners", "respondents_latest", "respondents", "visits", "chain",
                 "actions", "movement")


def _theme_steps(theme) -> list[str]:
    return list(dict.fromkeys(label for o in theme.occurrences for _, label in o.steps))


def themes_csv(themes, language: str = "nl") -> bytes:
    """The themes page as CSV, written like actions.csv (BOM, `;`, CRLF, formula-safe cells), widest reach first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(i18n.label(language, f"themes.csv.{c}")) for c in THEME_COLUMNS])
    for theme in themes:
        actions = [f"{a.id} {a.title} ({i18n.label(language, f'actions.status.{a.status}')})" for _, a in theme.actions]
        movement = ["; ".join(f"{r.study.meta.round}: {r.respondents}" for r in m.rounds) for m in theme.movements]
        row = [theme.id, theme.label, ", ".join(theme.journeys), ", ".join(_theme_steps(theme)), ", ".join(theme.partners),
               theme.latest_respondents, theme.respondents, theme.visits,
               i18n.label(language, "actions.yes" if theme.chain else "actions.no"), " | ".join(actions), " | ".join(movement)]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def theme_record(theme) -> dict:
    """One theme as JSON: where it occurs (study, round, steps, respondent codes), actions, movement between rounds."""
    return {
        "id": theme.id, "label": theme.label, "journeys": theme.journeys, "chain": theme.chain,
        "partners": theme.partners, "respondents_latest": theme.latest_respondents, "respondents": theme.respondents,
        "visits": theme.visits,
        "occurrences": [{"study": o.study.folder, "study_title": o.study.meta.title, "journey": o.study.journey,
                         "round": o.study.meta.round, "steps": [step for step, _ in o.steps],
                         "step_labels": [lbl for _, lbl in o.steps], "chain": o.chain, "partners": list(o.partners),
                         "respondents": [s.code for s in o.sources if s.kind == "narrative"],
                         "visits": [s.key for s in o.sources if s.kind != "narrative"],
                         "actions": [{"id": a.id, "title": a.title, "status": a.status} for a in o.actions]}
                        for o in theme.occurrences],
        "movement": [{"journey": m.journey, "state": m.state,
                      "rounds": [{"study": r.study.folder, "round": r.study.meta.round, "respondents": r.respondents,
                                  "visits": r.visits} for r in m.rounds]} for m in theme.movements],
    }


def themes_json(themes) -> str:
    return json.dumps({"themes": plain_data([theme_record(t) for t in themes])}, ensure_ascii=False, indent=2) + "\n"


__all__ = ["CSV_COLUMNS", "THEME_COLUMNS", "action_record", "actions_csv", "actions_ics", "actions_json", "fold", "ics_escape",
           "neutralise", "plain_data", "plain_text", "theme_record", "themes_csv", "themes_json"]
