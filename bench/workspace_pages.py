"""Server time of the workspace's list and detail pages with 100,000 events. Prints figures.

Usage: ``.venv/bin/python bench/workspace_pages.py [--events 100000]``. A fresh SQLite
database in a temporary folder (or ``DATABASE_URL``). Events are bulk-inserted synthetic
records of one organisation, with one victim and one act each for a tenth of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TESTIGO_DATA_DIR", tempfile.mkdtemp(prefix="testigo-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testigo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="testigo-static-")
    call_command("migrate", verbosity=0)
    from testigo.accounts.services import membership_add, organisation_create, user_create
    from testigo.documentation.models import Act, Event, Person
    from testigo.vocab.models import Term

    org = organisation_create(actor=None, slug="bench", name="Bench (synthetic)",
                              kind="civil_society", is_synthetic=True)  # fmt: skip
    user = user_create(actor=None, username="bench", password="bench-password-1234")
    membership_add(actor=None, user=user, organisation=org, role="documentalist")
    act_type = Term.objects.filter(vocabulary__name="act_type").first()
    started = time.perf_counter()
    day0 = dt.date(2015, 1, 1)
    batch = []
    for i in range(args.events):
        day = day0 + dt.timedelta(days=i % 3650)
        batch.append(Event(organisation=org, title=f"Evento sintético {i}", dataset="manual",
                           date_edtf=day.isoformat(), date_start=day, date_end=day,
                           year=day.year, month=day.month, country="MX",
                           place_text=f"Lugar {i % 500}"))  # fmt: skip
        if len(batch) == 5000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)
    events = list(Event.objects.filter(organisation=org).values_list("pk", flat=True)[::10])
    codes = {f"P-B{i:07d}" for i in range(len(events))}
    people = Person.objects.bulk_create(Person(organisation=org, code=c) for c in sorted(codes))
    Act.objects.bulk_create(Act(event_id=e, victim=p, act_type=act_type)
                            for e, p in zip(events, people, strict=True))  # fmt: skip
    loaded = time.perf_counter() - started
    print(f"database: {django.db.connection.vendor}; {Event.objects.count():,} events, "
          f"{Act.objects.count():,} acts loaded in {loaded:.1f} s")  # fmt: skip
    client = Client()
    client.force_login(user)
    detail = events[len(events) // 2]
    pages = [
        ("event list, page 1", "/workspace/events/"),
        ("event list, page 1000", "/workspace/events/?page=1000"),
        ("event list, search", "/workspace/events/?q=Lugar+42"),
        ("event list, year filter", "/workspace/events/?date_from=2019-01-01&date_to=2019-12-31"),
        ("event list, act type filter", f"/workspace/events/?act_type={act_type.code}"),
        ("event detail", f"/workspace/events/{detail}/"),
    ]
    for label, url in pages:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
