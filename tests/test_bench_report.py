"""bench/report.py: the targets and load tables of docs/benchmarks.md are computed, not typed."""

import importlib.util
import json
import subprocess
import sys

import pytest
from helpers import REPO

spec = importlib.util.spec_from_file_location("bench_report", REPO / "bench" / "report.py")
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)


def reindex(full, raw=80.0, incremental=2.0, rss=900.0, pss=950.0):
    return {"machine": "test box", "raw_whoosh": {"wall_seconds": raw},
            "newsdex_full": {"wall_seconds": full, "peak_rss_mb": rss, "peak_total_pss_mb": pss},
            "newsdex_incremental_no_change": {"wall_seconds": incremental}}


def query(ours_p50, ours_p95, raw_p95, grouped_p50=800.0, grouped_p95=1000.0):
    return {"newsdex_top10_with_facets": {"p50_ms": ours_p50, "p95_ms": ours_p95},
            "raw_top10": {"p95_ms": raw_p95}, "raw_top10_groupedby_facets": {"p50_ms": grouped_p50,
                                                                            "p95_ms": grouped_p95}}


def point(server, mix, concurrency, round_, rps, p95, errors, memory, largest, exhausted=False):
    rss, pss, private = memory
    return {"server": server, "mix": mix, "concurrency": concurrency, "round": round_, "rps": rps, "p95_ms": p95,
            "errors": errors, "exhausted": exhausted if mix == "distinct" else None,
            "memory": {"rss_mb": rss, "pss_mb": pss, "private_mb": private,
                       "largest": {"rss_mb": largest, "private_mb": largest - 40, "private_dirty_mb": largest / 2}}}


LOAD = {"machine": "2 cores, test", "samples": {}, "points": [
    point("newsdex", "distinct", 4, 1, 100.0, 20.0, 0, (400.0, 300.0, 250.0), 160.0),
    point("datasette", "distinct", 4, 1, 50.0, 40.0, 1, (60.0, 50.0, 45.0), 60.0),
    point("newsdex", "distinct", 1, 1, 70.0, 8.0, 0, (380.0, 270.0, 230.0), 150.0),
    point("datasette", "distinct", 1, 1, 35.0, 30.0, 0, (55.0, 48.0, 43.0), 55.0),
    point("newsdex", "repeated", 1, 1, 120.0, 9.0, 0, (390.0, 280.0, 240.0), 150.0),
    point("datasette", "repeated", 1, 1, 96.0, 12.0, 0, (58.0, 49.0, 44.0), 58.0),
    point("datasette", "distinct", 4, 2, 60.0, 35.0, 0, (62.0, 52.0, 44.0), 62.0),
    point("newsdex", "distinct", 4, 2, 90.0, 25.5, 2, (410.0, 290.0, 260.0), 170.0, exhausted=True)],
    "reindex_during": {"seconds": 60, "concurrency": 64, "rps": 190.33, "p99_ms": 964.6, "max_ms": 1829.1,
                       "errors": 3, "reindex": {"switched_after_s": 22.5}}}


def test_each_target_row_has_its_ratio_and_verdict():
    text = report.render_targets(reindex(100.0), reindex(1200.0, rss=1100.0), query(5.0, 40.0, 50.0),
                                 query(20.0, 200.0, 150.0))
    lines = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if line.startswith("| ")}
    assert "**1.25** (<= 1.5) | met" in lines["full reindex, 21.6k stories, vs raw Whoosh `StemmingAnalyzer` build"]
    assert "**12** (<= 11) | **not met**" in lines["10x build vs 1x build"]
    assert "**1.07** (<= 1) | **not met**" in lines["10x peak memory, largest process (GB)"]
    assert "**0.93** (<= 1) | met" in lines["10x peak memory, all processes together, PSS (GB)"]
    assert "**0.8** (<= 1.2) | met" in text and "**1.33** (<= 1.2) | **not met**" in text
    assert "**40** (>= 10) | met" in lines["p50 speed-up over Whoosh `groupedby` facets, 216k"]
    assert "**5** (>= 10) | **not met**" in lines["p95 speed-up over Whoosh `groupedby` facets, 216k"]
    assert text.startswith("Machine: test box.") and "req/s" not in text


def test_load_rows_compare_the_servers_per_mix_and_concurrency():
    lines = report.load_rows(LOAD)
    assert lines[0] == ("| mix | concurrency | newsdex req/s | p95 ms | errors | MB RSS / PSS / private "
                        "| largest process MB RSS / private / private dirty | datasette req/s | p95 ms | errors "
                        "| MB RSS / PSS / private | largest process MB RSS / private / private dirty "
                        "| newsdex / datasette req/s, median of the rounds (each round's) |")
    # Rows by mix as first measured, then concurrency; req/s lowest-highest over the rounds, the worst p95,
    # errors summed, memory the largest of the rounds; the ratios of the rounds (100 / 50, 90 / 60), their median.
    assert lines[2:5] == [
        "| `distinct` | 1 | 70.0 | 8 | 0 | 380 / 270 / 230 | 150 / 110 / 75 | 35.0 | 30 | 0 | 55 / 48 / 43 "
        "| 55 / 15 / 28 | 2.00 |",
        "| `distinct` | 4 | 90.0-100.0\\* | 25.5 | 2 | 410 / 300 / 260 | 170 / 130 / 85 | 50.0-60.0 | 40 | 1 "
        "| 62 / 52 / 45 | 62 / 22 / 31 | 1.75 (1.50-2.00) |",
        "| `repeated` | 1 | 120.0 | 9 | 0 | 390 / 280 / 240 | 150 / 110 / 75 | 96.0 | 12 | 0 | 58 / 49 / 44 "
        "| 58 / 18 / 29 | 1.25 |"]
    assert lines[6] == "\\* its slice of distinct queries ran out: some of them were asked a second time."
    assert lines[8] == ("A reindex switching the served index during a 60 s run at concurrency 64 (the switch "
                        "22.5 s in): 3 errors, max latency 1829.1 ms, p99 964.6 ms, 190.3 req/s.")


def test_load_rows_of_newsdex_alone_have_no_ratio():
    alone = {"machine": "m", "points": [p for p in LOAD["points"] if p["server"] == "newsdex"],
             "reindex_during": None}
    lines = report.load_rows(alone)
    assert lines[0].endswith("| largest process MB RSS / private / private dirty |")
    assert len(lines) == 7  # and the note on the slice that ran out
    assert lines[3] == "| `distinct` | 4 | 90.0-100.0\\* | 25.5 | 2 | 410 / 300 / 260 | 170 / 130 / 85 |"


def test_write_replaces_only_the_marked_block():
    document = "intro\n<!-- load-report -->\nold figures\n<!-- /load-report -->\nafter\n"
    assert (report.replace_block(document, "load-report", "new\n")
            == "intro\n<!-- load-report -->\nnew\n<!-- /load-report -->\nafter\n")
    with pytest.raises(SystemExit, match="no <!-- performance-report -->"):
        report.replace_block(document, "performance-report", "new\n")


def _run_report(*args):
    return subprocess.run([sys.executable, str(REPO / "bench" / "report.py"), *args], capture_output=True,
                          text=True)


def test_a_load_run_alone_rewrites_the_load_block_and_leaves_the_targets(tmp_path):
    (tmp_path / "load.json").write_text(json.dumps(LOAD))
    markdown = tmp_path / "benchmarks.md"
    targets = "<!-- performance-report -->\nthe targets of an earlier run\n<!-- /performance-report -->\n"
    markdown.write_text(targets + "text\n<!-- load-report -->\nold load\n<!-- /load-report -->\n")
    done = _run_report("--load", str(tmp_path / "load.json"), "--write", str(markdown))
    assert done.returncode == 0, done.stderr
    written = markdown.read_text()
    assert written.startswith(targets + "text\n<!-- load-report -->\nMachine: 2 cores, test.")
    assert "| `distinct` | 1 | 70.0 |" in written and "old load" not in written


def test_part_of_the_target_runs_is_refused(tmp_path):
    (tmp_path / "r.json").write_text(json.dumps(reindex(100.0)))
    done = _run_report("--reindex-1x", str(tmp_path / "r.json"))
    assert done.returncode == 2 and "needs all of --reindex-1x, --reindex-10x" in done.stderr
    assert _run_report().returncode == 2
