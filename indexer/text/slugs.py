"""URL slugs for names: one rule for every page address made from a value."""

from __future__ import annotations

import re

from unidecode import unidecode

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """A stable, readable ASCII URL id: "Nguyễn Phú Trọng" -> "nguyen-phu-trong".

    Transliterated, not folded: a URL must be ASCII whatever the script ("Путин" -> "putin").
    """
    return _SLUG_RE.sub("-", unidecode(name).lower().replace("'", "").replace("’", "")).strip("-")
