"""Turn a file's bytes into text without ever crashing on bad bytes."""

from __future__ import annotations

import codecs

from indexer.readers.errors import SkipFile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of control characters (other than tab, newline, carriage return,
# form feed) above which decoded text is taken for binary data.
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM first, then the declared charset, UTF-8, and cp1252.

    cp1252 is the fallback because undeclared legacy news text is nearly always
    Windows-1252 or latin-1, and cp1252 is a superset of latin-1's printable
    range. Bytes that no step can decode become U+FFFD rather than an error.
    Raises ``SkipFile`` when the bytes look like binary data, not text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _check_text(data.decode(encoding, errors="replace"))
    if b"\x00" in data:
        head = data[:4096]
        if head.count(b"\x00") > max(1, len(head) * _MAX_CONTROL_SHARE):
            raise SkipFile("binary data, not text (NUL bytes and no Unicode byte-order mark)")
        # A stray NUL or two in a text file (a bad copy, a torn write) costs those bytes, not the article.
        data = data.replace(b"\x00", b"")
    candidates = [declared] if declared else []
    candidates += ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return _check_text(data.decode(_normalise(encoding)))
        except (UnicodeDecodeError, LookupError):
            continue
    return _check_text(data.decode("latin-1", errors="replace"))


def _normalise(encoding: str) -> str:
    name = encoding.strip().lower()
    # Pages that declare latin-1 or ascii are nearly always cp1252 in practice
    # (the WHATWG encoding standard maps both labels to windows-1252).
    if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        return "cp1252"
    return codecs.lookup(name).name


def _check_text(text: str) -> str:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise SkipFile("binary data, not text (control characters)")
    return text
