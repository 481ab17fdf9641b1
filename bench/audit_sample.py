"""Draw a sample of Reuters tags outside the editors' gold for judging by hand.

    python bench/audit_sample.py person|country --seed N [--size 200] [--exclude FILE ...] --out FILE

Every (story, tag) the extractor gives a Reuters-21578 story (bench/entities.py reads them) that the
editors' <PEOPLE> or <PLACES> field does not hold is a candidate; pairs already judged in an
``--exclude`` audit are left out; ``--size`` of them are drawn with ``random.Random(seed)``. Each
line written holds the story id, the tag, the story's title and dateline and, to judge by, the text
around each mention of the tag's words, or for a country the words around each mention the extractor
counted (the full story is in the shared data): the judge adds
"judgement" ("right" or "wrong") and "why", and drops "title", "dateline" and "context".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from entities import place_name, read_reuters, shown_people  # noqa: E402

from indexer.entities import extract_entities, merge_people, slugify  # noqa: E402
from indexer.entities.people import find_people  # noqa: E402
from indexer.entities.places import find_countries, resolve  # noqa: E402
from indexer.entities.text import fold, tokenize  # noqa: E402


def candidates(data: str, kind: str) -> list[tuple[object, str]]:
    articles = read_reuters(data)
    results = [extract_entities(a) for a in articles]
    out = []
    if kind == "person":
        aliases = merge_people([r.persons for r in results], [r.firms for r in results])
        for a, r in zip(articles, results, strict=True):
            gold = a.tags.get("people", [])
            for p in dict.fromkeys(shown_people(r.persons, aliases)):
                s = slugify(p)
                if not any(s == key or s.endswith("-" + key) for key in gold):
                    out.append((a, p))
    else:
        for a, r in zip(articles, results, strict=True):
            gold = {place_name(key) for key in a.tags.get("places", [])}
            out.extend((a, c) for c in r.countries if c not in gold)
    return out


def country_mentions(article, tag: str) -> list[str]:
    """The words around each mention the place extractor counted for ``tag`` (its trace)."""
    title = article.title or ""
    title_tokens = tokenize(title)
    tokens = title_tokens + ["."] + tokenize(article.body or "")
    folded = [fold(t) for t in tokens]
    _, positions, words, _ = find_people(tokens, folded, len(title_tokens) + 1 if title.isupper() else 0)
    trace: list = []
    find_countries(tokens, folded, positions, words, trace)
    return list(dict.fromkeys(text for code, text in trace if resolve(code, article.date) == tag))[:6]


def context(article, tag: str, width: int = 160, most: int = 4) -> list[str]:
    text = article.body or ""
    words = [w for w in re.split(r"\W+", tag) if len(w) > 2] or [tag]
    spans = []
    for m in re.finditer("|".join(re.escape(w) for w in words), text, re.I):
        if spans and m.start() < spans[-1][1]:
            continue
        spans.append((max(0, m.start() - width), m.end() + width))
        if len(spans) == most:
            break
    return [" ".join(text[a:b].split()) for a, b in spans]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=["person", "country"])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--size", type=int, default=200)
    ap.add_argument("--exclude", nargs="*", default=[])
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                   os.pardir, "shared", "data"))
    args = ap.parse_args(argv)
    judged = set()
    for path in args.exclude:
        with open(path, encoding="utf-8") as fh:
            judged |= {(j["story"], j["tag"]) for j in map(json.loads, fh) if j}
    pool = [(a, t) for a, t in candidates(args.data, args.kind) if (a.id, t) not in judged]
    sample = random.Random(args.seed).sample(pool, min(args.size, len(pool)))
    with open(args.out, "w", encoding="utf-8") as fh:
        for a, t in sample:
            around = context(a, t) if args.kind == "person" else country_mentions(a, t)
            fh.write(json.dumps({"story": a.id, "tag": t, "title": a.title, "dateline": a.dateline,
                                 "context": around}, ensure_ascii=False) + "\n")
    print(f"{len(pool)} candidate {args.kind} tags; {len(sample)} written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
