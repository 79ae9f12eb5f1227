from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RulebookConfig(AppConfig):
    name = "lindung.rulebook"
    label = "rulebook"
    verbose_name = _("Tabel aturan")

    def ready(self) -> None:
        from lindung.rulebook.services import sync_after_migrate

        # Every migrate (and every test-database flush) brings in new rows of the shipped file.
        post_migrate.connect(sync_after_migrate, sender=self)
