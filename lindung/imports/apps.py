from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lindung.imports"
    label = "imports"
    verbose_name = _("Impor data")

    def ready(self) -> None:
        from lindung.imports import planners

        # Each app's importers.py registers the planners of the kinds it owns.
        planners.discover()
