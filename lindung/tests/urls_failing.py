"""A URL configuration with one view that fails, for the 500 page test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from lindung.urls import urlpatterns as lindung_urls


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("uji halaman 500")


urlpatterns = [path("gagal/", fail), *lindung_urls]
