"""``testigo estimate CSV --lists A,B,C [--strata S1,S2] [--count COLUMN] [--criterion aic|bic]
[--level 0.95] [--max-order 2|3] [--format text|json] [--lang es|en]``: multiple systems
estimation from a CSV of linked capture histories (one row per person, one 0/1 column per list)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from testigo.core.commands import user_errors
from testigo.estimation.estimate import Estimate, estimate_total


def _names(value: object) -> list[str]:
    return [name.strip() for name in str(value).split(",") if name.strip()]


FREQUENCY_COLUMNS = frozenset({"freq", "frequency", "count", "n", "persons", "frecuencia"})


class Command(BaseCommand):
    help = "Estimate, per stratum, the persons no list recorded (multiple systems estimation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", help="capture histories: one row per linked person")
        parser.add_argument("--lists", required=True, help="list columns, comma-separated")
        parser.add_argument("--strata", default="", help="stratum columns, comma-separated")
        parser.add_argument("--count", default=None, help="frequency column, if rows are patterns")
        parser.add_argument("--criterion", choices=["aic", "bic"], default="aic")
        parser.add_argument("--level", type=float, default=0.95)
        parser.add_argument("--max-order", type=int, choices=[2, 3], default=2)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--lang", choices=["es", "en"], default="es")

    def handle(self, *args: object, **options: object) -> None:
        with translation.override(str(options["lang"])):
            self._handle(options)

    def _handle(self, options: dict[str, object]) -> None:
        path = Path(str(options["csv"]))
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            frame = pd.read_csv(path)
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            raise CommandError(
                _("Cannot read %(path)s as CSV: %(error)s") % {"path": path, "error": exc}
            ) from None
        language = str(options["lang"])
        frequency = [c for c in frame.columns if str(c).lower() in FREQUENCY_COLUMNS]
        if not options["count"] and frequency:
            # Rows would be read as one person each: a patterns file of 15 rows gave "16".
            raise CommandError(
                _("The file has a column %(column)s that looks like a count of persons per "
                  "row: give --count %(column)s (or rename it if each row is one person).")
                % {"column": frequency[0]}
            )  # fmt: skip
        with user_errors():
            estimates = estimate_total(
                frame,
                lists=_names(options["lists"]),
                strata=_names(options["strata"]) or None,
                count=options["count"] or None,  # type: ignore[arg-type]
                criterion=str(options["criterion"]),
                level=float(options["level"]),  # type: ignore[arg-type]
                max_order=int(options["max_order"]),  # type: ignore[call-overload]
                language=language,
            )
        if options["format"] == "json":
            data = [e.as_dict() for e in estimates]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        for estimate in estimates:
            self.stdout.write(_render(estimate))


def _render(estimate: Estimate) -> str:
    lines = []
    if estimate.stratum:
        lines.append(", ".join(f"{k}={v}" for k, v in estimate.stratum.items()))
    lines.append(estimate.explanation)
    lines.extend(f"  ! {warning.message}" for warning in estimate.warnings)
    for model in estimate.models[:5]:
        if model.weight >= 0.001:
            upper = (
                ""
                if model.interval is None
                else f" [{model.interval.lower:.0f}, "
                + (
                    "∞"
                    if not math.isfinite(model.interval.upper)
                    else f"{model.interval.upper:.0f}"
                )
                + "]"
            )
            lines.append(f"  {model.weight:6.3f}  {model.total:10.0f}{upper}  {model.name}")
    return "\n".join(lines) + "\n"
