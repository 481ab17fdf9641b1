"""Export and batch search benchmark over a Reuters index (docs/benchmarks.md, "Export and batch search").

    python bench/export.py --index /tmp/reuters_index [--query oil] [--queries 1000] [--seed 18] [--json]

(a) Export: every match of ``--query`` written as CSV, as ``newsdex search QUERY --format csv`` writes it,
    in a child process each, beside two baselines measured the same way: the same search's first page
    (what the search page costs), and an export of every article (the largest export the index allows,
    to show that memory does not grow with the rows). Seconds exclude opening the index; peak memory is
    the child's ru_maxrss.
(b) Batch: ``--queries`` distinct queries of one or two words drawn by a seeded random sample from the
    words of the Reuters titles, run as ``newsdex batch --format csv`` runs them (best 3 hits each), in a
    child process; then the same list through the web page (``POST /batch``, Flask's test client).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, run_measured  # noqa: E402

TITLE_WORD = re.compile(r"[a-z]{3,}")
BATCH_TOP = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="a Newsdex index root over reuters21578")
    parser.add_argument("--query", default="oil")
    parser.add_argument("--queries", type=int, default=1000, help="queries in the batch")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=["export", "first-page", "batch"], help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args)))
        return

    script = str(Path(__file__).resolve())
    common_args = [script, "--index", args.index]
    export = run_measured([*common_args, "--child", "export", "--query", args.query])
    first_page = run_measured([*common_args, "--child", "first-page", "--query", args.query])
    everything = run_measured([*common_args, "--child", "export", "--query", ""])

    queries = batch_queries(args.index, args.queries, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        queries_file = Path(folder) / "queries.txt"
        queries_file.write_text("\n".join(queries) + "\n", encoding="utf-8")
        batch = run_measured([*common_args, "--child", "batch", "--queries-file", str(queries_file)])
    web_seconds, web_status = web_batch(args.index, "\n".join(queries))

    report = {
        "machine": machine(), "index": args.index, "query": args.query,
        "export": export, "first_page": first_page, "export_everything": everything,
        "export_vs_first_page": {
            "seconds": round(export["seconds"] / first_page["seconds"], 1),
            "peak_rss": round(export["peak_rss_mb"] / first_page["peak_rss_mb"], 2),
        },
        "batch": {**batch, "queries": len(queries), "seed": args.seed, "top": BATCH_TOP,
                  "ms_per_query": round(batch["seconds"] / len(queries) * 1000, 2),
                  "web_seconds": round(web_seconds, 2), "web_status": web_status,
                  "sample": queries[:8]},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report))


def batch_queries(index_root: str, count: int, seed: int) -> list[str]:
    """``count`` distinct queries of one or two Reuters title words, drawn with ``seed``."""
    from indexer.search import IndexHandle, SearchRequest

    index = IndexHandle(index_root).get()
    words = sorted({word for hit in index.hits(SearchRequest(snippets=False))
                    for word in TITLE_WORD.findall(hit.title.lower())})
    draw = random.Random(seed)
    queries: list[str] = []
    seen: set[str] = set()
    while len(queries) < count:
        query = " ".join(draw.sample(words, draw.choice((1, 2))))
        if query not in seen:
            seen.add(query)
            queries.append(query)
    return queries


def web_batch(index_root: str, text: str) -> tuple[float, int]:
    """Seconds for the batch page to run ``text`` and render its table (Flask's test client, no HTTP)."""
    from webui import create_app

    client = create_app({"INDEX_DIR": index_root, "TESTING": True}).test_client()
    client.get("/")  # the first search opens the index: not timed
    started = time.perf_counter()
    response = client.post("/batch", data={"queries": text, "top": str(BATCH_TOP)})
    return time.perf_counter() - started, response.status_code


def _child(args) -> dict:
    from indexer.search import IndexHandle, SearchRequest
    from indexer.search import batch as batch_search
    from indexer.search.export import export_lines

    started = time.perf_counter()
    index = IndexHandle(args.index).get()
    open_seconds = time.perf_counter() - started
    started = time.perf_counter()
    rows = written = 0
    with open("/dev/null", "w", encoding="utf-8") as sink:
        if args.child == "export":
            for line in export_lines(index, SearchRequest(args.query), "csv"):
                sink.write(line)
                rows, written = rows + 1, written + len(line.encode("utf-8"))
            rows -= 1  # the header
        elif args.child == "first-page":
            result = index.search(SearchRequest(args.query))
            rows = len(result.hits)
        else:
            queries = batch_search.read_file(args.queries_file)
            for line in batch_search.batch_lines(batch_search.run(index, queries, top=BATCH_TOP), "csv"):
                sink.write(line)
                written += len(line.encode("utf-8"))
            rows = len(queries)
    return {"open_seconds": round(open_seconds, 2), "seconds": round(time.perf_counter() - started, 3),
            "rows": rows, "csv_mb": round(written / 2**20, 2)}


def markdown(report: dict) -> str:
    export, first, everything, batch = (report["export"], report["first_page"], report["export_everything"],
                                        report["batch"])
    ratio = report["export_vs_first_page"]
    return "\n".join([
        f"Machine: {report['machine']}. Index: {report['index']}.",
        "",
        "| what | rows | seconds | peak memory (ru_maxrss) | CSV |",
        "|---|---|---|---|---|",
        f"| first page of `{report['query']}` (baseline) | {first['rows']} | {first['seconds']} | "
        f"{first['peak_rss_mb']} MB | – |",
        f"| export of every `{report['query']}` result | {export['rows']:,} | {export['seconds']} | "
        f"{export['peak_rss_mb']} MB | {export['csv_mb']} MB |",
        f"| export of every article | {everything['rows']:,} | {everything['seconds']} | "
        f"{everything['peak_rss_mb']} MB | {everything['csv_mb']} MB |",
        "",
        f"Export of `{report['query']}` vs its first page: {ratio['seconds']}x the time, "
        f"{ratio['peak_rss']}x the peak memory.",
        "",
        f"Batch of {batch['queries']:,} distinct queries (seed {batch['seed']}, best {batch['top']} hits each): "
        f"{batch['seconds']} s, {batch['ms_per_query']} ms per query, peak memory {batch['peak_rss_mb']} MB; "
        f"through the web page (POST /batch, table rendered): {batch['web_seconds']} s "
        f"(status {batch['web_status']}). First queries: {', '.join(batch['sample'])}.",
    ])


if __name__ == "__main__":
    main()
