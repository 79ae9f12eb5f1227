from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lindung.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Django saves the user on every login to set last_login, and each save would be a
        # history row ("account changed") in the audit log. An UPDATE writes no history.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(_touch_last_login, dispatch_uid="lindung_update_last_login")


def _touch_last_login(sender: Any, user: Any, **kwargs: Any) -> None:
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
