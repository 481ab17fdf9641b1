"""The exceptions a reader raises for a file it cannot index."""


class SkipFile(Exception):
    """The file yields no article; ``str(exc)`` is the one-line reason shown to users."""


class NotAnArticle(SkipFile):
    """The file reads well and is not an article: a front page, a list of links, an error page, a word
    list. The reindex lists it as skipped, with the reason, rather than as a file that failed."""


class ArticleList(list):
    """Articles read from one file, plus the records in it that could not be read.

    Formats with many records per file (SGML, JSON lines) return this so that
    one broken record is reported without losing the good ones around it.
    """

    def __init__(self, articles=(), problems=()):
        super().__init__(articles)
        self.problems: list[str] = list(problems)
