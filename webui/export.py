"""Results taken away: every match of a search as CSV or JSON lines, and batch search.

``/search.csv`` and ``/search.jsonl`` take the search page's parameters and stream every matching
article. ``/batch`` runs a pasted or uploaded list of queries with the same filters and shows each
one's count and best hits; ``/batch.csv`` and ``/batch.jsonl`` download what it shows. The rows are
those of ``indexer.search.export`` and ``indexer.search.batch`` (documented in docs/api.md), without
the ``path`` column: the server's folders are its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Response, render_template, request
from werkzeug.datastructures import MultiDict

from indexer.search import QueryError, SearchRequest
from indexer.search import batch as batch_search
from indexer.search.export import HIT_COLUMNS_WITHOUT_PATH, MEDIA_TYPES, export_lines
from indexer.search.registry import facets
from indexer.text.slugs import slugify
from webui.index import get_index
from webui.params import MAX_VALUES_PER_FACET, ParamError, SearchState, read_state, whole_number
from webui.security import error_response

bp = Blueprint("export", __name__)

# A batch is posted as a form: up to 1 MB (1,000 queries of 1,000 characters), where every other
# request body is refused above 64 KB (MAX_CONTENT_LENGTH in webui/__init__.py).
MAX_BATCH_BYTES = 1024 * 1024
# One request runs the whole batch before it answers, about 40 s for 1,000 queries over Reuters
# (docs/benchmarks.md): more would hold a server thread for minutes. The CLI (newsdex batch) has no limit.
MAX_BATCH_QUERIES = 1000
TOP_CHOICES = (0, 1, 3, 5, 10)  # best hits per query the form offers
CSV_TAIL = ".csv"
SHARED_FIELDS = frozenset({*(definition.name for definition in facets()), "date", "sort", "top"})
# Every filter value the form may carry (MAX_VALUES_PER_FACET of each facet: more is a 400 that says so),
# the list, its file and the other fields, and a few the form does not read: MAX_FORM_PARTS, 100, is less.
MAX_BATCH_PARTS = len(facets()) * MAX_VALUES_PER_FACET + 20
# Spreadsheets read a CSV download as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = {"csv": True, "jsonl": False}


@bp.route("/search.csv")
def search_csv():
    return _search_export("csv")


@bp.route("/search.jsonl")
def search_jsonl():
    return _search_export("jsonl")


def _search_export(file_format: str):
    try:
        state = read_state()
        lines = export_lines(get_index(), state.request(), file_format, HIT_COLUMNS_WITHOUT_PATH,
                             byte_order_mark=BYTE_ORDER_MARK[file_format])
    except (ParamError, QueryError) as exc:
        return error_response(400, str(exc))
    return _download(lines, file_format, "newsdex-" + (slugify(state.q)[:60].strip("-") or "all"))


@dataclass
class BatchForm:
    """The batch form as posted: the list (pasted, or an uploaded file) and the shared filters as typed.

    Kept as typed so that a page with an error shows the form again as it was sent."""

    text: str = ""
    is_csv: bool = False  # the pasted text is CSV; an uploaded file is when its name ends in .csv
    fields: MultiDict = field(default_factory=MultiDict)  # filters, date, sort and top
    upload: bytes | None = None
    upload_name: str = ""
    state: SearchState = field(default_factory=SearchState)  # the filters, once ``read``

    @classmethod
    def posted(cls) -> BatchForm:
        # Before the body is read: only a batch may be this large.
        request.max_content_length = MAX_BATCH_BYTES
        request.max_form_memory_size = MAX_BATCH_BYTES
        request.max_form_parts = MAX_BATCH_PARTS
        upload = request.files.get("file")
        uploaded = upload is not None and bool(upload.filename)
        return cls(text=request.form.get("queries", ""), is_csv=request.form.get("csv") == "1",
                   fields=MultiDict([(name, value) for name, value in request.form.items(multi=True)
                                     if name in SHARED_FIELDS]),
                   upload=upload.read() if uploaded else None, upload_name=upload.filename if uploaded else "")

    def read(self) -> tuple[list[batch_search.BatchQuery], SearchRequest, int]:
        """The queries, the request they share and the best hits wanted per query; raises ``ParamError``
        or ``BatchError`` saying what is wrong. An uploaded file becomes the form's text."""
        source = "the pasted list"
        if self.upload is not None:
            if self.text.strip():
                raise ParamError("Paste the queries or upload a file, not both.")
            self.text = batch_search.decode(self.upload, self.upload_name)
            self.is_csv = self.upload_name.lower().endswith(CSV_TAIL)
            source, self.upload = self.upload_name, None
        self.state = read_state(self.fields)
        top = whole_number(self.fields.get("top"), "top", batch_search.DEFAULT_TOP, min(TOP_CHOICES), max(TOP_CHOICES))
        queries = batch_search.read_queries(self.text, is_csv=self.is_csv, source=source)
        if len(queries) > MAX_BATCH_QUERIES:
            raise batch_search.BatchError(
                f"{source} holds {len(queries):,} queries; this page runs at most {MAX_BATCH_QUERIES:,} at "
                "once. Split the list, or run newsdex batch FILE, which takes any number.")
        return queries, self.state.request(), top

    def search_url(self, query: str) -> str:
        """The search page of one query of the batch, with the batch's filters."""
        return self.state.url(q=query, page=None, page_size=None, expand=None)


@bp.route("/batch", methods=["GET", "POST"])
def batch():
    if request.method == "GET":
        return _batch_page(BatchForm())
    form = BatchForm.posted()
    try:
        queries, shared, top = form.read()
    except (ParamError, batch_search.BatchError) as exc:
        return _batch_page(form, error=str(exc)), 400
    return _batch_page(form, rows=list(batch_search.run(get_index(), queries, shared, top=top)))


@bp.route("/batch.csv", methods=["POST"])
def batch_csv():
    return _batch_export("csv")


@bp.route("/batch.jsonl", methods=["POST"])
def batch_jsonl():
    return _batch_export("jsonl")


def _batch_export(file_format: str):
    form = BatchForm.posted()
    try:
        queries, shared, top = form.read()
    except (ParamError, batch_search.BatchError) as exc:
        return _batch_page(form, error=str(exc)), 400
    lines = batch_search.batch_lines(batch_search.run(get_index(), queries, shared, top=top), file_format,
                                     HIT_COLUMNS_WITHOUT_PATH, byte_order_mark=BYTE_ORDER_MARK[file_format])
    return _download(lines, file_format, "newsdex-batch")


@bp.errorhandler(413)
def batch_too_large(_exc):
    message = (f"The list is larger than this page takes ({MAX_BATCH_BYTES // 2**20} MB). "
               "Split it, or run newsdex batch FILE, which takes any size.")
    return _batch_page(BatchForm(), error=message), 413


def _batch_page(form: BatchForm, rows: list[batch_search.BatchRow] | None = None, error: str | None = None):
    failed = sum(1 for row in rows or () if row.error is not None)
    return render_template("batch/batch.html", form=form, rows=rows, failed=failed, error=error,
                           facets=facets(), top_choices=TOP_CHOICES, default_top=batch_search.DEFAULT_TOP,
                           max_queries=MAX_BATCH_QUERIES)


def _download(lines, file_format: str, name: str) -> Response:
    """``lines`` streamed as a file to save: the response is sent as they are made."""
    response = Response(lines, content_type=MEDIA_TYPES[file_format])
    response.headers.set("Content-Disposition", "attachment", filename=f"{name}.{file_format}")
    return response
