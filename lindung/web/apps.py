from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(**kwargs: Any) -> None:
    """`lindung migrate` also creates the database cache's table (idempotent)."""
    from django.conf import settings
    from django.core.management import call_command

    if "DatabaseCache" in settings.CACHES["default"]["BACKEND"]:
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class WebConfig(AppConfig):
    name = "lindung.web"
    label = "web"

    def ready(self) -> None:
        # post_migrate is sent per app with models; this app has none, the registry always.
        from django.apps import apps

        registry = apps.get_app_config("registry")
        post_migrate.connect(_create_cache_table, sender=registry, dispatch_uid="cache-table")
