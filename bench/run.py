"""Benchmarks that print figures (they never assert timings). Run with ``make bench``.

Usage: PYTHONPATH=src python bench/run.py [benchmark ...] [--repeat N] [--groups N]

Each benchmark is a function in BENCHMARKS. They share one throwaway SQLite database in var/bench/
(never the development database), created fresh on every run.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def setup_django() -> None:
    """Point Django at a fresh database in var/bench/ and at the bench URLconf, then start it."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("intervisie.sqlite3", "intervisie.sqlite3-wal", "intervisie.sqlite3-shm"):
        (BENCH_DIR / name).unlink(missing_ok=True)
    os.environ["DATA_DIR"] = str(BENCH_DIR)  # SECRET_KEY and the SQLite file live here
    os.environ.pop("DATABASE_URL", None)  # never the development or production database
    os.environ["DJANGO_SETTINGS_MODULE"] = "intervisie.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

    import django
    from django.conf import settings

    django.setup()
    # The project's URLs plus a trivial view to compare against (see bench/bench_urls.py).
    settings.ROOT_URLCONF = "bench_urls"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Serve static URLs without a collectstatic manifest; the lookup cost is the same.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(
        f"Database: {settings.DATABASES['default']['NAME']} (migrated in {time.perf_counter() - started:.1f} s)"
    )


# --- Measuring -------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of the values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(client, url: str, *, repeat: int, warmup: int = 3, headers: dict | None = None) -> dict:
    """Time ``repeat`` GET requests after ``warmup`` unmeasured ones; count queries in one extra request.

    Queries are counted apart from the timed requests: capturing them switches on Django's debug
    cursor, which would add its own overhead to the timings.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = headers or {}
    for _ in range(warmup):
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{url} gave HTTP {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers)
    query_count = len(queries)  # read now: every request start empties the connection's query log
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "min": min(timings),
        "queries": query_count,
        "timings": timings,
    }


def print_table(title: str, rows: list[tuple[str, str, dict]]) -> None:
    print()
    print(title)
    header = f"{'what':<34} {'median ms':>10} {'p95 ms':>9} {'min ms':>8} {'queries':>8}  url"
    print(header)
    print("-" * len(header) + "-" * 20)
    for name, url, result in rows:
        print(
            f"{name:<34} {result['median']:>10.1f} {result['p95']:>9.1f} {result['min']:>8.1f} "
            f"{result['queries']:>8}  {url}"
        )


# --- Filling the database ---------------------------------------------------------------------------


def fill_groups(count: int, *, seed: int = 7) -> None:
    """``count`` realistic groups spread over the Dutch places the geo module knows (bulk_create)."""
    from intervisie import geo
    from intervisie.demo import directory as demo_directory
    from intervisie.groups.enums import Format
    from intervisie.groups.models import IntervisionGroup, Method
    from intervisie.organisations.models import Organisation

    started = time.perf_counter()
    rng = random.Random(seed)
    for slug, name in demo_directory.METHODS:
        Method.objects.get_or_create(slug=slug, defaults={"name": name})
    methods = {m.slug: m.pk for m in Method.objects.all()}
    kinds = [o.kind for o in demo_directory.ORGANISATIONS]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Organisatie {i}", slug=f"organisatie-{i}", kind=kinds[i % len(kinds)])
            for i in range(120)
        ]
    )
    org_templates = demo_directory.ORGANISATIONS
    places = [geo.find_place(name) for name in geo.place_names()]
    places = [p for p in places if p is not None]

    groups, group_methods = [], []
    for i in range(count):
        template = org_templates[i % len(org_templates)]
        audience = rng.choice(template.audiences)
        fmt = rng.choice([Format.IN_PERSON] * 6 + [Format.HYBRID] * 2 + [Format.ONLINE])
        location = rng.choice(places)
        place = "" if fmt == Format.ONLINE else location.label
        prefix = rng.choice(demo_directory.NAME_PREFIXES[audience])
        spec = demo_directory.group_spec(
            rng,
            name=f"{prefix} {place or 'online'} {i}",
            org=template,
            audience=audience,
            fmt=fmt,
            place=place,
            municipality=place,
            province=location.province,
            status=rng.choice(["open"] * 6 + ["waitlist", "waitlist", "full", "closed"]),
            theme=rng.choice(demo_directory.THEMES) if rng.random() < 0.4 else "",
        )
        fields = dict(spec.fields)
        fields.pop("organisation_slug")
        group = IntervisionGroup(
            slug=f"bench-{i}",
            organisation=organisations[i % len(organisations)],
            latitude=None if fmt == Format.ONLINE else location.latitude,
            longitude=None if fmt == Format.ONLINE else location.longitude,
            **fields,
        )
        group.refresh_derived()  # bulk_create skips save(), which keeps status and open places right
        groups.append(group)
        group_methods.append(spec.methods)
    IntervisionGroup.objects.bulk_create(groups, batch_size=1000)
    through = IntervisionGroup.methods.through
    through.objects.bulk_create(
        [
            through(intervisiongroup_id=group.pk, method_id=methods[slug])
            for group, slugs in zip(groups, group_methods, strict=True)
            for slug in slugs
        ],
        batch_size=2000,
    )
    print(f"Filled {count} groups in {time.perf_counter() - started:.1f} s")


# --- Benchmarks ------------------------------------------------------------------------------------

SEARCH_QUERIES = [
    ("search: no filter", "/groepen/", {}),
    ("search: one province", "/groepen/?province=UT", {}),
    ("search: near 3511, 25 km", "/groepen/?near=3511&distance=25", {}),
    ("search: free text", "/groepen/?q=trauma", {}),
    (
        "search: several filters + sort",
        "/groepen/?audience=gezinshuisouders&audience=integraal&format=in_person&format=hybrid"
        "&begeleider=yes&register=skj&open_places=on&max_cost=500&sort=cost",
        {},
    ),
    ("search: page 5", "/groepen/?page=5", {}),
    ("search: province, HTMX partial", "/groepen/?province=NH&sort=name", {"HX-Request": "true"}),
]


def bench_search(args) -> None:
    """The directory's search page on 10,000 groups, next to a trivial Django view in the same run."""
    from django.test import Client

    from intervisie.groups.models import IntervisionGroup

    if not IntervisionGroup.objects.exists():
        fill_groups(args.groups)
    client = Client()
    first = IntervisionGroup.objects.order_by("pk").values_list("slug", flat=True).first()
    queries = [
        ("trivial Django view", "/bench-trivial/", {}),
        *SEARCH_QUERIES,
        ("group page", f"/groepen/{first}/", {}),
    ]
    rows, search_timings = [], []
    for name, url, headers in queries:
        result = measure(client, url, repeat=args.repeat, headers=headers)
        rows.append((name, url, result))
        if name.startswith("search"):
            search_timings.extend(result["timings"])
    trivial = rows[0][2]
    print_table(
        f"Search page with {IntervisionGroup.objects.count()} groups, {args.repeat} requests each "
        f"(Django test client, SQLite, DEBUG off)",
        rows,
    )
    search_median = statistics.median(search_timings)
    print()
    print(
        f"All search requests: median {search_median:.1f} ms, p95 {percentile(search_timings, 0.95):.1f} ms, "
        f"{search_median / trivial['median']:.0f}x the trivial view (median {trivial['median']:.2f} ms)"
    )
    print(
        "Queries per search request: "
        + ", ".join(str(r["queries"]) for n, _, r in rows if n.startswith("search"))
    )


def bench_grouping(args) -> None:
    """The grouping solver on MDGPLIB instances and product scenarios (bench/grouping_bench.py; no Django)."""
    import grouping_bench

    grouping_bench.run(mdgp_time_scale=args.mdgp_time_scale, only=args.mdgp_only)


def bench_quality(args) -> None:
    """Composition quality against a hand deal, and the first solve in a fresh process before and
    after warming numba's cache (bench/quality_bench.py; no Django)."""
    import quality_bench

    quality_bench.run()


def bench_compose(args) -> None:
    """An organiser's composition through Django: load the registrations, solve, store; then the board.

    Events of 50, 200 and 1,000 participants (a coach per ten) are filled with bulk_create; each is
    composed three times (the first from scratch, then re-composing with everyone placed, which must
    move nobody), and the composition page is requested through the test client.
    """
    import random

    from django.contrib.auth.hashers import make_password
    from django.test import Client
    from django.utils import timezone

    from intervisie.accounts.models import User
    from intervisie.events import composition
    from intervisie.events.models import Event, Registration

    rng = random.Random(11)
    password = make_password("bench-password-123")
    organiser = User.objects.create(
        email="bench-organiser@example.nl", name="Bench Organisator", password=password
    )
    client = Client()
    client.force_login(organiser)
    regions = ["UT", "GE", "NH", "ZH", "NB", "OV", "FR", "GR", "LI", "DR", "FL", "ZE"]
    rows = []
    print()
    print("Composing an event through Django (solver + loading + storing), SQLite")
    print(
        f"{'participants':>12} {'coaches':>8} {'first s':>8} {'again s':>8} {'moved':>6} {'violations':>11}"
    )
    for n in (50, 200, 1000):
        start = timezone.now() + timezone.timedelta(days=30)
        event = Event.objects.create(
            title=f"Bench {n}",
            slug=f"bench-{n}",
            description="Benchmark",
            expert_name="Expert",
            plenary_starts_at=start,
            plenary_ends_at=start + timezone.timedelta(minutes=45),
            breakout_starts_at=start + timezone.timedelta(minutes=60),
            breakout_ends_at=start + timezone.timedelta(minutes=135),
            registration_deadline=start - timezone.timedelta(days=1),
            capacity=n,
            audiences=["gezinshuisouders", "jeugdzorgwerkers"],
            status="published",
            group_min=4,
            group_max=10,
        )
        event.organisers.add(organiser)
        coaches = max(1, n // 10)
        users = User.objects.bulk_create(
            [
                User(email=f"bench-{n}-{i}@example.nl", name=f"Deelnemer {i}", password=password)
                for i in range(n + coaches)
            ]
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    user=users[i],
                    role=rng.choice(["gezinshuisouder", "gezinshuisouder", "jeugdzorgwerker", "other"]),
                    organisation_other=f"Organisatie {rng.randrange(max(3, n // 15))}",
                    gezinshuis=f"Gezinshuis {i // 2}",
                    region=rng.choice(regions),
                )
                for i in range(n)
            ]
            + [
                Registration(
                    event=event, user=users[n + i], kind="coach", organisation_other=f"Coachbureau {i % 7}"
                )
                for i in range(coaches)
            ]
        )
        started = time.perf_counter()
        first = composition.composition_compose(event=event, by=organiser)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = composition.composition_compose(event=event, by=organiser)
        again_s = time.perf_counter() - started
        print(
            f"{n:>12} {coaches:>8} {first_s:>8.2f} {again_s:>8.2f} {again['changed']:>6} "
            f"{len(first['violations']):>11}"
        )
        url = f"/evenementen/{event.slug}/indeling/"
        rows.append(
            (f"composition page, {n} people", url, measure(client, url, repeat=max(3, args.repeat // 10)))
        )
    print_table("The composition page (board with the solver's findings)", rows)


def bench_privacy(args) -> None:
    """The privacy screen (deduce): load time and memory per process, time per 2,000-character text,
    and its figures on the test corpus (bench/privacy_bench.py)."""
    import privacy_bench

    privacy_bench.run(repeat=max(20, args.repeat * 3), naive=args.privacy_naive)


BENCHMARKS = {
    "search": bench_search,
    "grouping": bench_grouping,
    "quality": bench_quality,
    "compose": bench_compose,
    "privacy": bench_privacy,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmarks", nargs="*", help=f"which to run: {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--repeat", type=int, default=30, help="measured requests per query (default 30)")
    parser.add_argument("--groups", type=int, default=10_000, help="groups in the database (default 10000)")
    import grouping_bench
    import privacy_bench

    grouping_bench.add_arguments(parser)
    privacy_bench.add_arguments(parser)
    args = parser.parse_args(argv)
    unknown = set(args.benchmarks) - set(BENCHMARKS)
    if unknown:
        parser.error(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {', '.join(BENCHMARKS)}"
        )
    started = time.perf_counter()
    setup_django()
    for name in args.benchmarks or BENCHMARKS:
        BENCHMARKS[name](args)
    print(f"\nDone in {time.perf_counter() - started:.0f} s. Figures only: benchmarks never assert timings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
