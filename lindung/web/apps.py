from typing import Any

from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as _StaticFilesConfig
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


class StaticFilesConfig(_StaticFilesConfig):
    """django.contrib.staticfiles, without assets no page uses.

    django-ninja ships ReDoc and the Swagger bundle's source map besides the Swagger UI that
    /api/docs serves; collecting them cost most of collectstatic's time (hashing and
    compressing 6 MB) for files nobody requests. Switching the API docs to ReDoc would need
    `ninja/redoc.standalone.js*` back. swagger-ui.css.map stays: the stylesheet names it.
    """

    ignore_patterns = [
        *_StaticFilesConfig.ignore_patterns,
        "ninja/redoc.standalone.js",
        "ninja/redoc.standalone.js.map",
        "ninja/swagger-ui-bundle.js.map",
    ]
