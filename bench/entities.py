"""Measure people and country extraction (indexer.entities).

    python bench/entities.py [--data ../shared/data] [--json] [--review FILE] [--misses FILE]

- Reuters-21578 (reuters21578/reut2-*.sgm, stories with a body): recall of the editors' <PLACES>
  by our countries and of their <PEOPLE> by our persons (after corpus-level merge_people), and
  mean milliseconds per story for extract_entities.
- Wikinews (wikinews-2019-2020/articles.jsonl): a fixed-seed sample of 100 stories; the people and
  countries extracted from each are written to the review file for hand-judging precision.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from indexer.article import Article  # noqa: E402
from indexer.entities import extract_entities, merge_people, slugify  # noqa: E402
from indexer.entities.places import NAMES, _key, resolve  # noqa: E402

# Reuters place keys whose spelling differs from every name we know.
PLACE_KEYS = {
    "usa": "US", "uk": "GB", "ussr": "SU", "uae": "AE", "west-germany": "DE-W", "east-germany": "DD",
    "yemen-arab-republic": "YE-N", "yemen-demo-republic": "YE-S", "trinidad-tobago": "TT",
    "us-virgin-islands": "VI", "kampuchea": "KH", "western-samoa": "WS", "hong-kong": "HK",
    "netherlands-antilles": "AN", "british-virgin-islands": "VG", "macao": "MO", "vatican": "VA",
}
DATE_1987 = "1987-03-01"


def place_name(key: str) -> str | None:
    code = PLACE_KEYS.get(key) or NAMES.get(_key(key.replace("-", " ")))
    return resolve(code, DATE_1987) if code else None


def read_reuters(data: str) -> list[Article]:
    files = sorted(glob.glob(os.path.join(data, "reuters21578", "reut2-*.sgm")))
    try:
        from indexer.readers.sgml import read
    except ImportError:  # pragma: no cover - the lead's reader is missing
        read = None
    articles: list[Article] = []
    for path in files:
        with open(path, "rb") as fh:
            raw = fh.read()
        if read is not None:
            articles.extend(read(path, raw))
        else:
            articles.extend(_parse_sgml(path, raw.decode("latin-1")))
    return [a for a in articles if a.body.strip()]


def _parse_sgml(path: str, text: str) -> list[Article]:
    out = []
    for n, rec in enumerate(re.findall(r"<REUTERS\b.*?</REUTERS>", text, re.S)):
        def el(name, rec=rec):
            m = re.search(rf"<{name}>(.*?)</{name}>", rec, re.S)
            return m.group(1).strip() if m else ""
        tags = {k: re.findall(r"<D>(.*?)</D>", el(k.upper())) for k in ("places", "people")}
        out.append(Article(id=str(n), path=path, title=el("TITLE"), body=el("BODY"), format="sgml",
                           date="1987-03-01", dateline=el("DATELINE").rstrip(" -"), tags=tags))
    return out


def bench_reuters(data: str, misses_path: str | None) -> dict:
    articles = read_reuters(data)
    t0 = time.perf_counter()
    results = [extract_entities(a) for a in articles]
    elapsed = time.perf_counter() - t0
    aliases = merge_people([r.persons for r in results])

    place_hit = place_total = 0
    excluded: set[str] = set()
    excluded_n = 0
    people_hit = people_total = 0
    misses = []
    for a, r in zip(articles, results, strict=True):
        ours = set(r.countries)
        for key in a.tags.get("places", []):
            name = place_name(key)
            if name is None:
                excluded.add(key)
                excluded_n += 1
                continue
            place_total += 1
            if name in ours:
                place_hit += 1
            else:
                misses.append(("place", key, a.dateline, r.countries, a.title))
        slugs = [slugify(aliases.get(p, p)) for p in r.persons]
        for key in a.tags.get("people", []):
            people_total += 1
            if any(s == key or s.endswith("-" + key) for s in slugs):
                people_hit += 1
            else:
                misses.append(("person", key, a.dateline, r.persons, a.title))
    if misses_path:
        with open(misses_path, "w", encoding="utf-8") as fh:
            for m in misses:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    return {
        "stories": len(articles),
        "place_recall": round(place_hit / max(1, place_total), 4),
        "places_gold": place_total,
        "places_excluded": excluded_n,
        "places_excluded_keys": sorted(excluded),
        "people_recall": round(people_hit / max(1, people_total), 4),
        "people_gold": people_total,
        "ms_per_story": round(1000 * elapsed / max(1, len(articles)), 3),
    }


def bench_wikinews(data: str, review_path: str) -> dict:
    path = os.path.join(data, "wikinews-2019-2020", "articles.jsonl")
    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    sample = random.Random(20240501).sample(records, min(100, len(records)))
    sample.sort(key=lambda r: r["id"])
    people = countries = 0
    with open(review_path, "w", encoding="utf-8") as out:
        for rec in sample:
            art = Article(id=rec["id"], path=path, title=rec.get("title", ""), body=rec.get("text", ""),
                          format="jsonl", date=rec.get("date"))
            ents = extract_entities(art)
            people += len(ents.persons)
            countries += len(ents.countries)
            out.write(f"## {rec['id']} {rec.get('date')} {rec.get('title')}\n")
            out.write(f"people: {'; '.join(ents.persons)}\n")
            out.write(f"countries: {'; '.join(ents.countries)}\n\n")
    return {"wikinews_stories": len(sample), "wikinews_people": people, "wikinews_countries": countries,
            "review_file": review_path}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--review", default=os.path.join(tempfile.gettempdir(), "newsdex-entities-wikinews.txt"))
    ap.add_argument("--misses", default=None, help="write Reuters misses (JSON lines) here")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.data):
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    report = {}
    report.update(bench_reuters(args.data, args.misses))
    report.update(bench_wikinews(args.data, args.review))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for k, v in report.items():
            print(f"{k:24} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
