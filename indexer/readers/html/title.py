"""The headline: from metadata or ``<title>``, with the site name around it taken off."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from indexer.readers.html.tree import _clean, _fold, _marks, _text
from indexer.text.dates import find_date

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|«|·|•|//|:)\s+")


def _title(tree, metas: dict, ld: dict, parsely: dict, site: str, url: str) -> tuple[str, str]:
    """The headline, and a site name found next to it in ``<title>`` (used when no other is known)."""
    headings = _headings(tree)
    titles = [(_strip_site(value, site, headings, url)[0], "") for value in _metadata_titles(metas, ld, parsely)]
    title_tag = _clean(tree.findtext(".//title") or "")
    if title_tag:
        titles.append(_strip_site(title_tag, site, headings, url))
    if not titles:
        return (headings[0][0] if headings[0] else ""), ""
    # The first title that a heading shows word for word: a social card's title can be a teaser the
    # page never shows ("Buying a laptop? These are the 9 best...") where ``<title>`` has the ``<h1>``.
    shown = {_fold(text) for text in headings[0]}
    title, title_site = next((pair for pair in titles if _fold(pair[0]) in shown), titles[0])
    return _shown_headline(title, headings[0]), title_site


def _metadata_titles(metas: dict, ld: dict, parsely: dict) -> list[str]:
    """The titles given in metadata, most explicit first."""
    values = (ld["title"], metas.get("og:title"), metas.get("twitter:title"), parsely.get("title"),
              metas.get("parsely-title"), metas.get("sailthru.title"), metas.get("dc.title"))
    return [value for value in map(_clean, values) if value]


# Share of the shorter one's words that a heading must have in common with the metadata title to be
# taken for the same headline.
_SAME_HEADLINE = 0.5
_WORDS = re.compile(r"\w+")


def _shown_headline(title: str, headlines: list[str]) -> str:
    """The headline as the page shows it, when a heading is a version of the metadata title.

    Metadata titles are often written for search engines and social cards ("Best Apps to Learn a
    Language in 2025"), the heading for readers ("Top 10: Best Language Learning App"); the heading is
    the article's own headline. Headings sharing no words with the title (site names, "Recent posts")
    are not: then the metadata title stays. On wcxb-dev articles, titles match 0.847 (half A) and 0.852
    (half B) instead of 0.757 and 0.784.
    """
    words = set(_WORDS.findall(_fold(title)))
    for heading in headlines:
        heading_words = set(_WORDS.findall(_fold(heading)))
        if words and heading_words and (
            len(words & heading_words) >= _SAME_HEADLINE * min(len(words), len(heading_words))
        ):
            return title if _dressed_up(heading, title) else heading
    return title


# What a page prints around its headline inside the heading: a label, a comment count, a byline or a
# date (the rest of the heading, the headline taken out).
_HEADING_DRESS = re.compile(
    r"^(?:title|headline|\d+ (?:replies|comments|responses|thoughts) (?:to|on)|(?:posted|published|updated|by)\b.*)$")


def _dressed_up(heading: str, title: str) -> bool:
    """Whether a heading is the metadata title with a label, a comment count, a byline or a date
    around it ("Title:...", "15 Replies to “...”", "... Posted on July 1, 2024 by infuy"), or the
    title in capitals only: the title says the same without them."""
    folded_title, folded_heading = _fold(title), _fold(heading)
    at = folded_heading.find(folded_title)
    if folded_title and at >= 0 and folded_title != folded_heading:
        rest = (folded_heading[:at] + " " + folded_heading[at + len(folded_title):]).strip(" \"'“”‘’:|-–—,.")
        return bool(_HEADING_DRESS.match(rest) or find_date(rest) and len(rest) <= 40)
    return not any(char.islower() for char in heading) and any(char.islower() for char in title)


_LOGO_MARKS = re.compile(r"logo|site-?title|site-?name|blog-?title|brand|masthead", re.I)
# A site's name is a few words: a sentence in a heading marked like a logo ("blog-title", "brand") is a
# post's headline.
_SITE_NAME_WORDS = 6


def _headings(tree) -> tuple[list[str], list[str]]:
    """Headline candidates (``<h1>``, then h2/h3 marked title or headline) and site-logo headings."""
    headlines: list[str] = []
    logos: list[str] = []
    nodes = list(tree.iter("h1"))
    for tag in ("h2", "h3"):
        nodes += [node for node in tree.iter(tag) if re.search("title|headline", _marks(node), re.I)]
    for node in nodes:
        text = _text(node)
        if not text:
            continue
        parent = node.getparent()
        marks = _marks(node) + (" " + _marks(parent) if parent is not None else "")
        hrefs = [a.get("href") for a in node.iter("a") if a.get("href") is not None]  # not <a name="top">
        home_link = any(urlsplit(href).path in ("", "/") and not href.startswith("#") for href in hrefs)
        logo = (_LOGO_MARKS.search(marks) or home_link) and len(text.split()) <= _SITE_NAME_WORDS
        (logos if logo else headlines).append(text)
    return headlines, logos


def _strip_site(
    title: str, site: str, headings: tuple[list[str], list[str]], url: str = ""
) -> tuple[str, str]:
    """Drop a site name before or after the headline in a page title; returns (headline, site)."""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    key = _fold(title)
    headlines, logos = headings
    folded_headlines = [_fold(text) for text in headlines]
    if not seps or key in folded_headlines:
        return title, ""
    first, last = seps[0], seps[-1]
    options = (  # (headline, site part) when the site name is the suffix, then when it is the prefix
        (title[: last.start()], title[last.end():]),
        (title[first.end():], title[: first.start()]),
    )
    # 1. A site-logo heading is one side of the title; else a headline heading is.
    folded_logos = {_fold(text) for text in logos}
    for headline, site_part in options:
        if _fold(site_part) in folded_logos:
            same = [text for text, folded in zip(headlines, folded_headlines, strict=True)
                    if folded == _fold(headline)]
            return (same[0] if same else _clean(headline)), _clean(site_part)
    for headline, site_part in options:
        for text, folded in zip(headlines, folded_headlines, strict=True):
            if folded == _fold(headline):
                return text, _clean(site_part)
    # 2. One side names the site (og:site_name, publisher, or the host of the page's URL).
    sites = {_squash(site), _squash(urlsplit(url).hostname or "").removeprefix("www")} - {""}
    for headline, site_part in options:
        part = _squash(site_part)
        if part and any(part in known or known in part for known in sites):
            return _clean(headline), _clean(site_part)
    # 3. No known site name: drop a short last segment that reads like one ("Headline - Daily Post").
    headline, site_part = options[0]
    if len(site_part.split()) <= 4 and len(site_part) < len(title) / 2:
        return _clean(headline), _clean(site_part)
    return title, ""


def _squash(text: str) -> str:
    """Letters and digits only, lower case: "Global Voices Online" and globalvoicesonline.org meet."""
    text = re.sub(r"\W+|_", "", _fold(text))
    return re.sub(r"(com|org|net|co|uk|de|fr)$", "", text)
