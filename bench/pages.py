"""Browse pages benchmark: opening an index, and the person and country pages, through the Flask app.

    python bench/pages.py --index DIR [--entities 5] [--repeat 3] [--json]

Times, in one process with Flask's test client (no HTTP): opening the index generation (facet
arrays), the first request (which also builds the entity tables), then the pages of the
``--entities`` most frequent people and countries, each ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="a Newsdex index root")
    parser.add_argument("--entities", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from indexer.search import IndexHandle
    from indexer.search.registry import facet
    from webui import create_app

    started = time.perf_counter()
    index = IndexHandle(args.index).get()
    open_seconds = time.perf_counter() - started

    app = create_app({"INDEX_DIR": args.index, "TESTING": True})
    client = app.test_client()
    started = time.perf_counter()
    assert client.get("/people").status_code == 200
    first_seconds = time.perf_counter() - started
    urls = [f"/{facet(kind).plural}/{row.slug}"
            for kind in ("person", "country") for row in index.entities.ranked(kind)[:args.entities]]
    samples = []
    for _ in range(args.repeat):
        for url in urls:
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
            samples.append(time.perf_counter() - started)
    ordered = sorted(samples)
    report = {
        "machine": machine(), "index": args.index, "open_seconds": round(open_seconds, 2),
        "first_request_seconds": round(first_seconds, 2), "pages": urls,
        "entity_page_p50_ms": round(statistics.median(ordered) * 1000, 1),
        "entity_page_max_ms": round(ordered[-1] * 1000, 1), "n": len(ordered),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"machine: {report['machine']}; index {args.index}")
    print(f"open {report['open_seconds']} s; first request /people {report['first_request_seconds']} s")
    print(f"entity pages ({len(urls)} x {args.repeat}): p50 {report['entity_page_p50_ms']} ms, "
          f"max {report['entity_page_max_ms']} ms")


if __name__ == "__main__":
    main()
