"""bench/report.py: the targets table of docs/benchmarks.md is computed, not typed."""

import importlib.util

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


def test_each_target_row_has_its_ratio_and_verdict():
    text = report.render(reindex(100.0), reindex(1200.0, rss=1100.0), query(5.0, 40.0, 50.0),
                         query(20.0, 200.0, 150.0), [{"mix": "/api/search", "concurrency": 4, "rps": 50.0,
                                                      "p50_ms": 1, "p95_ms": 2, "p99_ms": 3, "errors": 0}])
    lines = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if line.startswith("| ")}
    assert "**1.25** (<= 1.5) | met" in lines["full reindex, 21.6k stories, vs raw Whoosh `StemmingAnalyzer` build"]
    assert "**12** (<= 11) | **not met**" in lines["10x build vs 1x build"]
    assert "**1.07** (<= 1) | **not met**" in lines["10x peak memory, largest process (GB)"]
    assert "**0.93** (<= 1) | met" in lines["10x peak memory, all processes together, PSS (GB)"]
    assert "**0.8** (<= 1.2) | met" in text and "**1.33** (<= 1.2) | **not met**" in text
    assert "**40** (>= 10) | met" in lines["p50 speed-up over Whoosh `groupedby` facets, 216k"]
    assert "**5** (>= 10) | **not met**" in lines["p95 speed-up over Whoosh `groupedby` facets, 216k"]
    assert "| `/api/search` | 4 | 50.0 |" in text


def test_write_replaces_only_the_marked_block():
    document = f"intro\n{report.BEGIN}\nold figures\n{report.END}\nafter\n"
    assert report.replace_block(document, "new\n") == f"intro\n{report.BEGIN}\nnew\n{report.END}\nafter\n"
    with pytest.raises(SystemExit, match="no <!-- performance-report -->"):
        report.replace_block("no markers here", "new\n")
