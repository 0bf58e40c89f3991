"""The content format reference, generated from the typed model that validates builds.

`markdown(language)` walks the pydantic models of `types.py` (every kind in
META_BY_KIND, every field, nested items included) into a Markdown reference:
per kind a table of its fields with type, whether it is required, what it
means and an example. Because the walk reads the models themselves, a field
added to the model appears here by construction; what cannot be derived (the
meaning in Dutch, and in English where the model's `Field(description=...)` is
empty) comes from the tables below, keyed by field path (`study.segments.id`).
tests/docs/test_reference.py fails when a field lacks a description in either
language or an example, or when a table keeps an entry for a field that is gone.

The manual (docs/) calls this from an MkDocs hook at build time, so the
published reference cannot drift from the code. This module knows nothing of
MkDocs.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional, Union

import annotated_types
import pydantic
import yaml

from . import types as T

# --- the walk ------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDoc:
    """One field of the format, where it sits and what the model says about it."""

    path: str  # "study.segments.id": kind, then keys; list items and mapping values add no segment
    key: str  # the key as written in front matter ("with", not "with_")
    annotation: Any  # the type hint, Annotated extras kept
    required: bool
    default: Any
    description: str  # the model's English description, may be empty
    section: str  # the path of the table it is listed in ("study", "study.segments")
    item: Optional[type] = None  # the nested model this field holds, if any
    first: bool = True  # False where the nested model was already described under another path
    item_path: Optional[str] = None  # where that nested model is described
    canonical: str = ""  # the path where its model is first described (shopping.experiences.step -> narrative.experiences.step)


@dataclass
class Section:
    """A table of the reference: a kind, or a nested item (a segment, an experience)."""

    path: str
    model: type
    fields: list[FieldDoc] = field(default_factory=list)


EXTRA = "*"  # the path segment for free keys of a mapping that allows them (narrative.profile.*)


def kinds() -> dict[str, type]:
    """Every kind of file, in the model's order."""
    return dict(T.META_BY_KIND)


def _first_paths() -> dict[type, str]:
    """Where each model is first described, over all kinds: the key of its fields' descriptions."""
    first: dict[type, str] = {}

    def walk(model: type, path: str) -> None:
        first.setdefault(model, path)
        hints = typing.get_type_hints(model, include_extras=True)
        for name, info in model.model_fields.items():
            item = _nested_model(hints.get(name, info.annotation))
            if item is not None and item not in first:
                walk(item, f"{path}.{info.alias or name}")

    for kind, model in kinds().items():
        walk(model, kind)
    return first


def sections(kind: str) -> list[Section]:
    """The tables of one kind: the kind first, then each nested item where it first occurs.

    Every kind is self-contained (an experience is described under narrative and under
    shopping); descriptions are kept once, under the path where a model first occurs.
    """
    result: list[Section] = []
    described: dict[type, str] = {}
    canonical = _first_paths()

    def walk(model: type, path: str) -> None:
        section = Section(path, model)
        result.append(section)
        hints = typing.get_type_hints(model, include_extras=True)
        nested: list[tuple[type, str]] = []
        for name, info in model.model_fields.items():
            key = info.alias or name
            annotation = hints.get(name, info.annotation)
            item = _nested_model(annotation)
            sub = f"{path}.{key}"
            first = item is not None and item not in described
            if first:
                described[item] = sub
                nested.append((item, sub))
            section.fields.append(FieldDoc(
                path=sub, key=key, annotation=annotation, required=info.is_required(),
                default=None if info.is_required() else info.get_default(call_default_factory=True),
                description=(info.description or "").strip(), section=path, item=item,
                first=first or item is None, item_path=described.get(item) if item else None,
                canonical=f"{canonical.get(model, path)}.{key}"))
        if model.model_config.get("extra") == "allow":
            section.fields.append(FieldDoc(path=f"{path}.{EXTRA}", key=EXTRA, annotation=str, required=False,
                                           default=None, description="", section=path,
                                           canonical=f"{canonical.get(model, path)}.{EXTRA}"))
        for item, sub in nested:
            walk(item, sub)

    walk(kinds()[kind], kind)
    return result


def field_docs() -> list[FieldDoc]:
    """Every field of every kind, in reference order."""
    return [f for kind in kinds() for s in sections(kind) for f in s.fields]


def _nested_model(annotation: Any) -> Optional[type]:
    """The item model a field holds (directly, in a list, as a mapping's value or in a union)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if isinstance(arg, (str, int, float, bool)) or arg is type(None):
            continue
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


# --- types in words ------------------------------------------------------------------

WORDS = {
    "nl": {
        "text": "tekst", "prose": "tekst, geanonimiseerd", "id": "id", "date": "datum (JJJJ-MM-DD)",
        "score": "getal van −100 tot 100", "number": "getal", "whole": "geheel getal", "count": "geheel getal groter dan 0",
        "bool": "`true` of `false`", "code": "respondentcode: 1-3 hoofdletters en 1-4 cijfers",
        "one_of": "een van", "list": "lijst van", "per": "per", "mapping": "velden", "or": "of",
        "term": "tekst of `{term, as}`", "from": "van", "to": "tot en met", "free": "vrij",
        "yes": "ja", "no": "nee", "default": "zonder deze sleutel",
        "field": "Veld", "type": "Type", "required": "Verplicht", "meaning": "Betekenis", "example": "Voorbeeld",
        "see": "zie", "below": "hieronder", "same_as": "zoals bij", "item_of": "Eén item van",
        "value_of": "De waarde per sleutel van", "fields_of": "Velden van",
    },
    "en": {
        "text": "text", "prose": "text, anonymised", "id": "id", "date": "date (YYYY-MM-DD)",
        "score": "number from −100 to 100", "number": "number", "whole": "whole number", "count": "whole number above 0",
        "bool": "`true` or `false`", "code": "respondent code: 1-3 capital letters and 1-4 digits",
        "one_of": "one of", "list": "list of", "per": "per", "mapping": "mapping", "or": "or",
        "term": "text or `{term, as}`", "from": "from", "to": "to", "free": "free",
        "yes": "yes", "no": "no", "default": "without it",
        "field": "Field", "type": "Type", "required": "Required", "meaning": "Meaning", "example": "Example",
        "see": "see", "below": "below", "same_as": "as in", "item_of": "One item of",
        "value_of": "The value per key of", "fields_of": "Fields of",
    },
}

# The format's own aliases (types.py), recognised by identity; names looked up lazily so a
# model without one of them still works.
_ALIASES = ("Prose", "Text", "Id", "IsoDate", "Score", "RespondentCode", "Number", "Count", "Term")
_ALIAS_WORD = {"Prose": "prose", "Text": "text", "Id": "id", "IsoDate": "date", "Score": "score",
               "RespondentCode": "code", "Number": "number", "Count": "count", "Term": "term"}


def type_words(annotation: Any, language: str, anchor=None, keys: tuple[str, ...] = ()) -> str:
    """A field's type in the reader's words: 'lijst van id', 'per segment-id: per stap-id: getal van −100 tot 100'.

    `keys` names what the keys of nested mappings are (from KEYS), outermost first.
    """
    w = WORDS[language]
    for name in _ALIASES:
        alias = getattr(T, name, None)
        if alias is not None and annotation == alias:
            return w[_ALIAS_WORD[name]]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        base, extras = args[0], args[1:]
        if any(isinstance(x, T.ProseMarker) for x in extras):
            return w["prose"]
        return _with_bounds(type_words(base, language, anchor, keys), extras, w)
    if origin is Union:
        options = [a for a in args if a is not type(None)]
        return f" {w['or']} ".join(type_words(a, language, anchor, keys) for a in options)
    if origin is Literal:
        values = ", ".join(f"`{v}`" for v in args)
        return values if len(args) == 1 else f"{w['one_of']}: {values}"
    if origin in (list, tuple, set, frozenset):
        return f"{w['list']} {type_words(args[0], language, anchor, keys)}" if args else w["list"]
    if origin is dict:
        key = f"{keys[0]}-id" if keys else type_words(args[0], language, anchor)
        return f"{w['per']} {key}: {type_words(args[1], language, anchor, keys[1:])}"
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return f"[{w['mapping']}](#{anchor(annotation)})" if anchor else w["mapping"]
    if annotation is bool:
        return w["bool"]
    if annotation is int:
        return w["whole"]
    if annotation is float:
        return w["number"]
    if annotation is dt.date:
        return w["date"]
    return w["text"]


def _with_bounds(words: str, extras: tuple, w: dict) -> str:
    low = high = None
    for extra in extras:
        for item in [extra, *getattr(extra, "metadata", [])]:
            if isinstance(item, annotated_types.Ge):
                low = item.ge
            elif isinstance(item, annotated_types.Le):
                high = item.le
    if low is not None and high is not None:
        return f"{words} {w['from']} {low:g} {w['to']} {high:g}"
    return words


# What the keys of each mapping field are, per language, outermost first ("per segment-id: per stap-id").
KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "study.hartmonitor": {"nl": ("segment", "stap"), "en": ("segment", "step")},
    "study.target": {"nl": ("segment", "stap"), "en": ("segment", "step")},
    "study.levers": {"nl": ("stap",), "en": ("step",)},
    "study.kpis": {"nl": ("stap",), "en": ("step",)},
    "measurement.scores": {"nl": ("stap",), "en": ("step",)},
}


def keys_of(doc: "FieldDoc", language: str) -> tuple[str, ...]:
    """What the keys of a mapping field are, from KEYS (by the field's path or where its model is described)."""
    entry = KEYS.get(doc.path) or KEYS.get(doc.canonical) or {}
    return entry.get(language, ())


# --- what each field means ----------------------------------------------------------------

# Dutch for every field; English where the model's description is empty. Keys: field paths.
NL: dict[str, str] = {
    # study
    "study": "De definitie van een onderzoek: één per onderzoeksmap, meestal `study.md`. De tekst eronder wordt de overzichtspagina van het onderzoek.",
    "study.kek": "Zegt wat voor bestand dit is.",
    "study.title": "De titel van het onderzoek, zoals de site hem toont.",
    "study.life_event": "De levensgebeurtenis die u onderzoekt.",
    "study.round": "De ronde van het onderzoek, in vrije tekst. Bepaalt samen met `fieldwork.start` de volgorde van rondes.",
    "study.journey": "De id die rondes van dezelfde klantreis delen. Zonder deze sleutel: de mapnaam. Zet hem expliciet als rondes in verschillende mappen staan.",
    "study.journey_type": "Het soort klantreis volgens de KEK-methode.",
    "study.organisation": "Wie het onderzoek heeft uitgevoerd; wordt gepubliceerd zoals geschreven.",
    "study.goal": "Het doel van het onderzoek.",
    "study.scope": "Waar de klantreis begint en eindigt.",
    "study.fieldwork": "De periode van het veldwerk. `start` ordent de rondes en geeft de versie op de site.",
    "study.fieldwork.start": "Eerste dag van het veldwerk.",
    "study.fieldwork.end": "Laatste dag van het veldwerk.",
    "study.segments": "De klantsegmenten: elk segment krijgt een eigen lijn in de hartmonitor. Minstens één.",
    "study.segments.id": "De id van het segment; narratieven verwijzen ernaar met `segment`.",
    "study.segments.label": "De naam van het segment zoals de site hem toont.",
    "study.partners": "De ketenpartners. Hun namen worden altijd gepubliceerd zoals geschreven, ook als ze op een naam lijken.",
    "study.partners.id": "De id van de partner; stappen, ervaringen en acties verwijzen ernaar.",
    "study.partners.name": "De naam van de partner, gepubliceerd zoals geschreven.",
    "study.phases": "Tijdsblokken die stappen groeperen, zoals 'De eerste dagen'.",
    "study.phases.id": "De id van de fase; stappen verwijzen ernaar met `phase`.",
    "study.phases.label": "De naam van de fase zoals de site hem toont.",
    "study.steps": "De sleutelstappen van de klantreis, in de volgorde van de reis: de horizontale as van klantreiskaart en hartmonitor. Minstens één.",
    "study.steps.id": "De id van de stap; ervaringen, acties en kpi's verwijzen ernaar.",
    "study.steps.label": "De naam van de stap zoals de site hem toont.",
    "study.steps.phase": "De fase waar de stap in valt (een id uit `phases`).",
    "study.steps.partners": "De partners die bij deze stap betrokken zijn (ids uit `partners`).",
    "study.hartmonitor": "Waarden uit de workshop, per segment en stap. Ze gaan boven de waarden die kekpublish uit de narratieven berekent.",
    "study.target": "De gewenste hartslag: per segment en stap de waarde die u wilt bereiken.",
    "study.moments_of_truth": "De momenten van de waarheid (stap-ids). Zonder deze lijst: de stappen die in ervaringen zo zijn gemarkeerd, anders de steilste dalingen.",
    "study.levers": "Hefbomen voor verbetering, per stap-id een lijst.",
    "study.anonymise": "Regels voor het anonimiseren van het hele onderzoek.",
    "study.anonymise.keep": "Woorden die nooit worden vervangen, zoals de naam van uw gemeente of een wijk die geen persoon is.",
    "study.anonymise.redact": "Woorden die altijd worden vervangen, in elk bestand van het onderzoek. Een item mag `{term: X, as: Y}` zijn (1.1): dan wordt X vervangen door Y.",
    "study.anonymise.redact.term": "Het woord dat nooit wordt gepubliceerd; gevonden zoals elk gevoelig woord (hoofdletters, accenten en bezitsvormen maken niet uit).",
    "study.anonymise.redact.as": "De tekst waardoor het woord wordt vervangen. Zonder `as`: een label zoals [persoon A].",
    "study.anonymise.publish_profile": "Profielvelden die naast segment en leeftijdsklasse worden gepubliceerd, zoals `household`.",
    "study.themes": "(1.1) Knelpunten die één knelpunt zijn over bestanden, rondes en klantreizen heen.",
    "study.themes.id": "De id van het thema; dezelfde id is overal hetzelfde knelpunt.",
    "study.themes.label": "Het knelpunt in een paar woorden, zoals de site het toont.",
    "study.kpis": "(1.1) Procescijfers per stap-id, naast de beleving (doorlooptijd, first time right).",
    "study.kpis.label": "Wat er gemeten is.",
    "study.kpis.value": "Het cijfer.",
    "study.kpis.unit": "De eenheid, zoals `dagen` of `%`.",
    "study.kpis.target": "Het cijfer dat u wilt halen.",
    "study.kpis.better": "(1.1) Welke kant beter is: `lower` (lager is beter, zoals doorlooptijd) of `higher` (hoger is beter, zoals first time right). Zonder dit veld heet een cijfer dat van het doel afwijkt 'wijkt af', niet 'gemist'.",
    # narrative
    "narrative": "Eén interview, uitgeschreven als verhaal (narratief). De tekst eronder is het narratief zelf.",
    "narrative.kek": "Zegt wat voor bestand dit is.",
    "narrative.respondent": "Een code, nooit een naam; uniek binnen het onderzoek.",
    "narrative.pseudonym": "De naam waaronder de respondent op de site verschijnt.",
    "narrative.title": "De kop van het narratief.",
    "narrative.segment": "Het segment van de respondent (een id uit `segments`).",
    "narrative.profile": "Kenmerken van de respondent. Alleen de leeftijdsklasse wordt gepubliceerd; andere velden alleen als ze in `anonymise.publish_profile` staan.",
    "narrative.profile.age": "De leeftijd; gepubliceerd als klasse (<30, 30-44, 45-64, 65+).",
    "narrative.profile.*": "Andere kenmerken die u vastlegt (`household`, `region`, ...); niet gepubliceerd tenzij genoemd in `anonymise.publish_profile`.",
    "narrative.interviewed": "Datum van het interview; gepubliceerd als maand en jaar.",
    "narrative.method": "Hoe het interview is afgenomen: `persoonlijk` (van persoon tot persoon), `telefonisch` of `online` (via video).",
    "narrative.experiences": "De contactmomenten, in de volgorde waarin de respondent ze beleefde.",
    "narrative.experiences.step": "De stap (een id uit `steps`).",
    "narrative.experiences.partner": "De partner van dit contact (een id uit `partners`).",
    "narrative.experiences.channel": "Het kanaal van het contact.",
    "narrative.experiences.touchpoint": "Het contactmoment in een zin.",
    "narrative.experiences.score": "De beleving, van −100 (heel slecht) tot 100 (heel goed).",
    "narrative.experiences.thought": "Wat de respondent dacht.",
    "narrative.experiences.feeling": "Wat de respondent voelde.",
    "narrative.experiences.need": "De informatiebehoefte op dat moment.",
    "narrative.experiences.pain": "Het knelpunt.",
    "narrative.experiences.chain": "Het knelpunt zit tussen organisaties in (ketenknelpunt).",
    "narrative.experiences.theme": "(1.1) Het thema van het knelpunt (een id uit `themes`).",
    "narrative.experiences.idea": "Het verbeteridee.",
    "narrative.experiences.moment_of_truth": "Dit contact was een moment van de waarheid.",
    "narrative.quotes": "Citaten van de respondent.",
    "narrative.quotes.text": "Het citaat, in de woorden van de respondent.",
    "narrative.quotes.step": "De stap waar het citaat bij hoort (een id uit `steps`).",
    "narrative.sensitive": "Woorden die nooit worden gepubliceerd, nergens, in geen enkele vorm: namen van familie, buren, straten. Een item mag `{term: X, as: Y}` zijn (1.1).",
    "narrative.respondent_names": "(1.1) De eigen naamvormen van de respondent; vervangen door het pseudoniem (anders de code).",
    # shopping
    "shopping": "Een mystery-shoppingbezoek: de onderzoeker test de dienst zelf en geeft de scores.",
    "shopping.kek": "Zegt wat voor bestand dit is.",
    "shopping.id": "De id in het adres van de pagina. Zonder deze sleutel: de bestandsnaam.",
    "shopping.title": "De kop van het bezoek.",
    "shopping.partner": "De partner wiens dienst is getest (een id uit `partners`).",
    "shopping.channel": "Het kanaal van het bezoek.",
    "shopping.visited": "Datum van het bezoek; gepubliceerd zoals geschreven.",
    "shopping.experiences": "De contactmomenten, zoals in een narratief. Ze tellen mee voor alle segmenten samen, los van de scores van respondenten.",
    "shopping.sensitive": "Woorden die nooit worden gepubliceerd, zoals namen van medewerkers.",
    # action plan
    "actionplan": "De uitkomst van de Collectieve Knelpuntenanalyse (CKA): de gedeelde probleemanalyse en de SMART-acties. Hoogstens één per onderzoek.",
    "actionplan.kek": "Zegt wat voor bestand dit is.",
    "actionplan.cka": "De Collectieve Knelpuntenanalyse.",
    "actionplan.cka.date": "Datum van de CKA; voortgangsrapportages mogen niet eerder zijn.",
    "actionplan.cka.participants": "De partners die meededen (ids uit `partners`).",
    "actionplan.as_of": "De peildatum voor 'te laat'. Zonder deze sleutel: SOURCE_DATE_EPOCH, anders de datum van de build.",
    "actionplan.actions": "De SMART-acties.",
    "actionplan.actions.id": "De id van de actie, uniek binnen het onderzoek.",
    "actionplan.actions.title": "Wat er gaat gebeuren.",
    "actionplan.actions.steps": "De stappen (en dus knelpunten) die de actie aanpakt.",
    "actionplan.actions.owner": "De partner die de regie heeft (een id uit `partners`).",
    "actionplan.actions.with": "Andere partners die meewerken.",
    "actionplan.actions.contact": "Een rol, nooit de naam van een persoon.",
    "actionplan.actions.due": "De deadline.",
    "actionplan.actions.measure": "Het meetbare resultaat (de M van SMART).",
    "actionplan.actions.status": "De stand van de actie: `open` (nog niet begonnen), `in_progress` (in uitvoering), `done` (afgerond) of `dropped` (vervallen; een vervallen actie is nooit te laat).",
    "actionplan.actions.follows": "De actie uit de vorige ronde die deze voortzet. Zonder deze sleutel: de actie met dezelfde id daar, als die er is.",
    "actionplan.actions.updates": "Voortgangsrapportages, oudste eerst.",
    "actionplan.actions.updates.date": "Datum van de rapportage.",
    "actionplan.actions.updates.status": "De status op die datum.",
    "actionplan.actions.updates.note": "Wat er is gebeurd.",
    # measurement
    "measurement": "(1.1) Een tussenmeting van de klantreis tussen twee rondes: een panel, een korte enquête, een peiling na een dienst.",
    "measurement.kek": "Zegt wat voor bestand dit is.",
    "measurement.date": "Datum van de meting.",
    "measurement.source": "Waar de cijfers vandaan komen.",
    "measurement.segment": "Het segment (een id uit `segments`). Zonder deze sleutel: alle segmenten samen.",
    "measurement.scores": "Per stap-id het aantal respondenten en het gemiddelde op de schaal van de hartmonitor.",
    "measurement.scores.n": "Het aantal respondenten.",
    "measurement.scores.mean": "Het gemiddelde, van −100 tot 100.",
    "measurement.scores_csv": "In plaats van `scores`: een CSV naast dit bestand met de kolommen `step;n;mean` en eventueel `segment`.",
}

# English where the model gives no description (the model's description wins).
EN: dict[str, str] = {
    "study": "The definition of a study: one per study folder, usually `study.md`. Its body becomes the study's overview page.",
    "study.kek": "Says what kind of file this is.",
    "study.journey_type": "The kind of journey in the KEK method.",
    "study.goal": "The study's goal.",
    "study.scope": "Where the journey starts and ends.",
    "study.fieldwork": "The fieldwork period. `start` orders the rounds and gives the version on the site.",
    "study.fieldwork.start": "First day of fieldwork.",
    "study.fieldwork.end": "Last day of fieldwork.",
    "study.segments": "The customer segments: each has its own line in the hartmonitor. At least one.",
    "study.partners": "The chain partners. Their names are always published as written, even where they look like a name.",
    "study.phases": "Time blocks that group steps.",
    "study.phases.id": "The phase's id; steps refer to it with `phase`.",
    "study.phases.label": "The phase's name as the site shows it.",
    "study.steps": "The key steps of the journey, in journey order: the horizontal axis of the map and the hartmonitor. At least one.",
    "study.steps.phase": "The phase the step belongs to (an id from `phases`).",
    "study.steps.partners": "The partners involved in this step (ids from `partners`).",
    "study.moments_of_truth": "The moments of truth (step ids). Without it: the steps marked so in experiences, else the steepest falls.",
    "study.levers": "Levers for improvement, a list per step id.",
    "study.anonymise": "Anonymisation rules for the whole study.",
    "narrative": "One interview, written up as a story. Its body is the narrative itself.",
    "narrative.kek": "Says what kind of file this is.",
    "narrative.title": "The narrative's headline.",
    "narrative.profile": "Facts about the respondent. Only the age band is published; other fields only when listed in `anonymise.publish_profile`.",
    "narrative.profile.age": "The age; published as a band (<30, 30-44, 45-64, 65+).",
    "narrative.profile.*": "Other facts you record (`household`, `region`, ...); not published unless listed in `anonymise.publish_profile`.",
    "narrative.interviewed": "Date of the interview; published as month and year.",
    "narrative.method": "How the interview was held: `persoonlijk` (in person), `telefonisch` (by phone) or `online` (by video).",
    "narrative.experiences": "The contact moments, in the order the respondent lived them.",
    "narrative.experiences.channel": "The channel of the contact.",
    "narrative.experiences.touchpoint": "The contact moment in one sentence.",
    "narrative.experiences.thought": "What the respondent thought.",
    "narrative.experiences.feeling": "What the respondent felt.",
    "narrative.experiences.need": "The need for information at that moment.",
    "narrative.experiences.pain": "The pain point.",
    "narrative.experiences.chain": "The pain sits between organisations (a chain pain).",
    "narrative.experiences.idea": "The improvement idea.",
    "narrative.experiences.moment_of_truth": "This contact was a moment of truth.",
    "narrative.quotes": "Quotes from the respondent.",
    "narrative.quotes.step": "The step the quote belongs to (an id from `steps`).",
    "shopping": "A mystery-shopping visit: the researcher tests the service and gives the scores.",
    "shopping.kek": "Says what kind of file this is.",
    "shopping.title": "The visit's headline.",
    "shopping.channel": "The channel of the visit.",
    "shopping.visited": "Date of the visit; published as written.",
    "shopping.experiences": "The contact moments, as in a narrative. They count for all segments together, apart from the respondents' scores.",
    "actionplan": "The outcome of the Collective Pain-Point Analysis (CKA): the shared problem analysis and the SMART actions. At most one per study.",
    "actionplan.kek": "Says what kind of file this is.",
    "actionplan.cka": "The Collective Pain-Point Analysis.",
    "actionplan.cka.date": "Date of the CKA; no progress report may be dated before it.",
    "actionplan.cka.participants": "The partners who took part (ids from `partners`).",
    "actionplan.as_of": "The reference date for 'overdue'. Without it: SOURCE_DATE_EPOCH, else the build date.",
    "actionplan.actions": "The SMART actions.",
    "actionplan.actions.steps": "The steps (and so the pains) the action addresses.",
    "actionplan.actions.with": "Other partners taking part.",
    "actionplan.actions.measure": "The measurable result (the M of SMART).",
    "actionplan.actions.status": "Where the action stands: `open` (not started), `in_progress`, `done` or `dropped` (a dropped action is never overdue).",
    "actionplan.actions.follows": "The action of the previous round this one continues. Without it: the action with the same id there, if any.",
    "actionplan.actions.updates": "Progress reports, oldest first.",
    "actionplan.actions.updates.date": "Date of the report.",
    "actionplan.actions.updates.status": "The status on that date.",
    "actionplan.actions.updates.note": "What happened.",
    "measurement": "(1.1) An interim measurement of the journey between two rounds: a panel, a short survey, a pulse after a service.",
    "measurement.kek": "Says what kind of file this is.",
    "measurement.date": "Date of the measurement.",
    "measurement.scores.n": "The number of respondents.",
    "measurement.scores.mean": "The mean, from −100 to 100.",
}

# Examples for fields the example study does not use (it is a real study, not a catalogue).
EXAMPLES: dict[str, Any] = {
    "study.anonymise.redact.term": "Joris",
    "study.anonymise.redact.as": "haar vriend",
    "study.themes": [{"id": "bevestiging", "label": "Niet weten of een melding is aangekomen"}],
    "study.themes.id": "bevestiging",
    "study.themes.label": "Niet weten of een melding is aangekomen",
    "narrative.experiences.theme": "bevestiging",
    "actionplan.actions.follows": "A3",
    "shopping.id": "balie",
    "shopping.sensitive": ["Maud"],
    "measurement.kek": "measurement",
    "measurement.date": dt.date(2026, 11, 15),
    "measurement.source": "Nabestaandenpanel",
    "measurement.segment": "partner",
    "measurement.scores": {"melden": {"n": 48, "mean": -15}},
    "measurement.scores.n": 48,
    "measurement.scores.mean": -15,
    "measurement.scores_csv": "panel-2026-11.csv",
}


def description(doc: FieldDoc | str, language: str) -> str:
    """What a field (or, given a kind's name, a kind) means, in the reader's language."""
    path = doc if isinstance(doc, str) else doc.canonical or doc.path
    if language == "nl":
        return NL.get(path, "")
    model_description = "" if isinstance(doc, str) else doc.description
    return model_description or EN.get(path, "")


# --- examples from the example study ------------------------------------------------------


def example_values(folder: str | Path | None) -> dict[str, Any]:
    """The first value written at each field path in a study folder (examples/studies/overlijden)."""
    values: dict[str, Any] = {}
    if folder is None:
        return values
    for path in sorted(Path(folder).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        try:
            data = yaml.safe_load(text.split("---", 2)[1])
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and isinstance(data.get("kek"), str):
            _collect(data, data["kek"], values)
    return values


def _collect(value: Any, path: str, values: dict[str, Any]) -> None:
    values.setdefault(path, value)
    if isinstance(value, dict):
        for key, sub in value.items():
            _collect(sub, f"{path}.{key}", values)
            if path.endswith(".profile"):
                values.setdefault(f"{path}.{EXTRA}", {key: sub} if key != "age" else None)
                if values[f"{path}.{EXTRA}"] is None:
                    del values[f"{path}.{EXTRA}"]
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                for key, sub in item.items():
                    _collect(sub, f"{path}.{key}", values)
    # mapping values keyed by ids (hartmonitor, kpis, scores): their fields sit one level down
    if isinstance(value, dict) and value and all(isinstance(v, (dict, list)) for v in value.values()):
        for sub in value.values():
            items = sub if isinstance(sub, list) else [sub]
            for item in items:
                if isinstance(item, dict):
                    for key, leaf in item.items():
                        values.setdefault(f"{path}.{key}", leaf)


def example_of(doc: FieldDoc, examples: dict[str, Any]) -> Optional[str]:
    """The example cell: `key: value` in YAML flow style, shortened to one readable line."""
    for source, key in ((examples, doc.path), (examples, doc.canonical), (EXAMPLES, doc.path), (EXAMPLES, doc.canonical)):
        if key in source:
            value = source[key]
            break
    else:
        return None
    if doc.key == EXTRA and isinstance(value, dict):
        return _flow(value)
    return _flow({doc.key: _shorten(value)})


def _shorten(value: Any, budget: int = 90) -> Any:
    """The value cut down (first items, first keys, shorter texts) until it fits one table cell."""
    for level in range(4):
        short = _cut(value, level)
        if len(_flow(short)) <= budget:
            return short
    return short


def _cut(value: Any, level: int) -> Any:
    if isinstance(value, str):
        limit = (70, 45, 30, 20)[level]
        return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + " …"
    keep = (3, 2, 1, 1)[level]
    if isinstance(value, list):
        return [_cut(v, level) for v in value[:keep]]
    if isinstance(value, dict):
        return {k: _cut(v, level) for k, v in list(value.items())[:keep]}
    return value


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000).strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return text


# --- the page ------------------------------------------------------------------------------


def anchor_of(path: str) -> str:
    """The heading id of a section: 'study.segments' -> 'study-segments'."""
    return path.replace(".", "-").replace("_", "-")


def markdown(language: str = "nl", example: str | Path | None = None, heading_level: int = 2) -> str:
    """The whole reference as Markdown: per kind a heading and tables, every field of the model."""
    w = WORDS[language]
    examples = example_values(example)
    out: list[str] = []
    h = "#" * heading_level
    for kind in kinds():
        secs = sections(kind)
        anchors = {s.model: anchor_of(s.path) for s in secs}
        for s in secs:
            if s.path == kind:
                out.append(f"{h} kek: {kind} {{#{anchor_of(kind)}}}\n")
                out.append(description(kind, language) + "\n")
            else:
                out.append(f"{h}# `{_display(s.path)}` {{#{anchor_of(s.path)}}}\n")
                parent = s.path.rsplit(".", 1)[0]
                out.append(f"{w['fields_of']} `{s.path.rsplit('.', 1)[1]}` "
                           f"([{'kek: ' + parent if parent == kind else _display(parent)}](#{anchor_of(parent)})).\n")
            out.append(f"| {w['field']} | {w['type']} | {w['required']} | {w['meaning']} | {w['example']} |")
            out.append("|---|---|---|---|---|")
            for doc in s.fields:
                out.append(_row(doc, language, examples, anchors))
            out.append("")
    return "\n".join(out) + "\n"


def _display(path: str) -> str:
    return path.split(".", 1)[1] if "." in path else path


def _row(doc: FieldDoc, language: str, examples: dict[str, Any], anchors: dict[type, str]) -> str:
    w = WORDS[language]
    key = f"*{w['free']}*" if doc.key == EXTRA else f"`{doc.key}`"
    kind_words = type_words(doc.annotation, language, anchor=lambda m: anchors.get(m, ""), keys=keys_of(doc, language))
    if doc.key == EXTRA:
        kind_words = w["text"]
    required = w["yes"] if doc.required else w["no"]
    meaning = description(doc, language)
    if doc.item is not None and not doc.first and doc.item_path:
        meaning += f" {w['same_as'].capitalize()} [`{_display(doc.item_path)}`](#{anchor_of(doc.item_path)})."
    default = _default_words(doc, language)
    if default:
        meaning += f" {w['default'].capitalize()}: {default}."
    example = example_of(doc, examples)
    cells = [key, kind_words, required, meaning, f"`{example}`" if example else "–"]
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _default_words(doc: FieldDoc, language: str) -> str:
    if doc.required or doc.default in (None, [], {}, "") or isinstance(doc.default, pydantic.BaseModel):
        return ""
    if isinstance(doc.default, bool):
        return f"`{str(doc.default).lower()}`"
    return f"`{doc.default}`"


__all__ = ["EN", "EXAMPLES", "KEYS", "FieldDoc", "NL", "Section", "description", "example_of", "example_values", "keys_of",
           "field_docs", "kinds", "markdown", "sections", "type_words"]
