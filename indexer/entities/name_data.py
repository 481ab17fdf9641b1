"""Given names and family names of every country, from the names-dataset package, folded and cached.

The package holds the first and last names of 106 countries with their rank per country (and
gender, for first names), from public profiles of 1.6 billion people. A word is a given name here
when it is among the ``RANKS["given"]`` most frequent first names of some country for either gender,
and a family name when it is among the ``RANKS["family"]`` most frequent last names of some country:
a data package, maintained outside this project, rather than a list typed by hand that misses the
next article's names.

Loading the package takes seconds and about a gigabyte, so each set is computed once per package
version and kept in the user's cache folder (``$XDG_CACHE_HOME/newsdex``, else ``~/.cache/newsdex``);
every later start reads a small text file. Nothing is downloaded: the data comes with the package.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from importlib.metadata import version
from pathlib import Path

from indexer.text import fold

RANKS = {
    # Chosen on half A of the Wikinews gold (bench/data): F1 0.924 at 50 against 0.921 at 100 and 0.919 at 30.
    "given": 50,
    # Chosen on half A and the third to sixth Reuters audits: at 3,000 the lists hold "hawk", "chamber"
    # and "staff", at 10,000 "rate" and "bourse" too (docs/entities.md).
    "family": 1000,
}
CACHE_ENV = "XDG_CACHE_HOME"

log = logging.getLogger(__name__)


def cache_path(kind: str) -> Path:
    home = os.environ.get(CACHE_ENV) or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "newsdex" / f"{kind}-names-{version('names-dataset')}-top{RANKS[kind]}.txt"


def load(kind: str) -> frozenset[str]:
    """The folded ``kind`` ("given" or "family") names, from the cache, or computed from the package
    and cached."""
    path = cache_path(kind)
    try:
        return frozenset(path.read_text("utf-8").split("\n"))
    except (OSError, UnicodeDecodeError):
        pass  # not there yet, or unreadable (a file where the folder should be, no permission): computed
    log.info("preparing the list of %s names from names-dataset %s (once, about 10 s): %s",
             kind, version("names-dataset"), path)
    names = compute(kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: parallel first runs never read half a file.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
            handle.write("\n".join(sorted(names)))
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only home: computed again next time, still correct
    return names


def compute(kind: str) -> frozenset[str]:
    from names_dataset import NameDataset

    if kind == "given":
        top = NameDataset(load_last_names=False).get_top_names(n=RANKS[kind])
        names = (name for genders in top.values() for names in genders.values() for name in names)
    else:
        top = NameDataset(load_first_names=False).get_top_names(n=RANKS[kind], use_first_names=False)
        names = (name for names in top.values() for name in names)
    # Some entries are profile noise ("a*-i"); a name is letters, with hyphens or apostrophes between.
    return frozenset(fold(name) for name in names
                     if len(name) > 1 and re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name))
