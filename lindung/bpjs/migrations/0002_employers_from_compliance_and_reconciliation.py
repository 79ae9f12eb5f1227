"""Move the rows of compliance.Employer and reconciliation.EmployerLink into bpjs.Employer."""

from django.db import migrations

from lindung.bpjs.migrations._merge import merge

_COMPLIANCE_FIELDS = ("pemda_id", "npp", "divisi", "name", "name_key", "nib", "kecamatan",
                      "active_workers", "total_wages", "programs", "paid_through", "arrears",
                      "batch_id", "business_id", "link", "rejected", "linked_by_id",
                      "updated_at")  # fmt: skip
_LINK_FIELDS = ("pemda_id", "npp", "divisi", "employer_name", "opd_id", "status", "score",
                "decided_by_id", "decided_at")  # fmt: skip


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    old = apps.get_model("compliance", "Employer").objects.order_by("pk")
    links = apps.get_model("reconciliation", "EmployerLink").objects.order_by("pk")
    employer = apps.get_model("bpjs", "Employer")
    rows = merge(
        list(old.values(*_COMPLIANCE_FIELDS).iterator(chunk_size=2000)),
        list(links.values(*_LINK_FIELDS).iterator(chunk_size=2000)),
    )
    employer.objects.bulk_create((employer(**row) for row in rows), batch_size=1000)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("bpjs", "Employer").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bpjs", "0001_employer_and_membership"),
        ("compliance", "0005_letter_placeholders"),
        ("reconciliation", "0005_unknown_start_plausible_dates"),
    ]

    operations = [migrations.RunPython(forward, backward)]
