"""Template filters of the workspace: country names, dictionary lookups."""

from __future__ import annotations

from django import template

from testigo.workspace.choices import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """``GT`` → ``Guatemala`` in the active language (``—`` when empty)."""
    return _country_name(code) if code else "—"


@register.filter
def lookup(mapping: dict, key: object) -> object:
    """``mapping[key]`` (``None`` when missing): ``{{ numbers|lookup:victim.pk }}``."""
    return mapping.get(key) if mapping else None
