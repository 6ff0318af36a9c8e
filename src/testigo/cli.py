"""The ``testigo`` console command.

``testigo COMMAND …`` runs a Django management command with Testigo's settings: Django's own
(``migrate``, ``createsuperuser``, ``compilemessages``, ``db_worker``…) and Testigo's (``demo``,
``serve``, ``import``, ``stats``, ``export``, ``report``, ``indicators``, ``link``, ``estimate``;
design.md §5).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run ``testigo`` with ``argv`` (default: ``sys.argv``); return the exit status."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testigo.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["testigo", *argv])
    try:
        execute_from_command_line(args)
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:  # Django exits on command errors; report the status instead
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
