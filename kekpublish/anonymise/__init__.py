"""Anonymisation of KEK study texts, and the leak gate for the built site.

Detection combines deduce (names, addresses, places, dates), python-stdnum
(BSN, IBAN, postcode), phonenumbers, and small own patterns (e-mail, URL,
licence plate, KvK number, ages, dates without a year), plus the study's
redact and keep terms. See :class:`Anonymiser` and :func:`scan_site`.

Replacement scheme: people "[persoon A]" / "[person A]" (one label per person
per study, forms of address kept: "meneer [persoon A]"), dates as month and
year, ages as a band (<30, 30-44, 45-64, 65+), everything else a readable tag
in the study's language ("[adres]", "[telefoonnummer]", ...).
"""

from ..lazy import exports

# imported on first use (PEP 562): the leak gate and the date formats do not load the anonymiser
_WHERE = {"age_band": ".ages", "month_year": ".dates", "Anonymiser": ".engine", "Rules": ".engine",
          "Leak": ".gate", "scan_site": ".gate", "Replacement": ".report", "write_report_csv": ".report"}

__all__ = [
    "Anonymiser", "Leak", "Replacement", "Rules", "age_band", "month_year",
    "scan_site", "write_report_csv",
]


__getattr__ = exports(__name__, _WHERE)
