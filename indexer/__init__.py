"""Newsdex indexer: read news articles, analyse them and build a Whoosh index."""

import warnings

# Whoosh 2.7.4 is frozen and carries invalid escape sequences that Python 3.12+
# reports as SyntaxWarning on first import; they are harmless.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r"whoosh(\..*)?")

__version__ = "0.1.0"
