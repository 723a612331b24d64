"""The search budget's measurement (issue 17): over 10,000 posts, the latency of a mix of
queries through ``search.service.search`` and the time of a full rebuild
(``search.maintenance.rebuild()``, as ``manage.py search_index rebuild`` runs it), on the
database engine and on Elasticsearch. ``bench/search`` prepares the site and the servers; this
adds the posts and prints the figures.

    python -m bench.search_run [--posts 10000] [--rounds 20] [--elasticsearch-url URL]
        [--profile DIR]
"""

import argparse
import cProfile
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

P95_BUDGET_MS = {"database": 150, "elasticsearch": 50}
REBUILD_BUDGET_SECONDS = 60


@dataclass
class Probe:
    label: str
    query: str
    filters: dict = field(default_factory=dict)
    page: int = 1
    sort: str = "relevance"
    timings: list = field(default_factory=list)
    sql_queries: int = 0
    total: int = 0
    engine: str = ""
    fallbacks: int = 0


def probes(sector, tag, nouns):
    """The query mix: what visitors type, with and without a facet, by date and further on.
    ``nouns``: the generated text's nouns, the most common first."""
    return [
        Probe("one word", "Energie"),
        Probe("one common word", nouns[0]),
        Probe("one rarer word", nouns[30]),
        Probe("one rare word", nouns[600]),
        Probe("two words", "Handwerk Ausbildung"),
        Probe("three words", "digitale Werkstatt Lüneburg"),
        Probe("phrase", '"regionale Wertschöpfung"'),
        Probe("prefix", "Digit"),
        Probe("misspelling", "Digitalisirung"),
        Probe("ue for ü", "Waermepumpe"),
        Probe("nothing found", "Quantencomputer"),
        Probe("sector filter", "Energie", filters={"sector": sector}),
        Probe("tag filter", "Förderung", filters={"tag": tag}),
        Probe("year filter", "Projekt", filters={"year": "2023"}),
        Probe("by date", "Energie", sort="date"),
        Probe("page 3", "Handwerk", page=3),
        Probe(
            "page 3 by date, filter", "Innovation", filters={"sector": sector}, page=3, sort="date"
        ),
    ]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def profiled(profile_dir, name, function):
    if not profile_dir:
        return function()
    profiler = cProfile.Profile()
    try:
        return profiler.runcall(function)
    finally:
        profiler.dump_stats(Path(profile_dir) / f"{name}.prof")


def rebuild_seconds(engine, profile_dir):
    from django.core.cache import cache

    from search import maintenance

    # A rebuild after a deployment finds the cache cold: each post's sectors and districts are
    # looked up anew.
    cache.clear()
    started = time.perf_counter()
    indexed = profiled(profile_dir, f"rebuild-{engine}", maintenance.rebuild)
    return time.perf_counter() - started, indexed


def measure(engine, mix, rounds, profile_dir):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.service import search

    def run(probe):
        return search(
            probe.query, language="de", filters=probe.filters, page=probe.page, sort=probe.sort
        )

    from search.engines.elasticsearch import breaker

    for probe in mix:
        # The first search of each kind fills the caches (the vocabulary and labels; on a
        # fresh Elasticsearch index, what its aggregations read): not measured. The first
        # searches of a fresh index may take longer than ELASTICSEARCH_TIMEOUT: then they are
        # tried again rather than measured on the database.
        for _attempt in range(5):
            with CaptureQueriesContext(connection) as queries:
                results = run(probe)
            breaker.succeeded()
            if results.engine == engine:
                break
            print(f"  (warm-up: {engine} did not answer {probe.query!r} in time)", file=sys.stderr)
        probe.sql_queries, probe.total, probe.engine = len(queries), results.total, results.engine
    order = random.Random(17)  # noqa: S311 (an order, not a secret)

    def rounds_of_searches():
        for _ in range(rounds):
            for probe in order.sample(mix, len(mix)):
                started = time.perf_counter()
                results = run(probe)
                probe.timings.append(1000 * (time.perf_counter() - started))
                if results.engine != engine:
                    # Elasticsearch did not answer in time and the database did: what a
                    # visitor would have waited is measured, and the engine asked again.
                    probe.fallbacks += 1
                    breaker.succeeded()

    profiled(profile_dir, f"search-{engine}", rounds_of_searches)


def elasticsearch_indexes():
    from django.conf import settings

    from search.engines.elasticsearch import client

    prefix = f"{settings.ELASTICSEARCH_INDEX}-"
    return [
        name
        for name in client().indices.get(index="*", expand_wildcards="all")
        if name.startswith(prefix)
    ]


def delete_elasticsearch_indexes():
    """The run's indexes, one by one by name (a cluster may refuse deletion by wildcard)."""
    from search.engines.elasticsearch import client

    for name in elasticsearch_indexes():
        client().indices.delete(index=name, ignore_unavailable=True)


def print_engine(engine, mix, rebuild, indexed):
    timings = [timing for probe in mix for timing in probe.timings]
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    budget = P95_BUDGET_MS[engine]
    fallbacks = sum(probe.fallbacks for probe in mix)
    print(
        f"\n{engine}" + (f" ({fallbacks} searches answered by the database)" if fallbacks else "")
    )
    print(f"  {'query':<24} {'what':<34} {'hits':>6} {'SQL':>4} {'p50 ms':>7} {'p95 ms':>7}")
    for probe in mix:
        what = probe.query + "".join(f" {name}={value}" for name, value in probe.filters.items())
        if probe.sort != "relevance":
            what += f" sort={probe.sort}"
        if probe.page != 1:
            what += f" page={probe.page}"
        print(
            f"  {probe.label:<24} {what[:34]:<34} {probe.total:>6} {probe.sql_queries:>4} "
            f"{percentile(probe.timings, 0.5):>7.1f} {percentile(probe.timings, 0.95):>7.1f}"
        )
    search_met = p95 < budget
    rebuild_met = rebuild < REBUILD_BUDGET_SECONDS
    print(
        f"  all {len(timings)} searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms, mean "
        f"{statistics.fmean(timings):.1f} ms; budget p95 < {budget} ms: "
        f"{'met' if search_met else 'MISSED'}"
    )
    print(
        f"  rebuild of {indexed:,} objects: {rebuild:.1f} s; budget < {REBUILD_BUDGET_SECONDS} s: "
        f"{'met' if rebuild_met else 'MISSED'}"
    )
    return search_met and rebuild_met


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20, help="searches of each query")
    parser.add_argument("--elasticsearch-url", default="", help="leave out to skip Elasticsearch")
    parser.add_argument("--profile", default="", help="a folder for cProfile's files")
    args = parser.parse_args()
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.conf import settings
    from taggit.models import Tag

    from bench.search_posts import TAGS, generate, nouns_by_frequency
    from home.models import SectorPage

    if settings.ELASTICSEARCH_URL:
        sys.exit(
            "error: pass Elasticsearch as --elasticsearch-url; ELASTICSEARCH_URL must be unset"
        )
    started = time.perf_counter()
    count = generate(args.posts)
    print(f"generated {count:,} posts in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    sector = SectorPage.objects.live().filter(locale__language_code="de").order_by("path").first()
    engines = ["database"] + (["elasticsearch"] if args.elasticsearch_url else [])

    load = os.getloadavg()
    print(
        f"Search budget (issue 17): p95 under {P95_BUDGET_MS['elasticsearch']} ms on "
        f"Elasticsearch and under {P95_BUDGET_MS['database']} ms on the database, a rebuild "
        f"under {REBUILD_BUDGET_SECONDS} s\n"
        f"date     {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"machine  {os.cpu_count()} cores, {cpu_model()}, {platform.system()} "
        f"{platform.release()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "at the start\n"
        f"site     {os.environ['DJANGO_SETTINGS_MODULE']}, "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, cache "
        f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, the demo content and "
        f"{count:,} generated German posts\n"
        f"searches {args.rounds} of each query, in shuffled order, after one unmeasured, through "
        "search.service.search in this process (language de)"
    )
    met = True
    try:
        for engine in engines:
            settings.ELASTICSEARCH_URL = args.elasticsearch_url if engine == "elasticsearch" else ""
            rebuild, indexed = rebuild_seconds(engine, args.profile)
            mix = probes(sector.slug, Tag.objects.get(name=TAGS[0]).slug, nouns_by_frequency())
            measure(engine, mix, args.rounds, args.profile)
            met = print_engine(engine, mix, rebuild, indexed) and met
        if "elasticsearch" in engines:
            print(
                "\nThe rebuild on Elasticsearch writes the database's index too, as "
                "`manage.py search_index rebuild` does on such a site."
            )
    finally:
        if args.elasticsearch_url:
            settings.ELASTICSEARCH_URL = args.elasticsearch_url
            delete_elasticsearch_indexes()
    print(f"\nThe search budget is {'met' if met else 'MISSED'}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
