"""The digest an index records of the reading and analysis it was built with."""

from __future__ import annotations

from indexer.index import analysis_version as versions


def test_the_digest_follows_the_contents_of_the_files_and_the_versions(tmp_path):
    reader, rules = tmp_path / "reader.py", tmp_path / "rules.py"
    reader.write_text("SKIP = 3\n")
    rules.write_text("NAMES = ()\n")
    first = versions.digest([reader, rules], {"trafilatura": "2.3.1"})
    assert first == versions.digest([reader, rules], {"trafilatura": "2.3.1"})
    assert len(first) == 16 and int(first, 16) >= 0
    reader.write_text("SKIP = 5\n")
    assert versions.digest([reader, rules], {"trafilatura": "2.3.1"}) != first
    reader.write_text("SKIP = 3\n")
    assert versions.digest([reader, rules], {"trafilatura": "2.3.2"}) != first
    assert versions.digest([reader], {"trafilatura": "2.3.1"}) != first, "a file more or less is another version"


def test_this_installation_digests_its_readers_analysis_and_entities():
    version = versions.analysis_version()
    assert version == versions.analysis_version() and len(version) == 16
    sources = [path for source in versions._SOURCES for path in versions._python_files(versions._PACKAGE / source)]
    names = {path.relative_to(versions._PACKAGE).as_posix() for path in sources}
    assert {"readers/text.py", "readers/html/bylines.py", "text/dates.py", "entities/people.py", "article.py",
            "index/schema.py", "index/opensearch_schema.py"} <= names
    assert versions._installed("trafilatura") and versions._installed("no-such-distribution") == ""
