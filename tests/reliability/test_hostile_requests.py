"""Hostile requests against every route: fuzzing (no 5xx), limits (4xx, not tracebacks), security headers
on every response, no debug mode, no way out of the index through article, entity or static URLs."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import PAYLOADS

from webui import create_app
from webui.security import CSP

FUZZ_REQUESTS = 5_200
KNOWN_PARAMS = ["q", "person", "country", "year", "source", "page", "page_size", "sort", "expand", "type",
                "prefix", "limit", "filter"]
METHODS = ["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
LEAKS = ("Traceback", "File \"", "werkzeug", "jinja2", "whoosh", "Werkzeug Debugger", "/work/", "site-packages")


def routes(app) -> list[tuple[str, list[str]]]:
    """Every rule of the app as (rule, its argument names)."""
    return sorted((rule.rule, sorted(rule.arguments)) for rule in app.url_map.iter_rules())


def assert_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp == CSP, response.status
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"


def assert_no_leak(response) -> None:
    body = response.get_data(as_text=True)
    for leak in LEAKS:
        assert leak not in body, (response.status, leak)


# Raw bytes percent-encoded: invalid UTF-8, NULs, control characters and separators reach the app as they are.
raw_bytes = st.binary(max_size=40).map(lambda b: quote(b, safe=""))
texts = st.one_of(
    st.text(max_size=60).map(lambda t: quote(t, safe="")),
    raw_bytes,
    st.sampled_from([quote(p, safe="") for p in PAYLOADS]),
    st.sampled_from(["", "0", "-1", "1", "99999999999999999999", "1e9", "NaN", "%", "%zz", "%00", "..", "../..",
                     "%2e%2e%2f", "a" * 1100, "newest", "relevance", "person", "country", "title:(", '"',
                     "date:[2023 to", "AND", "NOT NOT", "*", "?" * 50, "person:", "x" * 201]),
)
segments = st.one_of(texts.filter(bool), st.sampled_from(["fumio-kishida", "japan", "0123456789abcdef",
                                                          "newsdex.css", "favicon.svg"]))


@st.composite
def requests(draw, rules):
    rule, arguments = draw(st.sampled_from(rules))
    path = rule
    for name in arguments:
        path = re.sub(r"<(?:[^:<>]+:)?" + name + ">", draw(segments), path)
    params = draw(st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN_PARAMS), texts), texts), max_size=6))
    query = "&".join(f"{quote(k, safe='%') if k else 'x'}={v}" for k, v in params)
    headers = draw(st.dictionaries(
        st.sampled_from(["Accept", "Accept-Language", "Range", "If-Modified-Since", "If-None-Match", "Cookie",
                         "Referer", "X-Forwarded-For", "Content-Type"]),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60), max_size=3))
    method = draw(st.sampled_from(METHODS))
    body = draw(st.one_of(st.none(), st.binary(max_size=200))) if method in ("POST", "PUT", "PATCH") else None
    return method, path + ("?" + query if query else ""), headers, body


def test_fuzz_every_route_and_parameter_no_5xx(hostile_app):
    client = hostile_app.test_client()
    rules = routes(hostile_app)
    assert len(rules) >= 12, rules
    seen_rules: set[str] = set()
    statuses: dict[int, int] = {}

    @settings(max_examples=FUZZ_REQUESTS, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(requests(rules))
    def one(request):
        method, url, headers, body = request
        response = client.open(url, method=method, headers=headers, data=body)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (method, url, response.status)
        assert_headers(response)
        if response.status_code >= 400 and method != "HEAD":
            assert_no_leak(response)
        seen_rules.add(url.split("?")[0])

    one()
    assert sum(statuses.values()) >= 5_000, statuses
    assert statuses.get(200, 0) > 500 and sum(n for s, n in statuses.items() if s >= 400) > 500, statuses


@pytest.mark.parametrize("url", [
    "/search?q=" + "x" * 5000, "/api/search?q=" + "x" * 100_000, "/search.atom?q=" + "y" * 100_000,
    "/api/search?" + "&".join(f"person=p{i}" for i in range(500)),
    "/search?" + "&".join(f"country=c{i}" for i in range(500)),
    "/api/search?person=" + "z" * 10_000, "/api/entities?type=person&prefix=" + "p" * 10_000,
    "/api/search?page=" + "9" * 5000, "/api/search?page_size=" + "9" * 5000, "/people?page=" + "9" * 5000,
    "/api/entities?type=person&limit=" + "9" * 5000, "/api/search?sort=" + "s" * 10_000,
])
def test_oversized_inputs_get_400_not_a_stack_trace(hostile_app, url):
    response = hostile_app.test_client().get(url)
    assert response.status_code in (400, 404, 413, 414), response.status
    assert_headers(response)
    assert_no_leak(response)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_oversized_bodies_are_refused(hostile_app, method):
    client = hostile_app.test_client()
    for url in ("/", "/api/search", "/search", "/article/0123456789abcdef"):
        response = client.open(url, method=method, data=b"x" * (2 * 2**20),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status_code in (405, 413), (url, response.status)
        assert_headers(response)
        assert_no_leak(response)


def test_413_and_500_pages_carry_headers_and_leak_nothing(hostile_index):
    app = create_app({"INDEX_DIR": str(hostile_index), "PROPAGATE_EXCEPTIONS": False})

    @app.route("/boom", methods=["GET", "POST"])
    def boom():
        from flask import request

        request.get_data()  # reads the body: a too-large one raises 413 here
        raise RuntimeError(f"secret {hostile_index}")

    client = app.test_client()
    too_big = client.post("/boom", data=b"x" * (1 << 20))
    assert too_big.status_code == 413
    crashed = client.get("/boom")
    assert crashed.status_code == 500
    for response in (too_big, crashed):
        assert_headers(response)
        assert_no_leak(response)
        assert "secret" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/search?q=trade", "/api/search?q=trade", "/api/entities?type=country",
                                  "/static/newsdex.css", "/static/newsdex.js", "/static/favicon.svg",
                                  "/favicon.ico", "/opensearch.xml", "/search.atom?q=trade", "/people",
                                  "/help", "/nowhere", "/api/nowhere", "/article/zzz", "/api/article/0123456789abcdef",
                                  "/static/nothing.css"])
def test_security_headers_on_every_kind_of_response(hostile_app, path):
    client = hostile_app.test_client()
    for method in ("GET", "HEAD", "POST", "OPTIONS"):
        response = client.open(path, method=method)
        assert_headers(response)
    conditional = client.get(path, headers={"If-None-Match": "*", "If-Modified-Since": "Sat, 01 Jan 2050 00:00:00 GMT"})
    assert_headers(conditional)  # a 304 from the static files too


def test_debug_is_never_on(hostile_index, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(hostile_index), "DEBUG": True})
    assert app.debug is False and app.config["PROPAGATE_EXCEPTIONS"] is not True
    client = app.test_client()
    for path in ("/console", "/?__debugger__=yes&cmd=resource&f=style.css"):
        response = client.get(path)
        assert "Werkzeug" not in response.get_data(as_text=True)
    assert client.get("/console").status_code == 404


def test_serve_hands_the_bare_app_with_debug_off_to_the_worker_processes(hostile_index, monkeypatch):
    from click.testing import CliRunner

    import webui
    from indexer.cli import main

    captured = {}

    def serve(app_factory, sock, workers, threads):
        captured.update(app=app_factory(), address=sock.getsockname(), workers=workers, threads=threads)
        sock.close()

    monkeypatch.setattr(webui, "serve", serve)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    result = CliRunner().invoke(main, ["serve", "--index", str(hostile_index), "--port", "0", "--workers", "3"])
    assert result.exit_code == 0, result.output
    app = captured["app"]
    assert app.debug is False, "newsdex serve must never run in debug mode"
    assert type(app).__name__ == "Flask", "served directly, not wrapped in a debugger"
    assert captured["address"][0] == "127.0.0.1" and captured["address"][1] > 0
    assert (captured["workers"], captured["threads"]) == (3, None), "unset options take the server's defaults"
    assert f"Serving on http://127.0.0.1:{captured['address'][1]}/" in result.output


# ---- no way out of the index ---------------------------------------------------------------------------

TRAVERSALS = [
    "/static/../../setup.cfg", "/static/%2e%2e/%2e%2e/setup.cfg", "/static/..%2f..%2fsetup.cfg",
    "/static/%2e%2e%2f%2e%2e%2fsetup.cfg", "/static/..%5c..%5csetup.cfg", "/static/....//....//setup.cfg",
    "/static/%252e%252e%252fsetup.cfg", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/setup.cfg", "/static//etc/passwd",
    "/static/%2fetc%2fpasswd", "/static/newsdex.css%00.py", "/static/..", "/static/.", "/static/../webui/api.py",
    "/static/%2e%2e/api.py", "/static/../templates/base.html", "/static/" + "a/" * 3000,
    "/article/../../setup.cfg", "/article/..%2f..%2fsetup.cfg", "/article/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/article/0123456789abcdef%00", "/article/0123456789abcdef/../../manifest.json", "/article/" + "0" * 5000,
    "/api/article/..%2f..%2fmanifest.json", "/api/article/../../generations", "/api/article/%00",
    "/api/article/0123456789ABCDEF", "/people/..%2f..%2fsetup.cfg", "/people/../../etc/passwd",
    "/countries/%2e%2e", "/countries/japan%00", "/people/" + "a" * 5000, "/countries/%c0%ae%c0%ae",
    "/people/fumio-kishida/../../../setup.cfg", "/current/manifest.json", "/generations", "/reindex.lock",
    "/favicon.ico/../setup.cfg", "/%2e%2e/%2e%2e/etc/passwd",
]
SECRETS = ("root:x:0:0", "[metadata]", "install_requires", "mtime_ns", "from __future__", "{% extends",
           "Blueprint(", "pid ")


@pytest.mark.parametrize("url", TRAVERSALS)
def test_article_entity_and_static_urls_stay_inside(hostile_app, url):
    response = hostile_app.test_client().get(url)
    body = response.get_data(as_text=True)
    assert response.status_code in (301, 302, 308, 400, 404, 405, 414), (url, response.status)
    for secret in SECRETS:
        assert secret not in body, (url, secret)
    assert_headers(response)
