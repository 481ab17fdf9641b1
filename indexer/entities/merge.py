"""Corpus-level merging of person names: order, accents, initials, hyphens, bare surnames."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from . import lexicon as lx
from .text import fold, tokenize


def _words(name: str) -> list[str]:
    return [f for f in (fold(t) for t in tokenize(name)) if f[:1].isalpha() and not f.endswith(".")]


def _parts(name: str) -> list[str]:
    """The words with hyphenated ones split: "Rha Woong-bae" is "Rha Woong Bae", "Jean-Pierre" "Jean Pierre"."""
    return [part for word in _words(name) for part in word.split("-") if part]


def _key(name: str) -> frozenset[str]:
    """What the variants of one name share: its words, in any order, without particles."""
    return frozenset(w for w in _parts(name) if w not in lx.NAME_PARTICLES)


def _given_first(name: str) -> bool:
    words = _words(name)
    return bool(words) and (words[0] in lx.JAPANESE_GIVEN_NAMES or
                            (words[0] in lx.GIVEN_NAMES and words[-1] not in lx.GIVEN_NAMES))


# A name the archive writes as a firm's ("Morgan Stanley and Co", "Dean Witter Reynolds Inc") in at
# least this share of the articles that name it as a person, and in two articles or more, is a firm.
FIRM_SHARE = 0.5
FIRM_MIN_ARTICLES = 2


def merge_people(per_article_persons: Iterable[list[str]],
                 per_article_firms: Iterable[list[str]] = ()) -> dict[str, str | None]:
    """Map every person name seen to its canonical display name, or to None when it names a firm.

    - a name of two words or more that the archive writes as a firm's in at least ``FIRM_SHARE`` as many
      articles as it names a person by it (and in ``FIRM_MIN_ARTICLES`` or more) is the firm's, named
      after its founders: "Merrill Lynch", "Dean Witter"; one article alone cannot tell the two apart,
      since a firm's name stands alone once the story has given it in full;
    - the same words in another order ("Kishida Fumio" / "Fumio Kishida"): the given-name-first form
      where the given name is known, else the form the corpus uses most;
    - the same words with or without accents ("Nguyễn Phú Trọng" / "Nguyen Phu Trong"), with or
      without middle initials, or hyphenated or not ("Rha Woong-bae" / "Rha Woong Bae"): the form the
      corpus uses most;
    - a bare single name ("Kishida", "Baker") goes to the one full name ending (or, for family-name-first
      names, starting) with it only when that name has at least 80% of the corpus's uses; so "Baker"
      stays itself when both "James Baker" and "Howard Baker" are common.
    """
    counts: Counter = Counter()
    for names in per_article_persons:
        counts.update(set(names))
    firm_articles: Counter = Counter()
    for names in per_article_firms:
        firm_articles.update({_key(name) for name in names})
    groups: dict[frozenset, list[str]] = defaultdict(list)
    singles: list[str] = []
    for name in counts:
        key = _key(name)
        if len(key) >= 2:
            groups[key].append(name)
        elif len(key) == 1:
            singles.append(name)
    aliases: dict[str, str | None] = {}
    canon_count: dict[str, int] = {}
    canon_of_key: dict[frozenset, str] = {}
    for key, names in list(groups.items()):
        as_person = sum(counts[s] for s in names)
        if firm_articles[key] >= max(FIRM_MIN_ARTICLES, FIRM_SHARE * as_person):
            aliases.update(dict.fromkeys(names))
            del groups[key]
            continue
        names.sort(key=lambda s: (-counts[s], -sum(not c.isascii() for c in s), s))
        canonical = names[0]
        orders = {tuple(_parts(s)) for s in names}
        if len(orders) > 1:
            preferred = [s for s in names if _given_first(s)]
            if preferred:
                canonical = preferred[0]
        for s in names:
            aliases[s] = canonical
        canon_of_key[key] = canonical
        canon_count[canonical] = sum(counts[s] for s in names)

    # Bare names: by the last word (Western, Vietnamese) or the first (family-name-first forms).
    by_word: dict[str, Counter] = defaultdict(Counter)
    for canonical in canon_of_key.values():
        words = _words(canonical)
        by_word[words[-1]][canonical] += canon_count[canonical]
        if words[0] not in lx.GIVEN_NAMES and words[0] not in lx.JAPANESE_GIVEN_NAMES:
            by_word[words[0]][canonical] += canon_count[canonical]
    for name in singles:
        w = _words(name)[0]
        cands = by_word.get(w)
        if not cands:
            continue
        best, best_n = cands.most_common(1)[0]
        if best_n >= 0.8 * sum(cands.values()):
            aliases[name] = best
    return aliases
