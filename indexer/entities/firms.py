"""Firms' legal forms ("N.V.", "B.V.", "L.P.", "AG", "Oyj"), from the tables of the cleanco package.

A capitalised run that a legal form closes is a firm's name: neither a person ("Galaxy Cablevision
L.P.") nor a mention of the place it holds ("Qintex America (Media) Ltd").
"""

from __future__ import annotations

from cleanco import termdata

from . import lexicon as lx
from .text import fold

# One-word forms only; those that are also English function words ("as", "at") are left out, and
# the places extractor leaves out the names of places ("UK").
LEGAL_FORMS = frozenset(
    fold(term) for table in (termdata.terms_by_type, termdata.terms_by_country)
    for terms in table.values() for term in terms if " " not in term) - lx.STOPWORDS


def is_legal_form(token: str, folded_token: str) -> bool:
    """A legal form written as one: with inner full stops ("N.V.", "K.K.") or in capitals ("AG");
    "Ltd" and "Inc" as written in text are in ``lexicon.FIRM_WORDS``."""
    return folded_token in LEGAL_FORMS and ("." in token[:-1] or (token.isupper() and len(token) >= 2))
