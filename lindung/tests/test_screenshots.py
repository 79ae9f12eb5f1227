"""Screenshots of each role's main page for the user guides (docs/panduan/img/).

Runs only with LINDUNG_SCREENSHOTS=1, so that CI never rewrites the committed images:

    LINDUNG_SCREENSHOTS=1 LINDUNG_TESTING=1 .venv/bin/python -m pytest -p no:xdist \
        lindung/tests/test_screenshots.py

The data is the demo city (`lindung demo`, fewer workers) with the demo accounts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from lindung.tests.browser import BrowserTestCase

IMG_DIR = Path(settings.BASE_DIR) / "docs" / "panduan" / "img"
# Guide file stem, demo account, the page the guide starts from.
PAGES = [
    ("admin-pemda", "admin_pemda", "/dasbor/"),
    ("operator-opd", "operator_dlh", "/dasbor/"),
    ("petugas-bpjs", "petugas_bpjs", "/rekonsiliasi/"),
    ("pimpinan", "pimpinan", "/dasbor/"),
    ("disnaker", "disnaker", "/kepatuhan/"),
    ("perizinan", "perizinan", "/kepatuhan/cek/"),
]


@pytest.mark.browser
@pytest.mark.skipif(
    os.environ.get("LINDUNG_SCREENSHOTS") != "1",
    reason="writes docs/panduan/img/; set LINDUNG_SCREENSHOTS=1 to refresh the guide images",
)
class GuideScreenshots(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        call_command("demo", workers=300, verbosity=0)
        call_command("demo_users", stdout=open(os.devnull, "w"))  # noqa: SIM115
        self.page.set_viewport_size({"width": 1366, "height": 800})

    def test_each_role_main_page(self) -> None:
        IMG_DIR.mkdir(parents=True, exist_ok=True)
        for stem, username, path in PAGES:
            with self.subTest(role=stem):
                self.context.clear_cookies()
                self.login(username, f"lindung-{username.replace('_', '-')}")
                response = self.page.goto(path)
                assert response is not None and response.status == 200, (path, response)
                self.page.wait_for_load_state("networkidle")
                self.page.screenshot(path=str(IMG_DIR / f"{stem}.png"))
