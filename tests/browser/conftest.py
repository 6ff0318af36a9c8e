"""Browser tests: Playwright driving Debian's Chromium against pytest-django's ``live_server``.

``playwright install`` cannot download browsers here, so the system's Chromium is launched
(``make test`` installs it). Without it the tests are skipped, unless
``TESTIGO_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure. One browser per
xdist worker (session scope); one context, i.e. one person's cookies, per ``new_page()``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import override_settings

# Sync Playwright runs an asyncio event loop in the test's thread: without this, every ORM
# call a test or fixture makes meanwhile raises ``SynchronousOnlyOperation``. (Set at import,
# so it holds for the whole pytest process that collected this folder.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
# The binary behind Debian's wrapper script: the same browser, without the wrapper's warning.
CHROMIUM_BINARY = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
LOCALE = "es-MX"  # the Accept-Language of a browser in Mexico: the UI's default, Spanish
TIMEOUT_MS = 10_000  # per action or expectation; a page here loads in well under a second


def _unavailable(reason: str) -> None:
    if os.environ.get("TESTIGO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (and TESTIGO_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium, launched once per xdist worker."""
    if not CHROMIUM.exists():
        _unavailable(
            f"browser tests need Debian's Chromium at {CHROMIUM}: "
            "apt-get install chromium (make test installs it)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("browser tests need playwright: pip install -e '.[test]'")
    executable = CHROMIUM_BINARY if CHROMIUM_BINARY.exists() else CHROMIUM
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_server_static_root(tmp_path_factory) -> Iterator[None]:
    """An existing STATIC_ROOT before the live server loads its middleware (WhiteNoise warns
    about a missing ``data/staticfiles``; the function-scoped ``static_root`` comes too late).
    The live server serves static files from the apps' folders itself."""
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("live-static")):
        yield


@pytest.fixture(scope="session")
def live_server(live_server_static_root, live_server):
    """pytest-django's live server, started after ``live_server_static_root``."""
    return live_server


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable[[], object]]:
    """``new_page()``: a page in a fresh browser context (its own cookies) on the live
    server, in Spanish, 1366×768. After the test: no response may have been a server error
    (5xx) or a missing static file, and no script may have failed."""
    contexts = []
    problems: list[str] = []

    def watch(response: object) -> None:
        path = response.url.removeprefix(live_server.url)
        if response.status >= 500 or (response.status >= 400 and path.startswith("/static/")):
            problems.append(f"{response.status} {path}")

    def make() -> object:
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale=LOCALE)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("response", watch)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, problems


@pytest.fixture
def page(new_page) -> object:
    return new_page()
