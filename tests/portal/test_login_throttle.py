"""Password guessing is slowed: an account is refused after 5 failed attempts."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from testigo.accounts.services import user_create

pytestmark = pytest.mark.django_db


def test_five_failures_lock_the_account_for_a_while(client) -> None:
    cache.clear()
    user_create(actor=None, username="lectura", password="the-right-password-1")
    for _ in range(5):
        response = client.post("/login/", {"username": "lectura", "password": "wrong"})
        assert response.status_code == 200
    right = {"username": "lectura", "password": "the-right-password-1"}
    refused = client.post("/login/", right)
    assert refused.status_code == 200  # even the right password is refused now
    assert "throttled" in {e.code for e in refused.context["form"].non_field_errors().as_data()}
    cache.clear()  # the window has passed
    assert client.post("/login/", right).status_code == 302


def test_a_success_resets_the_count(client) -> None:
    cache.clear()
    user_create(actor=None, username="lucia", password="the-right-password-1")
    right = {"username": "lucia", "password": "the-right-password-1"}
    for _ in range(4):
        client.post("/login/", {"username": "lucia", "password": "wrong"})
    assert client.post("/login/", right).status_code == 302
    client.logout()
    for _ in range(4):
        client.post("/login/", {"username": "lucia", "password": "wrong"})
    assert client.post("/login/", right).status_code == 302
