"""Every page of the URL walk, at phone (390 px) and laptop (1366 px) width, lays out cleanly.

The pages, their arguments and who may open them come from the URL walk
(lindung/tests/test_url_walk.py), so a new page is walked here as soon as it is walked there.
Per persona: one login, one page; each page is opened once at 1366 px, checked, narrowed to
390 px and checked again (the CSS reflows; nothing needs a reload).

A page fails when the document is wider than the window (the whole page scrolls sideways), when
an element that hides its overflow has text cut off (an intentional clip is marked with the
class ``clip-ok``), when an element sticks out of its card, fieldset or figure, or when axe-core
finds a violation of a WCAG 2.1 level A or AA rule. axe-core comes from the
axe-playwright-python wheel (installed from the package index with the dev dependencies).
Each failure names persona, URL, width, the problem (or axe rule id) and the element.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.core.management import call_command
from playwright.sync_api import Page

from lindung.tests import test_url_walk  # the module, so its tests are not collected twice
from lindung.tests.browser import BrowserTestCase

PERSONAS = ("admin", "operator", "bpjs", "pimpinan", "disnaker", "perizinan")
ALL_404 = dict.fromkeys(PERSONAS, 404)
WIDTHS = (1366, 390)
HEIGHTS = {1366: 768, 390: 844}
# Downloads (XLSX, PDF), JSON and the health check are no pages to lay out.
NOT_PAGES = {
    "reg-worker-export",
    "imp-template",
    "imp-status",
    "imp-errors",
    "rec-records-export",
    "dash-records-export",
    "dash-report-download",
    "aud-export",
    "cmp-letter",
    "web-healthz",
}

LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = window.innerWidth;
  const doc = document.documentElement;
  if (doc.scrollWidth > width) {
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > width + 1) {
        wide.push(el);
      }
    }
    const outer = wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 3);
    const names = outer.map(
      (el) => `${describe(el)} (${Math.round(el.getBoundingClientRect().right)} px)`);
    problems.push(
      `page is ${doc.scrollWidth} px wide in a ${width} px window: ${names.join(", ")}`);
  }
  function describe(el) {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + Array.from(el.classList).join(".");
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return text ? `${name} "${text}"` : name;
  }
  function visible(el) {
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && el.getClientRects().length > 0;
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".sr-only, .clip-ok, .skip, svg") || !visible(el)) continue;
    const s = getComputedStyle(el);
    const field = el.matches("input, select, textarea");  // a long value scrolls in its field
    const clips = (v) => v === "hidden" || v === "clip";
    if (!field && ((clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1))) {
      problems.push(`text cut by its box: ${describe(el)}`);
    }
    const box = el.parentElement && el.parentElement.closest(".card, fieldset, figure");
    if (box && !el.closest(".table-scroll") && !el.closest("details:not([open])")) {
      const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
      if (r.width && (r.right > b.right + 1 || r.left < b.left - 1)) {
        problems.push(`${describe(el)} sticks out of ${describe(box).slice(0, 60)}`);
      }
    }
  }
  return Array.from(new Set(problems)).slice(0, 8);
}"""

# WCAG 2.0 and 2.1, levels A and AA: the rules a public office's site is held to.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  const lines = [];
  for (const v of result.violations) {
    for (const node of v.nodes.slice(0, 3)) {
      const html = node.html.replace(/\\s+/g, " ").slice(0, 120);
      const why = (node.failureSummary || "").split("\\n").slice(1, 2).join("").trim();
      lines.push(`axe ${v.id} (${v.help}): ${node.target.join(" ")} ${html} ${why}`);
    }
    if (v.nodes.length > 3) lines.push(`axe ${v.id}: ${v.nodes.length - 3} more elements`);
  }
  return lines;
}"""


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page as it is laid out now, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)  # through the devtools protocol: the page's CSP does not apply
    problems: list[str] = page.evaluate(AXE_RUN, AXE_TAGS)
    return problems


def page_problems(page: Page) -> list[str]:
    """Layout problems and accessibility violations of the page at its current width."""
    # Two frames: the page's resize handlers (scroll boxes become focusable) have run.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return [*page.evaluate(LAYOUT_PROBLEMS), *axe_violations(page)]


# How many lines the main menu's task groups take.
MENU_ROWS = """() => new Set(Array.from(document.querySelectorAll("#main-nav .menu > li"),
  (li) => Math.round(li.getBoundingClientRect().top))).size"""


def walk_pages() -> tuple[type[Any], list[tuple[str, str, dict[str, int]]]]:
    """The URL walk's data, created in this (live-server) database, and its page list."""
    walk: Any = type("LayoutWalkData", (test_url_walk.UrlWalkTest,), {})
    walk.setUpTestData()
    return walk, walk("test_the_walk_covers_every_route").pages()


@pytest.mark.browser
class LayoutWalkTest(BrowserTestCase):
    def test_every_page_fits_phone_and_laptop_widths(self) -> None:
        walk, pages = walk_pages()
        failures: list[str] = []
        visited = 0
        for persona in PERSONAS:
            user = walk.personas()[persona]
            self.context.clear_cookies()
            self.page.set_viewport_size({"width": 1366, "height": 768})
            self.login(user.username)
            rows = self.page.evaluate(MENU_ROWS)
            self.assertEqual(rows, 1, f"{persona}: menu groups on one line at 1366 px")
            for name, url, expected in [*pages, ("error-404", "/tidak-ada/", ALL_404)]:
                status = expected[persona]
                if name in NOT_PAGES or status not in (200, 404):
                    continue
                if status == 404 and name != "error-404":
                    continue  # one error page per persona is enough
                visited += 1
                self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHTS[WIDTHS[0]]})
                response = self.page.goto(url)
                assert response is not None
                self.assertEqual(response.status, status, f"{persona} {url}")
                for width in WIDTHS:
                    self.page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
                    for problem in page_problems(self.page):
                        failures.append(f"{persona} {url} at {width} px: {problem}")
        # A superuser's header (with the Pemda picker) keeps the task groups on one line too.
        self.context.clear_cookies()
        self.page.set_viewport_size({"width": 1366, "height": 768})
        self.login(walk.root.username)
        self.assertEqual(self.page.evaluate(MENU_ROWS), 1, "root: menu groups on one line")
        self.assertGreater(visited, 100)
        self.assertEqual(failures, [], "\n" + "\n".join(failures))

    def test_the_demo_citys_main_pages_fit(self) -> None:
        """Realistic lengths: 36 OPD names, long sector lists, five months of history."""
        out = StringIO()
        call_command("demo", workers=400, businesses=40, stdout=out)
        call_command("demo_users", stdout=out)
        from lindung.reconciliation.models import Run

        run = Run.objects.latest("pk").pk
        pages = [
            "/", "/dasbor/", "/rekonsiliasi/", f"/rekonsiliasi/{run}/",
            f"/rekonsiliasi/{run}/daftar/?kategori=not_registered", "/registri/opd/",
            "/iuran/anggaran/?year=2027", "/proyek/", "/kohort/", "/kepatuhan/",
            "/kepatuhan/ringkasan/", "/dasbor/target/", "/rekonsiliasi/tinjau/",
            "/rekonsiliasi/tautan/", "/impor/", "/iuran/aturan/", "/kepatuhan/tautan/",
        ]  # fmt: skip
        self.login("admin_pemda", password="lindung-admin-pemda")
        failures = []
        for url in pages:
            self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHTS[WIDTHS[0]]})
            response = self.page.goto(url)
            assert response is not None
            self.assertEqual(response.status, 200, url)
            for width in WIDTHS:
                self.page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
                failures += [f"{url} at {width} px: {p}" for p in page_problems(self.page)]
        self.assertEqual(failures, [], "\n" + "\n".join(failures))
