"""Time the analysis of one large plain-text article: 5, 10 and 20 MB of generated news-like text.

    python bench/large_files.py [--sizes 5 10 20] [--json]

For each size: reading the file (indexer.readers), the body's analysis as the index stores it
(indexer.index.schema.to_document: tokenizer, filters, postings), people and countries
(indexer.entities.extract_entities) and one snippet (indexer.search.snippets.make_snippet), each timed on
its own, and the seconds per MB as a ratio of the first size's: about 1.0 at every size when the
work is linear in the size of the file. A 1 MB file is analysed first, unreported, so that every size
finds the word caches (stems, accent folding) equally warm. ``news_like_text`` is also what
tests/test_large_files.py generates its files with.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import machine  # noqa: E402

MB = 2**20
STAGES = ("read_s", "analysis_s", "entities_s", "snippet_s", "total_s")

_PEOPLE = ["Nguyễn Phú Trọng", "Fumio Kishida", "Truong Thi Mai", "Joe Biden", "Kevin O'Neill",
           "Otsuji Hidehisa", "Võ Văn Thưởng", "Ursula von der Leyen", "Jean-Pierre Raffarin", "Shii Kazuo"]
_PLACES = ["Vietnam", "Japan", "the U.S.", "Hà Nội", "Tokyo", "Đà Nẵng", "Brussels", "Paris", "Ho Chi Minh City",
           "the European Union", "China", "Viet-Nam"]
_SUBJECTS = ["The ministry", "Officials", "The central bank", "Exporters", "The committee", "Analysts",
             "Farmers in the Mekong Delta", "The Party’s Secretariat", "Investors"]
_VERBS = ["said", "announced", "reported", "warned", "confirmed", "noted", "expected", "agreed"]
_OBJECTS = ["trade rose {pct} pct to {amount} tonnes", "growth of {pct}% in {year}",
            "investment worth US${amount} million", "talks on the long-term strategic partnership",
            "a plan to boost economy-trade cooperation", "the country's exports to {place}",
            "prices of rice, coffee and rubber", "a {amount}-km expressway linking {place} and {place}"]
_ASIDES = ["(VNA)", "— a senior official said —", "; however,", ": “we will work together”,", ", he added,",
           "? No.", "!", " e.g. U.S. ports,", " (see p. 12)", ", i.e. 1,500,000 people,"]


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(_SUBJECTS + _PEOPLE)
    what = rng.choice(_OBJECTS).format(pct=f"{rng.randint(1, 99)}.{rng.randint(0, 9)}",
                                       amount=f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}",
                                       year=rng.randint(1987, 2025), place=rng.choice(_PLACES))
    aside = rng.choice(_ASIDES) if rng.random() < 0.3 else ""
    return f"{subject} {rng.choice(_VERBS)}{aside} {what}, according to {rng.choice(_PEOPLE)} in {rng.choice(_PLACES)}."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _spaceless_line(rng: random.Random, size: int) -> str:
    """A pasted table, link list or data dump: words, numbers and punctuation with no space at all."""
    pieces, length = [], 0
    while length < size:
        piece = rng.choice(["VNA", "hanoi", "Kishida", "3.5", "1,000", "U.S.", "O'Neill", "2024-05-01", "x7f",
                            "https://vietnamplus.vn/a/b?id=42&p=3"]) + rng.choice(",;:/|-_.=+")
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)


def news_like_text(size_bytes: int, seed: int = 0) -> str:
    """A plain-text article of exactly ``size_bytes`` UTF-8 bytes: a title line, then paragraphs of
    news sentences (names with and without accents, numbers, abbreviations, mixed punctuation), a
    few paragraphs of about 200 kB on one line, and one 300 kB line with no space in it."""
    rng = random.Random(seed)
    lines = ["Vietnam and Japan lift trade ties to a new level", ""]
    size = len(lines[0].encode()) + 1
    long_lines_at = {int(size_bytes * share) for share in (0.2, 0.5, 0.8)}
    spaceless_at = int(size_bytes * 0.6)
    while size < size_bytes:
        if long_lines_at and size >= min(long_lines_at):
            long_lines_at.remove(min(long_lines_at))
            paragraph = _paragraph(rng, 1500)
        elif spaceless_at and size >= spaceless_at:
            spaceless_at = 0
            paragraph = _spaceless_line(rng, 300_000)
        else:
            paragraph = _paragraph(rng, rng.randint(1, 8))
        lines += [paragraph, ""]
        size += len(paragraph.encode()) + 2
    data = "\n".join(lines).encode()[:size_bytes].decode("utf-8", "ignore")
    return data + " " * (size_bytes - len(data.encode()))


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def measure(megabytes: float, folder: str) -> dict:
    from indexer.entities import extract_entities
    from indexer.index.schema import to_document
    from indexer.readers import read_file
    from indexer.search.snippets import make_snippet
    from indexer.text.analysis import index_terms

    path = os.path.join(folder, f"news-{megabytes:g}mb.txt")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(news_like_text(int(megabytes * MB)))
    (article,), read_seconds = _timed(read_file, path, int(megabytes * MB))
    entities, entity_seconds = _timed(extract_entities, article)
    _, analysis_seconds = _timed(to_document, article, entities.persons, entities.countries, "")
    _, snippet_seconds = _timed(make_snippet, article.body, frozenset(index_terms("Kishida said trade")))
    os.remove(path)
    return {"mb": megabytes, "read_s": read_seconds, "analysis_s": analysis_seconds,
            "entities_s": entity_seconds, "snippet_s": snippet_seconds,
            "total_s": read_seconds + analysis_seconds + entity_seconds + snippet_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 10, 20], help="file sizes in MB")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(1, folder)
        rows = [measure(size, folder) for size in args.sizes]
    base = rows[0]
    for row in rows:
        row["per_mb_vs_first"] = {stage: (row[stage] / row["mb"]) / (base[stage] / base["mb"]) for stage in STAGES}
    if args.json:
        print(json.dumps({"machine": machine(), "sizes": rows}, indent=2))
        return
    print(f"machine: {machine()}; in brackets, seconds per MB as a ratio of the {base['mb']:g} MB figure")
    print("| MB | read s | analysis s | entities s | snippet s | total s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        cells = [f"{row[stage]:.2f} ({row['per_mb_vs_first'][stage]:.2f})" for stage in STAGES]
        print(f"| {row['mb']:g} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
