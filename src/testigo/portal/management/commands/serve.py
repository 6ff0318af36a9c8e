"""``testigo serve [--host H] [--port N] [--no-worker]``: serve the configured database.

Serves with waitress and, unless ``--no-worker``, runs one background worker for long
imports (``testigo db_worker``) beside it, stopped with the server.
"""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application
from waitress import serve


class Command(BaseCommand):
    help = "Serve Testigo on a local address (production: run a WSGI server on testigo.wsgi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker", action="store_true",
            help="do not start the background worker for long imports",
        )  # fmt: skip

    def handle(self, *args: object, **options: object) -> None:
        host, port = str(options["host"]), int(options["port"])  # type: ignore[call-overload]
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        backend = settings.TASKS["default"]["BACKEND"]
        if not options["no_worker"] and backend.startswith("django_tasks_db"):
            worker = subprocess.Popen(
                [sys.executable, "-m", "testigo", "db_worker"],
            )
            self.stdout.write("Background worker for imports started.")
        self.stdout.write(f"Testigo is serving on http://{host}:{port}/ (Ctrl+C to stop)")
        self.stdout.flush()
        try:
            serve(get_wsgi_application(), host=host, port=port, threads=4, _quiet=True)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
