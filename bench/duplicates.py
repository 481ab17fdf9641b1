"""Duplicate stories on Reuters-21578: the precision of the groups, and what finding them costs the reindex.

    python bench/duplicates.py [--data DIR] [--jobs N] [--keep DIR] [--seed N] [--rounds N] [--json]
    python bench/duplicates.py --index DIR      # precision only, over an index already built

Cost: in one run, each reindex in its own process (bench/common.py), the same files are indexed
with and without grouping (``reindex(find_duplicates=False)``): a full reindex, an incremental
one with nothing changed, and an incremental one after one file is removed (the groups found
again over the articles kept, their signatures read from the side file). The files are a copy of
the data in a temporary folder, so that one can be removed. Each run reports its wall time and its
processor time (the reindex process and its workers), the steadier of the two on a shared machine.

Precision: from the full reindex with grouping, a seeded random sample of 100 groups of two or more
articles is written to ``bench/data/reuters_duplicate_sample.jsonl`` with each member's story id,
file and date (no text of the corpus), and with ``--sheet FILE`` a reading sheet outside the
repository with each member's title and first 300 characters, and ``differs``, where each member's
words differ from the first member's, to be judged by. Each line has ``verdict`` ("right": every member
tells the same story, a copy, correction or rewrite of it; "wrong": some member is another story)
and ``why``; verdicts already in the file are kept for the groups that are drawn again with the
same members. Precision is right / judged.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, REUTERS, machine, reuters_files, run_measured  # noqa: E402
from query import QUERIES, percentiles  # noqa: E402

SAMPLE = REPO / "bench" / "data" / "reuters_duplicate_sample.jsonl"
SAMPLE_GROUPS = 100
START_CHARS = 300
DEFAULT_SEED = 20261207


def reindex_phase(data: str, index_dir: str, jobs: int | None, incremental: bool, grouping: bool) -> dict:
    from indexer.index.reindex import reindex

    report = reindex([data], index_dir, jobs=jobs, incremental=incremental, progress=False,
                     find_duplicates=grouping)
    # The processor time of this process and of its workers (joined by now): on a shared machine it
    # moves far less with the other processes' load than the wall time does.
    cpu = sum(usage.ru_utime + usage.ru_stime
              for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))
    return {"seconds": round(report.seconds, 2), "cpu_seconds": round(cpu, 2), "articles": report.articles,
            "deleted": report.deleted, "groups": report.duplicate_groups, "grouped_articles": report.grouped_articles}


def groups_of(index_root: Path) -> list[list[dict]]:
    """Every group of two or more articles of the live index, its members in date order."""
    from indexer.search import IndexHandle

    index = IndexHandle(index_root).get()
    group = index.duplicates.group
    live = np.flatnonzero(index.live)
    sizes = np.bincount(group[live], minlength=len(group))
    members: dict[int, list[int]] = {}
    for docnum in live[sizes[group[live]] > 1]:
        members.setdefault(int(group[docnum]), []).append(int(docnum))
    searcher = index.searcher
    found = []
    for docnums in members.values():
        stored = [searcher.stored_fields(docnum) for docnum in docnums]
        found.append(sorted(({"id": fields["id"], "file": Path(fields["path"]).name, "date": _date(fields.get("date")),
                              "title": fields.get("title", ""), "body": fields.get("body", "")}
                             for fields in stored), key=lambda member: (member["date"] or "~", member["file"])))
    return found


def _date(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def group_key(members: list[dict]) -> str:
    """A group by its members' story ids: how a verdict is found again."""
    return json.dumps(sorted(m["id"] for m in members))


def draw_order(members: list[dict]) -> str:
    """A stable order to draw the sample from, whatever the index's order (the one it was judged in)."""
    return json.dumps(sorted((m["file"], m["date"], m["title"]) for m in members))


def write_sample(groups: list[list[dict]], seed: int, path: Path, sheet: Path | None = None) -> list[dict]:
    """Draw the sample, keep the verdicts already given to the same groups, write it; the records.

    The sample names the members by story id only: the corpus's text stays out of the repository.
    ``sheet`` (outside it) gets what the judging is done by: each member's title, first characters and
    where its words differ from the first member's."""
    judged = {}
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                judged[group_key(record["members"])] = (record.get("verdict"), record.get("why"))
    ordered = sorted(groups, key=draw_order)
    drawn = random.Random(seed).sample(ordered, min(SAMPLE_GROUPS, len(ordered)))
    records, readings = [], []
    for number, members in enumerate(drawn, 1):
        verdict, why = judged.get(group_key(members), (None, None))
        exact = len({(m["title"], " ".join(m["body"].split())) for m in members}) == 1
        records.append({
            "group": number, "size": len(members), "exact": exact,
            "members": [{"id": m["id"], "file": m["file"], "date": m["date"]} for m in members],
            "verdict": verdict, "why": why,
        })
        readings.append({
            "group": number,
            "members": [{"title": m["title"], "start": " ".join(m["body"].split())[:START_CHARS]} for m in members],
            "differs": [differences(members[0], m) for m in members[1:]],
        })
    for target, rows in ((path, records), (sheet, readings)):
        if target is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return records


def differences(first: dict, other: dict, most: int = 6, words: int = 10) -> list[str]:
    """Where ``other``'s headline and text differ from ``first``'s, word by word: ``-old`` and ``+new``
    runs (at most ``most`` of them, ``words`` words each), to judge by beside the first 300 characters."""
    def text(member):
        return (member["title"] + " | " + member["body"]).split()

    before, after = text(first), text(other)
    runs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            runs.append("-" + " ".join(before[i1:i2][:words]))
        if tag in ("replace", "insert"):
            runs.append("+" + " ".join(after[j1:j2][:words]))
    return runs[:most] + ([f"... {len(runs) - most} more"] if len(runs) > most else [])


def precision(records: list[dict]) -> dict:
    verdicts = Counter(record["verdict"] for record in records)
    judged = verdicts["right"] + verdicts["wrong"]
    exact = [record for record in records if record["exact"]]
    return {"sampled": len(records), "judged": judged, "right": verdicts["right"], "wrong": verdicts["wrong"],
            "precision": round(verdicts["right"] / judged, 3) if judged else None,
            "exact_groups": len(exact), "exact_right": sum(record["verdict"] == "right" for record in exact),
            "near_groups": len(records) - len(exact),
            "near_right": sum(record["verdict"] == "right" for record in records if not record["exact"])}


def search_cost(index_root: Path, repeat: int = 4) -> dict:
    """bench/query.py's 30 queries, top 10 with facets, one result per group against every copy, the
    two alternating query by query (which goes first too) so that both see the same machine."""
    from indexer.search import IndexHandle, SearchRequest

    index = IndexHandle(index_root).get()
    samples: dict[bool, list[float]] = {True: [], False: []}
    for q in QUERIES:  # a query's first run fills caches (its terms' length factors): warm, as a server is
        index.search(SearchRequest(q))
    for round_number in range(repeat):
        for q in QUERIES:
            for collapse in ((True, False) if round_number % 2 == 0 else (False, True)):
                started = time.perf_counter()
                index.search(SearchRequest(q, collapse=collapse))
                samples[collapse].append(time.perf_counter() - started)
    grouped, every = percentiles(samples[True]), percentiles(samples[False])
    return {"grouped": grouped, "every_copy": every,
            "p50_ratio": round(grouped["p50_ms"] / every["p50_ms"], 3),
            "p95_ratio": round(grouped["p95_ms"] / every["p95_ms"], 3)}


SIMILARITY_BANDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def pair_table(index_root: Path) -> list[dict]:
    """The candidate pairs LSH gives over the live generation's signatures, by estimated similarity and
    by whether they are within ``MAX_DAYS_APART``: what the threshold and the window were chosen from."""
    from indexer.index import duplicates
    from indexer.search import IndexHandle

    generation = IndexHandle(index_root).get().generation
    articles = np.load(generation / duplicates.ARTICLES)
    values = np.load(generation / duplicates.SIGNATURES)
    first, second = duplicates.candidate_pairs(values)
    similar = duplicates.similarity(values, first, second)
    gap = np.abs(articles["date"][first] - articles["date"][second])
    near = np.isnat(gap) | (gap <= np.timedelta64(duplicates.MAX_DAYS_APART, "D"))
    rows = []
    for low, high in zip((0.0, *SIMILARITY_BANDS), (*SIMILARITY_BANDS, 1.01), strict=True):
        band = (similar >= low) & (similar < high)
        rows.append({"from": low, "to": min(high, 1.0), "exact": high > 1.0, "within_days": int((band & near).sum()),
                     "further_apart": int((band & ~near).sum())})
    return rows


def summary(groups: list[list[dict]]) -> dict:
    sizes = Counter(len(members) for members in groups)
    return {"groups": len(groups), "articles_in_groups": sum(len(members) for members in groups),
            "sizes": {str(size): count for size, count in sorted(sizes.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(REUTERS), help="folder of .sgm files (default: Reuters-21578)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", type=Path, help="build the indexes in this folder and keep them")
    parser.add_argument("--index", type=Path, help="only draw the sample and score it, over this index root")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rounds", type=int, default=1,
                        help="full reindexes with and without grouping, alternating which runs first; "
                             "the full ratios are medians")
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--sheet", type=Path, help="write the titles and texts to judge the sample by here "
                                                   "(outside the repository)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--phase", choices=["full", "incremental"], help=argparse.SUPPRESS)
    parser.add_argument("--grouping", choices=["on", "off"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        print(json.dumps(reindex_phase(args.data, str(args.index), args.jobs, args.phase == "incremental",
                                       args.grouping == "on")))
        return
    if args.index:
        groups = groups_of(args.index)
        records = write_sample(groups, args.seed, args.sample, args.sheet)
        report = {"groups": summary(groups), "sample": precision(records),
                  "search": search_cost(args.index), "pairs": pair_table(args.index)}
        _print(report, args.json)
        return

    files = reuters_files(Path(args.data))
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        data = where / "data"
        data.mkdir(parents=True, exist_ok=False)
        for path in files:
            shutil.copy2(path, data / Path(path).name)
        roots = {"on": where / "grouped", "off": where / "ungrouped"}

        def phase(name: str, grouping: str) -> dict:
            return run_measured([__file__, "--data", str(data), *jobs, "--phase", name, "--grouping", grouping,
                                 "--index", str(roots[grouping])])

        runs: dict[str, dict] = {}
        full_ratios = []
        for round_number in range(args.rounds):
            for grouping in ("on", "off") if round_number % 2 == 0 else ("off", "on"):  # neither always first
                if round_number:
                    shutil.rmtree(roots[grouping])
                runs[f"full_{grouping}"] = phase("full", grouping)
            full_ratios.append(_ratios(runs["full_on"], runs["full_off"]))
        groups = groups_of(roots["on"])
        records = write_sample(groups, args.seed, args.sample, args.sheet)
        search, pairs = search_cost(roots["on"]), pair_table(roots["on"])
        for grouping in ("on", "off"):
            runs[f"unchanged_{grouping}"] = phase("incremental", grouping)
        (data / Path(files[-1]).name).unlink()
        for grouping in ("on", "off"):
            runs[f"one_file_removed_{grouping}"] = phase("incremental", grouping)
    ratios = {"full": {key: round(statistics.median(ratio[key] for ratio in full_ratios), 3)
                       for key in ("wall", "cpu")},
              **{name: _ratios(runs[f"{name}_on"], runs[f"{name}_off"]) for name in ("unchanged", "one_file_removed")}}
    report = {
        "machine": machine(), "data": args.data, "files": len(files), "rounds": args.rounds, "runs": runs,
        "full_rounds": full_ratios, "ratios": ratios,
        "groups": summary(groups), "sample": precision(records), "search": search, "pairs": pairs,
    }
    _print(report, args.json)


def _ratios(grouped: dict, ungrouped: dict) -> dict:
    return {"wall": round(grouped["wall_seconds"] / ungrouped["wall_seconds"], 3),
            "cpu": round(grouped["cpu_seconds"] / ungrouped["cpu_seconds"], 3)}


def _print(report: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, indent=2))
        return
    if "runs" in report:
        print(f"machine: {report['machine']}; data: {report['data']} ({report['files']} files)")
        for name, run in report["runs"].items():
            print(f"{name:24} {run['wall_seconds']:8.1f} s wall {run['cpu_seconds']:8.1f} s cpu  "
                  f"{run['articles']:>7} articles  "
                  f"{run['groups']:>5} groups ({run['grouped_articles']} articles)  "
                  f"peak RSS {run['peak_rss_mb']:.0f} MB")
        ratios = report["ratios"].items()
        print("with grouping / without: " + ", ".join(f"{name} {ratio['wall']:.3f} wall, {ratio['cpu']:.3f} cpu"
                                                      for name, ratio in ratios))
    groups, sample = report["groups"], report["sample"]
    print(f"groups of two or more: {groups['groups']:,} holding {groups['articles_in_groups']:,} articles; "
          f"sizes {groups['sizes']}")
    print(f"sample: {sample['sampled']} groups ({sample['exact_groups']} exact copies), {sample['judged']} judged: "
          f"{sample['right']} right, {sample['wrong']} wrong, precision {sample['precision']}; "
          f"exact {sample['exact_right']}/{sample['exact_groups']}, "
          f"near {sample['near_right']}/{sample['near_groups']}")
    print("candidate pairs by estimated similarity: " + ", ".join(
        (f"= 1.0 {row['within_days']}+{row['further_apart']}" if row["exact"]
         else f"[{row['from']}, {row['to']}) {row['within_days']}+{row['further_apart']}")
        for row in report["pairs"]) + " (within 3 days + further apart)")
    search = report["search"]
    print(f"search, one result per group: p50 {search['grouped']['p50_ms']} ms, p95 {search['grouped']['p95_ms']} ms; "
          f"every copy: p50 {search['every_copy']['p50_ms']} ms, p95 {search['every_copy']['p95_ms']} ms "
          f"(ratios {search['p50_ratio']}, {search['p95_ratio']})")


if __name__ == "__main__":
    main()
