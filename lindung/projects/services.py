"""Every write to projects goes through these functions (web, API, import, demo).

Each runs in a transaction, validates the model (field errors in Bahasa Indonesia, nothing
written on error) and records who changed what and why in the history tables.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from lindung.lib.formatting import rupiah
from lindung.projects import rules
from lindung.projects.models import Payment, Project, Termin
from lindung.projects.queries import Context, with_totals
from lindung.registry.models import Opd

if TYPE_CHECKING:
    from lindung.accounts.models import User

_PROJECT_FIELDS = (
    "name", "contract_number", "contractor_name", "contractor_nib", "contractor_npp",
    "contract_value", "spk_date", "start_date", "end_date",
)  # fmt: skip


def _save(obj: Model, *, actor: User | None, reason: str) -> None:
    obj.full_clean()
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


@transaction.atomic
def project_create(
    *,
    actor: User | None,
    opd: Opd,
    name: str,
    contractor_name: str,
    contract_value: int,
    spk_date: date,
    start_date: date,
    end_date: date,
    contract_number: str = "",
    contractor_nib: str = "",
    contractor_npp: str = "",
    reason: str = "",
) -> Project:
    project = Project(
        pemda_id=opd.pemda_id,
        opd=opd,
        name=name.strip(),
        contract_number=contract_number.strip(),
        contractor_name=contractor_name.strip(),
        contractor_nib=contractor_nib.strip(),
        contractor_npp=contractor_npp.strip(),
        contract_value=contract_value,
        spk_date=spk_date,
        start_date=start_date,
        end_date=end_date,
    )
    _save(project, actor=actor, reason=reason or _("Proyek dicatat"))
    return project


@transaction.atomic
def project_update(
    *, actor: User | None, project: Project, reason: str, **changes: Any
) -> Project:
    unknown = set(changes) - set(_PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(project, name, value)
    _save(project, actor=actor, reason=reason or _("Data proyek diubah"))
    return project


@transaction.atomic
def termin_add(
    *,
    actor: User | None,
    project: Project,
    planned_date: date,
    percent: Decimal,
    number: int | None = None,
    reason: str = "",
) -> Termin:
    """Add the next termin of the schedule; the schedule never exceeds 100% of the contract."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    existing = list(project.termins.order_by("number"))
    expected = len(existing) + 1
    if number is not None and number != expected:
        raise ValidationError(
            {"number": _("Termin berikutnya adalah termin ke-%(n)s.") % {"n": expected}}
        )
    used = sum((t.percent for t in existing), Decimal(0))
    if used + percent > 100:
        raise ValidationError(
            {
                "percent": _("Jumlah persen termin menjadi %(total)s%%, lebih dari 100%%.")
                % {"total": used + percent}
            }
        )
    if existing and planned_date < existing[-1].planned_date:
        raise ValidationError(
            {"planned_date": _("Tanggal termin tidak boleh sebelum termin sebelumnya.")}
        )
    termin = Termin(project=project, number=expected, planned_date=planned_date, percent=percent)
    _save(termin, actor=actor, reason=reason or _("Termin ditambahkan"))
    return termin


@transaction.atomic
def project_register(
    *,
    actor: User | None,
    project: Project,
    registration_number: str,
    registered_on: date,
    reason: str = "",
) -> Project:
    """Record the BPJS TK project registration (E-Jakon participant number and date).

    Once a project is registered, a second call corrects the registration: it needs a
    reason, kept in the project's history with who changed what.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    correcting = locked.registered_on is not None
    if correcting and not reason.strip():
        raise ValidationError(
            {"reason": _("Tulis alasan koreksi pendaftaran; alasan dicatat di riwayat.")}
        )
    if not registration_number.strip():
        raise ValidationError(
            {"registration_number": _("Nomor pendaftaran proyek BPJS wajib diisi.")}
        )
    project.registration_number = registration_number.strip()
    project.registered_on = registered_on
    default = _("Pendaftaran BPJS dikoreksi") if correcting else _("Pendaftaran BPJS dicatat")
    _save(project, actor=actor, reason=reason.strip() or default)
    return project


@transaction.atomic
def payment_record(
    *,
    actor: User | None,
    project: Project,
    paid_on: date,
    amount: int,
    reference: str = "",
    confirm_overpayment: bool = False,
    overpayment_reason: str = "",
    reason: str = "",
) -> Payment:
    """Record an iuran payment; a project must be registered before it can be paid.

    A payment above the outstanding iuran is refused unless confirmed with a reason
    (rules.payment_problems); the confirmation and its reason are stored on the payment
    and in its history.
    """
    if project.registered_on is None:
        raise ValidationError(
            {"amount": _("Proyek belum terdaftar di BPJS; catat pendaftarannya dulu.")}
        )
    if paid_on and paid_on < project.spk_date:
        raise ValidationError({"paid_on": _("Tanggal bayar tidak boleh sebelum tanggal SPK.")})
    # Lock the project: two payments at once must not both fit the same outstanding sum.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    facts = Context().facts(with_totals(Project.objects.filter(pk=project.pk)).get())
    left = None if facts.problem else facts.outstanding
    problems = rules.payment_problems(
        amount=amount, outstanding=left, confirmed=confirm_overpayment, reason=overpayment_reason
    )
    if problems:
        params = {
            "amount": rupiah(amount),
            "outstanding": rupiah(left or 0),
            "excess": rupiah(amount - (left or 0)),
        }
        raise ValidationError(
            {
                field: ValidationError(_(message) % params, code=f"payment_{field}")
                for field, message in problems.items()
            }
        )
    over = left is None or amount > left
    payment = Payment(
        project=project,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        overpayment_confirmed=over,
        overpayment_reason=overpayment_reason.strip() if over else "",
    )
    if over and not reason:
        # The reason itself is a field of the payment (and of its history rows): the
        # history's reason column holds only 100 characters.
        reason = _("Pembayaran iuran dicatat, bayar lebih dikonfirmasi")
    _save(payment, actor=actor, reason=reason or _("Pembayaran iuran dicatat"))
    return payment
