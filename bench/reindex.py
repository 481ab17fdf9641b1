"""Reindex benchmark: Newsdex's full and incremental reindex against a raw Whoosh build, in one run.

    python bench/reindex.py [--data DIR] [--jobs N] [--json]

The raw baseline indexes the same stories (already parsed, in memory) into a
Whoosh index with StemmingAnalyzer title and body, as a Whoosh user would. Each
build runs in its own process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REUTERS, directory_mb, machine, reuters_files, run_measured  # noqa: E402


def raw_whoosh_build(files: list[str], index_dir: str) -> dict:
    import whoosh.index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import DATETIME, ID, TEXT, Schema

    from indexer.readers import read_file

    articles = [article for path in files for article in read_file(path)]
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
                    body=TEXT(analyzer=StemmingAnalyzer(), stored=True), date=DATETIME(stored=True))
    started = time.perf_counter()
    index = whoosh.index.create_in(index_dir, schema)
    writer = index.writer(limitmb=256)
    from datetime import datetime

    for article in articles:
        writer.add_document(id=article.id, title=article.title, body=article.body,
                            date=datetime.fromisoformat(article.date) if article.date else None)
    writer.commit()
    return {"seconds": round(time.perf_counter() - started, 2), "articles": len(articles),
            "size_mb": directory_mb(index_dir)}


def newsdex_reindex(files: list[str], index_dir: str, jobs: int | None, incremental: bool) -> dict:
    from indexer.reindex import reindex

    started = time.perf_counter()
    report = reindex(files, index_dir, jobs=jobs, incremental=incremental, progress=False)
    return {"seconds": round(time.perf_counter() - started, 2), "articles": report.articles,
            "unchanged": report.unchanged, "added": report.added, "failed": len(report.failed),
            "size_mb": directory_mb(Path(index_dir) / "current")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(REUTERS), help="folder of .sgm files (default: Reuters-21578)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--phase", choices=["raw", "full", "incremental"], help=argparse.SUPPRESS)
    parser.add_argument("--index", help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = reuters_files(Path(args.data))

    if args.phase:
        if args.phase == "raw":
            result = raw_whoosh_build(files, args.index)
        else:
            result = newsdex_reindex(files, args.index, args.jobs, args.phase == "incremental")
        print(json.dumps(result))
        return

    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory() as tmp:
        raw = run_measured([__file__, "--data", args.data, "--phase", "raw", "--index", tmp + "/raw"] + jobs) \
            if Path(tmp + "/raw").mkdir() is None else {}
        full = run_measured([__file__, "--data", args.data, "--phase", "full", "--index", tmp + "/nd"] + jobs)
        incremental = run_measured([__file__, "--data", args.data, "--phase", "incremental",
                                    "--index", tmp + "/nd"] + jobs)
    report = {
        "machine": machine(), "data": args.data, "files": len(files),
        "raw_whoosh": raw, "newsdex_full": full, "newsdex_incremental_no_change": incremental,
        "full_over_raw": round(full["wall_seconds"] / raw["wall_seconds"], 2),
        "incremental_over_full": round(incremental["wall_seconds"] / full["wall_seconds"], 3),
        "articles_per_second": round(full["articles"] / full["wall_seconds"]),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"machine: {report['machine']}; data: {args.data} ({len(files)} files)")
    for name in ("raw_whoosh", "newsdex_full", "newsdex_incremental_no_change"):
        r = report[name]
        print(f"{name:32} {r['wall_seconds']:8.1f} s  {r['articles']:>7} articles  "
              f"{r.get('size_mb', 0):7.1f} MB  peak RSS {r['peak_rss_mb']:.0f} MB")
    print(f"full / raw = {report['full_over_raw']}x; incremental / full = {report['incremental_over_full']:.1%}; "
          f"{report['articles_per_second']} articles/s")


if __name__ == "__main__":
    main()
