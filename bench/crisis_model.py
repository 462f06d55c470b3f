"""Crisis detection measured: the phrase list, small learned text classifiers, and the two together.

The phrase list (`search/question/crisis.py`) was tuned on `crisis_questions.tsv` and
`crisis_holdout.tsv`; `crisis_holdout2.tsv` was never used for tuning. This script measures how far
a logistic regression over TF-IDF word and character n-grams, used beside the phrase list ("crisis
if either says so"), raises recall on wording it was not trained on.

Every candidate is evaluated two ways:
- leave one set out: train on two of the three files, test on the third, all three ways;
- stratified 5-fold cross-validation over all 527 rows (stratified by kind).
Within each training part, an inner stratified 5-fold cross-validation (repeated with three
shuffles) gives out-of-fold scores from which the decision threshold is chosen: the lowest one at
which the out-of-fold false-positive rate on calm questions is at most 5%, once for the model alone
and once for "phrase list OR model" (and again at 3%, to leave a margin). The test part is never
looked at. The regularisation strength is fixed (C=10): `--c-sweep` shows that on the two tuning
files average precision hardly moves between C=0.3 and C=1000. Only the leave-one-set-out fold
that tests on `crisis_holdout2.tsv` is fully honest for "phrase list OR model": on the other two
files the phrase list itself was tuned on the rows being tested.

The crisis files' calm rows are mostly hard negatives. As a second check on false alarms, the
models trained on the two tuning files are also run on the search-relevance questions
(`demo_questions.tsv`, `unseen_questions.tsv`), whose expected answers tell ordinary needs (no
crisis service among them) from crisis ones; they are not labelled crisis/calm, so this is a proxy.

The exported model (`--export`) is trained on the two tuning files only, so that
`crisis_holdout2.tsv` stays a held-out measure of the whole detector, as its README asks; its
threshold is the "OR" one chosen at 3% on the training rows (SHIPPED_FP_TARGET).

Candidates:
  A  logistic regression, word 1-2-gram + char_wb 3-5-gram TF-IDF, scikit-learn end to end;
  B  the same fitted model exported and scored by `search/question/crisis_model.py` (numpy only);
     its scores are compared with A's on every test row;
  C  A plus a third block: word 1-2-grams over the question with the phrase list's word classes
     ({weapon}, {substance}, {self} …, from `data/crisis.txt`) put in place of their members, so that
     a weapon or a drug seen in training stands for the others the phrase list names.

Usage (training needs scikit-learn, e.g. `pip install scikit-learn`; the runtime needs numpy only):
  python bench/crisis_model.py                 # every table; add --misses to list missed questions
  python bench/crisis_model.py --export        # train on the two tuning files, write the weights
  python bench/crisis_model.py --runtime       # latency and memory of the runtime alone
  python bench/crisis_model.py --c-sweep       # candidate A by C, on the two tuning files only
"""

import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "relevance"
SETS = ("crisis_questions", "crisis_holdout", "crisis_holdout2")
TUNING_SETS = SETS[:2]  # the phrase list was tuned on these; crisis_holdout2 must stay held out
KINDS = ("suicide", "self-harm", "harm-to-others", "overdose", "psychosis")
MAX_FP_RATE = 0.05
# A second, stricter target on training rows leaves a margin for the noise of a threshold set at 5%.
FP_TARGETS = (MAX_FP_RATE, 0.03)
SHIPPED_FP_TARGET = 0.03  # the exported threshold: OR'd with the phrase list, 3% on training rows
# Regularisation: average precision is flat from C=0.3 to C=1000 on the two tuning files (--c-sweep),
# so C is fixed in the middle of that range rather than chosen again in every split.
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
C_FIXED = 10.0
INNER_SEEDS = (0, 1, 2)
SEED = 0
WEIGHTS = ROOT / "search" / "question" / "data" / "crisis_model.json"


# --- data and the phrase list ------------------------------------------------------------------


def load_rows():
    rows = []
    for name in SETS:
        with open(DATA / f"{name}.tsv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append({**row, "set": name, "crisis": row["label"] == "crisis"})
    return rows


def phrase_verdicts(rows):
    from search.question.crisis import crisis_kinds
    from search.question.words import words

    return [bool(crisis_kinds(words(row["question"]))) for row in rows]


# --- candidates ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def class_members():
    """The phrase list's word classes: member phrase (as words) -> "{class}", longest first."""
    from search.question.lexicon import data_lines
    from search.question.words import words

    members = {}
    for line in data_lines("crisis.txt"):
        name, _, listed = line.partition(":")
        name = name.strip()
        if name.startswith("{") and name.endswith("}"):
            for phrase in listed.split(","):
                tokens = tuple(words(phrase))
                if tokens:
                    members.setdefault(tokens, name)
    return tuple(sorted(members.items(), key=lambda item: -len(item[0])))


def class_mapped(text, members):
    """The normalised text with every word-class member replaced by its class name."""
    tokens, out, i = text.split(), [], 0
    while i < len(tokens):
        for phrase, name in members:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                out.append(name)
                i += len(phrase)
                break
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


class Candidate:
    """A feature pipeline + logistic regression that can be fitted, scored and exported."""

    def __init__(self, name, with_classes=False):
        self.name = name
        self.with_classes = with_classes
        self.members = class_members() if with_classes else None

    def vectorizers(self):
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        common = {"lowercase": False, "sublinear_tf": True, "dtype": np.float64}
        blocks = [
            (
                "word",
                TfidfVectorizer(
                    analyzer="word", tokenizer=str.split, token_pattern=None, ngram_range=(1, 2), **common
                ),
            ),
            ("char_wb", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)),
        ]
        if self.with_classes:
            blocks.append(
                (
                    "classes",
                    TfidfVectorizer(
                        analyzer="word", tokenizer=str.split, token_pattern=None, ngram_range=(1, 2), **common
                    ),
                )
            )
        return blocks

    def inputs(self, texts, block):
        if block == "classes":
            return [class_mapped(text, self.members) for text in texts]
        return texts

    def fit(self, texts, labels, C):
        from scipy.sparse import hstack
        from sklearn.linear_model import LogisticRegression

        self.blocks = self.vectorizers()
        matrix = hstack([vec.fit_transform(self.inputs(texts, name)) for name, vec in self.blocks]).tocsr()
        self.regression = LogisticRegression(C=C, class_weight="balanced", max_iter=10000)
        self.regression.fit(matrix, labels)
        self.C = C
        return self

    def scores(self, texts):
        from scipy.sparse import hstack

        matrix = hstack([vec.transform(self.inputs(texts, name)) for name, vec in self.blocks]).tocsr()
        return self.regression.predict_proba(matrix)[:, 1]

    def export(self):
        """The fitted model as the runtime reads it (`search/question/crisis_model.py`)."""
        assert not self.with_classes, "the runtime scores the word and char_wb blocks only"
        coef, blocks, start = self.regression.coef_[0], [], 0
        for _name, vec in self.blocks:
            terms = vec.get_feature_names_out().tolist()
            blocks.append(
                {
                    "analyzer": vec.analyzer,
                    "ngram_range": list(vec.ngram_range),
                    "sublinear_tf": vec.sublinear_tf,
                    "terms": terms,
                    "idf": vec.idf_.tolist(),
                    "coef": coef[start : start + len(terms)].tolist(),
                }
            )
            start += len(terms)
        return {"intercept": float(self.regression.intercept_[0]), "blocks": blocks}


CANDIDATES = {
    "A": lambda: Candidate("A logistic regression, word 1-2 + char_wb 3-5 TF-IDF (scikit-learn)"),
    "C": lambda: Candidate(
        "C as A, plus word 1-2-grams over the phrase list's word classes", with_classes=True
    ),
}


# --- choosing C and the threshold on training rows only ----------------------------------------


def folds(kinds, k, seed=SEED):
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(kinds, kinds))


def lowest_threshold(scores, crisis, flagged, max_fp_rate=MAX_FP_RATE):
    """The lowest threshold at which calm rows flagged (by the phrase list, if given) or scoring at
    least the threshold make up at most `max_fp_rate` of calm rows."""
    calm = [s for s, c, f in zip(scores, crisis, flagged, strict=True) if not c and not f]
    n_calm = sum(not c for c in crisis)
    budget = math.floor(max_fp_rate * n_calm) - sum(f for c, f in zip(crisis, flagged, strict=True) if not c)
    if budget < 0:
        return math.inf
    calm.sort(reverse=True)
    if budget >= len(calm):
        return 0.0
    return math.nextafter(calm[budget], math.inf)


def out_of_fold(make, texts, crisis, kinds, C, seeds=INNER_SEEDS):
    """Out-of-fold probabilities from repeated stratified 5-fold cross-validation: one list per seed."""
    runs = []
    for seed in seeds:
        oof = [0.0] * len(texts)
        for fit_idx, val_idx in folds(kinds, 5, seed):
            model = make().fit([texts[i] for i in fit_idx], [crisis[i] for i in fit_idx], C)
            for i, score in zip(val_idx, model.scores([texts[i] for i in val_idx]), strict=True):
                oof[i] = float(score)
        runs.append(oof)
    return runs


def train(make, texts, crisis, kinds, phrase, C=C_FIXED):
    """Fit on all the given rows; both thresholds come from out-of-fold scores on those rows only
    (5-fold cross-validation repeated with three shuffles, pooled)."""
    runs = out_of_fold(make, texts, crisis, kinds, C)
    pooled = [score for run in runs for score in run]
    crisis_, phrase_ = crisis * len(runs), phrase * len(runs)
    model = make().fit(texts, crisis, C)
    model.thresholds = {
        rate: (
            lowest_threshold(pooled, crisis_, [False] * len(pooled), rate),
            lowest_threshold(pooled, crisis_, phrase_, rate),
        )
        for rate in FP_TARGETS
    }
    model.threshold_alone, model.threshold_or = model.thresholds[MAX_FP_RATE]
    return model


def c_sweep():
    """Average precision and ROC AUC of candidate A by C, out of fold on the two tuning files only."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    from search.question.crisis_model import normalised

    rows = [row for row in load_rows() if row["set"] in TUNING_SETS]
    texts, crisis, kinds = (
        [normalised(r["question"]) for r in rows],
        [r["crisis"] for r in rows],
        [r["kind"] for r in rows],
    )
    print(
        f"Candidate A by C, 5-fold out of fold on {' + '.join(TUNING_SETS)} ({len(rows)} rows), per shuffle"
    )
    print(f"{'C':>6}  " + "  ".join(f"AP/AUC seed {seed}" for seed in INNER_SEEDS))
    for C in C_GRID:
        runs = out_of_fold(CANDIDATES["A"], texts, crisis, kinds, C)
        print(
            f"{C:>6g}  "
            + "  ".join(
                f"{average_precision_score(crisis, r):.3f}/{roc_auc_score(crisis, r):.3f}    " for r in runs
            )
        )


# --- measuring ----------------------------------------------------------------------------------


def counts(crisis, said):
    tp = sum(c and s for c, s in zip(crisis, said, strict=True))
    fp = sum(s and not c for c, s in zip(crisis, said, strict=True))
    return tp, sum(crisis), fp, sum(not c for c in crisis)


def cell(crisis, said):
    tp, p, fp, n = counts(crisis, said)
    return f"{tp:>3}/{p:<3} {100 * tp / p:5.1f}%   {fp:>2}/{n:<3} {100 * fp / n:4.1f}%"


HEADER = "recall             FP"


def per_kind(rows, said):
    parts = []
    for kind in KINDS:
        idx = [i for i, row in enumerate(rows) if row["kind"] == kind]
        parts.append(f"{sum(said[i] for i in idx):>2}/{len(idx):<2}")
    return "  ".join(parts)


def evaluate(make, rows, phrase, splits):
    """Test-row probabilities and decisions of one candidate over the given (train, test) splits."""
    texts = [row["text"] for row in rows]
    crisis = [row["crisis"] for row in rows]
    kinds = [row["kind"] for row in rows]
    out = {"p": [None] * len(rows), "fits": [], "runtime_gap": 0.0}
    for rate in FP_TARGETS:
        out[("alone", rate)], out[("or", rate)] = [None] * len(rows), [None] * len(rows)
    for train_idx, test_idx in splits:
        model = train(
            make,
            [texts[i] for i in train_idx],
            [crisis[i] for i in train_idx],
            [kinds[i] for i in train_idx],
            [phrase[i] for i in train_idx],
        )
        scores = model.scores([texts[i] for i in test_idx])
        if not model.with_classes:
            out["runtime_gap"] = max(
                out["runtime_gap"], runtime_gap(model, [rows[i]["question"] for i in test_idx], scores)
            )
        out["fits"].append((model.C, model.thresholds))
        out.setdefault("models", []).append(model)
        for i, score in zip(test_idx, scores, strict=True):
            out["p"][i] = float(score)
            for rate, (alone, either) in model.thresholds.items():
                out[("alone", rate)][i] = score >= alone
                out[("or", rate)][i] = phrase[i] or score >= either
    return out


def runtime_gap(model, questions, scores):
    """Largest |probability| difference between the numpy runtime (B) and scikit-learn (A)."""
    from search.question import crisis_model

    runtime = crisis_model.from_dict({**model.export(), "threshold": model.threshold_or, "trained_on": []})
    return max(abs(runtime.probability(q) - float(s)) for q, s in zip(questions, scores, strict=True))


def leave_one_set_out(rows):
    return [
        (
            [i for i, row in enumerate(rows) if row["set"] != held],
            [i for i, row in enumerate(rows) if row["set"] == held],
        )
        for held in SETS
    ]


def ordinary_questions():
    """The search-relevance questions (`demo_questions.tsv`, `unseen_questions.tsv`), split by whether
    the judge's expected answers name a crisis service. They are not labelled crisis/calm; those whose
    answers name none are ordinary needs, and a detector firing on them is (nearly always) a false alarm."""
    rows = []
    for name in ("demo_questions", "unseen_questions"):
        with open(DATA / f"{name}.tsv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append({**row, "set": name, "crisis_service": "crisis" in row["expected"].lower()})
    return rows


def print_ordinary(loso, show):
    """How often each detector fires on the search-relevance questions, with the models trained on the
    two tuning files (the leave-one-set-out split that holds out crisis_holdout2, as exported)."""
    from search.question.crisis_model import normalised

    rows = ordinary_questions()
    texts = [normalised(row["question"]) for row in rows]
    phrase = phrase_verdicts(rows)
    print(
        "\nOrdinary search questions (demo_questions + unseen_questions, not labelled crisis/calm): how often"
        "\neach detector fires, models trained on crisis_questions + crisis_holdout"
    )
    groups = [
        ("answers name no crisis service", [i for i, r in enumerate(rows) if not r["crisis_service"]]),
        ("answers name a crisis service", [i for i, r in enumerate(rows) if r["crisis_service"]]),
    ]
    print(f"{'detector':<30} " + "  ".join(f"{name} (n={len(idx)})" for name, idx in groups))
    lines = [("phrase list", phrase)]
    fired, ordinary = {}, {}
    for rate in FP_TARGETS:
        for key, res in loso.items():
            model = res["models"][SETS.index("crisis_holdout2")]
            scores = model.scores(texts)
            alone, either = model.thresholds[rate]
            lines.append((f"{key} alone @{rate:.0%}", [s >= alone for s in scores]))
            lines.append(
                (
                    f"phrase list OR {key} @{rate:.0%}",
                    [p or s >= either for p, s in zip(phrase, scores, strict=True)],
                )
            )
            fired[(key, rate)] = (scores, either)
            ordinary[key] = (phrase, scores, groups[0][1])
    for detector, said in lines:
        cells = [
            f"{sum(said[i] for i in idx):>3}/{len(idx):<3} {100 * sum(said[i] for i in idx) / len(idx):5.1f}%"
            for _, idx in groups
        ]
        print(f"{detector:<30} " + f"{cells[0]:<40}  {cells[1]}")
    if show and ("A", 0.03) in fired:
        scores, either = fired[("A", 0.03)]
        print("  ordinary questions (answers name no crisis service) flagged by phrase list OR A @3%:")
        for i in groups[0][1]:
            if phrase[i] or scores[i] >= either:
                print(f"    p={scores[i]:.3f}  phrase={phrase[i]!s:<5} {rows[i]['question']}")
    return ordinary


def print_rows(title, rows, results, phrase, splits, names):
    crisis = [row["crisis"] for row in rows]
    print(f"\n{title}")
    print("  (@5%, @3%: threshold = the lowest at which training rows' out-of-fold FP rate is at most that)")
    print(f"{'test rows':<18} {'detector':<30} {HEADER:<33} recall by kind ({', '.join(KINDS)})")
    for label, idx in names:
        sub = [rows[i] for i in idx]
        c = [crisis[i] for i in idx]
        lines = [("phrase list", [phrase[i] for i in idx])]
        for rate in FP_TARGETS:
            for key, res in results.items():
                lines.append((f"{key} alone @{rate:.0%}", [res[("alone", rate)][i] for i in idx]))
                lines.append((f"phrase list OR {key} @{rate:.0%}", [res[("or", rate)][i] for i in idx]))
        for j, (detector, said) in enumerate(lines):
            print(f"{label if j == 0 else '':<18} {detector:<30} {cell(c, said):<33} {per_kind(sub, said)}")


# --- the runtime alone ------------------------------------------------------------------------


def rss_kib():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def runtime_report():
    """Load time, memory and per-question latency of `search/question/crisis_model.py`."""
    import numpy  # noqa: F401  (the site imports it anyway; not counted as the model's memory)

    from search.question.words import words

    words("warm up the word normaliser")
    questions = [row["question"] for row in load_rows()]
    before = rss_kib()
    tracemalloc.start()
    started = time.perf_counter()
    from search.question import crisis_model

    crisis_model.model()
    load_ms = (time.perf_counter() - started) * 1000
    _, peak = tracemalloc.get_traced_memory()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = rss_kib()
    for question in questions:  # warm up
        crisis_model.probability(question)
    samples = []
    for _ in range(20):
        for question in questions:
            started = time.perf_counter()
            crisis_model.probability(question)
            samples.append(time.perf_counter() - started)
    samples.sort()
    print("\nRuntime (search/question/crisis_model.py, numpy only), one core")
    print(f"  scikit-learn imported: {'sklearn' in sys.modules}")
    print(
        f"  weights file: {crisis_model.WEIGHTS.stat().st_size / 1024:.0f} KiB, "
        f"{sum(len(b.index) for b in crisis_model.model().blocks)} features"
    )
    print(
        f"  load once per process: {load_ms:.0f} ms; Python memory held after load {held / 2**20:.1f} MiB "
        f"(peak while loading {peak / 2**20:.1f} MiB); process RSS +{(after - before) / 1024:.1f} MiB"
    )
    print(
        f"  per question over {len(samples)} calls ({len(questions)} questions x 20): median "
        f"{statistics.median(samples) * 1e3:.3f} ms, p95 {samples[int(0.95 * len(samples))] * 1e3:.3f} ms, "
        f"p99 {samples[int(0.99 * len(samples))] * 1e3:.3f} ms, max {samples[-1] * 1e3:.3f} ms"
    )


# --- main -----------------------------------------------------------------------------------------


def export(train_sets):
    from search.question.crisis_model import normalised

    rows = [row for row in load_rows() if row["set"] in train_sets]
    for row in rows:
        row["text"] = normalised(row["question"])
    phrase = phrase_verdicts(rows)
    model = train(
        CANDIDATES["A"],
        [r["text"] for r in rows],
        [r["crisis"] for r in rows],
        [r["kind"] for r in rows],
        phrase,
    )
    import sklearn

    data = {
        "about": "Logistic regression over TF-IDF word 1-2-grams and char_wb 3-5-grams of the question's "
        "words; written by bench/crisis_model.py --export. 'threshold' is for use beside the phrase list "
        "(crisis if either says so): the lowest at which, out of fold on the training rows (5-fold "
        "cross-validation, three shuffles), phrase list OR model flagged at most 3% of calm questions. "
        "'thresholds' gives the model-alone and OR thresholds for 5% and 3%.",
        "trained_on": [f"bench/relevance/{name}.tsv" for name in train_sets],
        "rows": len(rows),
        "C": model.C,
        "threshold": model.thresholds[SHIPPED_FP_TARGET][1],
        "thresholds": {
            f"{rate:.0%}": {"alone": alone, "or": either}
            for rate, (alone, either) in model.thresholds.items()
        },
        "scikit_learn": sklearn.__version__,
        **model.export(),
    }
    WEIGHTS.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {WEIGHTS.relative_to(ROOT)}: {len(rows)} rows from {', '.join(train_sets)}; C={model.C:g}, "
        f"threshold {data['threshold']:.4f} (thresholds {data['thresholds']}), "
        f"{WEIGHTS.stat().st_size / 1024:.0f} KiB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--export", action="store_true", help="train candidate A and write the runtime weights"
    )
    parser.add_argument(
        "--train-sets",
        nargs="+",
        default=list(TUNING_SETS),
        choices=SETS,
        help="files to train the exported model on (default: the two the phrase list was "
        "tuned on; adding crisis_holdout2 leaves no held-out set)",
    )
    parser.add_argument("--runtime", action="store_true", help="only the runtime's latency and memory")
    parser.add_argument(
        "--c-sweep", action="store_true", help="candidate A by C, on the two tuning files only"
    )
    parser.add_argument("--misses", action="store_true", help="list held-out crisis questions still missed")
    parser.add_argument("--candidates", nargs="+", default=sorted(CANDIDATES), choices=sorted(CANDIDATES))
    args = parser.parse_args()
    if args.runtime:
        runtime_report()
        return
    if args.export:
        export(args.train_sets)
        return
    if args.c_sweep:
        c_sweep()
        return

    from search.question.crisis_model import normalised

    rows = load_rows()
    for row in rows:
        row["text"] = normalised(row["question"])
    phrase = phrase_verdicts(rows)
    crisis = [row["crisis"] for row in rows]

    print("Baseline: the phrase list (tuned on crisis_questions and crisis_holdout)")
    print(f"{'set':<18} {HEADER:<33} recall by kind ({', '.join(KINDS)})")
    for name in SETS:
        idx = [i for i, row in enumerate(rows) if row["set"] == name]
        print(
            f"{name:<18} {cell([crisis[i] for i in idx], [phrase[i] for i in idx]):<33} "
            f"{per_kind([rows[i] for i in idx], [phrase[i] for i in idx])}"
        )
    print(f"{'all 527':<18} {cell(crisis, phrase):<33} {per_kind(rows, phrase)}")

    schemes = {
        "Leave one set out (train on the other two files)": leave_one_set_out(rows),
        "Stratified 5-fold cross-validation over all rows (pooled)": folds(
            [r["kind"] for r in rows], 5, seed=SEED
        ),
    }
    all_results = {}
    for title, splits in schemes.items():
        results = {}
        for key in args.candidates:
            started = time.perf_counter()
            results[key] = evaluate(CANDIDATES[key], rows, phrase, splits)
            results[key]["seconds"] = time.perf_counter() - started
        all_results[title] = results
        if title.startswith("Leave"):
            names = [(name, [i for i, row in enumerate(rows) if row["set"] == name]) for name in SETS]
        else:
            names = [("all 527", list(range(len(rows))))]
        print_rows(title, rows, results, phrase, splits, names)
        print("  chosen on training rows only, per split: C; thresholds alone / OR at 5%; alone / OR at 3%")
        for key, res in results.items():
            fits = ", ".join(
                f"({c:g}; " + "; ".join(f"{t[rate][0]:.3f} / {t[rate][1]:.3f}" for rate in FP_TARGETS) + ")"
                for c, t in res["fits"]
            )
            print(f"    {key}: {fits}")
        if "A" in results:
            print(
                f"  B (numpy runtime) vs A (scikit-learn): largest |probability difference| on test rows "
                f"{results['A']['runtime_gap']:.2e}; so B's tables are A's"
            )

    loso = all_results["Leave one set out (train on the other two files)"]
    held = [i for i, row in enumerate(rows) if row["set"] == "crisis_holdout2"]
    ordinary = print_ordinary(loso, args.misses)
    print(
        "\nThe honest fold (trained on crisis_questions + crisis_holdout, tested on crisis_holdout2) at fixed"
        "\nthresholds, with how often OR fires on the ordinary search questions (answers name no crisis"
        "\nservice). For reading only: no threshold in the tables above was chosen by looking at these rows."
    )
    print(f"{'threshold':<10} " + "  ".join(f"{key + ' alone':<22}{'OR ' + key:<36}" for key in loso))
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        parts = []
        for key, res in loso.items():
            alone = [res["p"][i] >= t for i in held]
            either = [phrase[i] or res["p"][i] >= t for i in held]
            c = [crisis[i] for i in held]
            a_tp, p, a_fp, n = counts(c, alone)
            o_tp, _, o_fp, _ = counts(c, either)
            o_phrase, o_scores, o_idx = ordinary[key]
            o_fired = sum(o_phrase[i] or o_scores[i] >= t for i in o_idx)
            parts.append(
                f"{a_tp:>2}/{p} FP {a_fp:>2}/{n}      "
                f"{o_tp:>2}/{p} FP {o_fp:>2}/{n} ordinary {o_fired:>2}/{len(o_idx)}  "
            )
        print(f"{t:<10} " + "  ".join(parts))

    if args.misses:
        res = loso.get("A") or next(iter(loso.values()))
        decided = res[("or", MAX_FP_RATE)]
        print("\ncrisis_holdout2, leave-one-set-out A @5%: crisis questions missed by phrase list OR model")
        for i in held:
            if crisis[i] and not decided[i]:
                print(f"  p={res['p'][i]:.3f}  {rows[i]['kind']:<15} {rows[i]['question']}")
        print("calm questions flagged by phrase list OR model")
        for i in held:
            if not crisis[i] and decided[i]:
                print(f"  p={res['p'][i]:.3f}  phrase={phrase[i]!s:<5} {rows[i]['question']}")

    if WEIGHTS.exists():
        subprocess.run([sys.executable, __file__, "--runtime"], check=True, env={**os.environ})


if __name__ == "__main__":
    main()
