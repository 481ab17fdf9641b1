"""Given names of every country, from the names-dataset package, folded and cached.

The package holds the first names of 106 countries with their rank per country and gender
(from public profiles of 1.6 billion people). A word is a given name here when it is among the
``RANK`` most frequent first names of some country for either gender: a data package, maintained
outside this project, rather than a list typed by hand that misses the next article's names.

Loading the package takes seconds and about a gigabyte, so the set is computed once per package
version and kept in the user's cache folder (``$XDG_CACHE_HOME/newsdex``, else ``~/.cache/newsdex``);
every later start reads a small text file. Nothing is downloaded: the data comes with the package.
"""

from __future__ import annotations

import logging
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

from indexer.text import fold

# Chosen on half A of the Wikinews gold (bench/data): F1 0.924 at 50 against 0.921 at 100 and 0.919 at 30.
RANK = 50
CACHE_ENV = "XDG_CACHE_HOME"

log = logging.getLogger(__name__)


def cache_path() -> Path:
    home = os.environ.get(CACHE_ENV) or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "newsdex" / f"given-names-{version('names-dataset')}-top{RANK}.txt"


def load() -> frozenset[str]:
    """The folded given names, from the cache, or computed from the package and cached."""
    path = cache_path()
    try:
        return frozenset(path.read_text("utf-8").split("\n"))
    except (OSError, UnicodeDecodeError):
        pass  # not there yet, or unreadable (a file where the folder should be, no permission): computed
    log.info("preparing the list of given names from names-dataset %s (once, about 10 s): %s",
             version("names-dataset"), path)
    names = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: parallel first runs never read half a file.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
            handle.write("\n".join(sorted(names)))
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only home: computed again next time, still correct
    return names


def compute() -> frozenset[str]:
    from names_dataset import NameDataset

    top = NameDataset(load_last_names=False).get_top_names(n=RANK)
    return frozenset(fold(name) for genders in top.values() for names in genders.values() for name in names
                     if " " not in name and len(name) > 1)
