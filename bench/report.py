"""Report writer: the performance targets table and the load table of docs/benchmarks.md, from the
benchmark scripts' JSON.

    python bench/reindex.py --keep /tmp/b1 --json > reindex-1x.json
    python bench/reindex.py --data /tmp/reuters10x --keep /tmp/b10 --json > reindex-10x.json
    python bench/query.py --raw-index /tmp/b1/raw --index /tmp/b1/newsdex --json > query-1x.json
    python bench/query.py --raw-index /tmp/b10/raw --index /tmp/b10/newsdex --json > query-10x.json
    python bench/report.py --reindex-1x reindex-1x.json --reindex-10x reindex-10x.json \\
        --query-1x query-1x.json --query-10x query-10x.json [--write docs/benchmarks.md]

    python bench/load.py --index /tmp/b1/newsdex --peer datasette --json > load.json
    python bench/report.py --load load.json [--write docs/benchmarks.md]

The four build and query runs make the targets table, one row per target with the measured value, its
baseline and the ratio; a load run makes the load table. Each is printed (Markdown) or, with --write,
replaces its own marked block of the given file (``<!-- performance-report -->``,
``<!-- load-report -->``), so the document always shows the figures of the last run of each, and one
can be re-measured without the other.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

TARGETS_BLOCK, LOAD_BLOCK = "performance-report", "load-report"
TARGET_RUNS = ("reindex-1x", "reindex-10x", "query-1x", "query-10x")


def _row(target: str, measured: str, baseline: str, ratio: float, limit: float, at_most: bool = True) -> str:
    met = ratio <= limit if at_most else ratio >= limit
    bound = f"{'<=' if at_most else '>='} {limit:g}"
    return f"| {target} | {measured} | {baseline} | **{ratio:g}** ({bound}) | {'met' if met else '**not met**'} |"


def rows(reindex_1x: dict, reindex_10x: dict, query_1x: dict, query_10x: dict) -> list[str]:
    full, raw = reindex_1x["newsdex_full"], reindex_1x["raw_whoosh"]
    incremental = reindex_1x["newsdex_incremental_no_change"]
    full_10x = reindex_10x["newsdex_full"]
    lines = [
        "| target | measured | baseline | ratio (target) | |",
        "|---|---|---|---|---|",
        _row("full reindex, 21.6k stories, vs raw Whoosh `StemmingAnalyzer` build", f"{full['wall_seconds']:.1f} s",
             f"{raw['wall_seconds']:.1f} s", round(full["wall_seconds"] / raw["wall_seconds"], 2), 1.5),
        _row("no-change `--incremental` vs full", f"{incremental['wall_seconds']:.1f} s",
             f"{full['wall_seconds']:.1f} s", round(incremental["wall_seconds"] / full["wall_seconds"], 3), 0.05),
        _row("10x build vs 1x build", f"{full_10x['wall_seconds']:.1f} s", f"{full['wall_seconds']:.1f} s",
             round(full_10x["wall_seconds"] / full["wall_seconds"], 2), 11),
        _row("10x peak memory, largest process (GB)", f"{full_10x['peak_rss_mb']:.0f} MB", "1 GB",
             round(full_10x["peak_rss_mb"] / 1024, 2), 1.0),
    ]
    if "peak_total_pss_mb" in full_10x:
        total = full_10x["peak_total_pss_mb"]
        lines.append(_row("10x peak memory, all processes together, PSS (GB)", f"{total:.0f} MB", "1 GB",
                          round(total / 1024, 2), 1.0))
    for name, query in (("21.6k", query_1x), ("216k", query_10x)):
        ours, raw_top = query["newsdex_top10_with_facets"], query["raw_top10"]
        lines.append(_row(f"p95, top 10 + person/country/year/source counts, {name} stories, vs raw top 10 p95",
                          f"{ours['p95_ms']:.1f} ms", f"{raw_top['p95_ms']:.1f} ms",
                          round(ours["p95_ms"] / raw_top["p95_ms"], 2), 1.2))
    ours, grouped = query_10x["newsdex_top10_with_facets"], query_10x["raw_top10_groupedby_facets"]
    for percentile in ("p50", "p95"):
        key = f"{percentile}_ms"
        lines.append(_row(f"{percentile} speed-up over Whoosh `groupedby` facets, 216k", f"{ours[key]:.1f} ms",
                          f"{grouped[key]:.1f} ms", round(grouped[key] / ours[key], 1), 10, at_most=False))
    return lines


def load_rows(load: dict) -> list[str]:
    """The load table of ``bench/load.py --json``: a row per mix and concurrency with, per server, its req/s
    (lowest-highest over the rounds), its worst p95, its errors over all rounds and its largest memory; and
    Newsdex's req/s over the peer's, each round's (the two servers run back to back in a round), their median
    and range: one round's 20 s on a shared machine can run slow, so the median is what a round gives."""
    points = load["points"]
    servers = list(dict.fromkeys(point["server"] for point in points))
    peer = next((server for server in servers if server != "newsdex"), None)
    header = ["mix", "concurrency"]
    for server in servers:
        header += [f"{server} req/s", "p95 ms", "errors", "MB RSS / PSS / private",
                   "largest process MB RSS / private / private dirty"]
    if peer:
        header.append(f"newsdex / {peer} req/s, median of the rounds (each round's)")
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    groups: dict[tuple[str, int], list[dict]] = {}
    for point in points:
        groups.setdefault((point["mix"], point["concurrency"]), []).append(point)
    mixes = list(dict.fromkeys(point["mix"] for point in points))
    ran_out = False
    for (mix, concurrency), group in sorted(groups.items(), key=lambda item: (mixes.index(item[0][0]), item[0][1])):
        cells = [f"`{mix}`", str(concurrency)]
        rps = {server: {p["round"]: p["rps"] for p in group if p["server"] == server} for server in servers}
        for server in servers:
            runs = [p for p in group if p["server"] == server]
            low, high = min(rps[server].values()), max(rps[server].values())
            exhausted = any(p["exhausted"] for p in runs)
            ran_out |= exhausted
            memory = {key: max(p["memory"][key] for p in runs) for key in ("rss_mb", "pss_mb", "private_mb")}
            cells += [(f"{low:.1f}" if low == high else f"{low:.1f}-{high:.1f}") + ("\\*" if exhausted else ""),
                      f"{max(p['p95_ms'] for p in runs):g}", str(sum(p["errors"] for p in runs)),
                      f"{memory['rss_mb']:.0f} / {memory['pss_mb']:.0f} / {memory['private_mb']:.0f}",
                      " / ".join(f"{max(p['memory']['largest'][key] for p in runs):.0f}"
                                 for key in ("rss_mb", "private_mb", "private_dirty_mb"))]
        if peer:
            ratios = sorted(rps["newsdex"][r] / rps[peer][r] for r in rps["newsdex"] if r in rps[peer])
            spread = f" ({ratios[0]:.2f}-{ratios[-1]:.2f})" if len(ratios) > 1 else ""
            cells.append(f"{statistics.median(ratios):.2f}{spread}")
        lines.append("| " + " | ".join(cells) + " |")
    if ran_out:
        lines += ["", "\\* its slice of distinct queries ran out: some of them were asked a second time."]
    during = load.get("reindex_during")
    if during:
        switch = during["reindex"]["switched_after_s"]
        when = "the switch came after the run" if switch is None else f"the switch {switch:g} s in"
        lines += ["", f"A reindex switching the served index during a {during['seconds']:g} s run at concurrency "
                      f"{during['concurrency']} ({when}): {during['errors']} errors, max latency "
                      f"{during['max_ms']:g} ms, p99 {during['p99_ms']:g} ms, {during['rps']:.1f} req/s."]
    return lines


def render_targets(reindex_1x: dict, reindex_10x: dict, query_1x: dict, query_10x: dict) -> str:
    parts = [f"Machine: {reindex_1x.get('machine', 'unknown')}. Written by `bench/report.py`.", "",
             *rows(reindex_1x, reindex_10x, query_1x, query_10x)]
    return "\n".join(parts) + "\n"


def render_load(load: dict) -> str:
    parts = [f"Machine: {load['machine']}. Written by `bench/report.py`.", "", *load_rows(load)]
    return "\n".join(parts) + "\n"


def replace_block(document: str, name: str, block: str) -> str:
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(document):
        raise SystemExit(f"no {begin} ... {end} block to replace")
    return pattern.sub(lambda _: f"{begin}\n{block}{end}", document)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in TARGET_RUNS:
        parser.add_argument(f"--{name}", type=Path, help="needs the other three build and query runs too")
    parser.add_argument("--load", type=Path)
    parser.add_argument("--write", type=Path, help="replace the report blocks of this Markdown file")
    args = parser.parse_args()
    runs = [getattr(args, name.replace("-", "_")) for name in TARGET_RUNS]
    if any(runs) and not all(runs):
        parser.error("the targets table needs all of " + ", ".join(f"--{name}" for name in TARGET_RUNS))
    if not any(runs) and not args.load:
        parser.error("nothing to report: give the four build and query runs, --load, or both")
    blocks = []
    if all(runs):
        blocks.append((TARGETS_BLOCK, render_targets(*(json.loads(path.read_text("utf-8")) for path in runs))))
    if args.load:
        blocks.append((LOAD_BLOCK, render_load(json.loads(args.load.read_text("utf-8")))))
    if args.write:
        document = args.write.read_text("utf-8")
        for name, block in blocks:
            document = replace_block(document, name, block)
        args.write.write_text(document, encoding="utf-8")
        print(f"wrote {' and '.join(name for name, _ in blocks)} into {args.write}", file=sys.stderr)
    else:
        sys.stdout.write("\n".join(block for _, block in blocks))


if __name__ == "__main__":
    main()
