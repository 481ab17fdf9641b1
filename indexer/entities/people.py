"""Person-name recognition and within-article merging, by rules over two data packages (titles from
``nameparser``, given names from ``names-dataset``; nothing downloaded).

A capitalised run of words ("Party General Secretary Nguyen Phu Trong") is split at titles, role
words, organisation words, country and city names, months and stopwords; what remains is a candidate
name. A name the article also writes as a firm's ("Merrill Lynch and Co") is none. A candidate of
two or more words is accepted with a signal: a title or occupation before it, a given name, a verb
of saying or an appositive after it, the family name used alone later, a list with a person, the
Vietnamese naming pattern, or a middle initial. Single words ("Kishida", "Mai") only refer back to a
full name in the same article, or stand alone when a personal title precedes them ("President Reagan").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from english_words import get_english_words_set
from nameparser.config import CONSTANTS as NAME_CONSTANTS
from whoosh.support.levenshtein import damerau_levenshtein

from . import lexicon as lx
from . import name_data
from .firms import is_legal_form
from .places import AMBIGUOUS, BODY_CITIES, FIRST, NAMES, US_STATES
from .text import fold, tokenize

SENT_END = {".", "!", "?", "\"", "“", "”", ":", ";", "(", ")", "|", "•", "\n"}
ABBREV = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt",
          "prof", "jr", "sr", "rev", "adm", "brig", "cmdr", "no", "vs", "mt", "ft"}
PERSONAL_TITLES = set("""
president minister premier chancellor senator sen governor gov chairman chairwoman secretary ambassador
king queen prince princess pope general gen judge prof professor sheikh sheik ayatollah mayor speaker
spokesman spokeswoman commissioner director leader mr mrs ms miss dr rep representative congressman
congresswoman sir lord lady dame emperor empress sultan emir president-elect colonel col lt lieutenant
captain capt sgt admiral adm marshal bishop archbishop cardinal rev reverend father imam rabbi coach
treasurer comptroller attorney prosecutor chief premier vice-president vice-chairman vice-premier
hojatoleslam hojjatoleslam mullah mufti
""".split())
SAY_STRONG = set("""
said says told tells added adds stated noted explained announced declared wrote writes claimed argued
asked replied insisted warned stressed emphasised emphasized affirmed urged acknowledged confirmed denied
admitted described expressed highlighted underlined suggested predicted
""".split())

# Titles and roles written before a name, from the name parser's maintained list ("undersecretary",
# "administrator", ...) and our own. One starting a run of three or more words is a title, never a name.
# The parser's list also holds the first words of titles ("National", "High", "First"): those that
# begin organisations' names too are left out.
LEADING_TITLES = ({title.lower() for title in NAME_CONSTANTS.titles} - lx.ORG_WORDS - lx.STOPWORDS
                  - {"first", "high", "grand", "most", "royal"}) | PERSONAL_TITLES | lx.ROLE_WORDS
# A misspelt title ("Secertary", "Minsiter") is one edit from a title this long or longer.
_MISSPELT_TITLE_MIN = 7


def _by_first_letter_and_length(titles) -> dict[tuple[str, int], list[str]]:
    grouped: dict[tuple[str, int], list[str]] = {}
    for title in sorted(titles):
        if len(title) >= _MISSPELT_TITLE_MIN:
            grouped.setdefault((title[0], len(title)), []).append(title)
    return grouped


# A misspelling keeps the first letter, so a word is compared with the few titles of its letter and length.
_LONG_TITLES = _by_first_letter_and_length(PERSONAL_TITLES | lx.ROLE_WORDS)



@functools.cache
def known_given_names() -> frozenset[str]:
    """The package's given names and ours, read on first use (computed once per package version)."""
    return name_data.load("given") | lx.GIVEN_NAMES


@functools.cache
def known_family_names() -> frozenset[str]:
    """The package's family names, read on first use (computed once per package version)."""
    return name_data.load("family")


@functools.cache
def english_words() -> frozenset[str]:
    """The words of Webster's Second International (the english-words package, 236,000 words; read in
    a tenth of a second). Capitalised entries are names ("Joseph", "Kitty") and stay out of it."""
    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def _in_dictionary(word: str) -> bool:
    """A dictionary word, or its plural ("workers", "buses", "companies")."""
    words = english_words()
    if word in words:
        return True
    return (word.endswith("s") and word[:-1] in words) or (word.endswith("es") and word[:-2] in words) or (
        word.endswith("ies") and word[:-3] + "y" in words)


# Split words: anything that cannot be part of a person's name.
_COUNTRYISH = {k for k, v in NAMES.items() if v and " " not in k and k not in AMBIGUOUS}
_CITYISH = {k for k in BODY_CITIES if " " not in k and k not in AMBIGUOUS}
_DEMONYM_WORDS = {fold(d) for d in lx.DEMONYMS if " " not in d}
# Single-word cities are not always split words: "Sudesh Amman", "Kobe Bryant" are people.
SPLIT = (lx.ROLE_WORDS | lx.ORG_WORDS | lx.MONTHS | lx.WEEKDAYS | lx.STOPWORDS | _COUNTRYISH)
SPLIT -= {"lee", "moon", "kim", "park", "li", "le", "do", "ho", "mai", "ha", "la", "ly", "vu", "vo"}


_INNER_CAPITAL = re.compile(r"^(?!Mc|Mac|Fitz|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von)[A-Z][a-z]+[A-Z]")


# A monarch's or a pope's number after the given name: "Elizabeth II", "Benedict XVI", "John Paul II".
_REGNAL_NUMBER = re.compile(r"(?=[IVX]{2,5}$)X{0,3}(?:IX|IV|V?I{0,3})")


def _regnal_name(folded: list[str], i: int, j: int) -> bool:
    """Whether the run ``i:j`` can take a regnal number: given names alone ("Elizabeth", "John Paul"),
    or a title and a name or two ("Pope Benedict"). A family name's number is a generation's ("Henry
    Heinz II", "Nicholas A. Gallo III") and a fund's is a series' ("Investors Partnership II")."""
    return all(folded[x] in known_given_names() for x in range(i, j)) or (folded[i] in PERSONAL_TITLES and j - i <= 3)


def _is_name_word(tok: str) -> bool:
    c = tok[0]
    if c.isupper():
        if len(tok) == 1:
            return False
        if tok.isupper():
            return tok.endswith(".") and len(tok) <= 5  # initials "J." "H.W."
        if _INNER_CAPITAL.search(tok):
            return False  # a product's or a handle's word ("NonStop", "PowerPoint"); not "McCarthy", "DeVos"
        tail = tok.rsplit("-", 1)[1] if "-" in tok else ""
        if tail.islower() and tail.endswith("ed") and _in_dictionary(tail):
            return False  # "Bahrain-based", "Paris-led" (not "Dae-jung", "Tae-woo")
        return tok[1] != "." or tok.endswith(".")
    if c.islower() and len(tok) > 3:
        if tok[2] == "-" and tok[:2] in ("al", "el") and tok[3].isupper():
            return True  # "al-Assad"
        if tok[1] in "'’" and c == "d" and tok[2].isupper():
            return True  # "d'Estaing"
    return False


@dataclass
class _Group:
    key: frozenset
    surfaces: dict = field(default_factory=dict)  # surface -> count
    first: int = 0
    confirmed: bool = False
    positions: list = field(default_factory=list)
    orders: dict = field(default_factory=dict)  # folded tuple -> count


def _name_key(folded_tokens: list[str]) -> frozenset:
    """The words that tell a person apart: particles join a name's parts ("bin Laden" is "Bin Laden")
    unless a particle is all but one of them ("Al Gore")."""
    words = [t for t in folded_tokens if not t.endswith(".")]
    core = [t for t in words if t not in lx.NAME_PARTICLES]
    return frozenset(core if len(core) >= 2 else words)


def find_people(tokens: list[str], folded: list[str], start: int = 0
                ) -> tuple[list[str], set[int], set[str], list[str]]:
    """(display names, token positions inside people's names, folded words of those names, the names
    the article writes as a firm's: "Merrill Lynch" of "Merrill Lynch and Co")."""
    n = len(tokens)
    multi: list[tuple[int, int, bool]] = []   # (a, b, strong)
    singles: list[tuple[int, bool, bool]] = []  # (pos, titled, said)
    firms: dict[frozenset, str] = {}  # names this article also writes as a firm's, as written
    # Words the article also writes in lower case are words, not family names ("Measles Response ... response").
    lower_words = {folded[k] for k in range(start, n) if tokens[k].islower()}
    i = start
    while i < n:
        if not _is_name_word(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _is_name_word(tokens[j]) or (_REGNAL_NUMBER.fullmatch(tokens[j]) and _regnal_name(folded, i, j)):
                j += 1
            elif folded[j] in lx.NAME_PARTICLES and tokens[j].islower():
                # one particle or a run of them before the next part: "van Beethoven", "van der Vorm",
                # "de la Serre"
                k = j
                while k < n and folded[k] in lx.NAME_PARTICLES and tokens[k].islower():
                    k += 1
                if k < n and _is_name_word(tokens[k]):
                    j = k
                else:
                    break
            else:
                break
        _chunk(tokens, folded, i, j, multi, singles, firms, lower_words)
        i = j

    groups: dict[frozenset, _Group] = {}
    for a, b, strong in multi:
        ftoks = folded[a:b]
        key = _name_key(ftoks)
        if len(key) < 2:
            continue
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(key, first=a)
        surface = " ".join(tokens[a:b])
        g.surfaces[surface] = g.surfaces.get(surface, 0) + 1
        order = tuple(t for t in ftoks if not t.endswith("."))
        g.orders[order] = g.orders.get(order, 0) + 1
        g.confirmed = g.confirmed or strong
        g.positions.extend(range(a, b))
    # The firm's name, and any shorter name within it ("Dean Witter" of "Dean Witter Reynolds Inc"), and a
    # name whose first word, no given name, the article writes alone as a firm's ("Merrill Lynch" beside
    # "Merrill senior strategist"): a person is called by the family name, not the given one.
    lone_firms = {word for firm in firms if len(firm) == 1 for word in firm} - known_given_names()
    for key in [key for key, g in groups.items()
                if any(key <= firm for firm in firms) or _given_word(g) in lone_firms]:
        del groups[key]
    _confirm_listed_with_people(multi, groups, tokens, folded)
    _add_shared_family_names(tokens, folded, multi, groups)

    # Merge a shorter name into the unique longer one that contains it ("George Bush" -> "George W. Bush").
    # Groups by word, so that finding the names that contain a name costs its words, not all names.
    by_word: dict[str, set[frozenset]] = {}
    for k in groups:
        for word in k:
            by_word.setdefault(word, set()).add(k)
    keys = sorted(groups, key=len)
    for k in keys:
        # By its words other than particles: "Bin Laden" goes into "Osama bin Laden".
        core = [word for word in k if word not in lx.NAME_PARTICLES] or list(k)
        supers = set.intersection(*(by_word[word] for word in core)) - {k}
        if len(supers) == 1:
            small = groups.pop(k)
            for word in k:
                by_word[word].discard(k)
            big = groups[supers.pop()]
            big.confirmed = big.confirmed or small.confirmed
            big.positions.extend(small.positions)
            big.first = min(big.first, small.first)
    _merge_short_given_names(groups, by_word)

    lone: dict[str, list] = {}
    for pos, titled, said in singles:
        f = folded[pos]
        cands = [groups[k] for k in by_word.get(f, ())]
        if len(cands) > 1:
            confirmed = [g for g in cands if g.confirmed]
            cands = confirmed if len(confirmed) == 1 else cands
        if len(cands) == 1:
            g = cands[0]
            g.positions.append(pos)
            # News refers back to a person by family name alone: "Mick Jagger ... Jagger played".
            if titled or said or (_family_name(g) == f and _refers_back(tokens, folded, pos, lower_words)):
                g.confirmed = True
        elif not cands and titled:
            entry = lone.setdefault(f, [tokens[pos], pos, []])
            entry[2].append(pos)

    people: list[tuple[int, str]] = []
    positions: set[int] = set()
    words: set[str] = set()
    for g in groups.values():
        if not g.confirmed:
            continue
        people.append((g.first, _display(g)))
        positions.update(g.positions)
        words.update(g.key)
    for f, (surface, first, poss) in lone.items():
        people.append((first, surface))
        positions.update(poss)
        words.add(f)
    people.sort()
    return [p for _, p in people], positions, words, list(dict.fromkeys(firms.values()))


def _add_shared_family_names(tokens: list[str], folded: list[str], multi, groups: dict) -> None:
    """"Joanne and Edward Corr": a given name standing alone before "and" and a person's two-word name
    shares the family name, and is a person of its own."""
    for a, b, _ in multi:
        if b - a != 2 or a < 2 or folded[a - 1] != "and":
            continue
        g = groups.get(_name_key(folded[a:b]))
        given = a - 2
        if g is None or not g.confirmed or not _is_name_word(tokens[given]) or tokens[given].isupper() \
                or folded[given] not in known_given_names() or (given and _is_name_word(tokens[given - 1])):
            continue
        key = frozenset((folded[given], folded[b - 1]))
        if key in groups:
            continue
        surface = f"{tokens[given]} {tokens[b - 1]}"
        groups[key] = _Group(key, surfaces={surface: 1}, first=given, confirmed=True, positions=[given],
                             orders={(folded[given], folded[b - 1]): 1})


def _merge_short_given_names(groups: dict, by_word: dict) -> None:
    """One person written two ways in one story, "Mitchell Stoltz" and "Mitch Stoltz": two two-word
    names with the same family name whose given names begin alike, the shorter of three letters or
    more, are one, shown in the longer form."""
    for key in sorted(groups, key=lambda k: min(len(w) for w in k)):
        g = groups.get(key)
        if g is None or len(key) != 2:
            continue
        given, family = _given_word(g), _family_name(g)
        if len(given) < 3 or given == family:
            continue
        for other_key in list(by_word.get(family, ())):
            other = groups.get(other_key)
            if other is None or other_key == key or len(other_key) != 2 or _family_name(other) != family:
                continue
            longer = _given_word(other)
            if len(longer) > len(given) and longer.startswith(given):
                del groups[key]
                for word in key:
                    by_word[word].discard(key)
                other.confirmed = other.confirmed or g.confirmed
                other.positions.extend(g.positions)
                other.first = min(other.first, g.first)
                break


def _display(g: _Group) -> str:
    if len(g.orders) > 1:
        # Prefer the given-name-first order ("Fumio Kishida" over "Kishida Fumio").
        for order in g.orders:
            if order[0] in lx.JAPANESE_GIVEN_NAMES or (order[0] in lx.GIVEN_NAMES and order[-1] not in
                                                       lx.GIVEN_NAMES):
                best = [s for s in g.surfaces if _fold_order(s) == order]
                if best:
                    return max(best, key=lambda s: g.surfaces[s])
    return max(g.surfaces, key=lambda s: g.surfaces[s])  # ties: first seen (dict order)


# What follows a family name standing for a person: punctuation, a possessive, a verb of saying or an
# auxiliary ("Jagger said", "Patel's", "Baker, who", "Lee was"); a noun after it makes it a modifier
# ("Community officials").
_AFTER_PERSON = {"'s", "’s", "was", "is", "has", "had", "will", "would", "who", "and", "also", "then"}
_LIST_LINKS = ({","}, {"and"}, {"&"}, {",", "and"}, {"or"})


def _confirm_listed_with_people(multi, groups, tokens, folded) -> None:
    """Names listed with a person are people ("Steve Winwood and Ric Grech", "Nixon, ..., and Bill
    Clinton" is not a list): a candidate one link ("," "and" ", and" "&" "or") from a confirmed
    name, in either direction, until no more are confirmed. A name followed by an occupation names
    whom the person works with ("Tim Gunn and Grateful Dead drummer Mickey Hart"): never listed."""
    spans = sorted((a, b, _name_key(folded[a:b])) for a, b, _ in multi)
    spans = [(a, b, key) for a, b, key in spans if key in groups
             and not (b < len(tokens) and tokens[b].islower() and _is_role(folded[b]))]
    changed = True
    while changed:
        changed = False
        for (_, end, left), (begin, _, right) in zip(spans, spans[1:], strict=False):
            g1, g2 = groups[left], groups[right]
            if g1.confirmed == g2.confirmed or begin - end > 2 or set(folded[end:begin]) not in _LIST_LINKS:
                continue
            g1.confirmed = g2.confirmed = changed = True


def _refers_back(tokens, folded, pos, lower_words) -> bool:
    """A lone capitalised word that can only be a person's family name: not after a determiner or a
    modifier ("the Hornets", "other Community", "12-nation Community": a lower-case word before it
    must be a function word or a verb of saying), not a word the article also writes in lower case,
    and followed by what follows a person (at a sentence's start too: "Strell, who joined last
    year, agreed")."""
    before = tokens[pos - 1] if pos else ""
    if before.islower() and (folded[pos - 1] in _DETERMINERS or not (
            folded[pos - 1] in lx.STOPWORDS or folded[pos - 1] in lx.SAY_VERBS)):
        return False
    if folded[pos] in lower_words:
        return False
    after = tokens[pos + 1] if pos + 1 < len(tokens) else "."
    return not after[:1].isalnum() or folded[pos + 1] in _AFTER_PERSON or folded[pos + 1] in lx.SAY_VERBS


def _given_word(g: _Group) -> str:
    """The first word of the name as the article writes it most."""
    return max(g.orders, key=lambda order: g.orders[order])[0]


def _family_name(g: _Group) -> str:
    """The last word of the name as the article writes it most."""
    return max(g.orders, key=lambda order: g.orders[order])[-1]


_ARTICLES = {"the", "a", "an"}
# Words inside an organisation's name, before the rest of it: "German Agency for Technical Cooperation".
_ORGANISATION_LINKS = {"of", "for", "de", "des", "du"}
# Prepositions before a person's employer: "an analyst with Indiana Grain, said".
_EMPLOYER_LINKS = {"with", "at", "for", "from", "of"}
_DETERMINERS = _ARTICLES | {"this", "that", "its", "their", "our", "other", "another"}
_TITLE_PREFIXES = ("under", "vice-", "vice", "deputy-", "sub", "co-")
# Occupations the title list cannot hold all of: "immunologist", "guitarist", "economist".
_OCCUPATION_ENDINGS = ("ologist", "ist")
_OCCUPATION_MIN = 8
_NOT_OCCUPATIONS = ("quist", "qvist")  # family names: "Lindqvist", "Almquist"
_ROLE_MIN = 5  # the parser's list also holds short parts of titles: "met", "oil", "home", "risk"


# What a person is, does or is to someone: the words that say a name beside them is a person's.
_PERSON_WORDS = lx.ROLE_WORDS | lx.KIN_WORDS


def _is_role(word: str) -> bool:
    """A word naming what a person is or does ("drummer", "editor", "immunologist"), never an organisation."""
    # Never a misspelling here: "reported" is one edit from "reporter".
    return word not in lx.ORG_WORDS and (
        word in _PERSON_WORDS or (len(word) >= _ROLE_MIN and _is_title(word, misspelt=False)))


@functools.lru_cache(maxsize=65536)
def _is_title(word: str, misspelt: bool = True) -> bool:
    """A title written before a name: listed, listed behind a prefix ("undersecretary"), or (with
    ``misspelt``) one edit from one."""
    if word in LEADING_TITLES or (misspelt and _misspelt_title(word)):
        return True
    if len(word) >= _OCCUPATION_MIN and word.endswith(_OCCUPATION_ENDINGS) and not word.endswith(_NOT_OCCUPATIONS):
        return True
    return any(word.startswith(prefix) and word[len(prefix):] in LEADING_TITLES for prefix in _TITLE_PREFIXES)


@functools.lru_cache(maxsize=65536)
def _misspelt_title(word: str) -> bool:
    """"secertary", "minsiter": one edit (a swap counts as one) from a long title, first letter kept."""
    if len(word) < _MISSPELT_TITLE_MIN:
        return False
    return any(damerau_levenshtein(word, title) == 1 for size in (len(word) - 1, len(word), len(word) + 1)
               for title in _LONG_TITLES.get((word[0], size), ()))


# Country names of two or more words, by first word: a name one edit from one is the country
# misspelt ("Sri Lanaka").
_PLACES_BY_FIRST_WORD: dict[str, list[str]] = {}
for _place in sorted(k for k, code in NAMES.items() if code and " " in k):
    _PLACES_BY_FIRST_WORD.setdefault(_place.split(" ", 1)[0], []).append(_place)


def _firm_name_follows(tokens: list[str], folded: list[str], k: int) -> bool:
    """The rest of a firm's name starts at ``k``: one capitalised word, then a firm's word or a legal
    form ("St. Joseph Light and Power Corp", "Donaldson Lufkin and Jenrette Securities Corp"), so the
    run before "and" is the firm's name too; not a firm of its own beside a person ("Asher Edelman and
    Dominion Textile Ltd")."""
    j = k + 1
    return (j < len(tokens) and tokens[k][:1].isupper() and tokens[j][:1].isupper()
            and (folded[j] in lx.FIRM_WORDS or is_legal_form(tokens[j], folded[j])))


def _region_follows(tokens: list[str], folded: list[str], end: int) -> bool:
    """``tokens[end:]`` read ", <country, US state or Canadian province>", and the clause or sentence
    goes on after it: not "John Smith, Mexico's envoy" or "statues of Christopher Columbus, US
    presidents"."""
    n = len(tokens)
    if end + 1 >= n or tokens[end] != "," or not tokens[end + 1][:1].isupper():
        return False
    after = tokens[end + 2] if end + 2 < n else "."
    if not (after in {",", ".", ";", ":", ")"} or folded[end + 2] in {"and", "or"}):
        return False
    region = folded[end + 1].rstrip(".")
    written_short = "." in tokens[end + 1] or after == "."
    return bool(NAMES.get(region)) or region in US_STATES or region in lx.CANADIAN_PROVINCES or (
        region in lx.US_STATE_ABBREVS and written_short)


def _misspelt_place(words: list[str]) -> bool:
    phrase = " ".join(words)
    return any(damerau_levenshtein(phrase, place) == 1 for place in _PLACES_BY_FIRST_WORD.get(words[0], ()))


def _fold_order(surface: str) -> tuple:
    return tuple(f for f in (fold(t) for t in tokenize(surface)) if not f.endswith("."))


def _is_age(word: str) -> bool:
    return word.isdigit() and int(word) < 120


def _sentence_start(tokens: list[str], folded: list[str], i: int) -> bool:
    if i == 0:
        return True
    p = tokens[i - 1]
    if p in SENT_END:
        return not (p == "." and i >= 2 and folded[i - 2] in ABBREV)
    return False


def _chunk(tokens, folded, start, end, multi, singles, firms, lower_words, legal_form=False) -> None:
    n = len(tokens)
    if start >= 1 and tokens[start - 1] in lx.SHIP_PREFIXES:
        return  # a ship's name
    if start >= 1 and tokens[start - 1].islower() and folded[start - 1] in _PUBLICATION_NOUNS:
        return  # a paper's name: "the Japanese daily Asahi Shimbun", "the weekly Der Spiegel"
    if start >= 1 and tokens[start - 1].islower() and folded[start - 1] in lx.VESSEL_NOUNS:
        return  # a ship's name, whoever it is named after
    if folded[start] in _STORM_WORDS:
        return  # a storm's name: "Typhoon Haiyan", "Tropical Storm Chantal"
    if start >= 1 and folded[start - 1] in _PLACE_PREPOSITIONS and _region_follows(tokens, folded, end):
        return  # a town: "in Vera Cruz, Mexico", "of Midland, Texas"
    if folded[start] in _GERMAN_ARTICLES and end - start >= 2:
        return  # a German title: "Der Spiegel", "Die Welt"
    if folded[start] in _INSTITUTION_FIRST and end - start >= 2 and not any(
            _is_title(f) or f in lx.ROLE_WORDS for f in folded[start + 1:end]):
        # a bank's or an institute's name: "Banque Nationale de Paris", "Istituto Mobiliare Italiano"
        firms[_name_key(folded[start + 1:end])] = " ".join(tokens[start + 1:end])
        return
    closing = next((k for k in range(end, min(n, end + 3)) if tokens[k] == ">"), None)
    if start >= 1 and tokens[start - 1] == "<" and closing is not None and not any(
            t.islower() for t in tokens[end:closing]):
        # the wire's mark around a firm's name: "<Johnson Geneva U.S.A.> said"
        firms[_name_key(folded[start:end])] = " ".join(tokens[start:end])
        return
    # A legal form ends a firm's name: "Galaxy Cablevision L.P.", "Van Lanschot Beleggingscompagnie B.V. In which".
    if not legal_form:
        for k in range(start + 1, end):
            if is_legal_form(tokens[k], folded[k]):
                _chunk(tokens, folded, start, k, multi, singles, firms, lower_words, legal_form=True)
                if k + 1 < end:
                    _chunk(tokens, folded, k + 1, end, multi, singles, firms, lower_words)
                return
    # The first of three or more capitalised words is a title, not a name, when it is a title
    # ("Undersecretary", or one misspelt: "Secertary James Baker") or follows "of the" (what a title
    # heads: "Chancellor of the Exchequer Nigel Lawson").
    titles_at = {k for k in range(start, end - 2) if folded[k] not in lx.GIVEN_NAMES and _is_title(folded[k])}
    heads_at = start if end - start >= 3 and start >= 2 and folded[start - 1] == "the" and folded[start - 2] == "of" \
        else None
    # A firm's word after the run: "Morgan Stanley and Co", "Cheung Kong (Holdings) Ltd", "Tessel Maskell OYJ";
    # or an occupation, the run then naming the employer: "Dean Witter analyst Karen Gibbs".
    firm_follows = legal_form or end + 1 < n and (
        (folded[end] in {"and", "&"} and (folded[end + 1] in lx.FIRM_AFTER_AND or (
            # not a person beside a firm: "Chairman John Smith and Acme Corp agreed", "Asher Edelman and
            # Dominion Textile Inc"
            _firm_name_follows(tokens, folded, end + 1) and folded[start] not in known_given_names()
            and not (start and _is_role(folded[start - 1]))
            and not any(_is_title(folded[x]) or folded[x] in lx.ROLE_WORDS for x in range(start, end)))))
        or (tokens[end] == "<" and tokens[end + 1].isupper())  # its ticker: "Airbus Industrie <AINP.PA>"
        or (folded[end] == "(" and folded[end + 1] in lx.FIRM_WORDS)) or (
        end < n and ((tokens[end].islower() and (_is_role(folded[end]) or folded[end] in _PUBLICATION_NOUNS
                                                 or folded[end] in _CHAIN_NOUNS))
                     or (tokens[end].isupper() and folded[end] in lx.FIRM_WORDS)  # "Krupp Stahl AG"
                     or is_legal_form(tokens[end], folded[end])))
    # Multi-word country and city names inside the run ("United States", "Holy See", "Hong Kong").
    phrase_split: set[int] = set()
    for k in range(start, end - 1):
        m = FIRST.get(folded[k], 0)
        for length in range(min(m, end - k), 1, -1):
            key = " ".join(folded[k:k + length])
            if NAMES.get(key) or key in BODY_CITIES:
                phrase_split.update(range(k, k + length))
                break
    # Segments between split words.
    seg_start = start
    prev_split = None
    for k in range(start, end + 1):
        if k < end:
            f = folded[k]
            # A run may open with a verb of saying or a determiner: "Said David Gluskin", "Another Tokyo trader".
            opener = k == start and (f in lx.SAY_VERBS or f in _DETERMINERS)
            is_split = opener or k in phrase_split or k in titles_at or k == heads_at or (
                f in SPLIT and not (f in lx.VIETNAMESE_SURNAMES and k + 1 < end))
            if is_split and k == start and end - start == 2 and f in lx.ORG_WORDS and f in known_given_names():
                is_split = False  # a given name that is also a word, opening a two-word name: "Bill Clinton"
            elif is_split and k == end - 1 and end - start == 2 and f in _DEMONYM_WORDS \
                    and folded[start] in known_given_names() and folded[start] not in _DEMONYM_WORDS:
                is_split = False  # a demonym that is a family name after a given name: "Jerry Welsh", "Dawn French"
            elif is_split and k == end - 1 and k > start and f in lx.MONTHS and f in known_family_names() \
                    and folded[k - 1] in known_given_names() and not (k + 1 < n and folded[k + 1].isdigit()):
                is_split = False  # a month that is a family name after a given name: "Theresa May", not "May 5"
            elif is_split and start < k < end - 1 and folded[k - 1] in PERSONAL_TITLES and f in lx.ORG_WORDS \
                    and f in known_given_names() and _is_name_word(tokens[k + 1]):
                is_split = False  # a given name that is also a word, after a title: "President Bill Clinton"
            elif is_split and k > start and folded[k - 1] in _PATRONYMIC_PARTICLES and tokens[k - 1].islower():
                is_split = False  # a father's name, whatever it means: "Zaid bin Sultan al-Nahayan"
            if not is_split and f in _CITYISH:
                # a city word is a name word only as a surname or in "Kobe Bryant"
                is_split = not ((k == end - 1 and k > start) or (k == start and end - start == 2))
            if not is_split:
                continue
        a, b = seg_start, k
        # trim particles at the edges
        while a < b and tokens[a].islower():
            a += 1
        while b > a and tokens[b - 1].islower():
            b -= 1
        # drop a sentence-initial gerund or descriptor ("Saying", "Singer-songwriter Robert Hunter")
        if b - a >= 2 and ((len(folded[a]) >= 6 and folded[a].endswith("ing")
                            and folded[a] not in lx.GIVEN_NAMES) or (
                "-" in folded[a] and tokens[a].split("-", 1)[1][:1].islower() and b - a >= 3)):
            a += 1
        # a sentence-initial everyday word that is no given name before one that is: "Broker Francesco
        # Dinepi" (not "Justo Marin Ludena": a given name the list lacks is no English word)
        elif b - a >= 3 and _sentence_start(tokens, folded, a) and not tokens[a].endswith(".") \
                and folded[a + 1] in known_given_names() and folded[a] not in known_given_names() \
                and folded[a] not in lx.GIVEN_NAMES and _in_dictionary(folded[a]):
            a += 1
        # a name right before an organisation word names the organisation ("Johns Hopkins University")
        org_after = (k < end and folded[k] in lx.ORG_WORDS and k not in phrase_split) or (k == end and firm_follows)
        if b > a and org_after:
            # "Morgan Stanley Group", "Pat Fashions Industries Inc": organisation words up to a firm's
            if k == end or folded[k] in lx.FIRM_WORDS or (
                    (firm_follows or folded[end - 1] in lx.FIRM_WORDS)
                    and all(folded[x] in lx.ORG_WORDS for x in range(k, end))):
                firms[_name_key(folded[a:b])] = " ".join(tokens[a:b])
        elif b > a and prev_split is None and b - a >= 2 and k < end and folded[k] in PERSONAL_TITLES:
            pass  # what the titled person is, opening the run: "Roman Catholic Pope Francis"
        elif b > a:
            _segment(tokens, folded, a, b, start, end, prev_split, k < end, multi, singles, n, lower_words,
                     titled_before=prev_split in titles_at and (
                         folded[prev_split] in PERSONAL_TITLES or _misspelt_title(folded[prev_split])))
        prev_split = k
        seg_start = k + 1


# Nouns after which a capitalised run names a publication, and the German articles that open one.
_PUBLICATION_NOUNS = {"daily", "weekly", "newspaper", "magazine", "paper", "journal", "tabloid"}
# Written in lower case after a name, these make it a chain's: "Martin's and Gordon Drummond pharmacies".
_CHAIN_NOUNS = {"pharmacies", "stores", "shops", "restaurants", "supermarkets", "hotels", "outlets",
                "dealerships", "boutiques", "cinemas", "theaters", "theatres", "brand", "brands"}
# Before a name, these make "<name>, <country or state>" a place: "the harbor area of Vera Cruz, Mexico".
_PLACE_PREPOSITIONS = {"in", "of", "at", "near"}
_GERMAN_ARTICLES = {"der", "die", "das"}
# Words that open a bank's, an institute's or a firm's name, the rest of the capitalised run naming it.
_INSTITUTION_FIRST = {"bank", "banque", "banco", "banca", "istituto", "instituto", "institut", "instituut",
                      "societe", "sociedad", "sociedade", "compagnie", "compania", "companhia"}
# Words that open a storm's name: "Typhoon Haiyan", "Hurricane Katrina", "Tropical Storm Chantal".
_STORM_WORDS = {"typhoon", "hurricane", "cyclone", "tropical"}
# "son of": the word after is a father's name, even one that is also a title.
_PATRONYMIC_PARTICLES = {"bin", "ibn", "arap"}
# Words that may link the parts of an organisation's name: "House of Councillors", "Japan – Vietnam".
_NAME_LINKS = {"of", "the", "for", "and", "&", "–", "—", "-", "'s", "’s"}
_TITLE_CHAIN_MAX = 20
_ORGANISATION_GOES_ON = {"of", "'", "’", "'s", "’s"}


def _after_title_of_organisation(tokens, folded, a, b, start, prev_split) -> bool:
    """A name that closes a "<title> of <organisation or place>" phrase, the way news agencies write it.

    "President of the National Diet Nukaga Fukushiro", "Governor of Yamanashi prefecture Kotaro
    Nagasaki": the title is separated from the name by what the person heads, so the name's own words
    carry no signal and must not need one (they are on no list).
    """
    if b < len(tokens) and folded[b] in _ORGANISATION_GOES_ON:
        return False  # "the Joint Chiefs of Staff", "Maize Producers' Association"
    if prev_split is not None:
        # What the person heads ends in an organisation word or a country ("President of Vietnam
        # <name>"); after a demonym the capitalised words still name the organisation.
        if folded[prev_split] not in lx.ORG_WORDS and not (
                folded[prev_split] in _COUNTRYISH and folded[prev_split] not in lx.DEMONYMS):
            return False
        edge = prev_split
    elif a == start and start >= 2 and _kind_of_place(tokens, folded, start - 1):
        edge = start - 1  # a place and its kind before the name: "Yamanashi prefecture"
    else:
        return False
    for k in range(edge - 1, max(-1, edge - _TITLE_CHAIN_MAX), -1):
        word = tokens[k]
        if folded[k] in PERSONAL_TITLES and folded[k + 1] == "of":
            return True
        if word[:1].isupper() or word in _NAME_LINKS:
            continue
        if _kind_of_place(tokens, folded, k):
            continue
        return False
    return False


# The generations "Gen X", "Gen Y", "Gen Z", "Gen Alpha" and their people ("Gen Zers").
_GENERATION = re.compile(r"^(?:[xyz]|alpha)(?:ers|s)?$")


def _kind_of_place(tokens, folded, k) -> bool:
    """A lower-case kind of place right after its name: "Yamanashi prefecture", "Lam Dong province"."""
    return k >= 1 and tokens[k].islower() and folded[k] in lx.ORG_WORDS and tokens[k - 1][:1].isupper()


def _segment(tokens, folded, a, b, start, end, prev_split, split_after, multi, singles, n, lower_words, *,
             titled_before: bool = False) -> None:
    name = folded[a:b]
    if b - a > 5:
        return
    if b - a == 1 and prev_split is not None and folded[prev_split] == "gen" and _GENERATION.match(name[0]):
        return  # "Gen Z voters", "Gen Zers": a generation, not General Z
    titled = False
    if prev_split is not None:
        titled = folded[prev_split] in PERSONAL_TITLES or titled_before
        role = titled or (folded[prev_split] in lx.ROLE_WORDS and folded[prev_split] not in lx.ORG_WORDS)
    else:
        role = False
        if a == start and start > 0:
            p = folded[start - 1]
            if tokens[start - 1].islower() and _is_role(p):
                role = True
            elif tokens[start - 1] == "," and start > 1 and (folded[start - 2] in _PERSON_WORDS or (
                    start > 3 and folded[start - 3] == "of" and folded[start - 4] in _PERSON_WORDS
                    and tokens[start - 2][:1].isupper())):
                role = True  # "Another son, Carter Cooper", "The mayor of London, Sadiq Khan"
    if not role and b == end and not split_after and b - a <= 4:
        role = _after_title_of_organisation(tokens, folded, a, b, start, prev_split)
    said = False
    aged = False  # an age after the name: "Sudesh Amman, 20," or "(34)"; things have no age
    if b == end and not split_after:
        nxt = folded[b] if b < n else ""
        if nxt in SAY_STRONG:
            said = True
        elif nxt == "," and b + 1 < n and not (a == start and start and folded[start - 1] in _EMPLOYER_LINKS):
            # not "... vice president with Indiana Grain, said": the comma closes the speaker's apposition
            n1 = folded[b + 1]
            if (n1 in _PERSON_WORDS and tokens[b + 1].islower()
                    and not (b + 2 < n and _is_name_word(tokens[b + 2]))) or n1 in SAY_STRONG:
                # not "the Iran Power Generation Transmission, spokesman B. Jay Cooper said": the role
                # is the next name's
                said = True
            elif n1 in {"who", "a", "an", "the", "his", "her", "one"}:
                # "Elaine Chao, the Secretary of Transportation", "Ann Bell, a drummer", "Andriy Yermak,
                # one of President Zelensky's aides"
                said = any(_is_role(folded[x]) for x in range(b + 2, min(n, b + 6)))
            elif n1.isdigit() and b + 2 < n and tokens[b + 2] == ",":
                said = True
                aged = _is_age(n1)
        elif nxt == "(" and b + 1 < n and folded[b + 1].isdigit():
            said = True
            aged = _is_age(folded[b + 1]) and b + 2 < n and tokens[b + 2] == ")"
    if a == start and start >= 1:
        p = folded[start - 1]
        if p in {"said", "says", "told"} or (p == "to" and start >= 2 and folded[start - 2] == "according"):
            said = True
    words = [w for w in name if not w.endswith(".")]
    if len(words) == 0 or any(len(w) < 2 for w in words):
        return
    if len(words) == 1 and b - a == 1:
        # "Chief Technical Officer": a title word right after it means it is part of a title
        if split_after and b < n and folded[b] in lx.ROLE_WORDS:
            titled = False
        # "General" opens firms' names as often as it is a rank: "General Dynamics", "General
        # Acquisition" are no general's family names (a word of the dictionary), "General Noriega" is
        elif titled and folded[prev_split] == "general" and _in_dictionary(words[0]):
            titled = False
        singles.append((a, titled, said))
        return
    if len(words) == 1:
        return
    if a == start and start >= 2 and folded[start - 1] in _ORGANISATION_LINKS and not role \
            and _is_name_word(tokens[start - 2]) and not _is_title(folded[start - 2]) \
            and folded[start - 2] not in lx.ROLE_WORDS:
        return  # the rest of an organisation's name: "Federation of Non-Ferrous Metals", "Agency for ..."
    if _misspelt_place(words):
        return
    strong = role or said
    if words[0] not in known_given_names() and any(w in lower_words for w in words) and all(
            _in_dictionary(w) for w in words):
        return  # everyday words, one written in lower case too: "Stock Letter", "Community Cable"
    if not (role or aged) and words[-1] not in known_family_names() and words[0] not in known_given_names() \
            and words[0] not in lx.VIETNAMESE_SURNAMES and _in_dictionary(words[-1]) \
            and not (prev_split is not None and _is_title(folded[prev_split])):
        # A name ends in a family name: a dictionary word that is none ends a thing's name
        # ("Interbank Offered Rate", "the Corn Growers said", "Mayo Unit"), unless a given name opens it,
        # a title or role comes first ("Senate Budget Chairman Lawton Chiles", "Administrator Corwin Tallis")
        # or an age follows ("Sudesh Amman, 20,": an amman is also a Swiss magistrate).
        return
    if not strong:
        first, last = words[0], words[-1]
        if first in lx.JAPANESE_GIVEN_NAMES or last in lx.JAPANESE_GIVEN_NAMES:
            strong = True
        elif first in known_given_names() and last not in lower_words and not (a and folded[a - 1] in _ARTICLES):
            # A given name, then a word that is no common word, with no article before them
            # ("Jill Stein"; not "the Roman Catholic", "on Christmas eve").
            strong = True
        elif len(words) < len(name):  # middle initial
            strong = True
        elif first in lx.VIETNAMESE_SURNAMES and all(len(w) <= 6 for w in words) and (
                len(words) >= 3 or words[1] in lx.VIETNAMESE_MIDDLES):
            strong = True
    multi.append((a, b, strong))
