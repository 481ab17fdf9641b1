"""Query benchmark: Newsdex search with facets against raw Whoosh, same stories, same run.

    python bench/query.py [--data DIR] [--raw-index DIR] [--index DIR] [--repeat 3] [--json]

Builds (or reuses) a raw Whoosh index of the stories (StemmingAnalyzer title and
body, plus the editors' PEOPLE and PLACES as keyword fields for ``groupedby``)
and a Newsdex index, then times a fixed query set:

- raw Whoosh top 10 (its default parser), no facets;
- raw Whoosh top 10 with person and place counts through ``groupedby``;
- Newsdex ``SearchIndex.search`` (the call the web UI makes): top 10 with
  person, country, year and source facet counts;
- Newsdex with two facets selected (multi-select counting).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REUTERS, build_raw_whoosh, machine, read_stories, reuters_files  # noqa: E402

from indexer.search import SearchRequest

QUERIES = [
    # single terms
    "oil", "gold", "yen", "coffee", "earnings", "tariff", "opec", "bundesbank", "wheat", "dividend",
    # two or three words
    "oil prices", "trade deficit", "interest rates", "crude oil output", "japan trade surplus",
    "stock market", "federal reserve", "money supply growth", "sugar exports", "bank loans",
    # phrases and syntax
    '"trade deficit"', '"interest rates"', '"crude oil"', '"money supply"', '"west german"',
    "oil AND prices", "gold OR silver", "title:coffee", "wheat NOT corn", '"net loss" dividend',
]
FILTERED = [("oil", {"country": ["Japan"]}), ("trade", {"country": ["Japan", "United States"]}),
            ("", {"country": ["Brazil"]}), ("rates", {"year": ["1987"], "country": ["United Kingdom"]})]


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 2),
            "n": len(ordered)}


def timed(function, queries, repeat: int) -> list[float]:
    function(queries[0])  # warm caches once, as a running server would be
    samples = []
    for _ in range(repeat):
        for q in queries:
            started = time.perf_counter()
            function(q)
            samples.append(time.perf_counter() - started)
    return samples


def run(raw_dir: str, index_root: str, repeat: int) -> dict:
    import whoosh.index
    from whoosh import qparser, sorting

    from indexer.search import IndexHandle

    raw = whoosh.index.open_dir(raw_dir)
    raw_searcher = raw.searcher()
    parser = qparser.MultifieldParser(["title", "body"], raw.schema)
    facets = sorting.Facets().add_field("person", allow_overlap=True).add_field("place", allow_overlap=True)

    def raw_top10(q):
        return raw_searcher.search(parser.parse(q), limit=10)

    def raw_groupedby(q):
        results = raw_searcher.search(parser.parse(q), limit=10, groupedby=facets)
        return {name: results.groups(name) for name in ("person", "place")}

    index = IndexHandle(index_root).get()

    def newsdex(q):
        return index.search(SearchRequest(q, page_size=10))

    def newsdex_filtered(item):
        q, filters = item
        return index.search(SearchRequest(q, filters=filters, page_size=10))

    report = {
        "documents": index.doc_count,
        "raw_top10": percentiles(timed(raw_top10, QUERIES, repeat)),
        "raw_top10_groupedby_facets": percentiles(timed(raw_groupedby, QUERIES, repeat)),
        "newsdex_top10_with_facets": percentiles(timed(newsdex, QUERIES, repeat)),
        "newsdex_multiselect_filtered": percentiles(timed(newsdex_filtered, FILTERED, repeat * 3)),
    }
    report["p95_ratio_newsdex_over_raw_top10"] = round(
        report["newsdex_top10_with_facets"]["p95_ms"] / report["raw_top10"]["p95_ms"], 2)
    report["p95_speedup_over_groupedby"] = round(
        report["raw_top10_groupedby_facets"]["p95_ms"] / report["newsdex_top10_with_facets"]["p95_ms"], 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(REUTERS), help="folder of .sgm files (default: Reuters-21578)")
    parser.add_argument("--raw-index", help="reuse a raw Whoosh index built by an earlier run")
    parser.add_argument("--index", help="reuse a Newsdex index root")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    files = reuters_files(Path(args.data))
    with tempfile.TemporaryDirectory() as tmp:
        raw_dir = args.raw_index or tmp + "/raw"
        if not args.raw_index:
            Path(raw_dir).mkdir()
            build_raw_whoosh(read_stories(files), raw_dir)
        index_root = args.index
        if not index_root:
            from indexer.index.reindex import reindex

            index_root = tmp + "/newsdex"
            reindex(files, index_root, progress=False)
        report = {"machine": machine(), "raw_index": args.raw_index or "(built from --data)",
                  "index": args.index or "(built from --data)", **run(raw_dir, index_root, args.repeat)}
        if not (args.raw_index and args.index):
            report["data"] = args.data
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"machine: {report['machine']}; {report['documents']:,} documents; index {report['index']}")
    for name in ("raw_top10", "raw_top10_groupedby_facets", "newsdex_top10_with_facets",
                 "newsdex_multiselect_filtered"):
        print(f"{name:32} p50 {report[name]['p50_ms']:8.2f} ms   p95 {report[name]['p95_ms']:8.2f} ms")
    print(f"newsdex p95 / raw top-10 p95 = {report['p95_ratio_newsdex_over_raw_top10']}x; "
          f"{report['p95_speedup_over_groupedby']}x faster than groupedby at p95")


if __name__ == "__main__":
    main()
