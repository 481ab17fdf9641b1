"""Benchmark the HTML reader: body extraction quality and speed, and metadata accuracy.

Usage (from the repo root)::

    /work/venv/bin/python bench/extraction.py [--data DIR] [--json] [--ablation]

``--data`` is the shared data folder (default ``../shared/data`` beside the repo). It reads

* ``article-extraction-benchmark/``: 181 pages (``html/<id>.html.gz``) and ``ground-truth.json``
  (id -> ``{"articleBody", "url"}``). Body quality is the benchmark's own metric: per page the
  multisets of 4-word shingles of ``\\w+`` tokens (case kept) of the extracted and the true body give
  tp/fp/fn; precision is averaged over pages with a prediction, recall over pages with a truth,
  F1 is the harmonic mean of the two averages. A skipped page is no prediction (recall 0). Beside
  the reader's figures, trafilatura alone (``trafilatura.extract`` with its defaults).
* ``wcxb-dev/``: 790 article pages and 217 listing pages from about 700 sites, the same body
  metric, split in two halves by site (the CRC-32 of the host name, ``www.`` dropped, modulo 2), so
  that a rule written on one half can be judged on the other. Beside the reader's figures, the same
  pages through trafilatura alone (``trafilatura.extract`` with its defaults), and the listing
  pages the reader reports as not an article.
  Metadata on the same article pages, exact match after normalisation, beside trafilatura's own
  (``trafilatura.extract_metadata``): titles and authors after NFKC, quote folding, whitespace
  collapsing and lower case; authors as the set of names split on ``,``, ``;``, ``&`` and ``and``,
  a leading ``By`` dropped (order and separators ignored); dates on the day. A page the reader skips
  is a miss; where the truth is empty, an empty answer is right.
* ``globalvoices-html/``: 16 pages and ``articles.jsonl`` with the expected ``title``,
  ``publish_date`` and ``author``; the front page (``page_type`` not ``article``) must be skipped.
  Titles and authors are compared after Unicode and quote folding (``’`` equals ``'``) and
  whitespace collapsing; dates on the day (``YYYY-MM-DD``).

Times are per page for ``read(path, data)`` (decompression excluded), after one warm-up page:
wall-clock, and the process's CPU time, which other work on a busy machine does not inflate.

``--ablation`` measures the body step alone (every article page of AEB and of both wcxb-dev halves
through decoding, parsing, metadata and ``body._body``, with no page-kind skip) with each of the
body's cleaning steps (``body.FILTERS``) turned off in turn, with none, and with other trafilatura
options than ``body.EXTRACTION``: a step or option stays only while it helps on all three. It runs
trafilatura once per row, so it takes about a minute per row.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.readers import html  # noqa: E402
from indexer.readers.decoding import decode  # noqa: E402
from indexer.readers.errors import SkipFile  # noqa: E402
from indexer.readers.html import body  # noqa: E402
from indexer.readers.html.metadata import _metadata  # noqa: E402
from indexer.readers.html.tree import _declared_charset, _parse  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + size]) for i in range(max(0, len(tokens) - size + 1)))


def page_scores(predicted: str | None, truth: str) -> tuple[float | None, float]:
    """(precision or None when there is no prediction, recall) of one page."""
    true = shingles(truth)
    if predicted is None:
        return None, 0.0
    pred = shingles(predicted)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def reader_body(key: str, data: bytes) -> str:
    """The HTML reader's body of a page; raises ``SkipFile`` for a page it does not take as an article."""
    return html.read(f"{key}.html", data)[0].body


def trafilatura_body(key: str, data: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(data.decode("utf-8", "replace"))


def site_half(url: str) -> str:
    host = urlsplit(url).hostname or ""
    host = host[4:] if host.startswith("www.") else host
    return "AB"[zlib.crc32(host.encode()) % 2]


def run_extraction(folder: Path, keys: list[str] | None = None, extract=reader_body) -> dict:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    if keys is not None:
        truth = {key: truth[key] for key in keys}
    precisions, recalls, times, cpu_times, skipped, pages = [], [], [], [], [], {}
    warm = next(iter(sorted(truth)))
    try:
        extract(warm, gzip.decompress((folder / "html" / f"{warm}.html.gz").read_bytes()))
    except SkipFile:
        pass
    for key in sorted(truth):
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            body = extract(key, data)
        except SkipFile as exc:
            body = None
            skipped.append((key, str(exc)))
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
        precision, recall = page_scores(body, truth[key]["articleBody"])
        if precision is not None:
            precisions.append(precision)
        recalls.append(recall)
        pages[key] = {"precision": precision, "recall": recall}
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {
        "pages": len(truth),
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "precision": p,
        "recall": r,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "cpu_median_ms": statistics.median(cpu_times) * 1000,
        "cpu_p95_ms": percentile(cpu_times, 0.95) * 1000,
        "skipped": skipped,
        "per_page": pages,
    }


def wcxb_halves(folder: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Per site half, the keys of its article pages and of its listing pages."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    meta = json.loads((folder / "meta-truth.json").read_text(encoding="utf-8"))
    halves = {}
    for half in "AB":
        keys = [key for key in sorted(truth) if site_half(truth[key].get("url", "")) == half]
        articles = [key for key in keys if meta.get(key, {}).get("page_type") == "article"]
        listings = [key for key in keys if meta.get(key, {}).get("page_type") not in (None, "article")]
        halves[half] = (articles, listings)
    return halves


def author_names(text: str | None) -> frozenset[str]:
    names = re.split(r"\s*(?:,|;|&|\band\b)\s*", re.sub(r"^by\s+", "", fold(text)))
    return frozenset(name for name in names if name)


def same_metadata(field: str, got: str | None, want: str | None) -> bool:
    if field == "date":
        return (got or "")[:10] == (want or "")[:10]
    if field == "author":
        return author_names(got) == author_names(want)
    return fold(got) == fold(want)


METADATA = (("title", "title"), ("date", "publish_date"), ("author", "author"))  # (ours, the truth's key)


def run_metadata(folder: Path, keys: list[str]) -> dict:
    """Exact-match shares of title, date and author on ``keys``: the reader's and trafilatura's."""
    import trafilatura

    meta = json.loads((folder / "meta-truth.json").read_text(encoding="utf-8"))
    right = Counter()
    for key in keys:
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        try:
            article = html.read(f"{key}.html", data)[0]
            ours = {"title": article.title, "date": article.date, "author": article.author}
        except SkipFile:
            ours = {}
        found = trafilatura.extract_metadata(data.decode("utf-8", "replace"))
        alone = {field: getattr(found, field, None) for field, _ in METADATA} if found else {}
        for field, truth_key in METADATA:
            want = meta[key].get(truth_key)
            right[field] += bool(ours) and same_metadata(field, ours[field], want)
            right["trafilatura_" + field] += same_metadata(field, alone.get(field), want)
    return {name: n / max(1, len(keys)) for name, n in right.items()}


def run_wcxb(folder: Path) -> dict:
    """Per site half: the reader's and trafilatura's body and metadata figures on the article pages,
    and how many listing pages the reader reports as not an article (and how many article pages it
    skips)."""
    report = {}
    for half, (articles, listings) in wcxb_halves(folder).items():
        listings_skipped = 0
        for key in listings:
            try:
                reader_body(key, gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
            except SkipFile:
                listings_skipped += 1
        ours = run_extraction(folder, articles)
        alone = run_extraction(folder, articles, trafilatura_body)
        report[half] = {"articles": len(articles), "listings": len(listings),
                        "f1": ours["f1"], "precision": ours["precision"], "recall": ours["recall"],
                        "median_ms": ours["median_ms"], "articles_skipped": len(ours["skipped"]),
                        "listings_skipped": listings_skipped,
                        "trafilatura_f1": alone["f1"], "trafilatura_precision": alone["precision"],
                        "trafilatura_recall": alone["recall"], "metadata": run_metadata(folder, articles)}
    return report


def ablation_rows() -> list[tuple[str, dict]]:
    """(label, keywords of ``body._body``): the reader's body, each cleaning step off, and other
    trafilatura options."""
    options = body.EXTRACTION
    rows = [("reader's body", {})]
    rows += [(f"without {name}", {"filters": tuple(f for f in body.FILTERS if f != name)}) for name in body.FILTERS]
    rows.append(("no cleaning step", {"filters": ()}))
    rows.append(("trafilatura fast mode", {"extraction": {**options, "fast": True}}))
    rows.append(("without favor_recall", {"extraction": {k: v for k, v in options.items() if k != "favor_recall"}}))
    rows.append(("favor_precision instead", {"extraction": {**{k: v for k, v in options.items() if k != "favor_recall"},
                                                            "favor_precision": True}}))
    rows.append(("without tables", {"extraction": {**options, "include_tables": False}}))
    return rows


def body_only(**switches):
    """An extractor of the body step alone, with ``body._body``'s switches: no page is skipped."""
    def extract(key: str, data: bytes) -> str:
        text = decode(data, _declared_charset(data))
        tree = _parse(text)
        if tree is None:
            return ""
        meta = _metadata(tree)
        return body._body(tree, meta, text, **switches)
    return extract


def run_ablation(bench: Path, wcxb: Path) -> list[dict]:
    sets = [("AEB", bench, None)]
    sets += [(f"wcxb {half}", wcxb, articles) for half, (articles, _) in wcxb_halves(wcxb).items()]
    rows = []
    for label, switches in ablation_rows():
        row = {"row": label}
        for name, folder, keys in sets:
            result = run_extraction(folder, keys, body_only(**switches))
            row[name] = {field: result[field] for field in ("f1", "precision", "recall")}
        rows.append(row)
        print(f"  {label:26s}" + "".join(f"  {name} F1 {row[name]['f1']:.4f} (P {row[name]['precision']:.4f} "
                                          f"R {row[name]['recall']:.4f})" for name, _, _ in sets), flush=True)
    return rows


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", text).strip().lower()


def run_globalvoices(folder: Path) -> dict:
    rows = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    result = {"articles": 0, "title": 0, "date": 0, "author": 0, "author_within": 0, "skipped_articles": [],
              "non_articles": 0, "non_articles_skipped": 0, "misses": []}
    for row in rows:
        path = folder / row["file"]
        is_article = row.get("page_type") == "article"
        try:
            article = html.read(str(path), path.read_bytes())[0]
        except SkipFile as exc:
            article = None
            reason = str(exc)
        if not is_article:
            result["non_articles"] += 1
            result["non_articles_skipped"] += article is None
            continue
        result["articles"] += 1
        if article is None:
            result["skipped_articles"].append((row["file"], reason))
            continue
        checks = {
            "title": fold(article.title) == fold(row["title"]),
            "date": (article.date or "")[:10] == (row.get("publish_date") or "")[:10],
            "author": fold(article.author) == fold(row["author"]),
        }
        # The expected author is often the account name ("Oiwan") where the page shows "Oiwan Lam".
        result["author_within"] += fold(row["author"]) in fold(article.author)
        for field, ok in checks.items():
            result[field] += ok
            if not ok:
                got = {"title": article.title, "date": article.date, "author": article.author}[field]
                want = row["publish_date"] if field == "date" else row[field]
                result["misses"].append((row["file"], field, got, want))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--ablation", action="store_true",
                        help="body step alone, each cleaning step off in turn and other trafilatura options")
    args = parser.parse_args(argv)
    bench = args.data / "article-extraction-benchmark"
    gv = args.data / "globalvoices-html"
    wcxb = args.data / "wcxb-dev"
    if args.ablation:
        if not (bench / "ground-truth.json").exists() or not (wcxb / "meta-truth.json").exists():
            print(f"the ablation needs article-extraction-benchmark/ and wcxb-dev/ under {args.data}", file=sys.stderr)
            return 1
        print("body step alone (no page skipped); F1, precision, recall:")
        rows = run_ablation(bench, wcxb)
        if args.json:
            print(json.dumps(rows, indent=2))
        return 0
    report = {}
    if (bench / "ground-truth.json").exists():
        report["extraction"] = run_extraction(bench)
        report["extraction_trafilatura"] = run_extraction(bench, extract=trafilatura_body)
    if (wcxb / "meta-truth.json").exists():
        report["wcxb"] = run_wcxb(wcxb)
    if (gv / "articles.jsonl").exists():
        report["globalvoices"] = run_globalvoices(gv)
    if not report:
        print(f"no benchmark data under {args.data}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    ext = report.get("extraction")
    if ext:
        print(f"article-extraction-benchmark: {ext['pages']} pages")
        alone = report["extraction_trafilatura"]
        print(f"  body F1 {ext['f1']:.4f}  precision {ext['precision']:.4f}  recall {ext['recall']:.4f}  "
              f"(trafilatura alone: F1 {alone['f1']:.4f}  precision {alone['precision']:.4f}  "
              f"recall {alone['recall']:.4f})")
        print(f"  time per page: median {ext['median_ms']:.1f} ms, p95 {ext['p95_ms']:.1f} ms "
              f"(CPU time: median {ext['cpu_median_ms']:.1f} ms, p95 {ext['cpu_p95_ms']:.1f} ms)")
        for key, reason in ext["skipped"]:
            print(f"  skipped {key[:12]}: {reason}")
    for half, w in report.get("wcxb", {}).items():
        print(f"wcxb-dev, site half {half}: {w['articles']} article pages, {w['listings']} listing pages")
        print(f"  body F1 {w['f1']:.4f}  precision {w['precision']:.4f}  recall {w['recall']:.4f}  "
              f"(trafilatura alone: F1 {w['trafilatura_f1']:.4f}  precision {w['trafilatura_precision']:.4f}  "
              f"recall {w['trafilatura_recall']:.4f})")
        print(f"  listing pages reported as not an article {w['listings_skipped']}/{w['listings']}; "
              f"article pages skipped {w['articles_skipped']}/{w['articles']}; median {w['median_ms']:.1f} ms")
        m = w["metadata"]
        print("  metadata exact match: " + "  ".join(
            f"{field} {m[field]:.3f} (trafilatura alone {m['trafilatura_' + field]:.3f})" for field, _ in METADATA))
    gvr = report.get("globalvoices")
    if gvr:
        n = gvr["articles"]
        print(f"globalvoices-html: {n} articles, {gvr['non_articles']} non-articles")
        print(f"  title {gvr['title']}/{n}  date (day) {gvr['date']}/{n}  author {gvr['author']}/{n} "
              f"(expected name within extracted: {gvr['author_within']}/{n})  "
              f"non-articles skipped {gvr['non_articles_skipped']}/{gvr['non_articles']}")
        for file, reason in gvr["skipped_articles"]:
            print(f"  article skipped {file}: {reason}")
        for file, field, got, want in gvr["misses"]:
            print(f"  {file} {field}: got {got!r}, expected {want!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
