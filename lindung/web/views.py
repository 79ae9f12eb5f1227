from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.http import AuthedHttpRequest
from lindung.registry.access import can_read_workers
from lindung.registry.models import Pemda
from lindung.registry.tenancy import SESSION_KEY


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    if can_read_workers(request.user):
        return redirect("dash-home")  # the coverage picture first; OPD lists one click away
    return render(request, "web/home.html")


@login_required
@require_POST
def choose_pemda(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    pemda = get_object_or_404(Pemda, code=request.POST.get("pemda", ""))
    request.session[SESSION_KEY] = pemda.pk
    return redirect("web-home")


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
