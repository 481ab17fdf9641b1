"""Security headers, strict-CSP-friendly markup, error pages that leak nothing, limits, the live index."""

from __future__ import annotations

import json

import pytest
from webui_fixtures import page, write_corpus

from indexer.index.reindex import reindex
from webui import create_app
from webui.security import CSP

PAGES = ["/", "/search?q=trade&country=Japan", "/search?q=zebra", "/help", "/people", "/countries",
         "/people/fumio-kishida", "/countries/japan", "/search?q=" + "x" * 1500, "/nowhere"]
OTHER = ["/api/search?q=trade", "/api/entities?type=person", "/api/search?page=0", "/api/nowhere",
         "/opensearch.xml", "/search.atom?q=trade", "/static/newsdex.css", "/static/newsdex.js",
         "/favicon.ico",
         "/article/nothex"]


@pytest.mark.parametrize("path", PAGES + OTHER)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_policy_is_the_strict_one():
    assert CSP == ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@pytest.mark.parametrize("path", PAGES)
def test_pages_work_under_a_strict_content_security_policy(client, path):
    soup = page(client.get(path))
    assert soup.select("script"), "the page script is expected"
    for script in soup.select("script"):
        assert script.get("src", "").startswith("/static/") and not script.get_text().strip()
    assert not soup.select("style")
    for element in soup.find_all(True):
        assert not element.has_attr("style"), element
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
    for element in soup.select("link[href], script[src], img[src]"):
        url = element.get("href") or element.get("src")
        assert url.startswith("/"), f"{url} is not served by the app (no CDNs, no external fonts)"


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_landmarks_and_labelled_controls(client, path):
    soup = page(client.get(path))
    assert soup.html["lang"] == "en"
    assert soup.select_one("header") and soup.select_one("main#main") and soup.select_one("footer")
    assert soup.select_one('a.skip-link[href="#main"]')
    assert soup.select_one("h1")
    for control in soup.select("input:not([type=hidden]), select"):
        label = control.get("id") and soup.select_one(f'label[for="{control["id"]}"]')
        assert control.get("aria-label") or label, control


def test_error_pages_leak_nothing(index_root):
    app = create_app({"INDEX_DIR": str(index_root), "PROPAGATE_EXCEPTIONS": False})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail /etc/passwd")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body
    for leak in ("secret detail", "Traceback", "RuntimeError", str(index_root), "werkzeug", "File \""):
        assert leak not in body
    assert response.headers["Content-Security-Policy"] == CSP
    not_found = client.get("/does/not/exist").get_data(as_text=True)
    assert "Page not found" in not_found and "does/not/exist" not in not_found


def test_debug_mode_is_never_on(index_root):
    app = create_app({"INDEX_DIR": str(index_root), "DEBUG": True})
    assert app.debug is False


def test_request_bodies_are_limited(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] <= 1024 * 1024
    response = client.post("/search", data={"q": "x" * (2 * 1024 * 1024)})
    assert response.status_code in (405, 413)
    assert response.headers["Content-Security-Policy"] == CSP


def test_too_many_filter_values_are_refused(client):
    response = client.get("/search?" + "&".join(f"country=c{i}" for i in range(200)))
    assert response.status_code == 400


def test_no_index_is_a_503_not_a_crash(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    page_response = client.get("/search?q=x")
    assert page_response.status_code == 503
    page = page_response.get_data(as_text=True)
    assert str(tmp_path) not in page
    assert "newsdex reindex DIR" in page and "try again later" not in page, "says how to build the index"
    api_response = client.get("/api/search?q=x")
    assert api_response.status_code == 503 and "newsdex reindex" in api_response.get_json()["error"]


def test_a_finished_reindex_is_picked_up_without_a_restart(tmp_path):
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus)
    reindex([corpus], root, jobs=1, progress=False)
    client = create_app({"INDEX_DIR": str(root)}).test_client()
    assert client.get("/api/search").get_json()["total"] == 12
    assert client.get("/api/entities?type=person&prefix=macron").get_json() == []
    with open(corpus / "more.jsonl", "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"title": "Macron visits Japan", "date": "2023-12-01",
                                 "text": "President Emmanuel Macron of France arrived in Tokyo."}) + "\n")
    reindex([corpus], root, jobs=1, progress=False)
    assert client.get("/api/search").get_json()["total"] == 13
    assert [e["name"] for e in client.get("/api/entities?type=person&prefix=macron").get_json()] == [
        "Emmanuel Macron"]
    assert client.get("/countries/france").status_code == 200
