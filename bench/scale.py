"""Corpus scaler: write N deterministic variants of every Reuters story as SGML.

    python bench/scale.py OUT_DIR [--factor 10] [--data DIR]

Copy 0 of each story is the original; copy k shuffles the body's sentences with
a seed derived from the story id and k, so every copy is a distinct document
with the original vocabulary and length. Output never goes into the repository.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REUTERS, reuters_files  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def variants(article, factor: int):
    sentences = _SENTENCE_END.split(article.body)
    for copy in range(factor):
        body = article.body
        if copy:
            shuffled = sentences[:]
            random.Random(f"{article.id}:{copy}").shuffle(shuffled)
            body = " ".join(shuffled)
        yield copy, body


def _reuters_date(iso: str | None) -> str:
    moment = datetime.fromisoformat(iso or "1987-01-01")
    return moment.strftime("%d-%b-%Y %H:%M:%S.00").upper()


def write_scaled(out_dir: Path, factor: int, data: Path) -> int:
    from indexer.readers import read_file

    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in reuters_files(data):
        for copy in range(factor):
            (out_dir / f"{Path(path).stem}-x{copy}.sgm").unlink(missing_ok=True)
        handles = {copy: open(out_dir / f"{Path(path).stem}-x{copy}.sgm", "w", encoding="latin-1",
                              errors="replace") for copy in range(factor)}
        try:
            for number, article in enumerate(read_file(path)):
                for copy, body in variants(article, factor):
                    stamp = _reuters_date(article.date)
                    places = "".join(f"<D>{p}</D>" for p in article.tags.get("places", []))
                    people = "".join(f"<D>{p}</D>" for p in article.tags.get("people", []))
                    handles[copy].write(
                        f'<REUTERS NEWID="{copy * 100000 + number}">\n<DATE>{stamp}</DATE>\n'
                        f"<PLACES>{places}</PLACES>\n<PEOPLE>{people}</PEOPLE>\n"
                        f"<TEXT>\n<TITLE>{html.escape(article.title)}</TITLE>\n"
                        f"<DATELINE>{html.escape(article.dateline)} - </DATELINE>"
                        f"<BODY>{html.escape(body)}\n</BODY></TEXT>\n</REUTERS>\n")
                    written += 1
        finally:
            for handle in handles.values():
                handle.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--data", type=Path, default=REUTERS)
    args = parser.parse_args()
    print(f"{write_scaled(args.out_dir, args.factor, args.data)} stories written to {args.out_dir}")


if __name__ == "__main__":
    main()
