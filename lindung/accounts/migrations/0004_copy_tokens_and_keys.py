"""Copy personal API tokens and permit-check client keys into Credential.

Digests are copied as they are, so every token and key issued before keeps working. Client
keys keep their ids: the permit-check log refers to them without a database constraint, and
rewriting a log of millions of rows is not needed when the ids stay.
"""

from typing import Any

from django.core.management.color import no_style
from django.db import migrations


def _keep_created_at(model: Any) -> None:
    # The historical model's auto_now_add would stamp every copied row with today's date.
    model._meta.get_field("created_at").auto_now_add = False


def copy_forward(apps: Any, schema_editor: Any) -> None:
    credential = apps.get_model("accounts", "Credential")
    token = apps.get_model("accounts", "ApiToken")
    key = apps.get_model("compliance", "ApiKey")
    _keep_created_at(credential)
    db = schema_editor.connection.alias
    credential.objects.using(db).bulk_create(
        credential(
            id=k.id, kind="client", pemda_id=k.pemda_id, name=k.name, prefix=k.prefix,
            digest=k.digest, rate_per_minute=k.rate_per_minute, created_at=k.created_at,
            created_by_id=k.created_by_id, revoked_at=k.revoked_at,
        )
        for k in key.objects.using(db).order_by("pk").iterator()
    )  # fmt: skip
    # Explicit ids do not move PostgreSQL's sequence; the tokens below take the next ones.
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [credential]):
            cursor.execute(sql)
    credential.objects.using(db).bulk_create(
        credential(
            kind="personal", user_id=t.user_id, name=t.name, digest=t.digest,
            created_at=t.created_at, created_by_id=t.user_id, last_used_at=t.last_used_at,
            revoked_at=t.revoked_at,
        )
        for t in token.objects.using(db).order_by("pk").iterator()
    )  # fmt: skip


def copy_backward(apps: Any, schema_editor: Any) -> None:
    credential = apps.get_model("accounts", "Credential")
    token = apps.get_model("accounts", "ApiToken")
    key = apps.get_model("compliance", "ApiKey")
    _keep_created_at(token)
    _keep_created_at(key)
    db = schema_editor.connection.alias
    rows = credential.objects.using(db).order_by("pk")
    key.objects.using(db).bulk_create(
        key(
            id=c.id, pemda_id=c.pemda_id, name=c.name, prefix=c.prefix, digest=c.digest,
            rate_per_minute=c.rate_per_minute, created_at=c.created_at,
            created_by_id=c.created_by_id, revoked_at=c.revoked_at,
        )
        for c in rows.filter(kind="client")
    )  # fmt: skip
    token.objects.using(db).bulk_create(
        token(
            user_id=c.user_id, name=c.name, digest=c.digest, created_at=c.created_at,
            last_used_at=c.last_used_at, revoked_at=c.revoked_at,
        )
        for c in rows.filter(kind="personal")
    )  # fmt: skip
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [key]):
            cursor.execute(sql)
    credential.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_credential"),
        ("compliance", "0005_letter_placeholders"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_backward)]
