"""Bad input: a corpus of broken files mixed with good ones, written here, indexed by the real CLI.

Every good article is indexed (exact counts per file), recoverable files are decoded and
indexed, every bad file is listed with its reason, and the exit status is the documented one.
`newsdex extract` over the same files never crashes.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import stat
from collections import Counter
from pathlib import Path

import pytest
from reliability_support import cli

from indexer.index.reindex import EXIT_OK, EXIT_SOME_FILES_FAILED

MAX_FILE_MB = 1
LIMIT = MAX_FILE_MB * 2**20


def _story(title: str, word: str) -> str:
    return (f"{title}\n\nThe council met on Tuesday to discuss the {word} programme. Members said the {word} "
            f"budget would grow next year, and a report on the {word} plan is due in spring.\n")


def _paras(word: str) -> str:
    return "".join(f"<p>Paragraph {i}: ministers met on day {i} to discuss {word}, trade, investment and a "
                   f"new partnership covering energy and infrastructure in the region.</p>" for i in range(6))


def _sgml(newid: int, title: str, word: str, close: bool = True) -> str:
    record = (f'<REUTERS TOPICS="YES" NEWID="{newid}">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n'
              f"<TOPICS><D>grain</D></TOPICS>\n<TEXT>\n<TITLE>{title}</TITLE>\n<DATELINE>    CHICAGO, Feb 26 - "
              f"</DATELINE><BODY>Prices of {word} rose sharply on the exchange today, traders said.\n Reuter\n"
              "&#3;</BODY></TEXT>\n")
    return record + ("</REUTERS>\n" if close else "")


# name -> (content, expectation). content: bytes, str (UTF-8), or a callable(path) that makes the entry.
# expectation: ("ok", articles) | ("warn", articles, reason) | ("fail", reason) | ("skip", reason) | ("ignore",)
def build_cases(corpus: Path) -> dict[str, tuple]:
    nested_json = "[" * 100_000 + "]" * 100_000
    return {
        # ---- good files
        "good-plain.txt": (_story("Plain good story", "gardening"), ("ok", 1)),
        "good.jsonl": ("".join(json.dumps({"title": f"Line story {i}", "text": f"About lighthouses {i}."}) + "\n"
                               for i in range(3)), ("ok", 3)),
        "good.sgm": (_sgml(1, "GRAIN ONE", "sorghum") + _sgml(2, "GRAIN TWO", "barley"), ("ok", 2)),
        "good.json": (json.dumps([{"title": "Json one", "body": "Kites."}, {"headline": "Json two",
                                                                              "content": "Drums."}]), ("ok", 2)),
        "good.html": (f"<html><head><title>Good page</title></head><body><article><h1>Good page</h1>"
                      f"{_paras('orchards')}</article></body></html>", ("ok", 1)),
        "UPPER.TXT": (_story("Upper case extension", "canals"), ("ok", 1)),
        "dir.txt/inside.txt": (_story("A file inside a directory named like a file", "mosaic"), ("ok", 1)),
        # ---- recoverable: decoded and indexed, never skipped
        "utf16le-bom.txt": (_story("Wide story é", "saffron").encode("utf-16"), ("ok", 1)),
        "utf16be-bom.txt": (codecs.BOM_UTF16_BE + _story("Big endian story", "tamarind").encode("utf-16-be"),
                            ("ok", 1)),
        "utf32-bom.txt": (_story("Very wide story", "juniper").encode("utf-32"), ("ok", 1)),
        "utf8-bom.txt": (codecs.BOM_UTF8 + _story("Story after a BOM", "nutmeg").encode(), ("ok", 1)),
        "latin1-undeclared.txt": (_story("Café in São Paulo", "mandioca").encode("latin-1"), ("ok", 1)),
        "cp1252-quotes.txt": (_story("“Quoted” – story", "cardamom").encode("cp1252"), ("ok", 1)),
        "invalid-utf8.txt": (_story("Broken bytes story", "lentils").encode() + b"tail \xff\xc3\x28 \x81 end\n",
                             ("ok", 1)),
        "nul-in-middle.txt": (_story("Story with a NUL", "pistachio").replace("budget", "bud\x00get").encode(),
                              ("ok", 1)),
        "crlf.txt": (_story("Windows story", "anchovy").replace("\n", "\r\n"), ("ok", 1)),
        "cr-only.txt": (_story("Old Mac story", "quince").replace("\n", "\r"), ("ok", 1)),
        "huge-line.txt": ("Huge single line " + "walrus " * 80_000, ("ok", 1)),
        "leading-blank-lines.txt": ("\n\n   \n" + _story("Story after blank lines", "sorrel"), ("ok", 1)),
        "control-chars-sparse.txt": (_story("Story with a bell", "parsnip").replace("Members", "Mem\x07bers"),
                                     ("ok", 1)),
        "name with spaces.txt": (_story("Spaces in the name", "hazelnut"), ("ok", 1)),
        "name\nwith newline.txt": (_story("Newline in the name", "chestnut"), ("ok", 1)),
        "Tin tức Việt Nam — 東京 ✓.txt": (_story("Non-ASCII name", "persimmon"), ("ok", 1)),
        "n" * 200 + ".txt": (_story("A very long name", "kumquat"), ("ok", 1)),
        "deep.html": ("<html><head><title>Deep page</title></head><body><article><h1>Deep page</h1>"
                      + "<div>" * 10_000 + _paras("glaciers") + "</div>" * 10_000 + "</article></body></html>",
                      ("ok", 1)),
        "bad-charset.html": ((f'<html><head><meta charset="x-no-such-charset"><title>Bad charset café</title>'
                              f"</head><body><article><h1>Bad charset café</h1>{_paras('pelicans')}</article>"
                              "</body></html>").encode("latin-1"), ("ok", 1)),
        "bom.json": (codecs.BOM_UTF8 + json.dumps({"title": "Json after a BOM", "text": "Kelp."}).encode(),
                     ("ok", 1)),
        "lines-in.json": ('{"title": "Lines one", "text": "Ferns."}\n{"title": "Lines two", "text": "Moss."}\n',
                          ("ok", 2)),
        "odd-types.json": (json.dumps({"title": 5, "text": {"nested": 1}, "author": ["A", 3], "date": "never",
                                       "url": ["x"], "source": None}), ("ok", 1)),
        "nan-date.json": ('{"title": "Not a number date", "text": "Geese.", "date": NaN, "published": 1e308}',
                          ("ok", 1)),
        "surrogate.json": ('{"title": "Lone \\ud800 surrogate", "text": "Otters \\udfff swim.", "author": "\\ud83d"}',
                           ("ok", 1)),
        "control-sgml.sgm": (_sgml(7, "CONTROL &#1114112; &bogus; \x01\x02 STORY", "oats"), ("ok", 1)),
        "truncated.sgm": (_sgml(3, "GRAIN WHOLE", "millet") + _sgml(4, "GRAIN CUT", "rye", close=False)[:-60],
                          ("warn", 2, "truncated")),
        "broken-line.jsonl": ('{"title": "Before", "text": "Owls."}\n{"title": "Broken",\n'
                              '{"title": "After", "text": "Bats."}\n', ("warn", 2, "line 2: invalid JSON")),
        "bigint-line.jsonl": ('{"title": "Small", "text": "Ants."}\n{"title": "Huge", "n": ' + "9" * 5000 + "}\n"
                              '{"title": "Also small", "text": "Bees."}\n', ("warn", 2, "line 2")),
        "deep-line.jsonl": ('{"title": "Shallow", "text": "Crabs."}\n' + nested_json + "\n",
                            ("warn", 1, "line 2")),
        "wrong-items.jsonl": ('{"title": "Good item", "text": "Eels."}\n[1, 2]\n"text"\n{}\n',
                              ("warn", 1, "expected an object")),
        # ---- bad files: listed with a reason
        "binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, ("fail", "binary")),
        "gzip.txt": (gzip.compress(b"Gzipped story\n" + b"words " * 2000, mtime=0), ("fail", "binary")),
        "utf16-no-bom.txt": (_story("No BOM", "x").encode("utf-16-le"), ("fail", "binary")),
        "mostly-controls.txt": ("Title\n" + "\x01\x02\x03\x04 a" * 500, ("fail", "binary")),
        "empty.txt": (b"", ("fail", "empty")),
        "empty.json": (b"", ("fail", "empty")),
        "whitespace-only.txt": (" \n\t\r\n   \n", ("fail", "empty")),
        "bom-only.txt": (codecs.BOM_UTF8, ("fail", "empty")),
        "too-big.txt": ("Too big\n" + "elephant " * (LIMIT // 9 + 100), ("fail", "limit")),
        "scripts-only.html": ("<html><head><script>var a = 1;</script></head><body><script>alert(1)</script>"
                              "<script src='x.js'></script><style>p{}</style></body></html>", ("fail", "")),
        "empty-body.html": ("<html><head></head><body>   </body></html>", ("fail", "")),
        "not-reuters.sgm": ("<DOC><TEXT>Some other SGML</TEXT></DOC>", ("fail", "not Reuters")),
        "truncated-nothing.sgm": ("<REUTERS NEWID=", ("fail", "")),
        "number.json": ("42", ("fail", "wrong shape")),
        "null.json": ("null", ("fail", "wrong shape")),
        "string.json": ('"just a string"', ("fail", "wrong shape")),
        "list-of-numbers.json": ("[1, 2, 3]", ("fail", "no article")),
        "empty-object.json": ("{}", ("fail", "no article")),
        "invalid.json": ('{"title": "unterminated', ("fail", "invalid JSON")),
        "deep.json": (nested_json, ("fail", "nested too deeply")),
        "bigint.json": ('{"title": "x", "n": ' + "7" * 5000 + "}", ("fail", "")),
        "fifo.txt": (lambda p: os.mkfifo(p), ("fail", "not a regular file")),
        "loop-a.txt": (lambda p: os.symlink("loop-b.txt", p), ("fail", "symbolic links")),
        "loop-b.txt": (lambda p: os.symlink("loop-a.txt", p), ("fail", "symbolic links")),
        "dangling.txt": (lambda p: os.symlink("no-such-target.txt", p), ("fail", "no such file")),
        os.fsdecode(b"bad-\xff-name.txt"): (_story("Undecodable name", "walnut"), ("fail", "not valid UTF-8")),
        # ---- not articles at all
        "notes.md": ("# notes", ("skip", "unsupported file type '.md'")),
        "archive.tar.gz": (b"\x1f\x8b", ("skip", "unsupported")),
        ".hidden.txt": (_story("Hidden", "secret"), ("ignore",)),
        "dir-loop": (lambda p: os.symlink(".", p), ("ignore",)),
        "empty-dir.txt": (lambda p: os.mkdir(p), ("ignore",)),
    }


def write_cases(corpus: Path) -> dict[str, tuple]:
    cases = build_cases(corpus)
    corpus.mkdir(parents=True)
    for name, (content, _) in cases.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return cases


def shown(path: str) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, tuple]]:
    root = tmp_path_factory.mktemp("bad-input") / "corpus"
    return root, write_cases(root)


def _articles_per_file(index_root: Path) -> Counter:
    from indexer.search import IndexHandle

    index = IndexHandle(index_root).get()
    try:
        return Counter(fields["path"] for fields in index.searcher.all_stored_fields())
    finally:
        index.close()


def test_the_corpus_has_at_least_thirty_kinds_of_broken_files(corpus):
    _, cases = corpus
    broken = [name for name, (_, expect) in cases.items() if expect[0] != "ok" or not name.startswith("good")]
    assert len(broken) >= 30, len(broken)


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "full-then-incremental"])
def test_reindex_indexes_every_good_article_and_lists_every_bad_file(corpus, tmp_path, incremental):
    root, cases = corpus
    index = tmp_path / "index"
    runs = 2 if incremental else 1
    for _ in range(runs):
        proc = cli("reindex", root, "--index", index, "--max-file-mb", str(MAX_FILE_MB), "--jobs", "2", "--json",
                   timeout=180)
        assert proc.returncode == EXIT_SOME_FILES_FAILED, proc.stderr[-3000:]
        assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
        report = json.loads(proc.stdout)
    failed = {item["path"]: item["reason"] for item in report["failed"]}
    skipped = {item["path"]: item["reason"] for item in report["skipped"]}
    warnings: dict[str, list[str]] = {}
    for item in report["warnings"]:
        warnings.setdefault(item["path"], []).append(item["reason"])
    per_file = _articles_per_file(index)

    expected_articles = 0
    for name, (_, expect) in cases.items():
        path = str(root / name)
        kind = expect[0]
        if kind in ("ok", "warn"):
            expected_articles += expect[1]
            assert per_file.get(path, 0) == expect[1], (name, per_file.get(path), failed.get(path))
            assert path not in failed and path not in skipped, name
            if kind == "warn" and not incremental:  # an unchanged file is not read (or warned about) again
                assert any(expect[2] in reason for reason in warnings.get(path, [])), (name, warnings.get(path))
        elif kind == "fail":
            key = shown(path)
            assert key in failed, f"{name!r} is not listed as failed"
            assert failed[key].strip(), f"{name!r} has no reason"
            assert expect[1].lower() in failed[key].lower(), (name, failed[key])
            assert per_file.get(path, 0) == 0
        elif kind == "skip":
            assert expect[1] in skipped.get(path, ""), (name, skipped.get(path))
        else:
            assert path not in failed and path not in skipped and per_file.get(path, 0) == 0, name
    listed = set(failed) | set(skipped)
    assert len(listed) == sum(1 for _, e in cases.values() if e[0] in ("fail", "skip")), "nothing else is listed"
    assert report["articles"] == expected_articles == sum(per_file.values())
    assert not [p for p in per_file if p.startswith(str(root / ".hidden"))]


def test_recoverable_files_are_decoded_not_mangled(corpus, tmp_path):
    root, _ = corpus
    index = tmp_path / "index"
    proc = cli("reindex", root, "--index", index, "--max-file-mb", str(MAX_FILE_MB), "--jobs", "1", "--json",
               timeout=180)
    assert proc.returncode == EXIT_SOME_FILES_FAILED
    from indexer.search import IndexHandle

    handle = IndexHandle(index).get()
    titles = {fields["path"]: fields["title"] for fields in handle.searcher.all_stored_fields()}
    bodies = {fields["path"]: fields["body"] for fields in handle.searcher.all_stored_fields()}
    handle.close()
    expect = {
        "utf16le-bom.txt": "Wide story é", "utf16be-bom.txt": "Big endian story", "utf32-bom.txt": "Very wide story",
        "utf8-bom.txt": "Story after a BOM", "latin1-undeclared.txt": "Café in São Paulo",
        "cp1252-quotes.txt": "“Quoted” – story", "crlf.txt": "Windows story", "cr-only.txt": "Old Mac story",
        "nul-in-middle.txt": "Story with a NUL", "leading-blank-lines.txt": "Story after blank lines",
        "bom.json": "Json after a BOM", "bad-charset.html": "Bad charset café",
    }
    for name, title in expect.items():
        assert titles[str(root / name)] == title, name
    assert "budget" in bodies[str(root / "nul-in-middle.txt")] and "\x00" not in bodies[str(root / "nul-in-middle.txt")]
    assert "\r" not in bodies[str(root / "crlf.txt")] + bodies[str(root / "cr-only.txt")]
    surrogate = titles[str(root / "surrogate.json")]
    assert surrogate == "Lone \ufffd surrogate"
    for text in list(titles.values()) + list(bodies.values()):
        text.encode("utf-8")  # nothing unencodable reached the index
    # Each recoverable file is findable by its own word.
    for word in ("saffron", "tamarind", "juniper", "mandioca", "lentils", "pistachio", "anchovy", "quince"):
        assert len(handle_search(index, word)) == 1, word


def handle_search(index: Path, q: str) -> list[str]:
    from reliability_support import search_ids

    return search_ids(index, q)


def test_extract_never_crashes_on_any_of_the_files(corpus):
    root, cases = corpus
    paths = [os.fsencode(root / name) for name in cases]
    as_json = cli("extract", "--json", "--max-file-mb", str(MAX_FILE_MB), *[os.fsdecode(p) for p in paths],
                  timeout=180)
    assert as_json.returncode == EXIT_OK, as_json.stderr[-3000:]
    assert "Traceback" not in as_json.stderr
    records = json.loads(as_json.stdout)
    by_path = Counter(shown(record["path"]) for record in records)
    assert set(by_path) == {shown(str(root / name)) for name in cases}, "one record or more for every file"
    for name, (_, expect) in cases.items():
        if expect[0] in ("ok", "warn"):
            assert by_path[str(root / name)] == expect[1], name
    skipped = [record for record in records if "skipped" in record]
    assert all(record["skipped"].strip() for record in skipped)
    as_text = cli("extract", "--max-file-mb", str(MAX_FILE_MB), *[os.fsdecode(p) for p in paths], timeout=180)
    assert as_text.returncode == EXIT_OK, as_text.stderr[-3000:]
    assert "Traceback" not in as_text.stderr
    assert as_text.stdout.count("skipped: ") == len(skipped)


def test_a_clean_corpus_exits_zero(tmp_path):
    corpus = tmp_path / "clean"
    corpus.mkdir()
    (corpus / "one.txt").write_text(_story("Clean one", "ginger"))
    (corpus / "readme.md").write_text("not an article")  # unsupported files are skipped, not failures
    proc = cli("reindex", corpus, "--index", tmp_path / "index", "--jobs", "1")
    assert proc.returncode == EXIT_OK, proc.stdout + proc.stderr


def test_usage_errors_exit_two(tmp_path):
    assert cli("reindex", "--jobs", "0", "--index", tmp_path / "i").returncode == 2
    assert cli("reindex", "--max-file-mb", "-1", "--index", tmp_path / "i").returncode == 2
    assert cli("reindex", "--no-such-option").returncode == 2


def test_unwritable_index_is_fatal_and_changes_nothing(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "one.txt").write_text(_story("One", "fennel"))
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the index directory should be")
    proc = cli("reindex", corpus, "--index", blocker / "index", "--jobs", "1")
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "cannot write the index" in proc.stderr
    assert blocker.read_text().startswith("a file")


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod 000 does not stop root from reading; "
                    "test_bad_input covers unreadable entries with a FIFO, symlink loops and dangling links")
def test_unreadable_permissions(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(_story("Readable", "tarragon"))
    locked = corpus / "locked.txt"
    locked.write_text(_story("Locked", "sesame"))
    locked.chmod(0)
    locked_dir = corpus / "locked-dir"
    locked_dir.mkdir()
    (locked_dir / "inner.txt").write_text(_story("Inner", "basil"))
    locked_dir.chmod(0)
    try:
        proc = cli("reindex", corpus, "--index", tmp_path / "index", "--jobs", "1", "--json")
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
        locked_dir.chmod(stat.S_IRWXU)
    assert proc.returncode == EXIT_SOME_FILES_FAILED
    failed = {item["path"]: item["reason"] for item in json.loads(proc.stdout)["failed"]}
    assert re.search("permission denied", failed[str(locked)], re.I)
    assert re.search("permission denied", failed[str(locked_dir)], re.I)
    assert json.loads(proc.stdout)["articles"] == 1
