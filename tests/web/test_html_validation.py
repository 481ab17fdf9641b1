"""Every kind of page is valid HTML, as the Nu HTML Checker (vnu.jar) judges it.

The pages are rendered through the Flask test client, written to a temporary
folder and checked in one run of the checker. Skips, with the reason, when
Java or vnu.jar is missing (fails instead under NEWSDEX_REQUIRE_BROWSER=1). To run
locally::

    apt-get install -y openjdk-17-jre-headless && npm install --no-save vnu-jar@24
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, missing_browser_tool

from webui import create_app

PAGES = {
    "home": ("/", 200),
    "search": ("/search?q=trade", 200),
    "search-facets": ("/search?q=trade&country=Japan&country=Vietnam&person=Fumio+Kishida", 200),
    "filters-only": ("/search?country=Japan&sort=newest&page_size=2&page=2", 200),
    "search-empty": ("/search?q=zebra", 200),
    "search-empty-filters": ("/search?q=zebra&country=Japan", 200),
    "search-past-last-page": ("/search?q=trade&page=50", 200),
    "search-error": ("/search?page=0", 400),
    "help": ("/help", 200),
    "people": ("/people", 200),
    "people-filtered": ("/people?filter=zzz&sort=name", 200),
    "countries": ("/countries", 200),
    "person": ("/people/fumio-kishida", 200),
    "country": ("/countries/japan", 200),
    "not-found": ("/no/such/page", 404),
    "bad-request": ("/search.atom?q=" + "x" * 1001, 400),
}
EMPTY_INDEX_PAGES = {
    "empty-index-home": ("/", 200),
    "empty-index-search": ("/search?q=trade", 200),
    "empty-index-people": ("/people", 200),
}


def vnu_jar() -> Path | None:
    candidates = [os.environ.get("VNU_JAR"), REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def render(app, pages: dict, folder: Path) -> None:
    client = app.test_client()
    for name, (path, status) in pages.items():
        response = client.get(path)
        assert response.status_code == status, (name, path, response.status_code)
        assert response.mimetype == "text/html", (name, path)
        (folder / f"{name}.html").write_bytes(response.data)


@pytest.fixture(scope="module")
def vnu_errors(index_root, empty_index_root, tmp_path_factory) -> dict[str, list[str]]:
    """{page name: ["line N: message", ...]} for every page, from one run of the checker."""
    java, jar = shutil.which("java"), vnu_jar()
    if java is None:
        missing_browser_tool("java is not installed (apt-get install openjdk-17-jre-headless)")
    if jar is None:
        missing_browser_tool("vnu.jar not found: set VNU_JAR or run `npm install --no-save vnu-jar@24`")
    folder = tmp_path_factory.mktemp("html")
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_root), "PAGE_SIZE": 10})
    render(app, PAGES, folder)
    article_id = app.test_client().get("/api/search?q=semiconductors").get_json()["hits"][0]["id"]
    render(app, {"article": (f"/article/{article_id}", 200)}, folder)
    render(create_app({"TESTING": True, "INDEX_DIR": str(empty_index_root)}), EMPTY_INDEX_PAGES, folder)
    files = sorted(folder.glob("*.html"))
    run = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    # vnu exits 1 when it finds errors; the report itself is JSON on stderr.
    try:
        messages = json.loads(run.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar did not report (exit {run.returncode}): {run.stderr[:2000]}")
    errors: dict[str, list[str]] = {file.stem: [] for file in files}
    for message in messages:
        name = Path(message.get("url", "unknown")).stem
        errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


@pytest.mark.parametrize("name", [*PAGES, "article", *EMPTY_INDEX_PAGES])
def test_page_is_valid_html(vnu_errors, name):
    assert name in vnu_errors, f"{name} was not checked"
    assert not vnu_errors[name], "\n".join(vnu_errors[name])
