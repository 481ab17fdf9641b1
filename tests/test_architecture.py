"""The one rule of the layout that import-linter cannot state: Whoosh's internals stay in indexer/index/.

import-linter (setup.cfg, run by .ci/run) holds the layers; it cannot forbid an external package's
submodules, nor see attribute access. Whoosh's storage and codec modules and the private attributes
of its objects (``postings._read_ids()``) change between versions; when they are used in one folder,
upgrading Whoosh means reading one folder.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTERNAL_MODULES = ("whoosh.filedb", "whoosh.codec", "whoosh.reading", "whoosh.writing", "whoosh.matching.mcore")


def violations(source: str) -> list[str]:
    """Imports of Whoosh's internal modules and uses of another object's private attributes in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        modules = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                   else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        found += [f"line {node.lineno}: import {module}" for module in modules
                  if module.startswith(INTERNAL_MODULES)]
    return found


def outside_the_index() -> list[Path]:
    files = [*ROOT.glob("indexer/**/*.py"), *ROOT.glob("webui/**/*.py")]
    return sorted(path for path in files if (ROOT / "indexer" / "index") not in path.parents)


def test_the_check_sees_each_kind_of_use():
    assert violations("from whoosh.filedb.filestore import FileStorage") == ["line 1: import whoosh.filedb.filestore"]
    assert violations("import whoosh.codec.whoosh3") == ["line 1: import whoosh.codec.whoosh3"]
    assert violations("postings._read_ids()") == ["line 1: postings._read_ids"]
    assert violations("self._cache = {}\nobject.__init__(self)\nimport whoosh.index") == []


def test_only_the_index_folder_uses_whoosh_internals():
    files = outside_the_index()
    assert ROOT / "indexer" / "search" / "engine.py" in files and ROOT / "webui" / "api.py" in files
    found = {str(path.relative_to(ROOT)): hits for path in files if (hits := violations(path.read_text("utf-8")))}
    assert found == {}


def test_serving_searches_loads_no_extractor(vna_index):
    """The web UI and the search engine never load the readers or the entity extractors, not even
    when an index is opened (its pickled schema names the field types) and searched: their
    gazetteers and given-name lists cost seconds and ~70 MB in every serving process."""
    code = ("import sys, webui; from indexer.search import IndexHandle, SearchRequest; "
            "webui.create_app(); "
            f"assert IndexHandle({str(vna_index)!r}).get().search(SearchRequest('Kishida')).total == 2; "
            "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith(('indexer.entities', "
            "'indexer.readers'))}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
