"""The `newsdex` command: a thin layer over the Python API (reindex, search, batch, stats, extract, serve)."""

from __future__ import annotations

import errno
import functools
import json
import logging
import os
import sys
from dataclasses import dataclass

import click
from click.core import ParameterSource

from indexer.index import reindex as reindexing
from indexer.readers import DEFAULT_MAX_BYTES
from indexer.search import BACKENDS, DEFAULT_ALIAS, NoIndex, OpenSearchUnavailable, open_backend, shown_url
from indexer.search.batch import DEFAULT_TOP, MAX_TOP
from indexer.search.export import FORMATS
from indexer.search.registry import facets
from indexer.text.counts import counted

DEFAULT_CORPUS = "corpus"

index_option = click.option(
    "--index", "index_root", type=click.Path(file_okay=False), default=None,
    help="Index directory (default: $NEWSDEX_INDEX, else ~/.local/share/newsdex/index).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
date_option = click.option(
    "--date", "date_range", metavar="RANGE",
    help="Only articles dated within RANGE: 1987, 1987-03, 1987-03-17, or 1987-02..1987-04 "
         "(either end may be left out).",
)
export_format_option = click.option(
    "--format", "export_format", type=click.Choice(FORMATS), default=None,
    help="Print every matching article, not one page, as CSV or JSON lines (docs/api.md lists the columns).",
)


@dataclass(frozen=True)
class Target:
    """The index a command reads or writes, as the user chose it: the embedded index at ``index_root``, or
    the ``alias`` of the OpenSearch cluster at ``url`` (which may hold a password: ``shown`` hides it)."""

    backend: str = "whoosh"
    index_root: str | None = None
    url: str | None = None
    ca_file: str | None = None
    alias: str = DEFAULT_ALIAS

    @property
    def opensearch(self) -> bool:
        return self.backend == "opensearch"

    @property
    def shown(self) -> str:
        return shown_url(self.url) if self.url else ""

    def handle(self):
        """``indexer.search.open_backend``: the handle the web app opens too."""
        return open_backend(self.backend, index_dir=self.index_root, url=self.url, ca_file=self.ca_file,
                            alias=self.alias)


def backend_options(command):
    """``--index``, ``--backend``, ``--url``, ``--ca-file`` and ``--alias``, given to the command as one
    ``target`` (a ``Target``). Each OpenSearch option can be set from the environment instead."""

    @functools.wraps(command)
    def with_target(*args, backend, index_root, opensearch_url, ca_file, alias, **kwargs):
        context = click.get_current_context()
        if backend == "opensearch":
            if not opensearch_url:
                raise click.UsageError("--backend opensearch needs the cluster's --url (or NEWSDEX_OPENSEARCH_URL)")
            if index_root is not None:
                raise click.UsageError("--index is the embedded index's folder: with --backend opensearch the "
                                       "index is the cluster's (--url, --alias)")
            context.meta["newsdex.url"] = opensearch_url  # to hide its password in any error of the cluster
        elif context.get_parameter_source("opensearch_url") == ParameterSource.COMMANDLINE:
            raise click.UsageError("--url is the OpenSearch cluster's: give --backend opensearch with it "
                                   "(or set NEWSDEX_BACKEND=opensearch)")
        target = Target(backend, index_root, opensearch_url if backend == "opensearch" else None, ca_file, alias)
        return command(*args, target=target, **kwargs)

    for option in reversed([
        index_option,
        click.option("--backend", type=click.Choice(BACKENDS), default=BACKENDS[0], envvar="NEWSDEX_BACKEND",
                     show_default=True, show_envvar=True,
                     help="The embedded Whoosh index (--index) or an OpenSearch cluster (--url; docs/opensearch.md)."),
        click.option("--url", "opensearch_url", metavar="URL", envvar="NEWSDEX_OPENSEARCH_URL", show_envvar=True,
                     help="The OpenSearch cluster, with --backend opensearch: http://127.0.0.1:9201, or "
                          "https://user:password@host:9200 (the password is never shown); several nodes "
                          "joined by commas."),
        click.option("--ca-file", type=click.Path(exists=True, dir_okay=False), envvar="NEWSDEX_OPENSEARCH_CA",
                     show_envvar=True, help="PEM file of the authority that signed an https cluster's certificate."),
        click.option("--alias", default=DEFAULT_ALIAS, show_default=True, envvar="NEWSDEX_OPENSEARCH_ALIAS",
                     show_envvar=True, help="The OpenSearch alias naming the live index."),
    ]):
        with_target = option(with_target)
    return with_target


class NewsdexGroup(click.Group):
    """The commands, with a cluster that cannot be used said plainly (exit status 4), never as a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OpenSearchUnavailable as exc:
            click.echo(f"newsdex: {exc}", err=True)
            sys.exit(reindexing.EXIT_FATAL)
        except Exception as exc:
            if not type(exc).__module__.startswith("opensearchpy"):
                raise
            from indexer.index.opensearch_schema import without_password

            url = ctx.meta.get("newsdex.url", "")  # meta is shared by the command's context
            reason = f"{type(exc).__name__}: {exc}"
            click.echo(f"newsdex: OpenSearch at {shown_url(url)} failed: "
                       f"{without_password(reason, url) if url else reason}", err=True)
            sys.exit(reindexing.EXIT_FATAL)


def facet_options(command):
    """One filter option per facet (``--person``, ``--country``, ...), in the registry's order."""
    for definition in reversed(facets()):  # click lists options in the reverse order they are added
        command = click.option(f"--{definition.name}", definition.name, multiple=True,
                               help=definition.filter_help)(command)
    return command


@click.group(cls=NewsdexGroup)
@click.version_option(package_name="newsdex")
def main():
    """Newsdex: search engine for archives of news articles."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # opensearch-py logs each request at INFO and each failed one with its traceback: the command says
    # what failed itself, once.
    logging.getLogger("opensearch").setLevel(logging.ERROR)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@backend_options
@click.option("--incremental", is_flag=True, help="Only read new and changed files; drop deleted ones.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading and analysis (default: CPU count).")
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_BYTES / 2**20,
              show_default=True, help="Skip files larger than this.")
@click.option("--allow-empty", is_flag=True,
              help="Switch even when the new index would hold no article (every PATH missing, no article read).")
@json_option
def reindex(paths, target, incremental, jobs, max_file_mb, allow_empty, as_json):
    """Index the articles under PATHS (default: ./corpus) and switch to the new index atomically.

    Exit status: 0 all files read; 1 some files or PATHS failed (all others indexed);
    3 another reindex is running; 4 fatal error; 5 nothing to index: every PATH
    is missing or no article was read (the index is unchanged; see --allow-empty).

    With --backend opensearch the articles go to a new index of the cluster and --alias moves to it
    (docs/opensearch.md); 4 also means the cluster cannot be reached.
    """
    report = _run_reindex(paths or [DEFAULT_CORPUS], target, incremental=incremental, jobs=jobs,
                          max_bytes=int(max_file_mb * 2**20), allow_empty=allow_empty, paths_given=bool(paths))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    sys.exit(report.exit_status)


def _run_reindex(paths, target: Target, *, paths_given: bool = True, **options):
    """``indexer.index.reindex.reindex`` (or ``reindex_opensearch`` into the cluster), its refusals and
    errors turned into a message and an exit status."""
    from indexer.index.store import ReindexRunning

    try:
        if target.opensearch:
            from indexer.index.opensearch_reindex import reindex_opensearch

            return reindex_opensearch(paths, target.url, target.alias, ca_file=target.ca_file, **options)
        return reindexing.reindex(paths, target.index_root, **options)
    except reindexing.NothingToIndex as exc:
        click.echo(f"newsdex: {exc}", err=True)
        _print_problems(exc.report, err=True)
        if not paths_given:
            click.echo(f"(with no PATH, newsdex reindex indexes ./{DEFAULT_CORPUS})", err=True)
        replace = "create an empty index" if exc.live_articles is None else "replace it with an empty index"
        click.echo(f"Pass --allow-empty to {replace} anyway.", err=True)
        sys.exit(reindexing.EXIT_NOTHING_TO_INDEX)
    except ReindexRunning as exc:
        click.echo(f"newsdex: {exc}", err=True)
        sys.exit(reindexing.EXIT_REINDEX_RUNNING)
    except OSError as exc:
        click.echo(f"newsdex: cannot write the index: {exc}", err=True)
        sys.exit(reindexing.EXIT_FATAL)


def _print_report(report) -> None:
    click.echo(f"{counted(report.articles, 'article')} in {report.index_dir} "
               f"({counted(report.files_seen, 'file')}, {report.seconds:.1f} s)")
    click.echo(f"added {report.added:,}, updated {report.updated:,}, deleted {report.deleted:,}, "
               f"unchanged {report.unchanged:,}, failed {len(report.failed):,}, skipped {len(report.skipped):,}"
               + (f", missing {len(report.missing):,}" if report.missing else ""))
    for path in report.missing:
        click.echo(f"  missing: {path}: no such file or directory (nothing indexed from it)")
    _print_problems(report)


def _print_problems(report, err: bool = False) -> None:
    for path, reason in report.failed:
        click.echo(f"  failed: {path}: {reason}", err=err)
    for path, reason in report.skipped:
        click.echo(f"  skipped: {path}: {reason}", err=err)
    for path, reason in report.warnings:
        click.echo(f"  warning: {path}: {reason}", err=err)


@main.command()
@click.argument("query", nargs=-1)
@backend_options
@facet_options
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--page-size", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "newest"]), default="relevance", show_default=True)
@date_option
@click.option("--timeline", "show_timeline", is_flag=True,
              help="Also print how many articles match per year, month or day, and how many are undated.")
@click.option("--all-copies", is_flag=True,
              help="List every copy of a duplicated story, not one result per group of similar stories.")
@click.option("--similar", "similar", metavar="ID", default="",
              help="Only the articles of the group of similar stories of the article ID (every copy listed).")
@json_option
@export_format_option
def search(query, target, page, page_size, sort, date_range, show_timeline, all_copies, similar, as_json,
           export_format, **filters):
    """Search the index; an empty QUERY lists all articles."""
    from indexer.search import QueryError, SearchRequest
    from indexer.search.contract import DateRange
    from indexer.search.export import export_lines

    if export_format and (as_json or show_timeline):
        raise click.UsageError("--format prints every match as rows: give it without --json or --timeline")
    index = _open(target)
    try:
        dates = DateRange.parse(date_range) if date_range is not None else None
        request = SearchRequest(" ".join(query), filters=filters, page=page, page_size=page_size, sort=sort,
                                dates=dates, collapse=not all_copies, similar=similar)
        if export_format:
            lines = export_lines(index, request, export_format)
        else:
            result = index.search(request)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from exc
    if export_format:
        _write_lines(lines)
        return
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    grouped = f", {counted(result.groups, 'result')} with similar stories grouped" \
        if result.collapsed and result.groups < result.total else ""
    click.echo(f"{counted(result.total, 'article')}{grouped} ({result.seconds * 1000:.0f} ms)")
    if result.words_matched:
        click.echo(f"Too few articles have every word: showing those with at least {result.words_matched[0]} "
                   f"of the {result.words_matched[1]}.")
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for number, hit in enumerate(result.hits, (page - 1) * page_size + 1):
        click.echo(f"\n{number}. {hit.title}")
        click.echo(f"   {hit.date or 'undated'} · {hit.source or 'unknown source'} · id {hit.id}")
        if hit.persons or hit.countries:
            click.echo(f"   {', '.join(hit.persons + hit.countries)}")
        click.echo(f"   {_plain(hit.snippet)}")
        if result.collapsed and hit.similar:
            click.echo(f"   + {counted(hit.similar, 'similar story', 'similar stories')}: --similar {hit.id}")
    for definition in facets():
        if definition.summarised and result.facets.get(definition.name):
            click.echo(f"\n{definition.name}: " + _values(result.facets[definition.name][:10]))
    if show_timeline:
        timeline = result.timeline
        click.echo(f"\ntimeline by {timeline.granularity}: "
                   + (", ".join(f"{start} {n}" for start, n in timeline.buckets) or "no dated article")
                   + (f"; undated {timeline.undated}" if timeline.undated else ""))


def _values(values: list[tuple[str, int]]) -> str:
    return ", ".join(f"{label} ({n})" for label, n in values)


def _plain(snippet: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"</?mark>", "*", snippet))


def _write_lines(lines) -> None:
    """Write lines to stdout as they come; a reader that stops early (``| head``) ends the command quietly."""
    out = sys.stdout
    try:
        for line in lines:
            out.write(line)
        out.flush()
    except BrokenPipeError:
        # Python's advice (signal docs): point stdout at devnull so the interpreter's final flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@backend_options
@facet_options
@click.option("--sort", type=click.Choice(["relevance", "newest"]), default="relevance", show_default=True)
@date_option
@click.option("--top", type=click.IntRange(0, MAX_TOP), default=DEFAULT_TOP, show_default=True,
              help="Best hits listed per query (0: counts only).")
@click.option("--format", "output_format", type=click.Choice(["text", *FORMATS]), default="text",
              show_default=True, help="CSV and JSON lines are documented in docs/api.md.")
def batch(file, target, sort, date_range, top, output_format, **filters):
    """Search every query of FILE with the same filters: each one's count and best hits.

    FILE holds one query per line, or is CSV (its name ends in .csv) with a column named query, q or
    name, else its first column; blank lines and lines starting with # are skipped. A query that
    cannot be searched gets its reason on its row; the others are searched.

    Exit status: 0 every query was searched; 1 some could not be (each on its row); 2 FILE is missing,
    unreadable or holds no query; 4 no index.
    """
    import time

    from indexer.search import QueryError, SearchRequest
    from indexer.search import batch as batch_search
    from indexer.search.contract import DateRange

    try:
        dates = DateRange.parse(date_range) if date_range is not None else None
    except QueryError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    try:
        queries = batch_search.read_file(file)
    except batch_search.BatchError as exc:
        raise click.BadParameter(str(exc), param_hint="FILE") from exc
    index = _open(target)
    started = time.perf_counter()
    failed = 0

    def searched(rows):
        nonlocal failed
        for row in rows:
            failed += row.error is not None
            yield row

    # Best hits one per group of duplicates, as `newsdex search` lists them.
    shared = SearchRequest(filters=filters, sort=sort, dates=dates, collapse=True)
    rows = searched(batch_search.run(index, queries, shared, top=top))
    if output_format == "text":
        for row in rows:
            _print_batch_row(row)
    else:
        _write_lines(batch_search.batch_lines(rows, output_format))
    click.echo(f"{counted(len(queries), 'query', 'queries')} in {time.perf_counter() - started:.1f} s"
               + (f"; {failed:,} could not be searched" if failed else ""), err=True)
    sys.exit(1 if failed else 0)


def _print_batch_row(row) -> None:
    if row.error is not None:
        click.echo(f"{'error':>9}  {row.query.text}  (line {row.query.line}: {row.error})")
        return
    click.echo(f"{row.count:>9,}  {row.query.text}")
    for hit in row.hits:
        click.echo(f"{'':11}{hit.title} ({hit.date or 'undated'} · {hit.source or 'unknown source'} · id {hit.id})")


@main.command()
@backend_options
@json_option
def stats(target, as_json):
    """Article count, index size, and the most frequent people and countries."""
    stats = _open(target).stats()
    if as_json:
        document = {"articles": stats.articles, "index": stats.location, "size_bytes": stats.size_bytes,
                    **{summary.definition.plural: summary.values for summary in stats.facets},
                    **{f"top_{summary.definition.plural}": summary.top for summary in stats.facets}}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    click.echo(f"{counted(stats.articles, 'article')}, {stats.size_bytes / 2**20:.1f} MB at {stats.location}")
    click.echo(", ".join(counted(summary.values, summary.definition.singular.lower(), summary.definition.plural)
                         for summary in stats.facets))
    for summary in stats.facets:
        click.echo(f"top {summary.definition.plural}: " + _values(summary.top))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_BYTES / 2**20,
              show_default=True)
@json_option
def extract(files, max_file_mb, as_json):
    """Show what the indexer would index for FILES, or why a file is skipped.

    Exit status: 0 at least one file gave an article; 5 no file did.
    """
    from indexer.extract import extract_files

    records = extract_files(files, max_bytes=int(max_file_mb * 2**20))
    for record in records:  # undecodable bytes in a file name would make the output invalid UTF-8
        record["path"] = reindexing.printable_path(record["path"])
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        _print_extracted(records)
    if all("skipped" in record for record in records):
        sys.exit(reindexing.EXIT_NOTHING_TO_INDEX)


def _print_extracted(records: list[dict]) -> None:
    for record in records:
        if "skipped" in record:
            click.echo(f"== {record['path']}\nskipped: {record['skipped']}\n")
            continue
        click.echo(f"== {record['path']}")
        for key in ("title", "date", "author", "source", "url", "dateline"):
            click.echo(f"{key}: {record.get(key) or ''}")
        click.echo(f"persons: {', '.join(record['persons'])}")
        click.echo(f"countries: {', '.join(record['countries'])}")
        for problem in record.get("problems", []):
            click.echo(f"problem: {problem}")
        click.echo(f"\n{record['body']}\n")


@main.command()
@backend_options
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--corpus", type=click.Path(), default=DEFAULT_CORPUS, show_default=True,
              help="Folder indexed on start when there is no index yet, or it holds no article.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Serving processes (default: one per core, as each uses one core at most).")
@click.option("--threads", type=click.IntRange(min=1), help="Threads per serving process (default: 4).")
def serve(target, host, port, corpus, workers, threads):
    """Serve the web UI in worker processes, building the index from --corpus first if there is none or it is empty.

    With --backend opensearch it serves the cluster's --alias (--corpus is not used: fill it with
    `newsdex reindex DIR --backend opensearch`); a later reindex is picked up without a restart.

    Exit status: 4 the address cannot be listened on (the port is in use, ...), or the cluster cannot be reached.
    """
    from indexer.index.store import IndexStore, StaleIndex, check_format

    if target.opensearch:
        _serve_opensearch(target, host, port, workers, threads)
        return
    store = IndexStore(target.index_root)
    try:
        if store.exists():
            check_format(store.current())
    except StaleIndex as exc:  # not rebuilt from --corpus: it may have held other folders than the corpus
        click.echo(f"newsdex: {exc}", err=True)
        sys.exit(reindexing.EXIT_FATAL)
    # Bind before indexing: a port in use is reported at once, not after a long first build.
    sock = _listen(host, port)
    if not store.article_count():
        _first_index(store, corpus)
    _run_server({"INDEX_DIR": str(store.root)}, sock, workers, threads)


def _serve_opensearch(target: Target, host: str, port: int, workers: int | None, threads: int | None) -> None:
    """Serve the cluster's alias: a cluster that does not answer (or is red) is said at once (exit status 4);
    no index yet is said, and served as "no index yet" until a reindex moves the alias there."""
    try:
        backend = target.handle().get()
        click.echo(f"{counted(backend.doc_count, 'article')} at {target.shown} (alias {target.alias}, index "
                   f"{backend.index})", err=True)
    except NoIndex as exc:
        click.echo(f"newsdex: {exc}; this server picks it up without a restart.", err=True)
    sock = _listen(host, port)
    _run_server({"BACKEND": "opensearch", "OPENSEARCH_URL": target.url, "OPENSEARCH_CA_FILE": target.ca_file,
                 "OPENSEARCH_ALIAS": target.alias}, sock, workers, threads)


def _listen(host: str, port: int):
    import webui

    try:
        return webui.listen(host, port)
    except OSError as exc:
        click.echo(f"newsdex: {_cannot_listen(host, port, exc)}", err=True)
        sys.exit(reindexing.EXIT_FATAL)


def _run_server(config: dict, sock, workers: int | None, threads: int | None) -> None:
    import webui

    host, port = sock.getsockname()[:2]
    click.echo(f"Serving on http://{_url_host(host)}:{port}/", err=True)
    webui.serve(functools.partial(webui.create_app, config), sock, workers, threads)


def _cannot_listen(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"cannot serve on {host}: port {port} is already in use (another newsdex serve?); "
                f"choose another with --port")
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _first_index(store, corpus: str) -> None:
    """Index ``corpus`` into the empty or missing index ``store``, saying what was indexed where."""
    state = "No index" if not store.exists() else "The index is empty"
    click.echo(f"{state} at {store.root}: indexing {os.path.abspath(corpus)} ...", err=True)
    report = _run_reindex([corpus], Target(index_root=store.root), allow_empty=True)
    _print_report(report)
    if report.articles == 0:
        click.echo(f"Nothing to index in {os.path.abspath(corpus)}: serving an empty index. Fill it with "
                   f"`newsdex reindex DIR --index {store.root}`; this server picks it up without a restart.",
                   err=True)


def _open(target: Target):
    """The live index the user asked for (``Target.handle``); a cluster that cannot be used is said by
    ``NewsdexGroup``."""
    try:
        return target.handle().get()
    except NoIndex as exc:
        click.echo(f"newsdex: {exc}", err=True)
        sys.exit(reindexing.EXIT_FATAL)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(sys.argv[0]))
