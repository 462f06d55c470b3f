"""Search relevance on hand-judged questions (`bench/relevance/`, see its README).

For the demo directory and for an unseen HSDS directory the search was never tuned on, a fresh
database is filled (the demo loader; `import_hsds --publish`) and indexed, then every judged
question runs through each backend as `/search/` runs it: the database backend, and Elasticsearch
when ELASTICSEARCH_URL is set. Prints per directory and backend: the share of questions with a right
answer in the top 3 (recall@3), the mean reciprocal rank of the first right answer (MRR), the share
of questions answered with nothing (zero-result rate), and the questions that missed. Then the
crisis-intent detection on the labelled sets: recall of crisis questions and the share of calm
questions taken for a crisis (false positives), per kind.

Usage: python bench/relevance.py [--database-url URL] [--quiet]
  --database-url  a PostgreSQL server URL to run on (a fresh database per directory is created
                  and dropped there); default: a temporary SQLite file per directory
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "relevance"
# directory: (its services, its judged questions); the demo's services come from the demo loader
DIRECTORIES = {
    "demo": (None, "demo_questions.tsv"),
    "unseen": ("unseen_directory.json", "unseen_questions.tsv"),
    "unseen2": ("unseen2_directory.json", "unseen2_questions.tsv"),
}
CRISIS_SETS = ["crisis_questions.tsv", "crisis_holdout.tsv", "crisis_holdout2.tsv"]
TOP = 3


def rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def fill(directory):
    """Fill the fresh database with a directory and index it for every configured backend."""
    from django.core.management import call_command

    from resources.demo import load_demo_directory
    from search import elastic, indexing

    call_command("migrate", verbosity=0)
    services, _questions = DIRECTORIES[directory]
    if services is None:
        load_demo_directory()
    else:
        call_command("import_hsds", str(DATA / services), publish=True, verbosity=0)
    indexing.rebuild()
    if elastic.is_configured():
        elastic.rebuild()


def judge(backend, questions):
    """Per question: (question, expected, top titles, total, crisis lines shown)."""
    from search.forms import SearchForm

    judged = []
    for row in questions:
        results = backend.search(SearchForm({"q": row["question"]}).to_query(per_page=20))
        expected = [title.strip() for title in row["expected"].split("|")]
        titles = [hit.title for hit in results.hits]
        judged.append((row["question"], expected, titles, results.total, results.crisis))
    return judged


def scores(judged):
    found = [
        next((i for i, t in enumerate(top, 1) if t in expected), None) for _, expected, top, *_ in judged
    ]
    return {
        "questions": len(judged),
        "recall_at_3": sum(1 for rank in found if rank and rank <= TOP) / len(judged),
        "mrr": sum(1 / rank for rank in found if rank) / len(judged),
        "zero_results": sum(1 for *_, total, _crisis in judged if total == 0) / len(judged),
        "crisis_lines": sum(1 for *_, crisis in judged if crisis) / len(judged),
        "misses": [
            {"question": q, "expected": e, "top": top[:TOP]}
            for (q, e, top, *_), rank in zip(judged, found, strict=True)
            if not rank or rank > TOP
        ],
    }


def measure_one(directory):
    """Runs in a subprocess with its own database; prints one JSON line."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from search import elastic
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend

    started = time.perf_counter()
    fill(directory)
    result = {"directory": directory, "fill_s": time.perf_counter() - started, "backends": {}}
    backends = {"database": DatabaseBackend()}
    if elastic.is_configured():
        backends["elasticsearch"] = ElasticsearchBackend()
    questions = rows(DIRECTORIES[directory][1])
    for name, backend in backends.items():
        result["backends"][name] = scores(judge(backend, questions))
    if elastic.is_configured():
        elastic.drop_indexes()
    print("RESULT " + json.dumps(result), flush=True)


def crisis_scores():
    """{detector: {set: {kind: Counter(right, total)}}} for the phrase list alone and for the
    phrase list with the learned model (what shows the crisis lines); no database needed."""
    import django

    django.setup()
    from search.question import understand

    detectors = {"phrase list": lambda q: bool(q.crisis), "phrase list or model": lambda q: q.possible_crisis}
    found = {name: {} for name in detectors}
    for set_name in CRISIS_SETS:
        if not (DATA / set_name).exists():
            continue
        for row in rows(set_name):
            question = understand(row["question"])
            for name, detects in detectors.items():
                tally = found[name].setdefault(set_name, {})
                right = detects(question) == (row["label"] == "crisis")
                counts = tally.setdefault(row["kind"], Counter())
                counts["right"] += right
                counts["total"] += 1
                if not right:
                    tally.setdefault("_wrong", []).append((row["label"], row["question"]))
    return found


def database_for(directory, server_url, folder):
    """A fresh database URL for one directory's run, and a function that removes it afterwards."""
    if not server_url:
        return f"sqlite:///{folder}/relevance-{directory}.sqlite3", lambda: None
    import psycopg

    name = f"bench_relevance_{directory}"
    admin = server_url.rsplit("/", 1)[0] + "/postgres"

    def run(sql):
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {name}")
    run(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + f"/{name}", lambda: run(f"DROP DATABASE IF EXISTS {name}")


def print_relevance(results, quiet):
    heading = (
        f"{'directory':<10}{'backend':<15}{'questions':>10}{'recall@3':>10}{'MRR':>7}{'zero results':>14}"
    )
    print(f"\n{heading}{'crisis lines shown':>20}")
    for result in results:
        for name, row in result["backends"].items():
            print(
                f"{result['directory']:<10}{name:<15}{row['questions']:>10}{row['recall_at_3']:>10.1%}"
                f"{row['mrr']:>7.2f}{row['zero_results']:>14.1%}{row['crisis_lines']:>20.1%}"
            )
    if quiet:
        return
    for result in results:
        for name, row in result["backends"].items():
            for miss in row["misses"]:
                print(f"  miss {result['directory']}/{name}: {miss['question']!r}")
                got = " | ".join(miss["top"]) or "nothing"
                print(f"       expected {' | '.join(miss['expected'])}; got {got}")


def print_crisis(found, quiet):
    print(f"\n{'detector':<22}{'crisis set':<24}{'kind':<23}{'right':>7}{'of':>5}{'rate':>8}")
    for detector, sets in found.items():
        for name, tally in sets.items():
            kinds = {kind: counts for kind, counts in tally.items() if not kind.startswith("_")}
            for kind, counts in sorted(kinds.items()):
                label = "calm (no false alarm)" if kind == "calm" else kind
                rate = counts["right"] / counts["total"]
                print(
                    f"{detector:<22}{name:<24}{label:<23}{counts['right']:>7}{counts['total']:>5}{rate:>8.1%}"
                )
            crisis = [c for k, c in kinds.items() if k != "calm"]
            caught, total = sum(c["right"] for c in crisis), sum(c["total"] for c in crisis)
            calm = kinds.get("calm", Counter(right=0, total=0))
            alarms = calm["total"] - calm["right"]
            print(
                f"{detector:<22}{name:<24}{'= crisis recall':<23}{caught:>7}{total:>5}{caught / total:>8.1%}"
                f"   false positives {alarms}/{calm['total']} = {alarms / max(1, calm['total']):.1%}"
            )
            if not quiet:
                for label, question in tally.get("_wrong", []):
                    print(
                        f"  wrong ({'missed crisis' if label == 'crisis' else 'false alarm'}): {question!r}"
                    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--one", choices=sorted(DIRECTORIES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure_one(args.one)
        return
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for directory in DIRECTORIES:
            print(f"Filling and indexing the {directory} directory, then asking its questions…", flush=True)
            url, drop = database_for(directory, args.database_url, folder)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                "DATABASE_URL": url,
                "ELASTICSEARCH_INDEX_PREFIX": f"bench-relevance-{directory}-",
            }
            command = [sys.executable, __file__, "--one", directory]
            try:
                out = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
            finally:
                drop()
            if out.returncode:
                sys.exit(f"The {directory} run failed:\n{out.stderr[-3000:]}")
            results.append(json.loads(out.stdout.split("RESULT ", 1)[1]))
    vendor = "PostgreSQL" if args.database_url else "SQLite"
    print(f"\nRelevance ({vendor}; Elasticsearch {'on' if os.environ.get('ELASTICSEARCH_URL') else 'off'})")
    print_relevance(results, args.quiet)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    sys.path.insert(0, str(ROOT))
    print_crisis(crisis_scores(), args.quiet)


if __name__ == "__main__":
    main()
