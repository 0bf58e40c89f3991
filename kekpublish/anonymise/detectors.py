"""Cheap detectors: libraries where they exist, small patterns where not.

python-stdnum validates BSNs (11-proef), IBANs and postcodes; phonenumbers
finds phone numbers. Own patterns: e-mail addresses, URLs, licence plates
(Dutch sidecodes), KvK numbers next to "KvK". Each function returns spans in
the coordinates of the text it was given.
"""
from __future__ import annotations

import re

import phonenumbers
from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn
from stdnum.nl import btw as std_btw
from stdnum.nl import postcode as std_postcode

from .spans import Span

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w-])")
URL_RE = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'\]\[)(]+"
    r"|(?<![\w@.-])(?:[\w-]+\.)+(?:nl|com|org|net|eu|be|de|info|io|frl|amsterdam|nu)(?:/[^\s<>\"'\]\[)(]*)?(?![\w@-])",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"*"  # (a "*" ends Markdown's emphasis: *www.pieterdejong.nl*)

# 9 digits in any grouping (123456782, 1234.56.782, 123 456 782)
_BSN_RE = re.compile(r"(?<![\w.,-])(?<!\d[ .-])\d(?:[ .-]?\d){7,8}(?![\w])(?![ .-]\d)")
# IBAN: country, check digits, then groups of letters/digits
_IBAN_RE = re.compile(r"(?<![\w])[A-Za-z]{2}\s?\d{2}(?:[ .-]?[A-Za-z0-9]){10,30}(?![a-z])")  # "nl91 abna ..." too
#: A Dutch IBAN by its shape (NL, two digits, a bank's four letters, ten digits), its check digits wrong: a
#: typo in an account number is still the account ("NL02RABO0123456789" was published).
_NL_IBAN_SHAPE = re.compile(r"(?<![\w])(?i:nl)\s?\d{2}[ .-]?(?i:[a-z]{4})(?:[ .-]?\d){10}(?![\w])")
_POSTCODE_RE = re.compile(r"(?<![\w-])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?![\w-])")
_KVK_RE = re.compile(
    r"\b(?:KvK|KVK|kvk|K\.v\.K\.|Kamer van Koophandel)(?:[- ]?(?:nummer|nr\.?|no\.?))?"
    r"(?:[^\d\n]{0,40}?)(?<![\d])(?P<n>\d{8}|\d{2}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{4})(?!\d)")

# Dutch licence plates, sidecodes 1-14 (letters L, digits D)
_SIDECODES = [
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL",
    "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL",
    "D-LL-DDD", "DDD-LL-D",
]


def _sidecode_regex() -> re.Pattern[str]:
    alts = []
    for code in _SIDECODES:
        parts = []
        for group in code.split("-"):
            cls = "[A-Za-z]" if group[0] == "L" else r"\d"
            parts.append(f"{cls}{{{len(group)}}}")
        alts.append("[- ]".join(parts))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])")


_PLATE_RE = _sidecode_regex()
_PLATE_CONTEXT_RE = re.compile(r"\bkenteken(?:nummer)?\s*:?\s*(?P<p>[A-Za-z0-9]{6})\b", re.I)


# A profile on a social network names a person by its address: always personal.
SOCIAL_PROFILE_RE = re.compile(
    r"(?i)(?:^|[/.\s])(?:facebook|fb|instagram|linkedin|twitter|x|tiktok|threads|bsky|snapchat|pinterest|youtube)"
    r"\.(?:com|app|net|nl)/(?!(?:help|about|legal|policies|privacy|terms)\b)[^\s/?#]{2,}")


# An address written so that harvesters miss it: "j.devries [at] hotmail.com", "jan(at)ziggo.nl",
# "jan punt devries apenstaartje ziggo punt nl". A bare "at" only with a spelled-out dot in the domain
# ("jan at gmail dot com"; not "the website at home.nl").
_AT = r"(?:\s*[\[({<]\s*(?:at|@|apenstaartje|apestaartje)\s*[\])}>]\s*|\s+(?:apenstaartje|apestaartje)\s+)"
_SPELLED_DOT = r"(?:\s*[\[({<]\s*(?:dot|punt)\s*[\])}>]\s*|\s+(?:dot|punt)\s+)"
_DOT = rf"(?:\.|{_SPELLED_DOT})"
OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?i)(?<![\w.+-])[\w+-]+(?:{_DOT}[\w+-]+)*"
    rf"(?:{_AT}[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}|\s+at\s+[\w-]+(?:{_DOT}[\w-]+)*?{_SPELLED_DOT})[a-z]{{2,12}}(?![\w-])")


def find_emails(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "email") for m in EMAIL_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), "email") for m in OBFUSCATED_EMAIL_RE.finditer(text)
              if not any(s.start <= m.start() < s.end for s in spans)]
    return spans


def find_urls(text: str) -> list[Span]:
    spans = []
    for m in URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _TRAILING:
            end -= 1
        spans.append(Span(m.start(), end, "url"))
    return spans


_SERVICE_TYPES = {
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST,
}


def is_service_number(number: phonenumbers.PhoneNumber) -> bool:
    """0800/0900 numbers and municipal 14 0xx numbers: organisations, not people."""
    if phonenumbers.number_type(number) in _SERVICE_TYPES:
        return True
    national = str(number.national_number)
    return national.startswith("14") and len(national) <= 6


# Case and file numbers are written like phone numbers ("zaak 09/876543-21"): not when a slash is in
# the number or a word for a case or file number comes right before it.
_REFERENCE_BEFORE = re.compile(
    r"(?i)\b(?:zaak|zaaknummer|zaaknr|parketnummer|parketnr|rolnummer|rolnr|kenmerk|dossier|dossiernummer|"
    r"referentie|referentienummer|beschikking|ecli|awb|klantnummer|relatienummer|polisnummer|factuurnummer|"
    r"case|file|reference)\b\.?:?\s*(?:nr\.?|nummer|no\.?)?\s*$")


def _reference(text: str, start: int, raw: str) -> bool:
    return "/" in raw or _REFERENCE_BEFORE.search(text[max(0, start - 30):start]) is not None


def find_phones(text: str, *, possible: bool = False) -> list[Span]:
    """Phone numbers. With ``possible``, also numbers that phonenumbers calls possible but not valid
    (an unassigned range such as "06-98765432"), when written as a Dutch or international number is
    (a leading 0 or +, ten digits and more): a made-up or mistyped number in a story is still personal."""
    spans = []
    taken: list[tuple[int, int]] = []
    for m in phonenumbers.PhoneNumberMatcher(text, "NL"):
        if is_service_number(m.number):
            continue
        taken.append((m.start, m.end))
        if _reference(text, m.start, m.raw_string):
            continue
        digits = re.sub(r"\D", "", m.raw_string)
        spans.append(Span(m.start, m.end, "phone", {"digits": digits}))
    if possible:
        for m in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
            if any(m.start < e and s < m.end for s, e in taken) or is_service_number(m.number):
                continue
            raw = m.raw_string
            digits = re.sub(r"\D", "", raw)
            if not raw.lstrip("(").startswith(("0", "+")) or len(digits) < 10 or _reference(text, m.start, raw):
                continue
            if text[max(0, m.start - 1):m.start].isalnum() or text[m.end:m.end + 1].isalnum():
                continue
            spans.append(Span(m.start, m.end, "phone", {"digits": digits}))
    return spans


_VAT_RE = re.compile(r"(?<![\w])NL[ .]?\d{3}[ .]?\d{3}[ .]?\d{3}[ .]?B[ .]?\d{2}(?![\w])", re.IGNORECASE)


def find_vats(text: str) -> list[Span]:
    """Dutch VAT numbers (btw-nummer, btw-id), checked by python-stdnum."""
    out = []
    for m in _VAT_RE.finditer(text):
        compact = re.sub(r"[ .]", "", m.group()).upper()
        said = re.search(r"(?i)\b(?:btw|vat|omzetbelasting)", text[max(0, m.start() - 40):m.start()])
        if std_btw.is_valid(compact) or said:
            out.append(Span(m.start(), m.end(), "vat", {"compact": compact}))
    return out


def find_bsns(text: str) -> list[Span]:
    spans = []
    for m in _BSN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if min(len(group) for group in re.split(r"[ .-]", m.group())) < 2:
            continue  # "50 3 40 60 10" is a row of scores, never how a BSN is written
        said = re.search(r"(?i)\b(?:bsn|burgerservice|sofi)", text[max(0, m.start() - 40):m.start()]) is not None
        if len(digits) in (8, 9) and (std_bsn.is_valid(digits.zfill(9)) or said):
            if len(digits) == 8 and not said:
                continue
            # said to be a BSN, it is one, its check digit wrong or not ("Mijn BSN is 123456789": a typo)
            spans.append(Span(m.start(), m.end(), "bsn", {"digits": digits}))
    return spans


def find_ibans(text: str) -> list[Span]:
    spans = []
    at = 0
    while (m := _IBAN_RE.search(text, at)) is not None:
        raw, at = m.group(), m.start() + 1
        # longest valid prefix that ends on a character of the IBAN; the search goes on after it (a run
        # may hold two: "NL91ABNA0417164300 en BE71 0961 2345 6769")
        for end in range(len(raw), 14, -1):
            if not raw[end - 1].isalnum():
                continue
            compact = re.sub(r"[^A-Za-z0-9]", "", raw[:end])
            if std_iban.is_valid(compact):
                spans.append(Span(m.start(), m.start() + end, "iban", {"compact": compact}))
                at = m.start() + end
                break
    for m in _NL_IBAN_SHAPE.finditer(text):
        if not any(sp.start < m.end() and m.start() < sp.end for sp in spans):
            spans.append(Span(m.start(), m.end(), "iban", {"compact": re.sub(r"[^A-Za-z0-9]", "", m.group())}))
    return spans


def find_postcodes(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "postcode") for m in _POSTCODE_RE.finditer(text)
            if std_postcode.is_valid(m.group())]


def find_plates(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "licence_plate") for m in _PLATE_RE.finditer(text)
             if _same_case(m.group())]
    for m in _PLATE_CONTEXT_RE.finditer(text):
        p = m.group("p")
        if re.search(r"\d", p) and re.search(r"[A-Za-z]", p):
            spans.append(Span(m.start("p"), m.end("p"), "licence_plate"))
    return spans


def _same_case(plate: str) -> bool:
    """Plates are written in capitals; lower case only with hyphens (ab-12-cd), never with
    spaces, where ordinary words and numbers ("ze er 24", "is 27 en") would match."""
    letters = "".join(c for c in plate if c.isalpha())
    return letters.isupper() or (letters.islower() and " " not in plate)


def find_kvks(text: str) -> list[Span]:
    return [Span(m.start("n"), m.end("n"), "kvk") for m in _KVK_RE.finditer(text)]


# A street name by its Dutch ending, then a house number: streets deduce's lists do not know
# ("Benjaminboulevard 117", "Aiméesingel 4a"); or the number first, as English writes it ("14 Kerkstraat").
_STREET_NAME = (r"[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*(?:straat|laan|weg|plein|singel|boulevard|gracht|kade|dijk|hof|"
                r"pad|steeg|dreef|plantsoen|markt|wal|baan|allee|dam|haven|ring|werf|hoven|erf|burg|park|veld|zoom|lei)")
_STREET_RE = re.compile(
    r"(?<![\w-])" + _STREET_NAME +
    r"\s+\d{1,5}(?:\s?[a-zA-Z](?![\w])|-\d{1,4}|\s?(?:hs|bis|I{1,3})\b)?(?![\w-])"
    r"|(?<![\w.,-])(?!(?:19|20)\d\d\b)\d{1,4}[a-zA-Z]?\s+" + _STREET_NAME + r"(?![\w-])")  # (not a year: "in 2019 Kerkstraat")


def find_streets(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "address") for m in _STREET_RE.finditer(text)]


# An account on a social network written as a handle ("@karin_kuipers82"): not inside an e-mail address.
_HANDLE_RE = re.compile(r"(?<![\w.@/])@(?=[\w.]*[A-Za-z])[A-Za-z0-9_.]{3,30}(?<!\.)(?![\w@])")


def find_handles(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "handle") for m in _HANDLE_RE.finditer(text)]


# A personal document or customer number, said as such: "rijbewijsnummer 5123456789", "paspoort NXC12D345",
# "polisnummer is 12345678901", "klantnummer bij Eneco was 300123456" (after a "-nummer", up to four words without digits may come between).
_DOCUMENT_RE = re.compile(
    r"(?i)\b(?:(?:rijbewijs|paspoort|identiteitskaart|id-kaart|id-bewijs|verblijfsvergunning|v-nummer|vreemdelingennummer|"
    r"zorgpas|klant|polis|lidmaatschaps|passport|driving licen[cs]e|customer)(?:nummer|nr\.?|number|no\.?)?"
    r"|(?:relatie|contract|dossier|zaak|aansluit|lid|pas|verzekerden|verzekerings|personeels|studenten|student|leerling|"
    r"abonnee|abonnements|cli[eë]nt|pati[eë]nt|debiteuren|debiteur|factuur|aanvraag|registratie|account|member|"
    r"policy|account|case|reference|invoice)(?:nummer|nr\.?|number|no\.?))"
    r"(?P<bridge>(?:[ \t]+[^\W\d_][\w&'’-]*){0,4}?)"
    r"\s*:?\s*(?P<n>(?-i:(?=[A-Z0-9 .-]*\d)[A-Z0-9](?:[A-Z0-9]|[ .-](?=[A-Z0-9])){5,19})|\d{3,}(?:/\d{3,}){1,4})(?![\w/])")
#: (Groups of three digits or more between slashes are a number too, "dossiernummer 123/456/789"; a court's
#: case number "C/13/712345" is public and stays.)
_DATE_LIKE = re.compile(r"\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}")


#: "nr. 123456789", "(no. 4471 2209)": a number said as one, six digits or more, whatever it numbers
#: ("zorgverzekeringspolis (nr. 123456789)"); a bus line or a house ("nr. 12") has fewer.
_NR_RE = re.compile(r"(?<![\w.])(?i:nr|no)\.\s*:?\s*(?P<n>\d(?:[ .-]?\d){5,18})(?![\w])(?![ .-]\d)")


#: "onder nummer 2023-004512-AL", "zorgdossiernummer 88123456", "uitkeringsnummer: 4400123": a number of
#: six digits or more said to be a number, by "nummer" or any word ending in it, whatever it numbers (the
#: kinds the reader knows are in _DOCUMENT_RE, with the words that may come between); "huisnummer 12" and
#: "het nummer 112" have fewer digits, a date or two years ("nummer 2023-2024") are no number, and a
#: telephone number is the phone detector's (a public "telefoonnummer 0900-1234" stays), and a "KvK-nummer",
#: "BSN-nummer" or "btw-nummer" is its own detector's (checked, and told by its kind).
_NUMMER_RE = re.compile(
    r"(?i:(?<![\w-])(?!(?:telefoon|fax|service|informatie|whatsapp|sms)nummer)[^\W\d_]*nummer)\s*(?:(?i:is|was)\s+|:\s*)?"
    r"(?P<n>(?=[A-Z0-9 .-]*\d)[A-Z0-9](?:[A-Z0-9]|[ .-](?=[A-Z0-9])){5,24})(?![\w/])(?![ .-]\d)")
_YEARS = re.compile(r"(?:19|20)\d\d[ /-](?:(?:19|20)\d\d|\d\d)")


def _document(start: int, end: int, number: str) -> Span:
    """A document number's span; ``compact`` is the number without its separators (what the gate looks for)."""
    return Span(start, end, "document", {"compact": re.sub(r"[ ./-]", "", number)})


def find_documents(text: str) -> list[Span]:
    out = [_document(m.start("n"), m.end("n"), m.group("n")) for m in _NR_RE.finditer(text)]
    for m in _NUMMER_RE.finditer(text):
        n = m.group("n").rstrip(" .-")
        if sum(c.isdigit() for c in n) >= 6 and not _DATE_LIKE.fullmatch(n) and not _YEARS.fullmatch(n) \
                and not find_phones(n):  # "zijn nummer: 06 12 34 56 78" is the phone detector's
            out.append(_document(m.start("n"), m.start("n") + len(n), n))
    for m in _DOCUMENT_RE.finditer(text):
        n = m.group("n")
        if sum(c.isdigit() for c in n) < 4 or not (n.isupper() or not any(c.isalpha() for c in n)):
            continue
        if m.group("bridge") and (not re.search(r"(?i)(?:nummer|nr\.?|number|no\.?)$", m.group(0)[:m.start("bridge") - m.start()])
                                  or _DATE_LIKE.fullmatch(n)):
            continue  # words between only after a "-nummer" ("klant sinds 2019", "klantnummer ... 12-03-2019": no)
        out.append(_document(m.start("n"), m.end("n"), n))
    return out


#: Twelve digits or more in one number, grouped or not ("4571 2345 6789 0123", a bank card): no amount,
#: date or house number is that long; what is, identifies (a card, an account, a customer).
_LONG_NUMBER_RE = re.compile(r"(?<![\w.,/+-])\d(?:[ ./-]?\d){11,22}(?![\w])(?![ ./-]\d)")


def find_long_numbers(text: str) -> list[Span]:
    """Numbers of 12 to 23 digits that no other detector names (a phone number, a BSN, an IBAN are
    found as such): a bank card, an account or a customer said without its kind."""
    out = []
    for m in _LONG_NUMBER_RE.finditer(text):
        if any(len(group) < 3 for group in re.split(r"[ ./-]", m.group())[:-1]) or find_phones(m.group()):
            continue  # groups of one or two digits are a list ("7.5 8.0 6.5 ..."), not one number (a card's last may be short)
        out.append(_document(m.start(), m.end(), m.group()))
    return out


def cheap_spans(text: str) -> list[Span]:
    """All pattern/library detections on ``text`` (not terms, dates, ages)."""
    out: list[Span] = []
    for finder in (find_emails, find_urls, find_bsns, find_ibans, find_vats,
                   find_postcodes, find_plates, find_kvks, find_streets, find_handles, find_documents, find_long_numbers):
        out.extend(finder(text))
    out.extend(find_phones(text, possible=True))
    return out
