"""Shared helpers for the benchmark scripts: data location, child-process measurement, machine info."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("NEWSDEX_SHARED_DATA", REPO.parent / "shared" / "data"))
REUTERS = SHARED_DATA / "reuters21578"


def reuters_files(folder: Path = REUTERS) -> list[str]:
    files = sorted(str(p) for p in Path(folder).glob("*.sgm"))
    if not files:
        sys.exit(f"no .sgm files in {folder}: the shared data sits beside the project (../shared/data)")
    return files


def run_measured(args: list[str]) -> dict:
    """Run ``python args...`` as a child; return its JSON output, wall time and peak memory (MB).

    ``peak_rss_mb`` is the largest single process of the child's tree; ``peak_total_pss_mb`` the
    largest sum over the whole tree (the child and its worker processes) sampled every 0.2 s, in
    proportional set size, so pages forked workers share with their parent count once.
    """
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, text=True)
    finished = threading.Event()
    peak_total = [0]

    def sample() -> None:
        while not finished.wait(0.2):
            peak_total[0] = max(peak_total[0], _tree_pss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    finished.set()
    sampler.join()
    output = process.stdout.read()
    process.stdout.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{args} exited with {process.returncode}")
    result = json.loads(output) if output.strip() else {}
    result["wall_seconds"] = round(time.perf_counter() - started, 2)
    # ru_maxrss is in KiB on Linux; the largest process of the child's tree that was waited for.
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["peak_total_pss_mb"] = round(peak_total[0] / 1024, 1)
    return result


def _tree_pss_kib(pid: int) -> int:
    """Proportional set size of ``pid`` and all its descendants, in KiB (0 for processes already gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)
            with open(f"/proc/{current}/task/{current}/children") as handle:
                pending.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def machine() -> str:
    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {platform.system()}"


def directory_mb(path: str | Path) -> float:
    return round(sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20, 1)


def read_stories(files: list[str]) -> list:
    from indexer.readers import read_file

    return [article for path in files for article in read_file(path)]


def build_raw_whoosh(articles: list, index_dir: str) -> None:
    """The baseline a Whoosh user would build: StemmingAnalyzer title and body, a date, and the
    editors' PEOPLE and PLACES as keyword fields (for ``groupedby`` facets)."""
    from datetime import datetime

    import whoosh.index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema

    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
                    body=TEXT(analyzer=StemmingAnalyzer(), stored=True), date=DATETIME(stored=True),
                    person=KEYWORD(commas=True, stored=True), place=KEYWORD(commas=True, stored=True))
    index = whoosh.index.create_in(index_dir, schema)
    writer = index.writer(limitmb=256)
    for article in articles:
        writer.add_document(id=article.id, title=article.title, body=article.body,
                            date=datetime.fromisoformat(article.date) if article.date else None,
                            person=",".join(article.tags.get("people", [])),
                            place=",".join(article.tags.get("places", [])))
    writer.commit()
