"""HTTP half of the production smoke test (.ci/smoke): drives a running Lindung over HTTP only.

Standard library only. Requests carry what nginx adds in production (deploy/nginx/lindung.conf):
`X-Forwarded-Proto: https`, so Django sees the request as HTTPS (secure cookies, HSTS, strict
CSRF origin checks) although CI has no TLS. Cookies are kept by hand because a client's cookie
jar would not send `Secure` cookies over the plain-HTTP socket; that is the proxy's job here.

    smoke_http.py drive   # imports, reconciliation, coverage, rakor PDF; writes SMOKE_FIGURES
    smoke_http.py check   # the coverage API answers the figures in SMOKE_FIGURES

Settings come from the environment (SMOKE_BASE, SMOKE_ADMIN_TOKEN, SMOKE_BPJS_TOKEN,
SMOKE_BPJS_USER, SMOKE_BPJS_PASSWORD, SMOKE_FIGURES, SMOKE_PEMDA, SMOKE_TIMEOUT).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lindung.lib.nik import make_nik, parse_nik  # noqa: E402  (the project's own NIK rules)

BASE = os.environ.get("SMOKE_BASE", "http://127.0.0.1:8000").rstrip("/")
PEMDA = os.environ.get("SMOKE_PEMDA", "3375")
TIMEOUT = float(os.environ.get("SMOKE_TIMEOUT", "180"))  # seconds one background job may take
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
JAKARTA = ZoneInfo("Asia/Jakarta")


class Fail(Exception):
    pass


def step(text: str) -> None:
    print(f"  - {text}", flush=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class Client:
    """One HTTP client: a bearer token, or a session kept in a cookie dict."""

    def __init__(self, token: str = "") -> None:
        self.token = token
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        h = dict(PROXY_HEADERS)
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        # BASE is the smoke test's own http://127.0.0.1:PORT.
        req = urllib.request.Request(BASE + path, data=body, method=method, headers=h)  # noqa: S310
        try:
            with _opener.open(req, timeout=60) as resp:
                status, hdrs, data = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as exc:
            status, hdrs, data = exc.code, exc.headers, exc.read()
        for raw in hdrs.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(raw)
            jar: SimpleCookie = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return status, {k.lower(): v for k, v in hdrs.items()}, data

    def json(self, method: str, path: str, payload: Any = None, expect: int = 200) -> Any:
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        status, _h, data = self.request(method, path, body=body, headers=headers)
        if status != expect:
            raise Fail(f"{method} {path}: HTTP {status}, expected {expect}: {data[:500]!r}")
        return json.loads(data)

    def upload(self, path: str, fields: dict[str, str], filename: str, content: bytes) -> Any:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        status, _h, data = self.request("POST", path, body=b"".join(parts), headers=headers)
        if status != 202:
            raise Fail(f"POST {path} ({filename}): HTTP {status}: {data[:500]!r}")
        return json.loads(data)


def poll(what: str, fetch: Any, done: Any, failed: Any = lambda _x: False) -> Any:
    """Call fetch() until done(result); give up after TIMEOUT seconds (the machine is busy)."""
    deadline = time.monotonic() + TIMEOUT
    delay = 0.3
    while True:
        result = fetch()
        if done(result):
            return result
        if failed(result):
            raise Fail(f"{what} failed: {json.dumps(result)[:800]}")
        if time.monotonic() > deadline:
            raise Fail(f"{what}: not done after {TIMEOUT:.0f} s; last answer {result!r:.800}")
        time.sleep(delay)
        delay = min(delay * 1.5, 2.0)


# --- data -----------------------------------------------------------------------------------

DLH, DINDIK = "Dinas Lingkungan Hidup", "Dinas Pendidikan"
DLH_NPP, PRIVATE_NPP = "11000001", "21000001"
WAGE = 2_500_000


def workers() -> list[dict[str, Any]]:
    """Twelve non-ASN workers of two OPDs, with NIKs built and checked by lindung.lib.nik."""
    rows = []
    for i in range(12):
        sex = "L" if i % 2 == 0 else "P"
        born = date(1985 + i, 1 + i % 12, 3 + i)
        nik = make_nik(
            regency_code=PEMDA, district=1 + i % 9, birth_date=born, sex=sex, serial=i + 1
        )
        if not parse_nik(nik).valid:
            raise Fail(f"generated NIK {nik} is not valid")
        rows.append(
            {"nik": nik, "name": f"Pekerja Uji {i + 1:02d}", "born": born, "sex": sex,
             "opd": DLH if i < 6 else DINDIK, "category": "honorer" if i % 3 else "kontrak"}
        )  # fmt: skip
    return rows


def workers_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["No", "NIK", "Nama", "Tanggal lahir", "Jenis kelamin", "Upah per bulan",
                "Kategori", "OPD", "Tanggal mulai"])  # fmt: skip
    for n, r in enumerate(rows, 1):
        w.writerow([n, r["nik"], r["name"], r["born"].isoformat(), r["sex"], WAGE,
                    r["category"], r["opd"], "2024-01-02"])  # fmt: skip
    return out.getvalue().encode()


def memberships_csv(rows: list[dict[str, Any]]) -> tuple[bytes, dict[str, int]]:
    """A BPJS export: four DLH workers active under DLH's NPP with every program (covered), one
    under-reported, one Dindik worker under a private employer, one member DLH does not list.
    """
    paid = datetime.now(JAKARTA).date().replace(day=1)
    last = f"{paid.year - (paid.month == 1)}-{(paid.month - 2) % 12 + 1:02d}"
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["NIK", "KPJ", "Nama", "Tanggal lahir", "NPP", "Nama pemberi kerja", "Segmen",
                "Program", "Upah dilaporkan", "Status kepesertaan", "Iuran terakhir"])  # fmt: skip
    dlh_name = "DINAS LINGKUNGAN HIDUP KOTA PEKALONGAN"  # links to the OPD by name
    members = [(r, DLH_NPP, dlh_name, WAGE) for r in rows[:4]]
    members.append((rows[4], DLH_NPP, dlh_name, WAGE // 2))
    members.append((rows[6], PRIVATE_NPP, "PT MITRA JASA PEKALONGAN", WAGE))
    stranger = {"nik": make_nik(regency_code=PEMDA, district=12, birth_date=date(1979, 7, 7),
                                sex="L", serial=77), "name": "Bukan Pekerja DLH",
                "born": date(1979, 7, 7)}  # fmt: skip
    members.append((stranger, DLH_NPP, dlh_name, WAGE))
    for n, (r, npp, employer, wage) in enumerate(members, 1):
        w.writerow([r["nik"], f"{24000000000 + n}", r["name"], r["born"].isoformat(), npp,
                    employer, "PU", "JKK, JKM, JHT, JP", wage, "Aktif", last])  # fmt: skip
    return out.getvalue().encode(), {"rows": len(members)}


# --- steps ----------------------------------------------------------------------------------


def browser_login(user: str, password: str) -> Client:
    """The login page, its CSRF token and the session cookie, as a browser behind nginx."""
    c = Client()
    status, headers, page = c.request("GET", "/akun/masuk/")
    if status != 200:
        raise Fail(f"login page: HTTP {status}")
    if "strict-transport-security" not in headers:
        raise Fail("login page over the proxy's HTTPS sends no HSTS header")
    html = page.decode()
    # Static files come from collectstatic's manifest (hashed names), served by whitenoise.
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    if not css:
        raise Fail("login page links no hashed stylesheet (collectstatic manifest not used?)")
    s_status, s_headers, _ = Client().request("GET", css.group(1))
    if s_status != 200 or "max-age=315360000" not in s_headers.get("cache-control", ""):
        raise Fail(f"{css.group(1)}: HTTP {s_status}, cache {s_headers.get('cache-control')}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not token or "csrftoken" not in c.cookies:
        raise Fail("login page has no CSRF token or cookie")
    origin = {"Origin": BASE.replace("http://", "https://"), "Referer": BASE + "/akun/masuk/"}
    origin["Referer"] = origin["Referer"].replace("http://", "https://")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": user, "password": password}
    ).encode()
    status, headers, page = c.request(
        "POST", "/akun/masuk/", body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", **origin},
    )  # fmt: skip
    if status != 302 or "sessionid" not in c.cookies:
        raise Fail(f"login: HTTP {status}, cookies {sorted(c.cookies)}: {page[:300]!r}")
    session = next(h for h in c.set_cookie_headers if h.startswith("sessionid="))
    if "secure" not in session.lower() or "httponly" not in session.lower():
        raise Fail(f"session cookie is not Secure and HttpOnly: {session}")
    status, _h, page = c.request("GET", "/dasbor/")
    if status != 200:
        raise Fail(f"dashboard after login: HTTP {status}")
    step(f"logged in as {user} through /akun/masuk/ (CSRF, Secure session cookie, HSTS, "
         f"hashed static file)")  # fmt: skip
    return c


def run_import(client: Client, kind: str, content: bytes, fields: dict[str, str]) -> Any:
    batch = client.upload("/api/v1/imports", {"kind": kind, "pemda": PEMDA, **fields},
                          f"smoke-{kind}.csv", content)  # fmt: skip
    path = f"/api/v1/imports/{batch['batch']}"
    b = poll(f"{kind} import check", lambda: client.json("GET", path),
             lambda b: b["status"] == "preview",
             lambda b: b["status"] in ("failed", "cancelled"))  # fmt: skip
    if b["errors"]:
        rows = client.json("GET", path + "/rows?outcome=error")
        raise Fail(f"{kind} import: {b['errors']} row errors: {json.dumps(rows)[:800]}")
    client.json("POST", path + "/commit", {"valid_only": False, "end_missing": False}, 202)
    b = poll(f"{kind} import commit", lambda: client.json("GET", path),
             lambda b: b["status"] == "committed",
             lambda b: b["status"] in ("failed", "cancelled"))  # fmt: skip
    step(f"import {kind} #{b['batch']}: {b['rows']} rows, {b['created']} created, "
         f"{b['errors']} errors, committed")  # fmt: skip
    return b


def drive() -> None:
    admin = Client(os.environ["SMOKE_ADMIN_TOKEN"])
    bpjs_token = Client(os.environ["SMOKE_BPJS_TOKEN"])
    me = admin.json("GET", "/api/v1/me")
    step(f"API token of {me.get('username')} accepted")
    browser = browser_login(os.environ["SMOKE_BPJS_USER"], os.environ["SMOKE_BPJS_PASSWORD"])

    rows = workers()
    b = run_import(admin, "workers", workers_csv(rows), {"create_missing_opds": "true"})
    if b["created"] != len(rows):
        raise Fail(f"workers import created {b['created']}, expected {len(rows)}")
    content, expected = memberships_csv(rows)
    b = run_import(bpjs_token, "memberships", content, {})
    if b["created"] != expected["rows"]:
        raise Fail(f"memberships import created {b['created']}, expected {expected['rows']}")

    run = bpjs_token.json("POST", "/api/v1/reconciliation/runs", {"pemda": PEMDA}, 202)
    path = f"/api/v1/reconciliation/runs/{run['run']}"
    run = poll("reconciliation run", lambda: bpjs_token.json("GET", path),
               lambda r: r["status"] == "done", lambda r: r["status"] == "failed")  # fmt: skip
    step(f"reconciliation run #{run['run']} done: {run['counts']}")

    cov = bpjs_token.json("GET", f"/api/v1/coverage?pemda={PEMDA}")
    check_figures(cov, run, len(rows))
    step(
        f"coverage: {cov['covered']}/{cov['workers']} covered ({cov['coverage_pct']}%), "
        f"by OPD {[(o['opd_name'], o['covered'], o['workers']) for o in cov['by_opd']]}"
    )

    # The rakor report: a form on the dashboard, made by the background worker.
    _s, _h, page = browser.request("GET", "/dasbor/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode())
    if not token:
        raise Fail("dashboard has no form with a CSRF token (rakor report)")
    origin = BASE.replace("http://", "https://")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "format": "pdf"})
    status, headers, _ = browser.request(
        "POST", "/dasbor/rakor/", body=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
                 "Referer": origin + "/dasbor/"},
    )  # fmt: skip
    found = re.search(r"/dasbor/rakor/(\d+)/$", headers.get("location", ""))
    if status != 302 or not found:
        raise Fail(f"rakor report: HTTP {status}, location {headers.get('location')}")
    url = f"/dasbor/rakor/{found.group(1)}/unduh/"
    s, h, pdf = poll("rakor report", lambda: browser.request("GET", url), lambda r: r[0] == 200,
                     lambda r: r[0] not in (200, 404))  # fmt: skip
    if not pdf.startswith(b"%PDF") or h.get("content-type") != "application/pdf":
        raise Fail(f"rakor report is not a PDF: {h.get('content-type')} {pdf[:20]!r}")
    step(f"rakor report #{found.group(1)}: PDF, {len(pdf):,} bytes")

    Path(os.environ["SMOKE_FIGURES"]).write_text(json.dumps(cov, indent=1, sort_keys=True))


def check_figures(cov: dict[str, Any], run: dict[str, Any], workers: int) -> None:
    """The figures agree with each other and with the data the test sent."""
    cats = cov["by_category"]
    problems = []
    if cov["workers"] != workers:
        problems.append(f"workers {cov['workers']} != {workers} imported")
    if cov["run"] != run["run"]:
        problems.append(f"coverage reads run {cov['run']}, not the finished run {run['run']}")
    if sum(v for k, v in cats.items() if k != "unknown_to_city") != cov["workers"]:
        problems.append(f"categories {cats} do not add up to {cov['workers']} workers")
    if cats.get("covered") != cov["covered"]:
        problems.append("covered disagrees with its category")
    if sum(o["workers"] for o in cov["by_opd"]) != workers:
        problems.append("per-OPD workers do not add up")
    if sum(o["covered"] for o in cov["by_opd"]) != cov["covered"]:
        problems.append("per-OPD covered does not add up")
    # What the membership export says (memberships_csv): 4 covered, 1 under-reported wage,
    # 1 with another employer, 1 member unknown to the city, the other 6 not registered.
    expected = {"covered": 4, "wage_underreported": 1, "other_employer": 1,
                "not_registered": 6, "unknown_to_city": 1}  # fmt: skip
    for k, v in expected.items():
        if cats.get(k) != v:
            problems.append(f"{k}: {cats.get(k)} (expected {v})")
    if problems:
        raise Fail("coverage figures inconsistent: " + "; ".join(problems) + f" in {cov}")


def check() -> None:
    """A second installation (the restored backup) answers the same coverage figures."""
    expected = json.loads(Path(os.environ["SMOKE_FIGURES"]).read_text())
    client = Client(os.environ["SMOKE_BPJS_TOKEN"])
    cov = client.json("GET", f"/api/v1/coverage?pemda={PEMDA}")
    if json.loads(json.dumps(cov, sort_keys=True)) != expected:
        raise Fail(f"restored coverage differs:\n  before {expected}\n  after  {cov}")
    step(f"restored coverage equals the original: run #{cov['run']}, "
         f"{cov['covered']}/{cov['workers']} covered")  # fmt: skip


if __name__ == "__main__":
    try:
        {"drive": drive, "check": check}[sys.argv[1]]()
    except Fail as exc:
        print(f"SMOKE FAILED: {exc}", file=sys.stderr)
        sys.exit(1)
