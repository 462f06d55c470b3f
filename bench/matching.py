"""Repeat-encounter detection measured on hand-labelled pairs of people (`bench/matching/`).

Every pair's record A is saved as a `Person` in a fresh temporary SQLite database (migrated, with
`--crowd` made-up people around them, so that look-ups have other candidates to skip); record B is
built as an unsaved `Person`, as the "add a person" form builds it, and `referrals.people.likely_matches`
is asked about it. A pair counts as offered when A is among the matches marked `.likely`; a match that
only shares a phone or an email (a household) is not an offer. Only record A is judged: people of other
pairs or of the crowd offered for B are counted apart.

Prints the confusion table (pairs, TP, FP, FN, TN, precision, recall; targets: precision ≥ 90 %,
recall ≥ 95 %), the pairs and mistakes per kind of pair (`note`), each mistake with the reasons given,
and the time one `likely_matches` call takes (median and 95th percentile over every B, `--repeat`
times each).

Usage: python bench/matching.py [--crowd N] [--repeat N] [--quiet]
"""

import argparse
import csv
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "bench" / "matching" / "people_pairs.csv"
TARGET_PRECISION, TARGET_RECALL = 0.90, 0.95
# The crowd: names of its own and phones in area codes no pair uses, so it only adds candidates.
CROWD_FIRST = "Aaron Bianca Cedric Delia Everett Fatima Gideon Harriet Ivan Juniper Kofi Lorena Moses Nadine "
CROWD_FIRST += "Orlando Pilar Quentin Rhoda Silas Trinity Ulysses Verna Wendell Yasmin Zeke"
CROWD_LAST = "Abbott Barlow Crane Dorsey Ellison Falk Gaines Hurst Ingram Judd Keller Lott Maddox Nash "
CROWD_LAST += "Oakes Pruett Quarles Rowe Sutter Tate Upton Vance Wolfe Yates Zeller"
CROWD_AREAS = ("269", "517", "616")


def read_pairs(path=PAIRS):
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def record(row, side):
    """An unsaved Person from one side ("a" or "b") of a pair."""
    from referrals.models import Person

    born = row[f"dob_{side}"]
    return Person(
        first_name=row[f"first_{side}"],
        last_name=row[f"last_{side}"],
        date_of_birth=datetime.date.fromisoformat(born) if born else None,
        phone=row[f"phone_{side}"],
        email=row[f"email_{side}"],
    )


def add_crowd(count, seed=0):
    from referrals.models import Person

    rng = random.Random(seed)
    first, last = CROWD_FIRST.split(), CROWD_LAST.split()
    for _ in range(count):
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(26_000))
        Person(
            first_name=rng.choice(first),
            last_name=rng.choice(last),
            date_of_birth=born if rng.random() < 0.8 else None,
            phone=f"{rng.choice(CROWD_AREAS)}-555-01{rng.randrange(100):02d}" if rng.random() < 0.7 else "",
        ).save()


def judge(rows, repeat=1):
    """Per pair: (row, offered, match of A or None, other people offered); and every call's time."""
    from referrals.people import likely_matches

    saved = {}
    for row in rows:
        saved[row["id"]] = record(row, "a")
        saved[row["id"]].save()
    judged, timings = [], []
    for row in rows:
        candidate = record(row, "b")
        for _ in range(repeat):
            started = time.perf_counter()
            matches = likely_matches(candidate)
            timings.append(time.perf_counter() - started)
        of_a = next((match for match in matches if match.person.pk == saved[row["id"]].pk), None)
        others = sum(1 for match in matches if match.likely and match is not of_a)
        judged.append((row, bool(of_a and of_a.likely), of_a, others))
    return judged, timings


def confusion(judged):
    counts = Counter()
    for row, offered, _match, _others in judged:
        same = row["same"] == "1"
        counts[("T" if offered == same else "F") + ("P" if offered else "N")] += 1
    counts["precision"] = counts["TP"] / max(1, counts["TP"] + counts["FP"])
    counts["recall"] = counts["TP"] / max(1, counts["TP"] + counts["FN"])
    return counts


def describe(row, side):
    name = " ".join(part for part in (row[f"first_{side}"], row[f"last_{side}"]) if part)
    details = [row[f"{field}_{side}"] for field in ("dob", "phone", "email") if row[f"{field}_{side}"]]
    return f"{name} ({', '.join(details) or 'nothing else'})"


def report(judged, timings, quiet):
    counts = confusion(judged)
    print(f"\n{'pairs':>6}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}{'precision':>11}{'recall':>8}")
    print(
        f"{len(judged):>6}{counts['TP']:>5}{counts['FP']:>5}{counts['FN']:>5}{counts['TN']:>5}"
        f"{counts['precision']:>11.1%}{counts['recall']:>8.1%}"
    )
    met = counts["precision"] >= TARGET_PRECISION and counts["recall"] >= TARGET_RECALL
    verdict = "met" if met else "NOT met"
    print(f"targets: precision ≥ {TARGET_PRECISION:.0%}, recall ≥ {TARGET_RECALL:.0%}: {verdict}")

    kinds = {}
    for row, offered, _match, _others in judged:
        tally = kinds.setdefault((row["note"], row["same"] == "1"), Counter())
        tally["pairs"] += 1
        tally["mistakes"] += offered != (row["same"] == "1")
    print(f"\n{'kind of pair':<30}{'label':<10}{'pairs':>6}{'mistakes':>10}")
    for (note, same), tally in sorted(kinds.items(), key=lambda item: (not item[0][1], item[0][0])):
        label = "same" if same else "different"
        print(f"{note:<30}{label:<10}{tally['pairs']:>6}{tally['mistakes']:>10}")

    if not quiet:
        for row, offered, match, _others in judged:
            if offered != (row["same"] == "1"):
                kind = "missed (FN)" if row["same"] == "1" else "offered (FP)"
                reasons = "; ".join(match.reasons) if match else "none (A not listed at all)"
                print(f"  {kind} #{row['id']} {row['note']}: {describe(row, 'a')} / {describe(row, 'b')}")
                print(f"       reasons: {reasons}")
    others = sum(1 for *_, count in judged if count)
    print(f"\nB records for which someone other than A was offered as likely: {others} of {len(judged)}")
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(
        f"likely_matches per call: median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms ({len(ms)} calls)"
    )
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crowd", type=int, default=2000, help="made-up people around the pairs")
    parser.add_argument("--repeat", type=int, default=3, help="calls per B record, for the timing")
    parser.add_argument("--quiet", action="store_true", help="no list of the mistakes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/matching.sqlite3"
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command

        django.setup()
        print("Migrating a fresh database and saving the people…", flush=True)
        call_command("migrate", verbosity=0)
        add_crowd(args.crowd)
        rows = read_pairs()
        judged, timings = judge(rows, args.repeat)
        print(f"\nRepeat-encounter detection on {PAIRS.relative_to(ROOT)} ({args.crowd} other people)")
        report(judged, timings, args.quiet)


if __name__ == "__main__":
    main()
