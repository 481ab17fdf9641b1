"""The title a reader makes for an article that has none: a text file that opens with a paragraph,
a JSON record without a title, a Reuters story sent without a headline.

One rule for every reader: the first sentence of the text, without its full stop, and past
``TITLE_MAX_CHARS`` cut at a word and marked "…", so a list of results reads alike whatever the
files were, and a made title never ends in half a word.
"""

from __future__ import annotations

import re

from indexer.text.analysis import STOP_WORDS

# A sentence ends at a full stop, question or exclamation mark after a letter or digit, before a
# capital (maybe behind quotes): "U.S. officials" and "3.5 pct" go on.
SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9][.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])")
TITLE_MAX_CHARS = 90


def title_from_paragraph(paragraph: str) -> str:
    """The first sentence, without its full stop; past ``TITLE_MAX_CHARS``, cut at a word and marked "…"."""
    sentence = SENTENCE_BREAK.split(paragraph, maxsplit=1)[0].rstrip(".!?")
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    head = sentence[:TITLE_MAX_CHARS + 1]
    # The last word is whole only when a space follows it within the limit.
    words = head.split() if head[-1].isspace() else head.split()[:-1]
    while len(words) > 1 and (words[-1].lower() in STOP_WORDS or not words[-1][-1].isalnum()):
        words[-1] = words[-1].rstrip(",;:–—-")
        if words[-1] and words[-1].lower() not in STOP_WORDS:
            break
        words.pop()
    return " ".join(words) + "…"
