"""Every write of the reconciliation: runs and review decisions (NPP links: bpjs app)."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.bpjs.models import Employer, Membership
from lindung.bpjs.services import opd_links_refresh
from lindung.imports.models import ImportBatch
from lindung.lib.dates import today
from lindung.lib.jobs import stale_before, worker_id
from lindung.reconciliation import engine, transfer
from lindung.reconciliation.models import Candidate, MatchDecision, Result, Run
from lindung.reconciliation.queries import coverage_pct
from lindung.reconciliation.rules import Category, Params
from lindung.registry.models import Engagement, Opd, Pemda, Person
from lindung.rulebook.bulk import MonthRates
from lindung.rulebook.engine import PU_PROGRAMS
from lindung.rulebook.services import current_ruleset

if TYPE_CHECKING:
    from lindung.accounts.models import User
    from lindung.registry.retention import Anonymised

log = logging.getLogger(__name__)
# Temporary folders of a run (its inputs as CSV, with NIKs and wages; DuckDB's spill files).
_TMP_PREFIX = "lindung-recon-"


@dataclass
class ReconcileError(ValueError):
    """Bad input for a run, said in words a user can act on."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def check_params(*, as_of: date, params: Params) -> None:
    if as_of > today():
        raise ReconcileError("as_of", _("Tanggal rekonsiliasi tidak boleh di masa depan."))
    if params.tolerance < 0:
        raise ReconcileError("tolerance", _("Toleransi upah tidak boleh negatif."))
    if not 0 <= params.unpaid_months <= 24:
        raise ReconcileError("unpaid_months", _("Batas tunggakan harus 0 sampai 24 bulan."))
    if not 0.3 <= params.threshold <= 1:
        raise ReconcileError("threshold", _("Ambang skor harus antara 0,3 dan 1."))


def run_create(
    *, pemda: Pemda, as_of: date, user: User | None, params: Params | None = None
) -> Run:
    """Check the inputs and take the Pemda's run slot; the caller then executes the run."""
    params = params or Params()
    check_params(as_of=as_of, params=params)
    members = Membership.objects.filter(pemda=pemda, is_current=True)
    if not members.exists():
        raise ReconcileError(
            "snapshot",
            _(
                "Belum ada data kepesertaan BPJS TK untuk %(pemda)s. Impor data kepesertaan "
                "terlebih dahulu (menu Impor data)."
            )
            % {"pemda": pemda.name},
        )
    engagements = Engagement.objects.filter(pemda=pemda).active_on(as_of)
    if not engagements.exists():
        raise ReconcileError(
            "as_of",
            _("Tidak ada pekerja aktif di %(pemda)s pada tanggal itu. Impor daftar pekerja OPD.")
            % {"pemda": pemda.name},
        )
    snapshot, links_key = _snapshot(pemda)
    last = Run.objects.filter(pemda=pemda, status=Run.Status.DONE).order_by("-id").first()
    if last is None or last.stats.get("links_key") != links_key:
        opd_links_refresh(pemda=pemda)  # a new export or changed OPDs; else the links stand
    shares_nik = members.filter(
        Exists(Person.objects.filter(pemda=pemda, nik=OuterRef("nik")))
    ).exists()
    if not shares_nik and not _linked(pemda).exists():
        raise ReconcileError(
            "snapshot",
            _(
                "Data kepesertaan ini tampaknya bukan milik %(pemda)s: tidak satu pun NIK "
                "pekerja maupun pemberi kerja yang cocok dengan OPD. Periksa Pemda tujuan impor."
            )
            % {"pemda": pemda.name},
        )
    runs_sweep(pemda=pemda)  # a run whose worker died no longer holds the slot
    try:
        with transaction.atomic():
            return Run.objects.create(
                pemda=pemda, as_of=as_of, params=params.to_dict(), created_by=user,
                snapshot=snapshot, stats={"links_key": links_key},
            )  # fmt: skip
    except IntegrityError:
        raise ReconcileError(
            "pemda",
            _("Rekonsiliasi lain untuk %(pemda)s sedang berjalan. Tunggu sampai selesai.")
            % {"pemda": pemda.name},
        ) from None


def reconcile(
    *, pemda: Pemda, as_of: date, user: User | None, params: Params | None = None
) -> Run:
    """Create and execute a run in this process (CLI, tests)."""
    return run_execute(run_create(pemda=pemda, as_of=as_of, user=user, params=params))


def run_execute(run: Run) -> Run:
    """Reconcile and store the results; a failure leaves no results and marks the run failed.

    The run beats (`heartbeat_at`) at its start and after each stage; its temporary files
    (NIKs and wages) are removed however it ends, and by the sweep after a killed worker.
    """
    run.heartbeat_at, run.worker = timezone.now(), worker_id()
    Run.objects.filter(pk=run.pk).update(heartbeat_at=run.heartbeat_at, worker=run.worker)
    tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{run.pk}-"))
    try:
        _execute(run, tmp)
    except Exception as exc:
        log.exception("reconciliation run %s failed", run.pk)
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.FAILED,
            message=str(exc)[:2000],
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return run


def _beat(run: Run) -> None:
    Run.objects.filter(pk=run.pk, status=Run.Status.RUNNING).update(heartbeat_at=timezone.now())


def runs_sweep(**filters: Any) -> int:
    """Mark failed every running run silent for longer than JOB_STALE_SECONDS (its worker
    died) and remove its temporary files; how many."""
    dead = (
        Run.objects.filter(status=Run.Status.RUNNING, **filters)
        .alias(beat=Coalesce("heartbeat_at", "created_at"))
        .filter(beat__lt=stale_before())
    )
    swept = 0
    for pk, worker in dead.values_list("pk", "worker"):
        swept += Run.objects.filter(pk=pk, status=Run.Status.RUNNING).update(
            status=Run.Status.FAILED,
            message=_(
                "Rekonsiliasi terhenti karena proses latar belakang mati (mis. kehabisan "
                "memori). Jalankan lagi; bila terulang, hubungi administrator server."
            ),
            finished_at=timezone.now(),
        )
        log.warning("reconciliation run %s (worker %s) silent: failed", pk, worker or "?")
        for leftover in Path(tempfile.gettempdir()).glob(f"{_TMP_PREFIX}{pk}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
    return swept


def run_refresh(run: Run) -> Run:
    """The run as the page and the API show it: failed first if its worker died."""
    if run.status == Run.Status.RUNNING and runs_sweep(pk=run.pk):
        run.refresh_from_db()
    return run


def _execute(run: Run, tmp: Path) -> None:
    started = time.perf_counter()
    params = Params(**run.params)
    rules = current_ruleset()
    required = rules.get("programs.non_asn", run.as_of).programs
    rates = _rates(rules, run.as_of)
    con = engine.connect(tmp)
    try:
        _stages(run, con, tmp, started=started, params=params, required=required, rates=rates)
    finally:
        con.close()


def _stages(  # type: ignore[no-untyped-def]
    run: Run,
    con,
    tmp: Path,
    *,
    started: float,
    params: Params,
    required: tuple[str, ...],
    rates: engine.Rates,
) -> None:
    engine.setup(con, as_of=run.as_of, params=params, required=required)
    stats: dict[str, Any] = dict(run.stats)
    inputs = _inputs(run)
    for table in engine.LOAD_ORDER:
        path = tmp / f"{table}.csv"
        transfer.queryset_to_csv(inputs[table], path)
        engine.load_csv(con, table, path)
        path.unlink()  # loaded: the NIKs need not stay on disk
        _beat(run)
    stats["load_s"] = round(time.perf_counter() - started, 3)
    stats["engagements"] = con.execute("SELECT count(*) FROM eng").fetchone()[0]
    stats["memberships"] = con.execute("SELECT count(*) FROM mem").fetchone()[0]
    stats.update(
        engine.run(con, params=params, required=required, rates=rates, beat=lambda: _beat(run))
    )
    totals, iuran, per_opd = engine.counts(con)
    unpriced = engine.unpriced(con)
    stats["unpriced"] = sum(unpriced.values())
    stats["candidates"] = con.execute("SELECT count(*) FROM cand").fetchone()[0]
    write_started = time.perf_counter()
    cols = ", ".join(engine.RESULT_COLUMNS)
    # Only an int and module constants go into these DuckDB statements.
    results = f"SELECT {run.pk} AS run_id, {cols} FROM priced"  # noqa: S608
    candidates = (
        f"SELECT {run.pk} AS run_id, engagement_id, membership_id, score,"  # noqa: S608
        " to_json(reasons)::VARCHAR, name_similarity FROM cand"
    )
    with transaction.atomic():
        transfer.duckdb_to_table(
            con, results, Result._meta.db_table, ("run_id", *engine.RESULT_COLUMNS),
            tmp / "res.csv",
        )  # fmt: skip
        transfer.duckdb_to_table(
            con,
            candidates,
            Candidate._meta.db_table,
            ("run_id", *engine.CANDIDATE_COLUMNS),
            tmp / "cand.csv",
        )
        run.status = Run.Status.DONE
        run.counts, run.iuran = totals, iuran
        run.by_opd = _by_opd(run.pemda_id, per_opd, unpriced)
        stats["write_s"] = round(time.perf_counter() - write_started, 3)
        stats["total_s"] = round(time.perf_counter() - started, 3)
        run.stats = stats
        run.finished_at = timezone.now()
        run.save()


def _rates(rules: Any, as_of: date) -> engine.Rates:
    r = MonthRates.resolve(rules, [as_of], PU_PROGRAMS)
    return engine.Rates(
        jkk=tuple(int(r.jkk[g, 0]) for g in range(1, 6)),  # type: ignore[arg-type]
        jkm=int(r.jkm[0]),
        jht_employer=int(r.jht_employer[0]),
        jht_worker=int(r.jht_worker[0]),
        jp_employer=int(r.jp_employer[0]),
        jp_worker=int(r.jp_worker[0]),
        jp_cap=int(r.jp_cap[0]),
    )


def _snapshot(pemda: Pemda) -> tuple[list[int], str]:
    """The membership batches making up the current snapshot, and a key of what the NPP links
    were computed from (those batches and the Pemda's OPDs)."""
    current = Membership.objects.filter(batch=OuterRef("pk"), is_current=True)
    batches = list(
        ImportBatch.objects.filter(pemda=pemda, kind=ImportBatch.Kind.MEMBERSHIPS)
        .filter(Exists(current))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    opds = Opd.history.filter(pemda_id=pemda.pk).aggregate(
        n=Count("history_id"), at=Max("history_date")
    )  # type: ignore[attr-defined]
    return batches, f"{batches}|{opds['n']}|{opds['at']}"


def _linked(pemda: Pemda) -> Any:
    return Employer.objects.linked_opds().filter(pemda=pemda)


def _inputs(run: Run) -> dict[str, Any]:
    """The four input tables as querysets, in engine.TABLES column order."""
    pemda_id = run.pemda_id
    eng = (
        Engagement.objects.filter(pemda_id=pemda_id)
        .active_on(run.as_of)
        .order_by()
        .values_list(
            "id", "opd_id", "person__nik", "person__name", "person__birth_date", "category",
            "monthly_wage", "opd__jkk_risk_group",
        )
    )  # fmt: skip
    mem = (
        Membership.objects.filter(pemda_id=pemda_id, is_current=True)
        .order_by()
        .values_list(
            "id", "nik", "name", "birth_date", "npp", "divisi", "segment", "programs",
            "reported_wage", "status", "last_paid_month",
        )
    )  # fmt: skip
    links = _linked(run.pemda).order_by().values_list("npp", "divisi", "opd_id")
    decisions = (
        MatchDecision.objects.filter(pemda_id=pemda_id)
        .order_by()
        .values_list("city_nik", "member_nik", "accepted")
    )
    return {"eng": eng, "mem": mem, "links": links, "decisions": decisions}


def _by_opd(
    pemda_id: int, rows: list[tuple[int, str, int, int]], unpriced: dict[int, int]
) -> list[dict[str, Any]]:
    """Counts and iuran per OPD; `unpriced`: workers whose iuran is left out (no wage)."""
    opds = {o.pk: o for o in Opd.objects.filter(pemda_id=pemda_id)}
    table: dict[int, dict[str, Any]] = {}
    for opd_id, category, n, amount in rows:  # every result has an OPD (see engine)
        entry = table.setdefault(
            opd_id,
            {
                "opd_id": opd_id,
                "opd_code": opds[opd_id].code,
                "opd_name": opds[opd_id].name,
                "workers": 0,
                "iuran": 0,
                "unpriced": unpriced.get(opd_id, 0),
                **{c.value: 0 for c in Category},
                **{f"iuran_{c.value}": 0 for c in Category},
            },
        )
        entry[category] += n
        entry[f"iuran_{category}"] += amount
        entry["iuran"] += amount
        if category != Category.UNKNOWN_TO_CITY:
            entry["workers"] += n
    for entry in table.values():
        entry["coverage_pct"] = coverage_pct(entry[Category.COVERED], entry["workers"])
    return sorted(table.values(), key=lambda e: e["opd_name"])


# --- review decisions --------------------------------------------------------------------------


@transaction.atomic
def candidate_decide(*, candidate: Candidate, accepted: bool, user: User) -> MatchDecision:
    """Record "same person" or "not the same" for a candidate; later runs apply it."""
    eng_nik = candidate.engagement.person.nik
    member_nik = candidate.membership.nik
    decision, _created = MatchDecision.objects.update_or_create(
        pemda_id=candidate.run.pemda_id,
        city_nik=eng_nik,
        member_nik=member_nik,
        defaults={
            "accepted": accepted,
            "candidate": candidate,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    return decision


# --- retention ---------------------------------------------------------------------------------


@transaction.atomic
def forget_person_nik(*, pemda_id: int, person_id: int, old_nik: str, new_nik: str) -> int:
    """Put an anonymised person's placeholder NIK where stored runs and decisions held theirs.

    Results of the person's engagements and the review decisions about their NIK; returns
    the number of rows changed. The BPJS TK membership snapshots are BPJS's data and stay.
    """
    changed = Result.objects.filter(engagement__person_id=person_id).update(nik=new_nik)
    decisions = MatchDecision.objects.filter(pemda_id=pemda_id, city_nik=old_nik)
    return changed + decisions.update(city_nik=new_nik)


def forget_anonymised(*, anonymised: Anonymised, **kwargs: Any) -> int:
    """Receiver of registry.retention.person_anonymised (connected in apps.py)."""
    return forget_person_nik(
        pemda_id=anonymised.pemda_id,
        person_id=anonymised.person_id,
        old_nik=anonymised.old_nik,
        new_nik=anonymised.new_nik,
    )
