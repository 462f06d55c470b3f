"""A learned second opinion on whether a question may come from someone in crisis now.

Logistic regression over TF-IDF features of the question's words (`words.words`): word 1-2-grams
and character 3-5-grams within words, as scikit-learn's `TfidfVectorizer` computes them
(`analyzer="word"` on the words, `analyzer="char_wb"`, sublinear term frequency, each block
L2-normalised). `bench/crisis_model.py` trains it and exports the vocabulary, inverse document
frequencies, coefficients and decision threshold to `data/crisis_model.json`; this module computes
the same features in plain Python and the same score with numpy, so the site does not need
scikit-learn. The weights are loaded once per process.

It is meant to be used beside the phrase list (`crisis.py`): a question is treated as a crisis if
either says so. The model gives no kind of crisis, only a probability.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from search.question.words import words

WEIGHTS = Path(__file__).with_name("data") / "crisis_model.json"


def normalised(text):
    """The question's words, normalised as everywhere else in search, separated by single spaces."""
    return " ".join(words(text))


def word_ngrams(text, low, high):
    """Word n-grams of a normalised text, as scikit-learn's word analyzer makes them."""
    tokens = text.split()
    grams = []
    for n in range(low, min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_ngrams(text, low, high):
    """Character n-grams inside space-padded words, as scikit-learn's "char_wb" analyzer makes them
    (a padded word shorter than n, or exactly n long, gives one gram and stops the larger sizes)."""
    grams = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[:n])
            while offset + n < len(padded):
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:
                break
    return grams


ANALYZERS = {"word": word_ngrams, "char_wb": char_ngrams}


@dataclass(frozen=True)
class Block:
    """One TF-IDF block: its analyzer, vocabulary (term -> column), idf and coefficients."""

    analyzer: str
    ngram_range: tuple
    index: dict
    idf: np.ndarray
    coef: np.ndarray
    sublinear_tf: bool

    def score(self, text):
        counts = {}
        for gram in ANALYZERS[self.analyzer](text, *self.ngram_range):
            column = self.index.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return 0.0
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        values = tf * self.idf[columns]
        norm = math.sqrt(float(values @ values))
        return float(values @ self.coef[columns]) / norm


@dataclass(frozen=True)
class Model:
    blocks: tuple
    intercept: float
    threshold: float
    trained_on: tuple

    def probability(self, text):
        text = normalised(text)
        logit = self.intercept + sum(block.score(text) for block in self.blocks)
        return 1.0 / (1.0 + math.exp(-logit))


def from_dict(data):
    blocks = tuple(
        Block(
            analyzer=block["analyzer"],
            ngram_range=tuple(block["ngram_range"]),
            index={term: column for column, term in enumerate(block["terms"])},
            idf=np.asarray(block["idf"], dtype=np.float64),
            coef=np.asarray(block["coef"], dtype=np.float64),
            sublinear_tf=block["sublinear_tf"],
        )
        for block in data["blocks"]
    )
    return Model(blocks, float(data["intercept"]), float(data["threshold"]), tuple(data["trained_on"]))


@lru_cache(maxsize=1)
def model():
    """The exported model, read once per process."""
    return from_dict(json.loads(WEIGHTS.read_text(encoding="utf-8")))


def probability(text):
    """How likely the model finds it that the question comes from someone in crisis now (0 to 1)."""
    return model().probability(text)


def says_crisis(text):
    """Whether the probability reaches the exported threshold, which was chosen for use beside the
    phrase list: treat a question as a crisis if `crisis_kinds` finds a kind or this is true."""
    return probability(text) >= model().threshold
