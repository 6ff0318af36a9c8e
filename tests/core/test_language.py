"""Spanish by default whatever the browser asks; English only when chosen on the site."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_spanish_even_for_an_english_browser(client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "es"
    assert b'<html lang="es">' in response.content


def test_english_once_chosen(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    assert b'<html lang="en">' in response.content


def test_unknown_language_cookie_falls_back_to_spanish(client) -> None:
    client.cookies["django_language"] = "fr"
    assert client.get("/").headers["Content-Language"] == "es"


def test_pages_carry_a_content_security_policy(client) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "frame-ancestors 'none'" in policy
