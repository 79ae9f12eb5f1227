"""Browser tests: Debian's headless chromium driven by Playwright against a live server.

Never downloads a browser: the executable comes from LINDUNG_CHROMIUM (default
/usr/bin/chromium) and the tests skip when it is missing. Subclass BrowserTestCase, create
data in setUp (a live-server test flushes the database after each test, so setUpTestData is
not available), and drive ``self.page``. On failure a screenshot and the page's HTML are
saved to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import sys
import unittest
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from lindung.tests.base import PASSWORD

CHROMIUM_ENV = "LINDUNG_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = Path(settings.BASE_DIR) / "test-artifacts"
# Django's Indonesian catalogue says "Sandi"; the login page is meant to say "Kata sandi".
PASSWORD_LABEL = re.compile(r"^(Kata )?sandi\b", re.IGNORECASE)
# Generous for a loaded CI runner with two xdist workers; a passing step takes milliseconds.
TIMEOUT_MS = 15_000


def chromium_path() -> str:
    """The chromium to drive, or skip the test when it is not installed."""
    path = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.skip(
            f"browser tests need chromium at {path} "
            f"(apt-get install chromium, or set {CHROMIUM_ENV} to its path)"
        )
    return path


class BrowserTestCase(StaticLiveServerTestCase):
    """One chromium per test class; a fresh context (no cookies) and page per test.

    The browser sends Accept-Language id-ID, so pages render in Bahasa Indonesia whatever
    translations are compiled.
    """

    playwright: Playwright
    browser: Browser
    context: BrowserContext
    page: Page

    @classmethod
    def setUpClass(cls) -> None:
        executable = chromium_path()  # before the live server starts: a skip leaves nothing
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.addClassCleanup(cls.playwright.stop)
        cls.browser = cls.playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        cls.addClassCleanup(cls.browser.close)
        expect.set_options(timeout=TIMEOUT_MS)

    def setUp(self) -> None:
        super().setUp()
        self.context = self.browser.new_context(
            base_url=self.live_server_url, locale="id-ID", timezone_id="Asia/Jakarta"
        )
        self.addCleanup(self.context.close)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()

    def _callTestMethod(self, method: Callable[[], object]) -> None:
        # The one unittest hook that sees the test body's exception before tearDown.
        try:
            super()._callTestMethod(method)
        except unittest.SkipTest:
            raise
        except Exception:
            self.save_artifacts()
            raise

    def save_artifacts(self) -> None:
        """Write a screenshot and the HTML of the current page; never fails the test."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.id())
        try:
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            shot = ARTIFACTS_DIR / f"{stem}.png"
            self.page.screenshot(path=str(shot), full_page=True)
            (ARTIFACTS_DIR / f"{stem}.html").write_text(self.page.content(), encoding="utf-8")
        except Exception as exc:  # a broken page must not hide the real error
            sys.stderr.write(f"could not save browser artifacts for {self.id()}: {exc}\n")
        else:
            sys.stderr.write(f"browser screenshot: {shot} (page at {self.page.url})\n")

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the login form, as a person would."""
        page = self.page
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label(PASSWORD_LABEL).fill(password)
        page.get_by_role("button", name="Masuk", exact=True).click()
        expect(page.get_by_role("button", name="Keluar")).to_be_visible()
        expect(page.get_by_role("banner")).to_contain_text(username)

    def menu_link(self, name: str, *, exact: bool = False) -> Locator:
        """A link of the main menu, made visible: its task group opened (on a phone, the menu)."""
        page = self.page
        toggle = page.locator(".menu-toggle")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        nav = page.get_by_role("navigation", name="Menu utama")
        link = nav.get_by_role("link", name=name, exact=exact)
        group = nav.locator("details").filter(
            has=page.get_by_role("link", name=name, exact=exact, include_hidden=True)
        )
        if group.get_attribute("open") is None:
            group.locator("summary").click()
        return link

    def status_of(self, path: str) -> int:
        """Open a path in the browser and return the HTTP status of the response."""
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        return response.status
