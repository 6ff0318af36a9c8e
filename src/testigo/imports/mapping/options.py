"""Reader options from files, for the command line: ``testigo import kobo EXPORT
--mapping MAPPING.json --form XLSFORM --repeat MEMBERS.csv``."""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext as _

from testigo.imports.mapping.spec import Mapping, MappingError
from testigo.imports.mapping.xlsform import form_from_xlsform


def read_options_from_files(
    *,
    mapping_path: Path | None = None,
    form_path: Path | None = None,
    repeat_path: Path | None = None,
) -> dict[str, object]:
    """``read_options`` for :func:`testigo.imports.services.import_run_start`: the mapping
    (a JSON file in :meth:`Mapping.as_json`'s shape), the parsed XLSForm and the repeat
    group's export path, for those given. Raises :class:`MappingError` for a missing or
    malformed mapping or form file."""
    options: dict[str, object] = {}
    if mapping_path is not None:
        try:
            data = json.loads(mapping_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MappingError(
                _("%(f)s is not a readable mapping file (%(e)s).")
                % {"f": mapping_path.name, "e": exc}
            ) from exc
        options["mapping"] = Mapping.from_json(data)
    if form_path is not None:
        if not form_path.is_file():
            raise MappingError(_("%(f)s: no such file.") % {"f": form_path})
        options["form"] = form_from_xlsform(form_path)
    if repeat_path is not None:
        options["repeat_path"] = repeat_path
    return options
