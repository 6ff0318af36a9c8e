"""``testigo serve [--host H] [--port N]``: serve the configured database with waitress."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application
from waitress import serve


class Command(BaseCommand):
    help = "Serve Testigo on a local address (production: run a WSGI server on testigo.wsgi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: object, **options: object) -> None:
        host, port = str(options["host"]), int(options["port"])  # type: ignore[call-overload]
        self.stdout.write(f"Testigo is serving on http://{host}:{port}/ (Ctrl+C to stop)")
        self.stdout.flush()
        call_command("collectstatic", interactive=False, verbosity=0)
        serve(get_wsgi_application(), host=host, port=port, threads=4, _quiet=True)
