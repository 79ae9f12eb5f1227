from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconciliationConfig(AppConfig):
    name = "lindung.reconciliation"
    label = "reconciliation"
    verbose_name = _("Rekonsiliasi")

    def ready(self) -> None:
        from lindung.reconciliation.services import forget_anonymised
        from lindung.registry.retention import person_anonymised

        # Retention (in registry) anonymises a person; the NIK copies in results follow.
        person_anonymised.connect(forget_anonymised, dispatch_uid="reconciliation-forget-nik")
