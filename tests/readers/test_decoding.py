import codecs

import pytest

from indexer.readers import SkipFile, read_file
from indexer.readers.decoding import decode


def test_utf8_and_boms():
    text = "Nguyễn Phú Trọng"
    assert decode(text.encode("utf-8")) == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode(text.encode("utf-16")) == text  # carries its BOM
    assert decode(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == text


def test_latin1_without_declaration_is_recovered():
    assert decode("Café São Paulo – “quoted”".encode("cp1252")) == "Café São Paulo – “quoted”"
    assert decode("Zürich".encode("latin-1")) == "Zürich"


def test_declared_charset_wins():
    assert decode("Привет".encode("koi8-r"), "koi8-r") == "Привет"


def test_unknown_declared_charset_falls_back():
    assert decode(b"plain", "no-such-charset") == "plain"


def test_binary_is_refused():
    with pytest.raises(SkipFile, match="binary"):
        decode(bytes(range(256)) * 10)
    with pytest.raises(SkipFile, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n" + bytes(200))


def test_utf16_file_is_indexed_not_skipped(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Headline\nBody in UTF-16 with a BOM.\n".encode("utf-16"))
    [article] = read_file(str(path))
    assert article.title == "Headline"


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title\n" + b"word " * 1000)
    with pytest.raises(SkipFile, match="limit"):
        read_file(str(path), max_bytes=100)
    assert read_file(str(path), max_bytes=10_000)


def test_unsupported_and_unreadable(tmp_path):
    with pytest.raises(SkipFile, match="unsupported"):
        read_file(str(tmp_path / "photo.jpg"))
    with pytest.raises(SkipFile, match="cannot read"):
        read_file(str(tmp_path / "missing.txt"))
