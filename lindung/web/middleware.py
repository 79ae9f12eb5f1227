"""Request handling shared by every page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user picked another language with the switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, so an official
    whose browser is set to English would get an English government system without asking
    for it. Only the switch's cookie counts here.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        translation.activate(
            chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        )
        request.LANGUAGE_CODE = translation.get_language()


# C0 controls and DEL, except tab, LF and CR (a textarea sends CR LF).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _strings(value: Any) -> Iterator[str]:
    """Every key and string inside a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def has_control_chars(request: HttpRequest) -> bool:
    """A NUL or other control character in the path, a parameter, a form field or JSON."""
    texts: list[str] = [request.path]
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for params in sources:
        for key, values in params.lists():
            texts.append(key)
            texts.extend(values)
    if request.content_type == "application/json" and request.body:
        try:
            texts.extend(_strings(json.loads(request.body)))
        except ValueError:
            pass  # not JSON: the API answers that itself
    return any(CONTROL_CHARS.search(t) for t in texts)


class RequestHygieneMiddleware:
    """Refuse control characters at the door; never let a browser or proxy keep a page.

    A NUL in a query parameter used to reach the database and end as a 500; here it is a
    400 with a message. Every dynamic response (pages, downloads, API) holds personal data
    or sits behind a login, so none is stored by caches (static files never reach here).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_chars(request):
            message = _("Permintaan berisi karakter kontrol (misalnya NUL) yang tidak diizinkan.")
            if request.path.startswith("/api/"):
                response: HttpResponse = JsonResponse({"error": message, "fields": {}}, status=400)
            else:
                response = HttpResponseBadRequest(
                    message, content_type="text/plain; charset=utf-8"
                )
        else:
            response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
