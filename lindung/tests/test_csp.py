"""Content-Security-Policy: on every response, and templates that need no exception to it."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from lindung.tests.base import BaseTestCase

TEMPLATES = Path(settings.BASE_DIR) / "lindung" / "templates"
# Rendered to PDF by WeasyPrint only, never served to a browser: their <style> is theirs.
PDF_ONLY = {"compliance/letter.html", "dashboards/rakor_pdf.html"}


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


class ContentSecurityPolicyTest(BaseTestCase):
    def test_pages_api_and_docs_carry_the_strict_policy(self) -> None:
        self.client.force_login(self.admin)
        for path in ("/", "/dasbor/", "/registri/opd/", "/api/docs", "/akun/masuk/"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertLess(response.status_code, 400, path)
                policy = _directives(response.headers["Content-Security-Policy"])
                self.assertEqual(policy["default-src"], ["'self'"])
                self.assertEqual(policy["script-src"], ["'self'"])
                self.assertEqual(policy["style-src"], ["'self'"])
                self.assertEqual(policy["img-src"], ["'self'", "data:"])
                self.assertEqual(policy["frame-ancestors"], ["'none'"])
                self.assertEqual(policy["form-action"], ["'self'"])
        api = self.client.get("/api/v1/me", **self.bearer(self.admin))
        self.assertIn("frame-ancestors 'none'", api.headers["Content-Security-Policy"])

    def test_templates_hold_no_inline_script_handler_or_style(self) -> None:
        inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
        handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
        style = re.compile(r"\sstyle\s*=|<style", re.IGNORECASE)
        found = []
        for path in sorted(TEMPLATES.rglob("*.html")):
            name = path.relative_to(TEMPLATES).as_posix()
            text = path.read_text(encoding="utf-8")
            for label, pattern in (("script", inline_script), ("handler", handler)):
                found += [f"{name}: inline {label}" for _ in pattern.findall(text)]
            if name not in PDF_ONLY:
                found += [f"{name}: inline style" for _ in style.findall(text)]
        self.assertEqual(found, [])
