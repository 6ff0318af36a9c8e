"""Nothing typed is lost when the session expires: a form posted after the session ended is
kept, encrypted, in the new (anonymous) session; after signing in again the same person finds
the same form filled in, not yet saved.

The form carries its author's user id, signed (``{% author_field %}``). The kept input is
restored only to that user, on that page: on a shared laptop, someone else signing in does
not see it. It is encrypted like the records' identifying fields, since it may hold names.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict

from testigo.core.crypto import DecryptionError, decrypt, encrypt

SESSION_KEY = "workspace_kept_input"
AUTHOR_FIELD = "_author"
AUTHOR_SALT = "testigo.workspace.author"
AUTHOR_MAX_AGE = 7 * 24 * 60 * 60  # a form left open for a week is still recognised


def author_token(user_id: int) -> str:
    """The signed value of the hidden ``_author`` field."""
    return signing.dumps(user_id, salt=AUTHOR_SALT)


def _author(request: HttpRequest) -> int | None:
    try:
        return signing.loads(
            request.POST.get(AUTHOR_FIELD, ""), salt=AUTHOR_SALT, max_age=AUTHOR_MAX_AGE
        )
    except signing.BadSignature:
        return None


def _keep(request: HttpRequest) -> None:
    author = _author(request)
    if author is None:
        return
    data = [(k, v) for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"]
    kept = {"author": author, "path": request.path, "data": data}
    request.session[SESSION_KEY] = encrypt(json.dumps(kept))


def kept_input(request: HttpRequest) -> QueryDict | None:
    """The input kept for this user and page (then forgotten), or None."""
    token = request.session.pop(SESSION_KEY, None)
    if not token:
        return None
    try:
        kept = json.loads(decrypt(token))
    except (DecryptionError, ValueError):
        return None
    if kept.get("author") != request.user.pk or kept.get("path") != request.path:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept["data"]:
        data.setlist(key, values)
    return data


def login_required_keeping_input(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like ``login_required``; a POST from an expired session is kept before the redirect."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "POST":
                _keep(request)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
