"""Sign-in with a limit on failed attempts per account (slows password guessing).

After ``MAX_FAILURES`` failed attempts for one user name within ``WINDOW`` seconds, further
attempts for that name are refused until the window passes — even with the right password.
Counts live in Django's cache (per process with the default local-memory cache; configure a
shared cache when running several processes).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext as _

MAX_FAILURES = 5
WINDOW = 15 * 60  # seconds


def _key(username: str) -> str:
    return "testigo:login-failures:" + username.strip().casefold()


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing an account after repeated failures."""

    def clean(self) -> dict:
        username = self.cleaned_data.get("username") or ""
        key = _key(username)
        if cache.get(key, 0) >= MAX_FAILURES:
            raise forms.ValidationError(
                _("Too many failed attempts for this user. Wait %(minutes)s minutes and try again.")
                % {"minutes": WINDOW // 60},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            cache.add(key, 0, WINDOW)
            cache.incr(key)
            raise
        cache.delete(key)
        return cleaned
