"""Reindex benchmark: Newsdex's full and incremental reindex against a raw Whoosh build, in one run.

    python bench/reindex.py [--data DIR] [--jobs N] [--keep DIR] [--newsdex-only] [--json]

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
import common  # noqa: E402
from common import REUTERS, directory_mb, machine, reuters_files, run_measured  # noqa: E402


def raw_whoosh_build(files: list[str], index_dir: str) -> dict:
    started = time.perf_counter()
    articles = common.read_stories(files)
    parsed = time.perf_counter()
    common.build_raw_whoosh(articles, index_dir)
    return {"seconds": round(time.perf_counter() - started, 2), "build_seconds": round(time.perf_counter() - parsed, 2),
            "articles": len(articles), "size_mb": directory_mb(index_dir)}


def newsdex_reindex(files: list[str], index_dir: str, jobs: int | None, incremental: bool) -> dict:
    from indexer.index.reindex import reindex

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
    parser.add_argument("--keep", type=Path, help="build the indexes in this folder and keep them "
                        "(raw/ and newsdex/), e.g. for bench/query.py --raw-index/--index")
    parser.add_argument("--newsdex-only", action="store_true",
                        help="skip the raw Whoosh build and the incremental run (e.g. to measure memory alone)")
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
        where = args.keep or Path(tmp)
        phase = [__file__, "--data", args.data, *jobs, "--phase"]
        if args.newsdex_only:
            full = run_measured([*phase, "full", "--index", str(where / "newsdex")])
            print(json.dumps({"machine": machine(), "data": args.data, "files": len(files), "newsdex_full": full},
                             indent=2))
            return
        (where / "raw").mkdir(parents=True, exist_ok=False)
        raw = run_measured([*phase, "raw", "--index", str(where / "raw")])
        full = run_measured([*phase, "full", "--index", str(where / "newsdex")])
        incremental = run_measured([*phase, "incremental", "--index", str(where / "newsdex")])
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
              f"{r.get('size_mb', 0):7.1f} MB  peak RSS {r['peak_rss_mb']:.0f} MB (largest process), "
              f"{r['peak_total_pss_mb']:.0f} MB (all processes, PSS)")
    print(f"full / raw = {report['full_over_raw']}x; incremental / full = {report['incremental_over_full']:.1%}; "
          f"{report['articles_per_second']} articles/s")


if __name__ == "__main__":
    main()
