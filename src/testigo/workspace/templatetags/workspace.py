"""Template filters of the workspace: country names, dictionary lookups."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from testigo.workspace import choices
from testigo.workspace.choices import country_name as _country_name
from testigo.workspace.views.keep_input import AUTHOR_FIELD, author_token

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """``GT`` → ``Guatemala`` in the active language (``—`` when empty)."""
    return _country_name(code) if code else "—"


@register.filter
def state_name(code: str) -> str:
    """The ISO 3166-2 subdivision's name (``MX-CHP`` → ``Chiapas``), or the code."""
    return choices.state_name(code) or code


@register.filter
def lookup(mapping: dict, key: object) -> object:
    """``mapping[key]`` (``None`` when missing): ``{{ numbers|lookup:victim.pk }}``."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def author_field(context: template.Context) -> str:
    """A hidden field naming the form's author (signed): see ``views/keep_input.py``."""
    user = context["request"].user
    return format_html(
        '<input type="hidden" name="{}" value="{}">', AUTHOR_FIELD, author_token(user.pk)
    )
