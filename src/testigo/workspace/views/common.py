"""Helpers shared by the workspace views: access checks, pagination, organisations."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from testigo.accounts.models import Organisation
from testigo.accounts.permissions import scope_for
from testigo.core.errors import AccessDenied
from testigo.documentation.access import can_write
from testigo.workspace.forms.fields import vocabularies_cached

PER_PAGE = 50


def vocabularies_cached_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Read each vocabulary once while the view runs and renders (forms with many rows)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        with vocabularies_cached():
            return view(request, *args, **kwargs)

    return wrapped


def fetch_or_404[T](helper: Callable[..., T], **kwargs: object) -> T:
    """Call an ``access_*_by_id`` helper; a record the user may not read is a 404, exactly
    like a missing one (ids of other organisations' records cannot be probed)."""
    try:
        return helper(**kwargs)
    except AccessDenied as exc:
        raise Http404(exc.message) from exc


def require_reader(user: AbstractBaseUser) -> None:
    """403 unless the user reads some organisation's records (government partners do not:
    they see published aggregates only)."""
    if not scope_for(user).any_read:
        raise PermissionDenied


def require_write(user: AbstractBaseUser, organisation_id: int) -> None:
    """403 unless the user may change ``organisation_id``'s records."""
    if not can_write(user, organisation_id):
        raise PermissionDenied


def writable_organisations(user: AbstractBaseUser) -> list[Organisation]:
    """Organisations whose records the user may write; 403 when there are none."""
    ids = scope_for(user).write
    if not ids:
        raise PermissionDenied
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    """The requested page (50 rows) of ``queryset``; out-of-range pages give the last one."""
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
