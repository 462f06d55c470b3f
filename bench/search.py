"""Search latency: the database backend and Elasticsearch side by side, with Wagtail's own
`ResourcePage.objects.live().search()` on the same data as the baseline a site builder would use.

For each size, a fresh SQLite database is filled with generated resources and indexed; then a
fixed mix of 20 queries (text, facets, near a ZIP; every answer includes facet counts and the
first page of hits) runs through each backend. Prints median, p95, throughput, index build rate
and memory. Elasticsearch is measured when ELASTICSEARCH_URL is set (bench/run-search.sh starts one).

Usage: python bench/search.py [--sizes 10000 100000] [--wagtail-up-to 10000] [--passes 5]
"""

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(samples):
    return {
        "median_ms": statistics.median(samples) * 1000,
        "p95_ms": percentile(samples, 0.95) * 1000,
        "qps": len(samples) / sum(samples),
        "n": len(samples),
    }


def timed(function, passes):
    samples = []
    for _ in range(passes):
        for params in MIX:
            started = time.perf_counter()
            function(params)
            samples.append(time.perf_counter() - started)
    return samples


def measure_one(size, wagtail_up_to, passes):
    """Runs in a subprocess with its own database; prints one JSON line."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    from bench.bulk_seed import seed
    from resources.models import ResourcePage
    from search import elastic, indexing
    from search.backends import snapshot
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.forms import SearchForm

    result = {"size": size, "build": {}, "backends": {}}
    started = time.perf_counter()
    seed(size, progress=lambda line: print(line, file=sys.stderr, flush=True))
    result["build"]["seed_per_s"] = size / (time.perf_counter() - started)
    started = time.perf_counter()
    indexing.rebuild()
    result["build"]["database_per_s"] = size / (time.perf_counter() - started)
    started = time.perf_counter()
    copy = snapshot.current()  # what each worker loads on its first search after a publish
    result["snapshot_ms"] = (time.perf_counter() - started) * 1000
    result["snapshot_mb"] = sum(a.nbytes for a in vars(copy).values() if hasattr(a, "nbytes")) / 2**20
    result["snapshot_mb"] += sum(mask.nbytes for mask in copy.facets.values()) / 2**20

    def run(backend):
        return lambda params: backend.search(SearchForm(params).to_query())

    backends = {"database": DatabaseBackend()}
    if elastic.is_configured():
        elastic.rebuild()  # first, to warm the freshly started server up (JIT), as a long-running one is
        started = time.perf_counter()
        elastic.rebuild()
        result["build"]["elasticsearch_per_s"] = size / (time.perf_counter() - started)
        backends["elasticsearch"] = ElasticsearchBackend()
    # Setting up 100,000 resources in this process leaves a heap a web worker never has; freezing it
    # keeps Python's collector from scanning it during the timed queries.
    gc.collect()
    gc.freeze()
    for name, backend in backends.items():
        timed(run(backend), 3)  # warm up: caches, the in-memory copy, Elasticsearch's JIT
        result["backends"][name] = summary(timed(run(backend), passes))
    text_only = [params["q"] for params in MIX if set(params) == {"q"}]
    if size <= wagtail_up_to:
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        result["build"]["wagtail_per_s"] = size / (time.perf_counter() - started)
        wagtail = [
            timed_call(lambda q=q: list(ResourcePage.objects.live().search(q)[:20])) for q in text_only
        ]
        ours = [timed_call(lambda q=q: run(backends["database"])({"q": q})) for q in text_only]
        result["backends"]["wagtail (text only)"] = summary(wagtail)
        result["backends"]["database (same text)"] = summary(ours)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if elastic.is_configured():
        stats = elastic.admin_client().nodes.stats(metric="jvm")
        node = next(iter(stats["nodes"].values()))
        result["elasticsearch_heap_mb"] = node["jvm"]["mem"]["heap_used_in_bytes"] / 2**20
        elastic.drop_indexes()
    print("RESULT " + json.dumps(result), flush=True)


def timed_call(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def print_table(results):
    print(
        f"\n{'resources':>10}  {'backend':<22}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'queries/s':>11}"
    )
    for result in results:
        for name, row in result["backends"].items():
            print(
                f"{result['size']:>10}  {name:<22}{row['n']:>8}{row['median_ms']:>11.1f}"
                f"{row['p95_ms']:>9.1f}{row['qps']:>11.1f}"
            )
    print(f"\n{'resources':>10}  index build rate (resources/s) and memory")
    for result in results:
        rates = ", ".join(
            f"{name.removesuffix('_per_s')} {rate:,.0f}/s" for name, rate in result["build"].items()
        )
        memory = f"bench process peak {result['peak_rss_mb']:.0f} MB"
        copy = f"{result['snapshot_mb']:.1f} MB loaded in {result['snapshot_ms']:.0f} ms"
        memory += f", database in-memory copy {copy}"
        if "elasticsearch_heap_mb" in result:
            memory += f", Elasticsearch heap in use {result['elasticsearch_heap_mb']:.0f} MB"
        print(f"{result['size']:>10}  {rates}; {memory}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--wagtail-up-to", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure_one(args.one, args.wagtail_up_to, args.passes)
        return
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            print(f"Measuring {size:,} resources…", flush=True)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                "DATABASE_URL": f"sqlite:///{folder}/bench-{size}.sqlite3",
                "ELASTICSEARCH_INDEX_PREFIX": "bench-",
            }
            command = [
                sys.executable,
                __file__,
                "--one",
                str(size),
                "--wagtail-up-to",
                str(args.wagtail_up_to),
                "--passes",
                str(args.passes),
            ]
            out = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=ROOT)
            results.append(json.loads(out.stdout.split("RESULT ", 1)[1]))
    print_table(results)


if __name__ == "__main__":
    main()
