"""What an article becomes in an OpenSearch index: the mapping, the document, the connection.

One analysis serves both backends: the title and the body are analysed here, in Python, by the
project's own analyzer (indexer/text/analysis.py), and the resulting terms are indexed space-joined
into ``title_terms`` and ``body_terms``, whose ``whitespace`` analyzer only splits them again. Each term
keeps its position (the analyzer numbers positions after removing stop words, as Whoosh does), so
phrases and proximity match as in the embedded index. The query side sends already-analysed terms
(indexer/search/opensearch/translate.py), so the same words match the same stories. The original
title and body are kept in ``_source`` only (not indexed), for display and snippets.

docs/opensearch.md documents the mapping field by field. ``opensearch-py`` is imported only by
``connect``, so an install without the ``opensearch`` extra never needs it.
"""

from __future__ import annotations

import base64
import os
from datetime import datetime
from urllib.parse import unquote, urlsplit

import numpy as np

from indexer.article import searchable_text
from indexer.index.analysis_version import analysis_version
from indexer.index.postings import TEXT_FIELDS
from indexer.text.analysis import index_terms

DEFAULT_ALIAS = "newsdex"
# The format of the documents and the mapping; an index of another format must be built again.
OPENSEARCH_FORMAT = 1


class OpenSearchUnavailable(Exception):
    """The cluster cannot be used: the client is not installed, the URL does not answer, or the index
    cannot answer in full (a shard lost, the index closed)."""


def asking(call, url: str):
    """``call()`` (a request to the cluster at ``url``), its failure said plainly as ``OpenSearchUnavailable``:
    a connection error or an error of the cluster, but "not found", which callers read as an answer."""
    from opensearchpy.exceptions import ConnectionError as NotReached
    from opensearchpy.exceptions import NotFoundError, OpenSearchException

    try:
        return call()
    except NotFoundError:
        raise
    except (NotReached, OSError) as exc:
        raise OpenSearchUnavailable(f"cannot reach OpenSearch at {shown_url(url)}: "
                                    f"{without_password(f'{type(exc).__name__}: {exc}', url)}") from None
    except OpenSearchException as exc:
        raise OpenSearchUnavailable(f"OpenSearch at {shown_url(url)} could not answer: "
                                    f"{without_password(f'{type(exc).__name__}: {exc}', url)}") from None


def terms_field(fieldname: str) -> str:
    """The indexed field holding the analysed terms of the text field ``fieldname`` (title, body)."""
    return f"{fieldname}_terms"


# A keyword facet field with a lower-cased, accent-folded subfield, so that looking a value up is
# accent- and case-insensitive (``person.folded``), while the field itself counts the values as shown.
_FACET_FIELD = {"type": "keyword", "fields": {"folded": {"type": "keyword", "normalizer": "folded"}}}
# Kept in _source only: shown, never searched.
_STORED_ONLY = {"type": "text", "index": False}
# Kept in _source only for the next incremental reindex, which reads them back instead of the file.
_KEPT_VALUES = {"type": "keyword", "index": False, "doc_values": False}


def index_body(shards: int = 1, replicas: int = 1) -> dict:
    """The settings and mappings of a new index (``indices.create(index=..., body=index_body())``)."""
    terms = {"type": "text", "analyzer": "terms", "index_options": "positions", "norms": True}
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": {
                # The terms are already analysed in Python: split them at spaces and nothing more.
                "analyzer": {"terms": {"type": "custom", "tokenizer": "whitespace"}},
                "normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
            },
        },
        "mappings": {
            "dynamic": "strict",  # a field the mapping does not name is refused, never guessed
            "_meta": {"format": OPENSEARCH_FORMAT, "analysis": analysis_version()},
            "properties": {
                "id": {"type": "keyword"},
                "path": {"type": "keyword"},
                "file_hash": {"type": "keyword"},
                "mtime_ns": {"type": "long", "index": False},
                "file_size": {"type": "long", "index": False},
                "title": _STORED_ONLY,
                "body": _STORED_ONLY,
                terms_field("title"): terms,
                terms_field("body"): terms,
                "date": {"type": "date", "format": "strict_date_optional_time"},
                "url": {"type": "keyword", "index": False, "doc_values": False},
                "author": _STORED_ONLY,
                "dateline": _STORED_ONLY,
                "format": {"type": "keyword"},
                "tags": _STORED_ONLY,
                "source": {"type": "keyword"},
                "person": _FACET_FIELD,
                "country": _FACET_FIELD,
                "person_named": _KEPT_VALUES,
                "firm": _KEPT_VALUES,
                "signature": {"type": "binary"},  # base64 in _source only, as _KEPT_VALUES
                "group": {"type": "keyword"},
                "group_size": {"type": "integer"},
            },
        },
    }


def to_source(document: dict, mtime_ns: int, size: int, signature: np.ndarray) -> dict:
    """The OpenSearch ``_source`` of one Whoosh document (indexer/index/schema.py ``to_document``) read from a
    file of ``size`` bytes last modified at ``mtime_ns``, with its duplicate signature (indexer/index/
    duplicates.py), the people as the article names them (``with_people_list`` merges them), and no
    group yet (``with_group``)."""
    title, body = document["_stored_title"], document["_stored_body"]
    named = list(dict.fromkeys(document.get("person", [])))
    texts = {"title": title, "body": searchable_text(body, document["_captions"])}
    source = {
        "id": document["id"], "path": document["path"], "file_hash": document["file_hash"], "mtime_ns": mtime_ns,
        "file_size": size,
        "title": title, "body": body,
        **{terms_field(name): " ".join(index_terms(texts[name])) for name in TEXT_FIELDS},
        "url": document.get("url", ""), "author": document.get("author", ""),
        "dateline": document.get("dateline", ""), "format": document.get("format", ""),
        "tags": document.get("tags", ""),
        "source": document.get("source", []),
        "person": named,
        "country": list(document.get("country", [])),
        # The names as the article gives them and the firms it names, from which the people list is merged
        # again over every article at each reindex: an incremental one reads them here for the files it keeps.
        "person_named": named,
        "firm": list(document.get("firm", [])),
        "signature": base64.b64encode(signature.astype("<u4").tobytes()).decode("ascii"),
    }
    if isinstance(document.get("date"), datetime):
        source["date"] = document["date"].isoformat()
    return source


def with_people_list(source: dict, person_names: dict[str, str | None]) -> dict:
    """``source`` with its people as shown: ``person_names`` (the people list, ``merge_people``) maps each name
    seen to the name it is shown and counted as, or None for a firm's name. The embedded index applies
    the list when it is opened; here it is applied once, at indexing, so the field counts what is shown."""
    merged = (person_names.get(name, name) for name in source["person_named"])
    return {**source, "person": [name for name in dict.fromkeys(merged) if name is not None]}


def signature_of(source: dict) -> np.ndarray:
    """The duplicate signature ``to_source`` kept in ``source``."""
    return np.frombuffer(base64.b64decode(source["signature"]), dtype="<u4")


def with_group(source: dict, group: str, size: int) -> dict:
    """``source`` in the group of duplicate stories named by the id of its representative, ``group``, of
    ``size`` articles in the whole index (1: the article alone)."""
    return {**source, "group": group, "group_size": size}


def node_urls(url: str) -> list[str]:
    """The nodes ``url`` names: one URL, or several joined by commas (``http://a:9200,http://b:9200``), so
    that a request a lost node cannot answer goes to the next."""
    return [part.strip() for part in url.split(",") if part.strip()]


def shown_url(url: str) -> str:
    """``url`` as every message, log line and ``stats`` shows it: each node's URL without its password
    (``https://user:***@host:9200``); a URL without one is shown as given."""
    return ",".join(_shown_node_url(node) for node in node_urls(url)) or url


def _shown_node_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unreadable URL)"
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{hostport}").geturl()


def without_password(text: str, url: str) -> str:
    """``text`` (an error of the client, say) with the password of each node of ``url`` replaced by ``***``,
    as typed and percent-decoded; and ``url`` itself shown by ``shown_url``."""
    text = text.replace(url, shown_url(url))
    for node in node_urls(url):
        text = text.replace(node, _shown_node_url(node))
        try:
            password = urlsplit(node).password
        except ValueError:
            continue
        for secret in {password, unquote(password)} if password else ():
            text = text.replace(secret, "***")
    return text


def connect(url: str, timeout: float = 30.0, ca_file: str | None = None):
    """A client of the cluster at ``url``, after checking that it answers; raises ``OpenSearchUnavailable``
    saying why not (no client library, a URL that does not answer). A user and password in the URL
    (``https://user:pass@host:9200``) are sent as basic authentication; ``ca_file`` is the certificate
    authority (a PEM file) an ``https`` cluster's certificate is checked against. No message shows the
    password (``shown_url``). ``url`` may name several nodes (``node_urls``): each request goes to one of
    them, and to the next when one does not answer."""
    try:
        from opensearchpy import OpenSearch
        from opensearchpy.exceptions import OpenSearchException
    except ImportError as exc:
        raise OpenSearchUnavailable("the OpenSearch backend needs opensearch-py: "
                                    "pip install 'newsdex[opensearch]'") from exc
    tls = {"ca_certs": ca_file, "verify_certs": True} if ca_file else {}
    if ca_file and not os.path.isfile(ca_file):
        raise OpenSearchUnavailable(f"cannot use the CA file {ca_file!r} for OpenSearch at {shown_url(url)}: "
                                    "no such file")
    try:
        hosts = node_urls(url)
        # A node that does not answer (lost, restarting) is marked dead and the request goes to the next.
        client = OpenSearch(hosts=hosts, timeout=timeout, max_retries=max(1, len(hosts)), retry_on_timeout=False,
                            **tls)
        client.info()
    except (OpenSearchException, OSError, ValueError) as exc:
        reason = without_password(f"{type(exc).__name__}: {exc}", url)
        # ``from None``: the client's exception (and its traceback) may hold the URL as typed.
        raise OpenSearchUnavailable(f"cannot reach OpenSearch at {shown_url(url)}: {reason}") from None
    return client
