"""Helpers shared by the HTML form pages of every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lindung.lib.dates import validate_plausible_date


class PlausibleDateField(forms.DateField):
    """The date field of every form: years outside 1900–2100 are refused."""

    default_validators = [validate_plausible_date]


def form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, **extra: Any
) -> HttpResponse:
    """The form page of every app: its fields, Save, and Cancel back to the `back` URL.

    `extra` may carry `intro` (a note above the form) and `danger` (a red Save button).
    """
    return render(request, "web/form.html", {"form": form, "title": title, "back": back, **extra})


def save_or_show(form: Any, call: Callable[[], Any]) -> bool:
    """Run a service; put its validation errors back on the form (nothing was written).

    Errors keyed by a field the form has go next to that field; the rest above the form.
    """
    try:
        call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True
