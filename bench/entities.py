"""Measure people and country extraction (indexer.entities).

    python bench/entities.py [--data ../shared/data] [--json] [--misses FILE] [--show-gold-errors]

- Wikinews gold (bench/data/wikinews_entities_gold.jsonl, 64 stories annotated by hand in halves A
  and B; wikinews_entities_gold_c.jsonl to _g.jsonl, 37 other stories each, halves C to G, of which D,
  F and G are held out; see bench/data/README.md): precision and recall of people and of countries, per
  half and for D, F and G pooled ("DFG").
  A found person matches a gold person when the folded words are the same, or when one name's words
  (two or more) are all in the other and the family name agrees ("Pedro Pierluisi" for "Pedro R.
  Pierluisi Urrutia"); gold alternatives are separated by "|". Each gold name matches once.
- Reuters-21578 (reuters21578/reut2-*.sgm, stories with a body): recall of the editors' <PLACES>
  by our countries and of their <PEOPLE> by our persons (after corpus-level merge_people), and
  mean milliseconds per story for extract_entities.
- GUM (gum-persons-dev/articles.jsonl, 80 non-news documents, every mention annotated by its
  authors): people precision and recall, the gold being each person chain with a proper-name
  mention, named by its Wikipedia title where linked, else by its shortest proper-name mention;
  groups ("the Huguenots") and pairs ("Niklaus and Johann II") left out. Approximate: the
  annotation is not ours, and a found name in no chain counts as wrong.
- The hand audits (bench/data/reuters_*_audit*.jsonl): 200 person and 200 country tags given to
  Reuters stories outside the editors' fields, judged by reading; precision over those the extractor
  still gives (a rule that drops a judged tag is reported as dropping it). Seven samples each
  (``audit`` to ``audit7``, drawn by bench/audit_sample.py); only the seventh was never read while
  writing a rule.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from indexer.article import Article  # noqa: E402
from indexer.entities import extract_entities, merge_people, slugify  # noqa: E402
from indexer.entities.places import NAMES, _key, resolve  # noqa: E402
from indexer.text import fold  # noqa: E402

# Halves A and B, C since half E was annotated and E since half F was; halves D, F and G (drawn and
# annotated later, each by someone who never ran the extractor) are held out: their errors are never
# printed, only their figures.
GOLD_FILES = [os.path.join(ROOT, "bench", "data", name)
              for name in ("wikinews_entities_gold.jsonl", "wikinews_entities_gold_c.jsonl",
                           "wikinews_entities_gold_d.jsonl", "wikinews_entities_gold_e.jsonl",
                           "wikinews_entities_gold_f.jsonl", "wikinews_entities_gold_g.jsonl")]
HELD_OUT_HALVES = {"D", "F", "G"}
# The first audits were drawn at 4b49464 / 2ecbbb9 and the second (``audit2``) at 3016f3b; the wrong tags
# of both were read while writing rules. The third (``audit3``) were drawn at 761ad74, after the last rule
# change, judged by someone who never read the extractor, and not read while writing a rule.
# The fourth (``audit4``) were drawn at d34d243 the same way, and the rules of 7d106c2 written from their
# wrong tags; the fifth (``audit5``) at 7d106c2, the rules of 339658c written from theirs; the sixth
# (``audit6``) at 339658c, the family-name rule written from its person tags; the seventh (``audit7``)
# at 1244975, judged blind before that rule; its country tags were read to write 0d7ae22. The eighth
# (``audit8``) were drawn at 4da25f7 and judged blind, and the rules of 97b4a15 written from their
# wrong tags; the ninth (``audit9``) at 97b4a15, judged blind, and the country rules of e157bdd written
# from its wrong tags; the tenth (``audit10``) at e157bdd, judged blind, and the publication rule of
# 817fb40 written from the ninth's and tenth's person tags; the eleventh person audit (``audit11``) at
# 817fb40, judged blind, and the person rules of 2759c73 written from its wrong tags; the country rules
# of c2c27b5 were written from the tenth's; the eleventh country audit at c2c27b5, judged blind; the
# twelfth (``audit12``) at 2759c73 (country: 8712bde), judged blind, and the person rules of a7044df
# and the country rules of 29c6b91 written from their wrong tags; the thirteenth (``audit13``) at
# 29c6b91, judged blind, and the person rules of 2a835a3 written from its wrong person tags; the
# fourteenth (``audit14``) at 2a835a3, judged blind, and the person rules of 5f61a6c written from its
# wrong person tags; the fifteenth (``audit15``) at 5f61a6c, judged blind, never read while writing a rule.
AUDITS = {(prefix, kind): os.path.join(ROOT, "bench", "data", f"reuters_{kind}_audit{suffix}.jsonl")
          for prefix, suffix in (("audit", ""), ("audit2", "_2"), ("audit3", "_3"), ("audit4", "_4"),
                                 ("audit5", "_5"), ("audit6", "_6"), ("audit7", "_7"),
                                 ("audit8", "_8"), ("audit9", "_9"), ("audit10", "_10"), ("audit11", "_11"),
                                 ("audit12", "_12"), ("audit13", "_13"), ("audit14", "_14"),
                                 ("audit15", "_15"))
          for kind in ("person", "country")}

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
        # Story ids hash the path they are read under: the path inside the data folder keeps the ids
        # in the audit files the same wherever the data lives and however its folder is spelt.
        if read is not None:
            articles.extend(read(os.path.join("reuters21578", os.path.basename(path)), raw))
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
    aliases = merge_people([r.persons for r in results], [r.firms for r in results])

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
        slugs = [slugify(name) for name in shown_people(r.persons, aliases)]
        for key in a.tags.get("people", []):
            people_total += 1
            if any(s == key or s.endswith("-" + key) for s in slugs):
                people_hit += 1
            else:
                misses.append(("person", key, a.dateline, r.persons, a.title))
    person_tags = [shown_people(r.persons, aliases) for r in results]
    report_audit = {}
    for prefix, kind in AUDITS:
        report_audit |= _audit(prefix, kind, articles, person_tags if kind == "person" else
                               [r.countries for r in results])
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
        **report_audit,
    }


def shown_people(persons: list[str], aliases: dict[str, str | None]) -> list[str]:
    """The people the index shows for an article: merged names, without the archive's firms."""
    return [shown for shown in (aliases.get(p, p) for p in persons) if shown is not None]


def _audit(prefix: str, kind: str, articles: list[Article], tags: list[list[str]]) -> dict:
    """Precision over the hand-judged sample of tags outside the editors' gold (bench/data/README.md),
    counting the judged tags the extractor still gives; tags it no longer gives are reported apart."""
    path = AUDITS[prefix, kind]
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        judged = [json.loads(line) for line in fh if line.strip()]
    given = {(a.id, tag) for a, story_tags in zip(articles, tags, strict=True) for tag in story_tags}
    kept = [j for j in judged if (j["story"], j["tag"]) in given]
    right = sum(j["judgement"] == "right" for j in kept)
    return {f"{prefix}_{kind}_judged": len(judged), f"{prefix}_{kind}_still_given": len(kept),
            f"{prefix}_{kind}_dropped_right": sum(j["judgement"] == "right" for j in judged) - right,
            f"{prefix}_{kind}_dropped_wrong": sum(j["judgement"] == "wrong" for j in judged) - (len(kept) - right),
            f"{prefix}_{kind}_precision": round(right / max(1, len(kept)), 4)}


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", fold(name).replace(".", " ")) if w]


def same_person(found: str, gold: str) -> bool:
    """``found`` names the gold person: the same words, or the words of one (two or more) all in the
    other with the same family name (last word, or the one before a second family name)."""
    for alternative in gold.split("|"):
        a, b = _words(found), _words(alternative)
        if a == b:
            return True
        for short, long in ((a, b), (b, a)):
            if len(short) >= 2 and set(short) <= set(long) and short[-1] in long[-2:]:
                return True
    return False


def same_country(found: str, gold: str) -> bool:
    return fold(found) == fold(gold)


def match(found: list[str], gold: list[str], same) -> tuple[int, list[str], list[str]]:
    """(matches, found names matching no gold name, gold names not found); each gold name matches once."""
    used: set[int] = set()
    wrong = []
    for name in dict.fromkeys(found):
        hit = next((i for i, g in enumerate(gold) if i not in used and same(name, g)), None)
        if hit is None:
            wrong.append(name)
        else:
            used.add(hit)
    return len(used), wrong, [g for i, g in enumerate(gold) if i not in used]


def bench_gold(data: str, show_errors: bool) -> dict:
    path = os.path.join(data, "wikinews-2019-2020", "articles.jsonl")
    with open(path, encoding="utf-8") as fh:
        stories = {record["id"]: record for record in map(json.loads, fh) if record}
    gold = []
    for gold_path in GOLD_FILES:
        with open(gold_path, encoding="utf-8") as fh:
            gold.extend(json.loads(line) for line in fh if line.strip())
    report = {}
    # Each half, then the held-out halves pooled (every story counted once).
    halves = {half: {half} for half in sorted({entry["half"] for entry in gold})}
    halves["".join(sorted(HELD_OUT_HALVES))] = HELD_OUT_HALVES
    for half, members in halves.items():
        totals = {kind: [0, 0, 0] for kind in ("persons", "countries")}  # matched, found, gold
        for entry in (g for g in gold if g["half"] in members):
            record = stories[entry["id"]]
            article = Article(id=record["id"], path=path, title=record.get("title", ""), body=record.get("text", ""),
                              format="jsonl", date=record.get("date"))
            entities = extract_entities(article)
            for kind, same in (("persons", same_person), ("countries", same_country)):
                found = list(dict.fromkeys(getattr(entities, kind)))
                matched, wrong, missed = match(found, entry[kind], same)
                totals[kind][0] += matched
                totals[kind][1] += len(found)
                totals[kind][2] += len(entry[kind])
                if show_errors and (wrong or missed) and not members & HELD_OUT_HALVES:
                    print(f"{half} {entry['id']} {kind}: wrong {wrong} missed {missed}", file=sys.stderr)
        for kind, (matched, found, expected) in totals.items():
            report[f"gold_{half}_{kind}_precision"] = round(matched / max(1, found), 4)
            report[f"gold_{half}_{kind}_recall"] = round(matched / max(1, expected), 4)
    return report


def gum_people(mentions: list[dict]) -> list[str]:
    """One name per person chain of a GUM document (see the module's docstring)."""
    chains: dict[int, list[dict]] = {}
    for mention in mentions:
        if mention["type"] == "person" and mention["proper_name"]:
            chains.setdefault(mention["entity_id"], []).append(mention)
    names = []
    for chain in chains.values():
        linked = next((m["wikipedia"] for m in chain if m["wikipedia"]), None)
        if linked:
            names.append(re.sub(r"\s*\(.*\)$", "", linked.replace("_", " ")))
            continue
        texts = [m["text"] for m in chain if not m["text"].lower().startswith("the ") and " and " not in m["text"]]
        if texts:
            names.append(min(texts, key=len))
    return [name for name in names if not name.endswith("s") or " " in name]


def bench_gum(data: str) -> dict:
    path = os.path.join(data, "gum-persons-dev", "articles.jsonl")
    if not os.path.exists(path):
        return {}
    matched = found_total = gold_total = 0
    with open(path, encoding="utf-8") as fh:
        for record in map(json.loads, fh):
            article = Article(id=record["id"], path=path, title=record.get("title", ""), body=record["text"],
                              format="jsonl", date=record.get("date"))
            found = list(dict.fromkeys(extract_entities(article).persons))
            gold = gum_people(record["entities"])
            hits, _, _ = match(found, gold, same_person)
            matched, found_total, gold_total = matched + hits, found_total + len(found), gold_total + len(gold)
    return {"gum_persons_precision": round(matched / max(1, found_total), 4),
            "gum_persons_recall": round(matched / max(1, gold_total), 4), "gum_persons_gold": gold_total}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-gold-errors", action="store_true", help="print each story's wrong and missed names")
    ap.add_argument("--misses", default=None, help="write Reuters misses (JSON lines) here")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.data):
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    report = {}
    report.update(bench_gold(args.data, args.show_gold_errors))
    report.update(bench_gum(args.data))
    report.update(bench_reuters(args.data, args.misses))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for k, v in report.items():
            print(f"{k:24} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
