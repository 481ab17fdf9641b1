"""Text rules defined once: the accent fold, the date parser, counts in words and URL slugs.

Everything that normalises text calls these: the analyzer (index and query terms), the readers,
the entity extractors and the web UI's name filters. Two spellings that fold alike here are one
word everywhere.
"""

from indexer.text.counts import counted, noun
from indexer.text.dates import date_span, normalise_date
from indexer.text.fold import fold, fold_accents
from indexer.text.slugs import slugify

__all__ = ["counted", "date_span", "fold", "fold_accents", "normalise_date", "noun", "slugify"]
