"""HXL hashtags for the columns of the open-data tables (standards.md §7.1).

Each dimension has a hashtag for its code column and, when its codes are not readable on
their own, one for its label column (``+name`` with the language attribute ``+i_es`` or
``+i_en``). Each counting unit has a hashtag for its count column. Core HXL tags and
attributes from the HXL hashtag chooser (``#date``, ``#region``, ``#country``, ``#cause``,
``#event``, ``#affected`` with ``+killed``, ``+missing``, ``+ind``, ``+num``, ``+code``,
``+name``, ``+v_iso2``); concepts HXL has no tag or attribute for use the ``x_`` prefix
(``#x_route`` for the migration route; ``+x_dead_missing`` so that dead-and-missing does not
also match the patterns ``#affected+killed`` or ``#affected+missing`` and get summed twice).
Unknown dimensions or units (added to the registries later) get ``#x_<name>+code`` and
``#x_<name>+num``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DimensionTags:
    """Hashtags of a dimension's code column and label column (``None``: no label column)."""

    code: str
    label: str | None


DIMENSION_TAGS: dict[str, DimensionTags] = {
    "year": DimensionTags("#date+year", None),
    "month": DimensionTags("#date+month", None),
    "region": DimensionTags("#region+code", "#region+name"),
    "migration_route": DimensionTags("#x_route+code", "#x_route+name"),
    "cause_of_death": DimensionTags("#cause+code", "#cause+name"),
    "country": DimensionTags("#country+code+v_iso2", "#country+name"),
    "incident_type": DimensionTags("#event+type+code", "#event+type+name"),
    "continent": DimensionTags("#x_continent+code", "#x_continent+name"),
    "dataset": DimensionTags("#meta+source", None),
}

UNIT_TAGS: dict[str, str] = {
    "events": "#event+num",
    "dead": "#affected+killed+ind",
    "missing": "#affected+missing+ind",
    "dead_and_missing": "#affected+x_dead_missing+ind",
    "survivors": "#affected+x_survivors+ind",
}


def dimension_tags(name: str) -> DimensionTags:
    """The hashtags of dimension ``name`` (``#x_<name>+code`` / ``+name`` when not listed)."""
    return DIMENSION_TAGS.get(name, DimensionTags(f"#x_{name}+code", f"#x_{name}+name"))


def label_tag(name: str, lang: str) -> str | None:
    """The label column's hashtag with its language attribute (``#region+name+i_es``)."""
    tag = dimension_tags(name).label
    return None if tag is None else f"{tag}+i_{lang}"


def unit_tag(name: str) -> str:
    """The hashtag of a count column of unit ``name`` (``#x_<name>+num`` when not listed)."""
    return UNIT_TAGS.get(name, f"#x_{name}+num")
