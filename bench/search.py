"""Search latency: the database backend and Elasticsearch side by side, with Wagtail's own
`ResourcePage.objects.live().search()` on the same data as the baseline a site builder would use,
in the embedded configuration (SQLite, local-memory cache) and in production's (PostgreSQL, Redis).

For each configuration and size, a fresh database is filled with generated resources and indexed.
Two query mixes run through each backend, each query as `/search/` runs it
(`SearchForm(params).to_query()`, then the backend; every answer includes facet counts and the
first page of hits): the keyword mix of earlier runs (20 queries: words, facets, near a ZIP) and
plain-language questions as residents type them. Then, for the database backend:

- while publishing: the same mixes while another process publishes one resource every 200 ms
  (its rows changed, then `search.indexing.sync_pages`, as the sync task does after a publish),
  and once a batch of 500 in one sync, as an import does;
- catching up: how long a reader's `search.backends.snapshot.current()` takes right after a
  single-page publish, a 500-page batch and a full rebuild (a full reload), and then the new
  copy's ordering by title, which the next search without a place to be near works out;
- memory: this process's peak RSS, the in-memory copy's size, and a fresh worker's RSS after
  its first searches.

Elasticsearch is measured when ELASTICSEARCH_URL is set (bench/run-search.sh starts one).

Usage: python bench/search.py [--sizes 10000 100000] [--configurations sqlite postgresql]
                              [--database-url URL] [--passes 5] [--publish-seconds 40]
  --database-url  a PostgreSQL server URL (default: DATABASE_URL when it names PostgreSQL); a fresh
                  database per size, bench_search_<size>, is created and dropped there. The
                  postgresql configuration uses Redis as the cache when REDIS_URL is set.
"""

import argparse
import gc
import json
import os
import queue
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# The keyword mix of earlier runs, unchanged so numbers stay comparable.
MIX = [
    {"q": "crisis"},
    {"q": "counseling"},
    {"q": "food pantry"},
    {"q": "substance use treatment"},
    {"q": "rehab"},
    {"q": "councelling"},
    {"q": "shelter for families"},
    {"q": "suicidal"},
    {"q": "senior"},
    {"q": "veterans benefits"},
    {"q": "legal advice"},
    {"language": ["es"]},
    {"category": ["food"]},
    {"cost": ["free"], "language": ["ar"]},
    {"community": ["birmingham"], "category": ["counseling"]},
    {"near": "48326"},
    {"q": "counseling", "near": "48009", "radius": "10"},
    {"near": "48340", "radius": "5", "open_now": "on"},
    {"q": "crisis", "near": "48326", "sort": "distance"},
    {"q": "therapy", "delivery": ["video"], "cost": ["sliding-scale"]},
]
# Questions as residents type them into the search box: longer texts, more terms per query.
QUESTIONS = [
    {"q": "my son is hearing voices"},
    {"q": "where can my dad get help for drinking"},
    {"q": "I have no place to stay tonight"},
    {"q": "counselor who speaks arabic"},
    {"q": "food pantry open saturday near pontiac"},
    {"q": "I can't pay my rent and we might get evicted"},
    {"q": "my boyfriend hits me and I need somewhere safe"},
    {"q": "free therapy for my teenage daughter"},
    {"q": "help for a veteran with ptsd"},
    {"q": "I don't want to be alive anymore"},
    {"q": "how do I sign up for medicaid"},
    {"q": "support group after my wife died"},
    {"q": "necesito comida para mis hijos"},
    {"q": "my mom has dementia and needs help at home"},
    {"q": "I have no place to stay tonight", "near": "48342"},
    {"q": "counseling for anxiety that takes insurance", "near": "48009", "radius": "10"},
]
MIXES = {"keywords": MIX, "questions": QUESTIONS}
SLOWEST = 5  # the slowest queries of each backend are listed by name
CONFIGURATIONS = ("sqlite", "postgresql")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(samples):
    return {
        "median_ms": statistics.median(samples) * 1000,
        "p95_ms": percentile(samples, 0.95) * 1000,
        "max_ms": max(samples) * 1000,
        "qps": len(samples) / sum(samples),
        "n": len(samples),
    }


def one_pass(function, samples, by_query=None):
    """Every query of every mix once; each query's seconds appended to samples[mix] (and to
    by_query[query] when given)."""
    for mix, queries in MIXES.items():
        for params in queries:
            started = time.perf_counter()
            function(params)
            samples[mix].append(time.perf_counter() - started)
            if by_query is not None:
                by_query[json.dumps(params, ensure_ascii=False)].append(time.perf_counter() - started)


def rows_for(phase, backend, samples):
    """Table rows: one per mix and one for all of them."""
    rows = [{"phase": phase, "backend": backend, "mix": mix, **summary(s)} for mix, s in samples.items()]
    everything = [s for mix in samples.values() for s in mix]
    return [*rows, {"phase": phase, "backend": backend, "mix": "all", **summary(everything)}]


def timed_call(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


class Progress:
    """Progress lines on stderr, with the seconds since the run began."""

    def __init__(self, label):
        self.label, self.started = label, time.perf_counter()

    def __call__(self, line):
        print(
            f"  [{self.label} {time.perf_counter() - self.started:6.0f} s] {line}",
            file=sys.stderr,
            flush=True,
        )


class Phases:
    """How long each phase of one run took."""

    def __init__(self, progress):
        self.progress, self.seconds, self.load = progress, {}, {}

    def run(self, name, function):
        self.progress(f"{name}…")
        started = time.perf_counter()
        value = function()
        self.seconds[name] = time.perf_counter() - started
        # Other work on the machine slows every figure: the load average says whether there was any.
        self.load[name] = os.getloadavg()[0]
        self.progress(f"{name}: {self.seconds[name]:.1f} s (load average {self.load[name]:.1f})")
        return value


def setup_django():
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log growing through the run


def publish(page_ids, stamp):
    """What publishing these resources asks of search: their live rows change, then the sync task
    (run after the publish commits) brings the index in line through `sync_pages`. Wagtail's own
    revision bookkeeping is left out: it is the same whatever the search backend."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from resources.models import ResourcePage
    from search import indexing

    now = timezone.now()
    with transaction.atomic():
        ResourcePage.objects.filter(pk__in=page_ids).update(
            eligibility=f"Reviewed and updated, edition {stamp}."
        )
        Page.objects.filter(pk__in=page_ids).update(last_published_at=now, latest_revision_created_at=now)
    indexing.sync_pages(page_ids)


def describe_configuration():
    """What this process runs on: the database with its version, the cache, Elasticsearch."""
    import sqlite3

    import redis
    from django.conf import settings
    from django.db import connection

    from search import elastic

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        database = f"SQLite {sqlite3.sqlite_version}"
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1]
    cache = {"LocMemCache": "local-memory cache"}.get(backend, backend)
    if "Redis" in backend:
        location = settings.CACHES["default"]["LOCATION"]
        version = redis.Redis.from_url(location).info()["redis_version"]
        cache = f"Redis {version} cache"
    engine = "no Elasticsearch"
    if elastic.is_configured():
        nodes = elastic.admin_client().nodes.info(node_id="_local")["nodes"]
        engine = f"Elasticsearch {next(iter(nodes.values()))['version']}"
        engine += f" ({settings.ELASTICSEARCH_ANALYSIS} analysis)"
    return f"{database}, {cache}, {engine}; {os.cpu_count()} CPUs"


class CacheCalls:
    """Counts the calls to the default cache (local memory or Redis) while installed."""

    METHODS = (
        "get",
        "set",
        "add",
        "get_many",
        "set_many",
        "delete",
        "incr",
        "get_or_set",
        "has_key",
        "touch",
    )

    def __init__(self):
        from django.core.cache import caches

        self.cache, self.calls = caches["default"], 0

    def __enter__(self):
        for name in self.METHODS:
            original = getattr(self.cache, name)

            def counted(*args, _original=original, **kwargs):
                self.calls += 1
                return _original(*args, **kwargs)

            setattr(self.cache, name, counted)
        return self

    def __exit__(self, *exc):
        for name in self.METHODS:
            delattr(self.cache, name)


class CopyWatch:
    """While installed, records what searches spent bringing per-process state up to date after a
    write, in seconds: each catch-up of the in-memory copy and each vocabulary rebuild (the time
    inside `snapshot.current()` and `vocabulary.current()` when they returned a new object), and
    each ordering by title worked out for a new copy (`Snapshot.title_order`, built on first use:
    every search without a place to be near uses it as its last sort key)."""

    def __init__(self):
        self.catch_ups, self.vocabularies, self.title_orders = [], [], []

    def __enter__(self):
        from search import vocabulary
        from search.backends import snapshot

        self.modules = [
            (snapshot, snapshot.current, self.catch_ups),
            (vocabulary, vocabulary.current, self.vocabularies),
        ]
        for module, original, found in self.modules:
            module.current = self.watched(module, original, found)
        self.title_order = snapshot.Snapshot.title_order
        built = self.title_orders

        def title_order(copy):
            fresh, started = copy._title_order is None, time.perf_counter()
            value = self.title_order.fget(copy)
            if fresh:
                built.append(time.perf_counter() - started)
            return value

        snapshot.Snapshot.title_order = property(title_order)
        return self

    @staticmethod
    def watched(module, original, found):
        attribute = "_latest" if hasattr(module, "_latest") else "_current"

        def current():
            before = getattr(module, attribute)
            started = time.perf_counter()
            value = original()
            if value is not before:
                found.append(time.perf_counter() - started)
            return value

        return current

    def __exit__(self, *exc):
        for module, original, _found in self.modules:
            module.current = original
        self.modules[0][0].Snapshot.title_order = self.title_order


def measure_one(size, options):
    """Runs in a subprocess with its own database; prints one JSON line."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from bench.bulk_seed import seed
    from resources.models import ResourcePage
    from search import elastic, indexing, vocabulary
    from search.backends import snapshot
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.forms import SearchForm

    progress = Progress(f"{options.configuration} {size:,}")
    phases = Phases(progress)
    call_command("migrate", verbosity=0)
    result = {
        "size": size,
        "configuration": options.configuration,
        "describe": describe_configuration(),
        "build": {},
        "latency": [],
    }
    progress(result["describe"])

    seconds = phases.run("seed", lambda: timed_call(lambda: seed(size, progress=progress)))
    result["build"]["seed_per_s"] = size / seconds

    def index():
        last = [0]

        def report(done, total):
            if done - last[0] >= 10_000 or done == total:
                last[0] = done
                progress(f"  indexed {done}/{total}")

        indexing.rebuild(progress=report)

    seconds = phases.run("database index", lambda: timed_call(index))
    result["build"]["database_per_s"] = size / seconds
    if connection.vendor == "postgresql":
        # A settled production database has been vacuumed and analysed by autovacuum.
        def vacuum():
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

        phases.run("vacuum analyze", vacuum)

    # What a fresh worker pays on its first search: loading the copy, building the spelling vocabulary.
    with snapshot.consistent_read():
        result["first_load_ms"] = timed_call(snapshot.current) * 1000
    result["vocabulary_ms"] = timed_call(vocabulary.current) * 1000

    def run(backend):
        return lambda params: backend.search(SearchForm(params).to_query())

    backends = {"database": DatabaseBackend()}
    if elastic.is_configured():

        def elastic_build():
            elastic.rebuild()  # first, to warm the freshly started server up (JIT), as a long-running one is
            return timed_call(elastic.rebuild)

        seconds = phases.run("Elasticsearch index (twice)", elastic_build)
        result["build"]["elasticsearch_per_s"] = size / seconds
        backends["elasticsearch"] = ElasticsearchBackend()
    # Setting up 100,000 resources in this process leaves a heap a web worker never has; freezing it
    # keeps Python's collector from scanning it during the timed queries.
    gc.collect()
    gc.freeze()

    def quiet():
        for name, backend in backends.items():
            for _ in range(3):  # warm up: caches, the in-memory copy, the vocabulary, Elasticsearch's JIT
                one_pass(run(backend), defaultdict(list))
            samples, by_query = defaultdict(list), defaultdict(list)
            with CacheCalls() as cache, CopyWatch() as watch:
                for number in range(options.passes):
                    one_pass(run(backend), samples, by_query)
                    progress(f"  {name}: pass {number + 1}/{options.passes}")
            result["latency"] += rows_for("quiet", name, samples)
            queries = sum(len(s) for s in samples.values())
            result.setdefault("cache_calls_per_query", {})[name] = cache.calls / queries
            medians = {query: statistics.median(s) * 1000 for query, s in by_query.items()}
            slowest = sorted(medians.items(), key=lambda item: -item[1])[:SLOWEST]
            result.setdefault("slowest", {})[name] = slowest
            assert not watch.catch_ups, "the copy changed while nothing was published"

    phases.run("queries", quiet)

    text_only = [params["q"] for params in MIX if set(params) == {"q"}]
    if size <= options.wagtail_up_to:

        def wagtail():
            seconds = timed_call(lambda: call_command("update_index", verbosity=0))
            result["build"]["wagtail_per_s"] = size / seconds
            found = [
                timed_call(lambda q=q: list(ResourcePage.objects.live().search(q)[:20])) for q in text_only
            ]
            ours = [timed_call(lambda q=q: run(backends["database"])({"q": q})) for q in text_only]
            result["latency"] += [
                {"phase": "quiet", "backend": "wagtail", "mix": "keyword text", **summary(found)},
                {"phase": "quiet", "backend": "database", "mix": "keyword text", **summary(ours)},
            ]

        phases.run("Wagtail baseline", wagtail)

    page_ids = list(ResourcePage.objects.order_by("pk").values_list("pk", flat=True))
    result["publishing"] = phases.run(
        "queries while publishing", lambda: while_publishing(run(backends["database"]), options, progress)
    )
    result["latency"] += result["publishing"].pop("latency")
    result["catch_up"] = phases.run("catch-up", lambda: catch_up(page_ids, progress))
    result["memory"] = phases.run("memory", copy_memory)
    result["memory"]["worker"] = phases.run("fresh worker", fresh_worker)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if elastic.is_configured():
        stats = elastic.admin_client().nodes.stats(metric="jvm")
        node = next(iter(stats["nodes"].values()))
        result["elasticsearch_heap_mb"] = node["jvm"]["mem"]["heap_used_in_bytes"] / 2**20
        elastic.drop_indexes()
    result["phases"], result["load"] = phases.seconds, phases.load
    print("RESULT " + json.dumps(result), flush=True)


def while_publishing(search, options, progress):
    """The database backend's latency while a publisher process publishes one resource every
    `--publish-every` seconds, with one batch of `--batch` pages a third of the way in; at least
    `--publish-seconds` and `--passes` passes of the mixes."""
    env = {key: value for key, value in os.environ.items() if key != "ELASTICSEARCH_URL"}
    command = [
        sys.executable,
        __file__,
        "--publisher",
        "--publish-every",
        str(options.publish_every),
        "--batch",
        str(options.batch),
    ]
    publisher = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ready = publisher.stdout.readline()
        if ready.strip() != "READY":
            raise RuntimeError(f"the publisher did not start: {ready!r}")
        samples, passes, batch_sent = defaultdict(list), 0, False
        started = time.perf_counter()
        with CopyWatch() as watch:
            while passes < options.passes or time.perf_counter() - started < options.publish_seconds:
                if not batch_sent and time.perf_counter() - started >= options.publish_seconds / 3:
                    publisher.stdin.write("batch\n")
                    publisher.stdin.flush()
                    batch_sent = True
                one_pass(search, samples)
                passes += 1
                progress(f"  pass {passes}, {time.perf_counter() - started:.0f} s")
        publisher.stdin.write("stop\n")
        publisher.stdin.flush()
        out = publisher.stdout.read()
        if publisher.wait():
            raise RuntimeError("the publisher failed")
    finally:
        if publisher.poll() is None:
            publisher.kill()
            publisher.wait()
    written = json.loads(out.split("RESULT ", 1)[1])
    queries = sum(len(s) for s in samples.values())
    return {
        "latency": rows_for("publishing", "database", samples),
        "seconds": time.perf_counter() - started,
        "queries": queries,
        "catch_ups": [s * 1000 for s in watch.catch_ups],
        "vocabulary_builds": [s * 1000 for s in watch.vocabularies],
        "title_orders": [s * 1000 for s in watch.title_orders],
        "writer": written,
    }


def publisher(every, batch):
    """The publishing side: one resource published and synced every `every` seconds, a batch when
    told `batch` on stdin, until told `stop`; prints a RESULT line with the time each write took."""
    setup_django()
    from resources.models import ResourcePage

    page_ids = list(ResourcePage.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(7)
    commands = queue.Queue()

    def listen():
        for line in sys.stdin:
            commands.put(line.strip())
        commands.put("stop")

    threading.Thread(target=listen, daemon=True).start()
    print("READY", flush=True)
    singles, batches, stamp = [], [], 0
    started = next_at = time.perf_counter()
    while True:
        try:
            command = commands.get(timeout=max(0.0, next_at - time.perf_counter()))
        except queue.Empty:
            command = "one"
        if command == "stop":
            break
        stamp += 1
        if command == "batch":
            chosen = sorted(rng.sample(page_ids, min(batch, len(page_ids))))
            batches.append(timed_call(lambda chosen=chosen, stamp=stamp: publish(chosen, stamp)) * 1000)
            continue
        chosen = [rng.choice(page_ids)]
        singles.append(timed_call(lambda chosen=chosen, stamp=stamp: publish(chosen, stamp)) * 1000)
        next_at = max(next_at + every, time.perf_counter())  # steady: no burst to make up for a slow one
    seconds = time.perf_counter() - started
    result = {
        "singles": len(singles),
        "single_median_ms": statistics.median(singles) if singles else 0,
        "single_p95_ms": percentile(singles, 0.95) if singles else 0,
        "single_max_ms": max(singles, default=0),
        "per_s": len(singles) / seconds,
        "batches_ms": batches,
        "batch": batch,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print("RESULT " + json.dumps(result), flush=True)


def catch_up(page_ids, progress):
    """How long the in-memory copy takes to catch up right after a write, as the first search after
    it would: a single-page publish (5 times), a batch of 500 (3 times), a full rebuild (once).
    Each as (the write, `snapshot.current()`, the new copy's ordering by title) in ms; also the
    time of a vocabulary rebuild."""
    from search import indexing, vocabulary
    from search.backends import snapshot
    from search.models import SearchIndexState

    def after(write):
        with snapshot.consistent_read():
            snapshot.current().title_order  # noqa: B018 (built on first use)
        written = timed_call(write)
        with snapshot.consistent_read():
            started = time.perf_counter()
            copy = snapshot.current()
            caught_up = time.perf_counter() - started
        ordered = timed_call(lambda: copy.title_order)
        return written * 1000, caught_up * 1000, ordered * 1000

    rng = random.Random(11)
    found = {}
    singles = [after(lambda n=n: publish([rng.choice(page_ids)], f"single {n}")) for n in range(5)]
    found["single"] = singles
    progress(f"  single page: catch-up {statistics.median(s[1] for s in singles):.0f} ms (median of 5)")
    batch = min(500, len(page_ids))
    found["batch"] = [
        after(lambda n=n: publish(sorted(rng.sample(page_ids, batch)), f"batch {n}")) for n in range(3)
    ]
    progress(f"  batch of {batch}: catch-up {statistics.median(s[1] for s in found['batch']):.0f} ms")
    progress("  full rebuild…")
    found["rebuild"] = [after(indexing.rebuild)]
    progress(f"  full rebuild: reload {found['rebuild'][0][1]:.0f} ms")
    token, _version = SearchIndexState.current()
    found["vocabulary_ms"] = timed_call(lambda: vocabulary.Vocabulary.build(token)) * 1000
    found["batch_size"] = batch
    return found


def copy_memory():
    """The in-memory copy's size: what a fresh load keeps (all arrays, titles and the title order
    built on first use), and the most it held at once while loading."""
    from search.backends import snapshot
    from search.models import SearchIndexState

    gc.collect()
    token, version = SearchIndexState.current()
    tracemalloc.start()
    copy = snapshot.Snapshot.load(token, version)
    copy.title_order  # noqa: B018 (built on first use, then kept)
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arrays = sum(a.nbytes for a in vars(copy).values() if hasattr(a, "nbytes"))
    arrays += sum(mask.nbytes for mask in copy.facets.values())
    del copy
    return {"copy_mb": kept / 2**20, "copy_load_peak_mb": peak / 2**20, "copy_arrays_mb": arrays / 2**20}


def fresh_worker():
    """A new process on the same database, as a web worker after start-up: its RSS before its first
    search and after one pass of the mixes (the copy and the vocabulary loaded)."""
    env = {key: value for key, value in os.environ.items() if key != "ELASTICSEARCH_URL"}
    out = subprocess.run(
        [sys.executable, __file__, "--worker"], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.split("RESULT ", 1)[1])


def worker():
    setup_django()
    from search.backends.database import DatabaseBackend
    from search.forms import SearchForm

    def rss_mb():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    before = rss_mb()
    backend = DatabaseBackend()
    one_pass(lambda params: backend.search(SearchForm(params).to_query()), defaultdict(list))
    gc.collect()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps({"before_mb": before, "after_mb": rss_mb(), "peak_mb": peak}), flush=True)


def database_for(configuration, size, server_url, folder):
    """A fresh database URL for one run, and a function that removes it afterwards."""
    if configuration == "sqlite":
        return f"sqlite:///{folder}/bench-search-{size}.sqlite3", lambda: None
    import psycopg

    name = f"bench_search_{size}"

    def on(database):
        return urlunsplit(urlsplit(server_url)._replace(path=f"/{database}"))

    def run(sql):
        with psycopg.connect(on("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {name}")
    run(f"CREATE DATABASE {name}")
    return on(name), lambda: run(f"DROP DATABASE IF EXISTS {name}")


def print_tables(results):
    print(f"\n=== {results[0]['describe']} ===")
    print(
        f"\n{'resources':>10}  {'phase':<11}{'backend':<14}{'mix':<13}{'queries':>8}{'median ms':>11}"
        f"{'p95 ms':>9}{'max ms':>9}{'queries/s':>11}"
    )
    for result in results:
        for row in result["latency"]:
            print(
                f"{result['size']:>10}  {row['phase']:<11}{row['backend']:<14}{row['mix']:<13}{row['n']:>8}"
                f"{row['median_ms']:>11.1f}{row['p95_ms']:>9.1f}{row['max_ms']:>9.0f}{row['qps']:>11.1f}"
            )
    print(f"\n{'resources':>10}  slowest queries, quiet (median ms)")
    for result in results:
        for name, slowest in result["slowest"].items():
            listed = "; ".join(f"{query} {ms:,.0f}" for query, ms in slowest)
            print(f"{result['size']:>10}  {name}: {listed}")
    print(f"\n{'resources':>10}  while publishing (database backend)")
    for result in results:
        found, writer = result["publishing"], result["publishing"]["writer"]
        catch_ups, builds, orders = found["catch_ups"], found["vocabulary_builds"], found["title_orders"]
        print(
            f"{result['size']:>10}  {found['seconds']:.0f} s, {found['queries']} queries; "
            f"{writer['singles']} single-page publishes ({writer['per_s']:.1f}/s; write and sync "
            f"median {writer['single_median_ms']:.0f} ms, p95 {writer['single_p95_ms']:.0f} ms), "
            f"{len(writer['batches_ms'])} batch of {writer['batch']} "
            f"({', '.join(f'{ms / 1000:.1f} s' for ms in writer['batches_ms'])})"
        )
        if catch_ups:
            print(
                f"{'':>10}  searches that caught the copy up: {len(catch_ups)} "
                f"(median {statistics.median(catch_ups):.0f} ms, max {max(catch_ups):.0f} ms in the "
                f"catch-up), then ordered it by title: {len(orders)} "
                f"(median {statistics.median(orders or [0]):.0f} ms, max {max(orders or [0]):.0f} ms)"
            )
        print(
            f"{'':>10}  vocabulary rebuilt {len(builds)} times"
            + (f" ({', '.join(f'{ms:,.0f}' for ms in builds)} ms)" if builds else "")
        )
    print(
        f"\n{'resources':>10}  {'reader catch-up after':<22}{'write ms':>10}{'current() ms':>14}"
        f"{'max ms':>8}{'title order ms':>16}"
    )
    for result in results:
        found = result["catch_up"]
        for label, key in [
            ("a single-page publish", "single"),
            (f"a batch of {found['batch_size']}", "batch"),
            ("a full rebuild", "rebuild"),
        ]:
            runs = found[key]
            print(
                f"{result['size']:>10}  {label:<22}{statistics.median(r[0] for r in runs):>10,.0f}"
                f"{statistics.median(r[1] for r in runs):>14,.0f}{max(r[1] for r in runs):>8,.0f}"
                f"{statistics.median(r[2] for r in runs):>16,.0f}"
            )
        print(f"{result['size']:>10}  {'a vocabulary rebuild':<22}{'':>10}{found['vocabulary_ms']:>14,.0f}")
    print(f"\n{'resources':>10}  index build rate (resources/s), first search of a fresh process, memory")
    for result in results:
        rates = ", ".join(
            f"{name.removesuffix('_per_s')} {rate:,.0f}/s" for name, rate in result["build"].items()
        )
        memory, worker = result["memory"], result["memory"]["worker"]
        print(
            f"{result['size']:>10}  {rates}\n{'':>10}  first search: copy loaded in "
            f"{result['first_load_ms']:,.0f} ms, vocabulary built in {result['vocabulary_ms']:,.0f} ms"
            f"\n{'':>10}  bench process peak RSS {result['peak_rss_mb']:,.0f} MB; in-memory copy "
            f"{memory['copy_mb']:.1f} MB ({memory['copy_arrays_mb']:.1f} MB of arrays, "
            f"{memory['copy_load_peak_mb']:.1f} MB at most while loading); a fresh worker "
            f"{worker['before_mb']:.0f} MB before its first search, {worker['after_mb']:.0f} MB after"
            + (
                f"; Elasticsearch heap in use {result['elasticsearch_heap_mb']:.0f} MB"
                if "elasticsearch_heap_mb" in result
                else ""
            )
        )
        calls = ", ".join(f"{n} {c:.1f}" for n, c in result["cache_calls_per_query"].items())
        print(f"{'':>10}  cache calls per search: {calls}")
    print(f"\n{'resources':>10}  seconds per phase (1-minute load average at its end)")
    for result in results:
        phases = ", ".join(
            f"{name} {seconds:,.0f} ({result['load'][name]:.1f})"
            for name, seconds in result["phases"].items()
        )
        print(f"{result['size']:>10}  {phases}; total {sum(result['phases'].values()):,.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--configurations", nargs="+", choices=CONFIGURATIONS)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--wagtail-up-to", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--publish-seconds", type=float, default=40)
    parser.add_argument("--publish-every", type=float, default=0.2)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--configuration", help=argparse.SUPPRESS)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--publisher", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure_one(args.one, args)
        return
    if args.publisher:
        publisher(args.publish_every, args.batch)
        return
    if args.worker:
        worker()
        return
    server = args.database_url
    if not server and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        server = os.environ["DATABASE_URL"]
    configurations = args.configurations or (["sqlite", "postgresql"] if server else ["sqlite"])
    if "postgresql" in configurations and not server:
        sys.exit("The postgresql configuration needs a PostgreSQL server: --database-url or DATABASE_URL.")
    if "postgresql" in configurations and not os.environ.get("REDIS_URL"):
        print("REDIS_URL is not set: the postgresql runs use the local-memory cache.", file=sys.stderr)
    results = defaultdict(list)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for configuration in configurations:
            for size in args.sizes:
                print(f"Measuring {size:,} resources on {configuration}…", flush=True)
                url, drop = database_for(configuration, size, server, folder)
                env = {
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                    "DATABASE_URL": url,
                    "ELASTICSEARCH_INDEX_PREFIX": f"bench-search-{configuration}-{size}-",
                }
                if configuration == "sqlite":
                    env.pop("REDIS_URL", None)  # the embedded default: the local-memory cache
                command = [
                    sys.executable,
                    __file__,
                    "--one",
                    str(size),
                    "--configuration",
                    configuration,
                    *("--wagtail-up-to", str(args.wagtail_up_to), "--passes", str(args.passes)),
                    *("--publish-seconds", str(args.publish_seconds)),
                    *("--publish-every", str(args.publish_every), "--batch", str(args.batch)),
                ]
                try:
                    out = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
                finally:
                    drop()
                if out.returncode:
                    sys.exit(f"The {configuration} run at {size:,} resources failed.")
                results[configuration].append(json.loads(out.stdout.split("RESULT ", 1)[1]))
                print(f"  done in {time.perf_counter() - started:,.0f} s since the start", flush=True)
    for found in results.values():
        print_tables(found)


if __name__ == "__main__":
    main()
