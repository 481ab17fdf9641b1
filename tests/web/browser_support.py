"""What every end-to-end test in real Chromium shares: a tab that collects console errors and CSP
violations, and small page readers (the live server, browser and tab fixtures are in conftest.py).

Importing this module skips the importing test module, with the reason, when Chromium or Playwright
is not installed (and fails it where CI requires the browser). To run locally::

    apt-get install -y chromium && pip install playwright && npm install --no-save axe-core

Screenshots go to ``test-artifacts/screenshots/`` under the repository root.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from helpers import missing_browser_tool

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("NEWSDEX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
WIDE, NARROW = {"width": 1440, "height": 900}, {"width": 375, "height": 812}

try:
    from playwright import sync_api  # noqa: F401 - the browser fixture (conftest.py) launches it
except ImportError:
    missing_browser_tool("playwright is not installed (pip install playwright)", module_level=True)
if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
    missing_browser_tool(f"no Chromium at {CHROMIUM} (apt-get install chromium)", module_level=True)


def axe_path() -> Path | None:
    candidates = [os.environ.get("AXE_CORE_JS"), REPO / "node_modules" / "axe-core" / "axe.min.js"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def axe_violations(page, selector: str = "document") -> list[dict]:
    """axe-core's violations in ``page`` (or in the element ``selector`` finds); skips the test, with the
    reason, when axe-core is not installed."""
    axe = axe_path()
    if axe is None:
        missing_browser_tool("axe-core not found: set AXE_CORE_JS or run `npm install --no-save axe-core`")
    # evaluated through DevTools, so the page's strict CSP does not have to allow it
    page.evaluate(axe.read_text(encoding="utf-8"))
    context = "document" if selector == "document" else f"document.querySelector({selector!r})"
    return page.evaluate(f"""async () => {{
        const result = await axe.run({context}, {{resultTypes: ['violations']}});
        return result.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}}));
    }}""")


def save_screenshot(page, name: str, width: int, full_page: bool = True) -> None:
    """The page as ``test-artifacts/screenshots/<name>-<width>.png``, checked to hold an image."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 1000, path


class Tab:
    """A page plus every console error, page error and CSP violation it produced."""

    def __init__(self, browser, base_url: str, viewport: dict):
        self.context = browser.new_context(viewport=viewport, base_url=base_url)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(
            f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("response", lambda r: r.status >= 400 and r.request.resource_type != "document"
                     and self.problems.append(f"{r.status} for {r.url}"))

    def goto(self, path: str):
        response = self.page.goto(path)
        self.page.evaluate("""() => { window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI)); }""")
        return response

    def close(self):
        self.context.close()


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def facet_counts(page, facet: str) -> dict[str, int]:
    items = page.locator(f'section[data-facet="{facet}"] li:visible')
    counts = {}
    for i in range(items.count()):
        item = items.nth(i)
        label, count = item.locator(".facet-label").inner_text(), item.locator(".count").inner_text()
        counts[label] = int(count.split()[0])
    return counts


def tick(page, facet: str, value: str):
    with page.expect_navigation():
        page.locator(f'section[data-facet="{facet}"] label', has_text=value).click()


def total(page) -> str:
    return page.locator(".summary strong").first.inner_text()
