"""XSS: payloads in queries and inside indexed articles (title, body, author, source, url).

First over plain HTTP (no payload reaches a page unescaped), then in real Chromium: with the Content
Security Policy bypassed (so escaping alone is tested) and with it enforced, no script runs (no dialog,
no ``window.__xss``), the text shows as text, and no ``javascript:`` URL becomes a live link.
"""

from __future__ import annotations

import os
import re
import threading
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from helpers import missing_browser_tool
from reliability_support import HOSTILE_URLS, PAYLOADS, hostile_records

from indexer.search import SearchRequest

CHROMIUM = os.environ.get("NEWSDEX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# What an injection would leave in the HTML: markup from a payload, not its escaped text.
RAW_MARKERS = ["<script>window.__xss", "<img src=x onerror", "<svg onload", "<iframe srcdoc", "<ScRiPt>",
               'onmouseover="window', "onfocus='window", '<base href="javascript', "<meta http-equiv",
               '<a href="javascript:', '<form action="javascript', "<object data=", "<style>body{display",
               '<div style="background', "<script src=//"]

BAD_SCHEME = re.compile(r"\s*(?:javascript|data|vbscript):", re.I)


def article_ids(app) -> dict[int, str]:
    from indexer.search import IndexHandle

    index = IndexHandle(app.config["INDEX_DIR"]).get()
    hits = index.search(SearchRequest("xsscase", page_size=100, snippets=False)).hits
    by_marker = {}
    for hit in hits:
        number = int(re.search(r"Payload (\d+) ", hit.title).group(1))
        by_marker[number] = hit.id
    assert len(by_marker) == len(PAYLOADS)
    return by_marker


def page_urls(app, browser: bool = False) -> list[str]:
    ids = article_ids(app)
    urls = ["/search?q=xsscase&page_size=50", "/search?q=xsscase&sort=newest&page_size=50", "/people", "/countries",
            "/search?q=trade+xsscase"]
    for i, payload in enumerate(PAYLOADS):
        quoted = quote(payload, safe="")
        urls += [f"/article/{ids[i]}", f"/search?q={quoted}&person={quoted}&country={quoted}&source={quoted}"]
        if not browser:
            urls += [f"/search?q={quoted}", f"/search?q=marker{i}", f"/people?filter={quoted}"]
    return urls


def test_no_payload_reaches_a_page_unescaped(hostile_app):
    client = hostile_app.test_client()
    for url in page_urls(hostile_app) + ["/search.atom?q=xsscase", "/api/search?q=xsscase"]:
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status)
        body = response.get_data(as_text=True)
        html = response.mimetype == "text/html"
        if response.mimetype == "application/json":
            # JSON carries the data as it is; it is never HTML, and the snippets (HTML) are escaped.
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            checked = " ".join(hit["snippet"] for hit in response.get_json()["hits"])
            assert "xsscase" in checked
        else:
            checked = body
        for marker in RAW_MARKERS:
            # In XML text a quote is only a character; markup is what would matter.
            if html or marker.startswith("<"):
                assert marker not in checked, (url, marker)
        if html:
            soup = BeautifulSoup(body, "html.parser")
            hrefs = [tag.get("href") or tag.get("src") or tag.get("action") for tag in soup.find_all(True)]
            scripts = [tag.get("src", "") for tag in soup.find_all("script")]
        elif response.mimetype.endswith("xml"):
            root = ElementTree.fromstring(body)
            hrefs = [element.get("href") for element in root.iter() if element.get("href")]
            scripts = [element.tag for element in root.iter() if "script" in element.tag.lower()]
        else:
            hrefs, scripts = [], []
        for href in filter(None, hrefs):
            assert not BAD_SCHEME.match(href.replace("\t", "").replace("\n", "")), (url, href)
        assert all(src.startswith("/static/") for src in scripts), (url, scripts)
        if html and response.status_code == 200 and "xsscase" in url:
            assert "{{7*7}}" in body, "template syntax in data is shown as it is, never evaluated"


def test_article_url_is_a_link_only_when_http(hostile_app):
    client = hostile_app.test_client()
    ids = article_ids(hostile_app)
    records = hostile_records()
    for i, record in enumerate(records):
        body = client.get(f"/article/{ids[i]}").get_data(as_text=True)
        links = re.findall(r'<a href="([^"]*)"[^>]*class="external"', body)
        if record["url"].startswith(("http://", "https://")):
            assert len(links) == 1 and links[0].startswith("http"), (record["url"], links)
            assert "<script>" not in links[0] and "'" not in links[0].replace("&#39;", "")
        else:
            assert links == [], record["url"]


# ---- in the browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(hostile_app):
    try:
        from playwright import sync_api  # noqa: F401
    except ImportError:
        missing_browser_tool("playwright is not installed (pip install playwright)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing_browser_tool(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, hostile_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(live):
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


SENTINEL_CHECK = """() => {
  const bad = [];
  if (window.__xss) bad.push('window.__xss set');
  for (const s of document.querySelectorAll('script')) {
    if (!(s.getAttribute('src') || '').startsWith('/static/')) bad.push('script ' + s.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push('handler ' + el.tagName + ' ' + a.name);
    }
  }
  const foreign = 'iframe, object, embed, base, svg, math, meta[http-equiv], form[action^="javascript" i]';
  for (const el of document.querySelectorAll(foreign)) {
    bad.push('element ' + el.tagName);
  }
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction]')) {
    const v = (el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action')
               || el.getAttribute('formaction') || '');
    if (/^\\s*(javascript|data|vbscript):/i.test(v.replace(/[\\t\\n\\r]/g, ''))) bad.push('url ' + v.slice(0, 80));
  }
  for (const a of document.links) {
    if (!/^(https?:|\\/|#|\\?)/.test(a.getAttribute('href')) || /^(javascript|data|vbscript):/i.test(a.protocol)) {
      bad.push('link ' + a.getAttribute('href').slice(0, 80));
    }
  }
  return bad;
}"""


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping-alone", "with-csp"])
def test_no_script_runs_in_chromium(browser, live, hostile_app, bypass_csp):
    context = browser.new_context(bypass_csp=bypass_csp, java_script_enabled=True)
    context.add_init_script("window.__xss = 0;")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = page_urls(hostile_app, browser=True)
    if not bypass_csp:
        urls = urls[::4]  # the CSP is the second line of defence: a sample of the pages is enough
    for url in urls:
        response = page.goto(live + url)
        assert response.status in (200, 400), (url, response.status)
        page.mouse.move(5, 5)
        page.mouse.move(300, 300)  # hover through the page: an injected onmouseover would fire
        page.keyboard.press("Tab")
        problems = page.evaluate(SENTINEL_CHECK)
        assert problems == [], (url, problems)
    assert dialogs == []
    context.close()


def test_payloads_show_as_text(browser, live, hostile_app):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    ids = article_ids(hostile_app)
    for i, record in enumerate(hostile_records()):
        page.goto(f"{live}/article/{ids[i]}")
        assert page.inner_text("h1").strip() == " ".join(record["title"].split()), i
        assert page.title().startswith(record["title"].split("\n")[0][:20].strip()), i
        meta = " ".join(page.inner_text(".meta").split())
        assert " ".join(record["author"].split()) in meta, (i, meta)
        assert "xsscase" in page.inner_text(".article-body")
        if i % 3 == 0:
            page.goto(f"{live}/search?q={quote(PAYLOADS[i], safe='')}")
            assert page.input_value("#q") == PAYLOADS[i], i
    context.close()


def test_hostile_urls_are_all_exercised():
    schemes = {url.strip().split(":", 1)[0].lower().replace("\t", "") for url in HOSTILE_URLS}
    assert {"javascript", "data", "vbscript", "http", "https"} <= schemes
