from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "lindung.projects"
    label = "projects"
    verbose_name = _("Proyek jasa konstruksi")

    def ready(self) -> None:
        from lindung.projects.services import sync_after_migrate

        # Every migrate brings in the shipped national holidays the table lacks.
        post_migrate.connect(sync_after_migrate, sender=self)
