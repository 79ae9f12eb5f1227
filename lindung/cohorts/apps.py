from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "lindung.cohorts"
    label = "cohorts"
    verbose_name = _("Kohort pekerja sementara dan informal")
