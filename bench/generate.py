"""Synthetic KEK studies for the benchmark: N narratives of ~400 words, 10 per study.

    python bench/generate.py --narratives 1000 --out bench/corpora/n1000 [--seed 1] [--rounds 2]

writes two MkDocs projects over the same narrative texts:

    <out>/kek/mkdocs.yml   + docs/   the kekpublish site: N/10 studies, each with study.md,
                                     10 narratives, a shopping visit and an action plan
    <out>/plain/mkdocs.yml + docs/   the floor: the same narrative bodies as ordinary pages
                                     (front matter stripped), no kekpublish plugin

Both use the demo's theme settings (navigation.prune, font: false, search). The
text is Dutch, built from a vocabulary and sentence templates (no network, no
model), deterministic for a seed, and carries personal data for the anonymiser:
the narrative's `sensitive` names, other names with forms of address, a mobile
number, exact dates and ages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

import yaml

# --- vocabulary ------------------------------------------------------------------------------

FIRST = ["Annelies", "Bram", "Chantal", "Dirk", "Esra", "Fatima", "Gerrit", "Hanneke", "Ingrid", "Joost",
         "Karin", "Lotte", "Mohammed", "Noor", "Olga", "Pieter", "Rianne", "Sander", "Tamara", "Umut",
         "Lieke", "Willem", "Yasmina", "Zeynep", "Marloes", "Henk", "Priya", "Kees", "Anouk", "Ruud",
         "Femke", "Jeroen", "Naima", "Erik", "Sanne", "Thijs", "Wendy", "Bas", "Marieke", "Youssef"]
SURNAME = ["Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
           "de Groot", "Vermeulen", "Jacobs", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
           "Dijkstra", "Koster", "Verhoeven", "Kuipers", "Boukhari", "Yilmaz", "El Amrani", "Postma",
           "Veenstra", "Huisman", "Wijnands", "Schouten", "Timmermans", "Groenewegen", "Dirksen",
           "Verbeek", "Aksoy", "Lammers", "Hoekstra", "Kramer", "Schipper", "van Rooij"]
RELATION = ["zus", "broer", "buurvrouw", "buurman", "schoonmoeder", "vriendin", "oom", "tante", "collega", "dochter"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
REGIONS = ["Dordrecht", "Zwolle", "Tilburg", "Leeuwarden", "Almere", "Arnhem", "Venlo", "Haarlem", "Enschede",
           "Delft", "Apeldoorn", "Breda", "Groningen", "Middelburg", "Amersfoort", "Deventer"]

# Life events: steps (id, label, phase) and partners (id, name, which steps they serve).
EVENTS = {
    "verhuizen": {
        "label": "Verhuizen", "type": "transactioneel",
        "phases": [("voor", "Voor de verhuizing"), ("rond", "Rond de verhuisdag"), ("na", "Na de verhuizing")],
        "steps": [("orienteren", "Oriënteren", "voor"), ("zoeken", "Woning zoeken", "voor"),
                  ("contract", "Huurcontract tekenen", "voor"), ("inschrijven", "Verhuizing doorgeven", "rond"),
                  ("toeslagen", "Toeslagen aanpassen", "na"), ("parkeren", "Parkeervergunning aanvragen", "na"),
                  ("wonen", "De eerste maand", "na")],
        "segments": [("huur", "Huurwoning"), ("koop", "Koopwoning")],
        "topic": ["de verhuizing", "het huurcontract", "de nieuwe woning", "de inschrijving", "de huurtoeslag",
                  "de parkeervergunning", "de sleuteloverdracht", "de verhuisdozen"],
    },
    "gezinsuitbreiding": {
        "label": "Gezinsuitbreiding", "type": "emotioneel",
        "phases": [("zwanger", "Tijdens de zwangerschap"), ("geboorte", "Rond de geboorte"), ("daarna", "De eerste maanden")],
        "steps": [("verloskundige", "Verloskundige kiezen", "zwanger"), ("verlof", "Verlof regelen", "zwanger"),
                  ("aangifte", "Aangifte van de geboorte", "geboorte"), ("kraamzorg", "Kraamzorg", "geboorte"),
                  ("kinderbijslag", "Kinderbijslag aanvragen", "daarna"), ("opvang", "Kinderopvang zoeken", "daarna"),
                  ("consultatiebureau", "Consultatiebureau", "daarna")],
        "segments": [("eerste", "Eerste kind"), ("volgend", "Volgend kind")],
        "topic": ["de geboorteaangifte", "de kraamzorg", "de kinderbijslag", "het zwangerschapsverlof",
                  "de kinderopvangtoeslag", "het consultatiebureau", "de verloskundige", "de babyuitzet"],
    },
    "werkloos": {
        "label": "Werkloos worden", "type": "ervaring",
        "phases": [("ontslag", "Het ontslag"), ("uitkering", "De uitkering"), ("werk", "Terug naar werk")],
        "steps": [("aanzegging", "Ontslag horen", "ontslag"), ("melden", "Werkloos melden", "ontslag"),
                  ("aanvragen", "WW aanvragen", "uitkering"), ("inkomen", "Inkomsten doorgeven", "uitkering"),
                  ("toeslagen", "Toeslagen aanpassen", "uitkering"), ("solliciteren", "Solliciteren", "werk"),
                  ("scholing", "Omscholing", "werk")],
        "segments": [("jong", "Jonger dan 45"), ("oud", "45 jaar en ouder")],
        "topic": ["de WW-uitkering", "het ontslag", "de sollicitatieplicht", "het werkplein", "de omscholing",
                  "de inkomstenopgave", "de transitievergoeding", "het re-integratietraject"],
    },
    "overlijden": {
        "label": "Overlijden van een naaste", "type": "emotioneel",
        "phases": [("eerste", "De eerste dagen"), ("regelen", "Zaken regelen"), ("verder", "Verder leven")],
        "steps": [("melden", "Overlijden melden", "eerste"), ("uitvaart", "Uitvaart regelen", "eerste"),
                  ("nalatenschap", "Nalatenschap afhandelen", "regelen"), ("pensioen", "Nabestaandenpensioen", "regelen"),
                  ("belasting", "Belastingaangifte", "regelen"), ("wonen", "Woonsituatie", "verder"),
                  ("steun", "Steun zoeken", "verder")],
        "segments": [("partner", "Partner overleden"), ("ouder", "Ouder overleden")],
        "topic": ["de uitvaart", "de nalatenschap", "het nabestaandenpensioen", "de verklaring van erfrecht",
                  "de belastingaangifte", "het huurcontract", "de rouwkaarten", "de bankrekening"],
    },
}
PARTNERS = {
    "verhuizen": [("gemeente", "Gemeente {region}"), ("corporatie", "Woningcorporatie"), ("toeslagen", "Belastingdienst/Toeslagen"), ("makelaar", "Makelaar")],
    "gezinsuitbreiding": [("gemeente", "Gemeente {region}"), ("svb", "Sociale Verzekeringsbank"), ("ggd", "GGD"), ("kraamzorg", "Kraamzorgorganisatie")],
    "werkloos": [("uwv", "UWV"), ("gemeente", "Gemeente {region}"), ("toeslagen", "Belastingdienst/Toeslagen"), ("werkgever", "Werkgever")],
    "overlijden": [("gemeente", "Gemeente {region}"), ("svb", "Sociale Verzekeringsbank"), ("belasting", "Belastingdienst"), ("notaris", "Notaris")],
}

OPENERS = ["Achteraf gezien", "In het begin", "Een paar weken later", "Op een gegeven moment", "Uiteindelijk",
           "Toen het eenmaal zover was", "Die eerste week", "Al snel", "Later bleek dat", "Eerlijk gezegd"]
SUBJECTS = ["ik", "mijn partner", "de medewerker", "mijn moeder", "niemand", "de buurvrouw", "mijn zoon"]
VERBS = [("begreep", "niet dat"), ("wist", "niet dat"), ("zocht", "uit of"), ("hoorde", "pas later dat"),
         ("vroeg", "zich af of"), ("had", "geen idee dat"), ("merkte", "toen dat"), ("ontdekte", "pas toen dat"),
         ("snapte", "niet waarom"), ("vond", "het lastig dat")]
CLAUSES = ["{topic} precies geregeld moest worden", "{topic} al lang was afgehandeld",
           "het formulier voor {topic} nergens te vinden was", "{topic} zo ingewikkeld in elkaar zat",
           "{topic} via een andere organisatie liep", "je voor {topic} opnieuw moest bellen",
           "de brief over {topic} pas weken later kwam", "de website over {topic} iets anders zei dan de balie"]
FEELINGS = ["Dat gaf veel onrust", "Daar werd ik moedeloos van", "Dat voelde als een opluchting",
            "Dat was echt een meevaller", "Het maakte me boos", "Ik voelde me van het kastje naar de muur gestuurd",
            "Het gaf vertrouwen", "Ik schaamde me een beetje", "Dat kostte veel energie", "Het was een hele puzzel"]
DETAILS = ["De wachttijd aan de telefoon was bijna een uur.", "Op de website stond een verouderde uitleg.",
           "Gelukkig nam de medewerker aan de balie echt de tijd.", "Er kwam geen bevestiging dat alles goed was gegaan.",
           "Niemand kon vertellen wie er verantwoordelijk was.", "Het formulier vroeg gegevens die ze al lang hadden.",
           "Met DigiD lukte het inloggen pas bij de derde poging.", "In de brief stonden woorden die ik moest opzoeken.",
           "De chat op de website gaf alleen standaardantwoorden.", "Het duurde drie weken voordat er iets gebeurde.",
           "Ik moest dezelfde papieren drie keer opsturen.", "De afspraak werd op het laatste moment verzet."]
QUOTES = ["Ik wist gewoon niet meer waar ik moest beginnen.", "Het voelde alsof niemand het overzicht had.",
          "Eindelijk iemand die gewoon zei wat ik moest doen.", "Waarom moet ik alles zelf uitzoeken?",
          "Dat ene telefoontje maakte het verschil.", "Je staat er eigenlijk helemaal alleen voor.",
          "Ze weten het toch al, waarom moet ik het nog eens doorgeven?", "Het was sneller geregeld dan ik had gedacht."]
HEADINGS = ["Het begin", "Van loket naar loket", "Een lastige periode", "De eerste stappen", "Wachten",
            "Hulp van anderen", "Terugkijken", "Wat beter kan", "Een meevaller", "De papieren"]
FEELING_WORDS = ["onzeker", "opgelucht", "boos", "moedeloos", "blij", "teleurgesteld", "gespannen", "tevreden"]
CHANNELS = ["balie", "telefoon", "website", "brief", "e-mail", "app"]
IDEAS = ["Stuur een bevestiging zodra het geregeld is", "Geef één contactpersoon voor alle vragen",
         "Zet op één pagina wat je moet regelen", "Laat de organisaties de gegevens onderling delen",
         "Bel de klant terug binnen twee werkdagen", "Leg in gewone taal uit wat er gaat gebeuren"]
PAINS = ["Geen bevestiging ontvangen", "Onduidelijk wie verantwoordelijk is", "Lange wachttijd aan de telefoon",
         "Dezelfde gegevens meerdere keren aanleveren", "Informatie op de website klopt niet",
         "Brief in moeilijke taal", "Afspraak pas na weken mogelijk", "Regels verschillen per organisatie"]
NEEDS = ["Weten wat de volgende stap is", "Een overzicht van wat er geregeld moet worden",
         "Bevestiging dat alles goed is gegaan", "Uitleg in gewone taal", "Eén aanspreekpunt"]
THOUGHTS = ["Zou het nu gelukt zijn?", "Waarom weten ze dit niet al?", "Dit had ik niet verwacht.",
            "Eindelijk gaat het de goede kant op.", "Moet ik nu weer opnieuw beginnen?", "Fijn dat het zo snel ging."]


def _date_text(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"


def _phone(rng: random.Random) -> str:
    return f"06-{rng.randint(10000000, 59999999)}"


def _sentence(rng: random.Random, topics: list[str]) -> str:
    clause = rng.choice(CLAUSES).format(topic=rng.choice(topics))
    verb, rest = rng.choice(VERBS)
    return f"{rng.choice(OPENERS)} {verb} {rng.choice(SUBJECTS)} {rest} {clause}."


def narrative_body(rng: random.Random, ev: dict, sens_first: str, sens_last: str, pseudonym: str,
                   year: int, words: int = 370) -> str:
    """About ``words`` words of Dutch prose with headings, a quote and personal data."""
    topics = ev["topic"]
    relation = rng.choice(RELATION)
    other_first, other_last = rng.choice(FIRST), rng.choice(SURNAME)
    personal = [
        f"Mijn {relation} {sens_first} hielp me met {rng.choice(topics)}.",
        f"Uiteindelijk belde ik meneer {sens_last}, die er meer van wist.",
        f"Op {_date_text(rng, year - 3)} kwam eindelijk de brief over {rng.choice(topics)}.",
        f"De medewerker gaf me haar nummer, {_phone(rng)}, voor als er nog vragen waren.",
        f"Ook mevrouw {other_first} {other_last} van het wijkteam dacht mee.",
        f"{sens_first} zei dat ik niet moest opgeven.",
        f"Ik was toen {rng.randint(24, 78)} jaar oud.",
    ]
    rng.shuffle(personal)
    paragraphs: list[str] = []
    count = 0
    headings = rng.sample(HEADINGS, 3)
    h = 0
    while count < words:
        if len(paragraphs) in (0, 3, 6) and h < len(headings):
            paragraphs.append(f"## {headings[h]}")
            h += 1
        sents = []
        for _ in range(rng.randint(3, 5)):
            r = rng.random()
            if personal and r < 0.22:
                s = personal.pop()
            elif r < 0.55:
                s = _sentence(rng, topics)
            elif r < 0.75:
                s = rng.choice(DETAILS)
            elif r < 0.9:
                s = f"{rng.choice(FEELINGS)}."
            else:
                s = f"{pseudonym} zegt: \"{rng.choice(QUOTES)}\""
            sents.append(s)
        para = " ".join(sents)
        count += len(para.split())
        paragraphs.append(_wrap(para))
    rest = " ".join(personal)  # any personal data not used yet
    if rest:
        paragraphs.append(_wrap(rest))
    return "\n\n".join(paragraphs) + "\n"


def _wrap(text: str, width: int = 88) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _y(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def study_files(rng: random.Random, index: int, n_narratives: int, event_key: str, region: str,
                round_no: int, journey: str) -> tuple[dict[str, str], dict[str, str]]:
    """(kek files, narrative bodies) of one study, paths relative to the study folder."""
    ev = EVENTS[event_key]
    year = 2024 + round_no
    start = dt.date(year, 2, 1) + dt.timedelta(days=rng.randint(0, 20))
    end = start + dt.timedelta(days=60)
    partners = [(pid, name.format(region=region)) for pid, name in PARTNERS[event_key]]
    pids = [p for p, _ in partners]
    steps = ev["steps"]
    step_ids = [s for s, _, _ in steps]
    seg_ids = [s for s, _ in ev["segments"]]
    files: dict[str, str] = {}
    bodies: dict[str, str] = {}

    lines = ["---", "kek: study", f"title: {_y(ev['label'] + ' in ' + region + f' (ronde {round_no})')}",
             f"life_event: {_y(ev['label'])}", f"round: {year}-voorjaar", f"journey: {journey}",
             f"journey_type: {ev['type']}", f"organisation: {_y(partners[0][1])}",
             f"goal: {_y('Knelpunten vinden rond ' + ev['label'].lower() + ' en die samen oplossen')}",
             f"fieldwork: {{start: {start}, end: {end}}}", "segments:"]
    lines += [f"  - {{id: {sid}, label: {_y(lab)}}}" for sid, lab in ev["segments"]]
    lines += ["partners:"] + [f"  - {{id: {pid}, name: {_y(name)}}}" for pid, name in partners]
    lines += ["phases:"] + [f"  - {{id: {pid}, label: {_y(lab)}}}" for pid, lab in ev["phases"]]
    lines += ["steps:"]
    for i, (sid, lab, phase) in enumerate(steps):
        lines.append(f"  - {{id: {sid}, label: {_y(lab)}, phase: {phase}, partners: [{pids[i % len(pids)]}]}}")
    lines += [f"moments_of_truth: [{step_ids[3]}]", "levers:",
              f"  {step_ids[3]}: [{_y(rng.choice(IDEAS))}]",
              "anonymise:", f"  keep: [{region}, DigiD, MijnOverheid]", "  redact: [Achterstraat]",
              "  publish_profile: [household]", "---",
              f"# {ev['label']} in {region}", "",
              _wrap(f"In {year} volgden de ketenpartners in {region} {n_narratives} inwoners bij "
                    f"{ev['label'].lower()}. " + " ".join(_sentence(rng, ev["topic"]) for _ in range(6))), ""]
    files["study.md"] = "\n".join(lines)

    used_sensitive: set[str] = set()
    for r in range(1, n_narratives + 1):
        code = f"R{r:02d}"
        first = rng.choice([f for f in FIRST if f not in used_sensitive])
        last = rng.choice([s for s in SURNAME if s not in used_sensitive and " " not in s])
        used_sensitive |= {first, last}
        pseudonym = f"{rng.choice(['Meneer', 'Mevrouw'])} {chr(65 + rng.randrange(26))}."
        interviewed = start + dt.timedelta(days=rng.randint(0, 59))
        chosen = sorted(rng.sample(range(len(steps)), 4))
        exp = []
        for si in chosen:
            exp += [f"  - step: {step_ids[si]}", f"    partner: {pids[si % len(pids)]}",
                    f"    channel: {rng.choice(CHANNELS)}",
                    f"    touchpoint: {_y(steps[si][1] + ' via ' + rng.choice(['de website', 'de balie', 'de telefoon', 'een brief']))}",
                    f"    score: {rng.choice(range(-90, 91, 10))}", f"    thought: {_y(rng.choice(THOUGHTS))}",
                    f"    feeling: {rng.choice(FEELING_WORDS)}", f"    need: {_y(rng.choice(NEEDS))}",
                    f"    pain: {_y(rng.choice(PAINS))}", f"    chain: {str(rng.random() < 0.3).lower()}",
                    f"    idea: {_y(rng.choice(IDEAS))}"]
        quotes = [f"  - {{text: {_y(rng.choice(QUOTES))}, step: {step_ids[chosen[0]]}}}",
                  f"  - {{text: {_y(rng.choice(QUOTES))}, step: {step_ids[chosen[-1]]}}}"]
        head = ["---", "kek: narrative", f"respondent: {code}", f"pseudonym: {pseudonym}",
                f"title: {_y(rng.choice(QUOTES).rstrip('.?!'))}", f"segment: {rng.choice(seg_ids)}",
                f"profile: {{age: {rng.randint(22, 80)}, household: {rng.choice(['alleenstaand', 'gezin', 'samenwonend'])}, region: {region}}}",
                f"interviewed: {interviewed}", f"method: {rng.choice(['persoonlijk', 'telefonisch', 'online'])}",
                "experiences:", *exp, "quotes:", *quotes, f"sensitive: [{first}, {last}]", "---"]
        body = narrative_body(rng, ev, first, last, pseudonym, year)
        rel = f"narratives/{code.lower()}.md"
        files[rel] = "\n".join(head) + "\n" + body
        bodies[rel] = body

    staff = rng.choice(FIRST)
    visited = start + dt.timedelta(days=10)
    exp = []
    for si in sorted(rng.sample(range(len(steps)), 3)):
        exp += [f"  - step: {step_ids[si]}", f"    partner: {pids[0]}", "    channel: balie",
                f"    touchpoint: {_y(steps[si][1] + ' aan de balie')}", f"    score: {rng.choice(range(-60, 61, 10))}",
                f"    thought: {_y(rng.choice(THOUGHTS))}", f"    pain: {_y(rng.choice(PAINS))}",
                f"    idea: {_y(rng.choice(IDEAS))}"]
    files["shopping/balie.md"] = "\n".join(
        ["---", "kek: shopping", f"title: {_y(steps[0][1] + ' aan de balie')}", f"partner: {pids[0]}",
         "channel: balie", f"visited: {visited}", "experiences:", *exp, f"sensitive: [{staff}]", "---",
         _wrap(f"Een onderzoeker maakte een afspraak bij {partners[0][1]}. Aan de balie hielp {staff} ons vriendelijk. "
               + " ".join(_sentence(rng, ev["topic"]) for _ in range(8)) + " " + " ".join(rng.sample(DETAILS, 4))), ""])

    cka = end + dt.timedelta(days=30)
    acts = []
    for a in range(1, 5):
        status = rng.choice(["open", "in_progress", "done", "dropped"])
        acts += [f"  - id: A{a}", f"    title: {_y(rng.choice(IDEAS))}", f"    steps: [{rng.choice(step_ids)}]",
                 f"    owner: {pids[a % len(pids)]}", f"    with: [{pids[(a + 1) % len(pids)]}]",
                 "    contact: Teamleider Dienstverlening", f"    due: {cka + dt.timedelta(days=90 * a)}",
                 f"    measure: {_y('Klachten over dit onderwerp -' + str(10 * a) + '% binnen een jaar')}",
                 f"    status: {status}"]
        if status != "open":
            mid = "in_progress" if status != "in_progress" else "in_progress"
            acts += ["    updates:", f"      - {{date: {cka + dt.timedelta(days=20)}, status: {mid}, note: Gestart.}}"]
            if status != "in_progress":
                acts.append(f"      - {{date: {cka + dt.timedelta(days=60)}, status: {status}, note: Afgerond of gestopt.}}")
    files["actions.md"] = "\n".join(
        ["---", "kek: actionplan", f"cka: {{date: {cka}, participants: [{', '.join(pids)}]}}",
         f"as_of: {cka + dt.timedelta(days=120)}", "actions:", *acts, "---", "# Actieplan", "",
         "## Gedeelde probleemanalyse", "", _wrap(" ".join(_sentence(rng, ev["topic"]) for _ in range(6))), ""])
    return files, bodies


THEME = """theme:
  name: material
  language: nl
  font: false
  palette:
    scheme: default
    primary: indigo
    accent: indigo
  features:
    - navigation.prune
    - navigation.indexes
    - navigation.top
    - search.highlight
    - content.tooltips
extra:
  generator: false
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


# (1.1) themes, with --themes: each pain of the vocabulary belongs to one, so a theme recurs across rounds and journeys.
THEMES = {"terugkoppeling": "Geen terugkoppeling", "regie": "Niemand heeft de regie", "wachten": "Lang wachten",
          "gegevens": "Gegevens steeds opnieuw aanleveren", "informatie": "Informatie onduidelijk of onjuist"}
PAIN_THEME = dict(zip(PAINS, ["terugkoppeling", "regie", "wachten", "gegevens", "informatie", "informatie",
                              "wachten", "regie"]))


def with_themes(files: dict[str, str]) -> dict[str, str]:
    """The study's files with (1.1) `themes` declared in study.md and a `theme` on every experience with a pain.

    Applied to the text after it is drawn, so a corpus with themes has exactly the
    narratives, scores and pains of the same seed without them.
    """
    def tag(text: str) -> str:
        def line(m: re.Match) -> str:
            pain = yaml.safe_load(m.group(2))
            return f"{m.group(0)}\n{m.group(1)}theme: {PAIN_THEME[pain]}" if pain in PAIN_THEME else m.group(0)
        return re.sub(r"^(\s+)pain: (.+)$", line, text, flags=re.M)

    result = {rel: tag(text) if rel != "study.md" else text for rel, text in files.items()}
    declared = "themes:\n" + "".join(f"  - {{id: {tid}, label: {_y(lab)}}}\n" for tid, lab in THEMES.items())
    result["study.md"] = files["study.md"].replace("moments_of_truth:", declared + "moments_of_truth:", 1)
    return result


def generate(n: int, out: Path, seed: int = 1, per_study: int = 10, rounds: int = 2, themes: bool = False) -> dict:
    """N narratives in N/per_study studies; each journey (life event x region) has ``rounds``
    rounds, so the round comparison pages grow with it (rounds=10: a municipality that
    follows the same journeys for ten years); ``themes`` adds (1.1) themes, so the site
    has a themes page."""
    rng = random.Random(seed)
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    kek_docs, plain_docs = out / "kek" / "docs", out / "plain" / "docs"
    words = 0
    events = list(EVENTS)
    n_studies = max(1, n // per_study)
    rounds = max(1, rounds)
    for i in range(n_studies):
        j, round_no = divmod(i, rounds)
        round_no += 1
        event = events[j % len(events)]
        region = REGIONS[(j // len(events)) % len(REGIONS)]
        block = j // (len(events) * len(REGIONS))
        journey = f"{event}-{region.lower()}{'-' + str(block) if block else ''}"
        folder = f"{journey}-r{round_no}"
        files, bodies = study_files(rng, i, per_study, event, region, round_no, journey)
        if themes:
            files = with_themes(files)
        for rel, text in files.items():
            path = kek_docs / folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        for rel, body in bodies.items():
            path = plain_docs / folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, "utf-8")
            words += len(body.split())
    common = "docs_dir: docs\nsite_dir: site\n" + THEME
    (out / "kek" / "mkdocs.yml").write_text(
        f"site_name: KEK bench {n}\n{common}plugins:\n  - search\n  - kekpublish:\n      language: nl\n"
        "      cache_dir: .cache/kekpublish\n", "utf-8")
    (out / "plain" / "mkdocs.yml").write_text(f"site_name: Plain bench {n}\n{common}plugins:\n  - search\n", "utf-8")
    return {"narratives": n_studies * per_study, "studies": n_studies, "words": words,
            "rounds_per_journey": rounds, "journeys": -(-n_studies // rounds)}


def validate(out: Path) -> int:
    from kekpublish.model import load_site

    site, problems = load_site(Path(out) / "kek" / "docs")
    for p in problems.items[:20]:
        print("  ", p)
    return len(problems.items)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--narratives", "-n", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=2, help="rounds per journey (default 2)")
    ap.add_argument("--themes", action="store_true", help="(1.1) themes on every pain, for the themes page")
    args = ap.parse_args(argv)
    info = generate(args.narratives, args.out, args.seed, rounds=args.rounds, themes=args.themes)
    problems = validate(args.out)
    print(f"{info['studies']} studies, {info['narratives']} narratives, {info['words']} words "
          f"({info['words'] / info['narratives']:.0f}/narrative); {problems} problems")
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
