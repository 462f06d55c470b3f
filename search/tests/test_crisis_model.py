"""The learned crisis model's runtime: it loads the exported weights and scores clear questions sensibly."""

import math

import pytest

from search.question import crisis_model
from search.question.crisis_model import char_ngrams, model, probability, says_crisis, word_ngrams

CRISIS = [
    "i want to kill myself tonight",
    "my brother took a whole bottle of pills and wont wake up",
    "my husband says he is going to shoot me, he has the gun out",
    "my son has not slept in four days and says god told him to hurt the dog",
    "i keep cutting my arms and cant stop the bleeding",
]
CALM = [
    "food pantry open on saturday",
    "suicide loss support group for parents",
    "free narcan training",
    "where can i get help paying my electric bill",
    "cutting back on drinking",
]


def test_weights_load_once_and_are_small():
    assert crisis_model.WEIGHTS.stat().st_size < 2 * 2**20
    assert model() is model()
    assert [block.analyzer for block in model().blocks] == ["word", "char_wb"]
    assert all(len(block.index) == len(block.idf) == len(block.coef) for block in model().blocks)
    assert 0.0 < model().threshold < 1.0


def test_the_third_held_out_set_stays_out_of_training():
    assert not any("crisis_holdout2" in name for name in model().trained_on)


@pytest.mark.parametrize("question", CRISIS)
def test_clear_crisis_questions_reach_the_threshold(question):
    assert probability(question) >= model().threshold
    assert says_crisis(question)


@pytest.mark.parametrize("question", CALM)
def test_clear_calm_questions_stay_low(question):
    assert probability(question) < 0.5
    assert not says_crisis(question)


@pytest.mark.parametrize("question", ["", "   ", "!!!", "ＩＮＦＯ", "x" * 5000])
def test_any_text_gives_a_probability(question):
    assert 0.0 <= probability(question) <= 1.0


def test_text_without_known_features_scores_the_intercept():
    assert probability("") == pytest.approx(1 / (1 + math.exp(-model().intercept)))


def test_normalised_as_search_does():
    assert probability("I WANT TO KILL MYSELF TONIGHT") == probability("i want to kill myself tonight")
    assert probability("i can’t go on") == probability("i can't go on")


def test_ngrams_are_made_as_scikit_learn_makes_them():
    assert word_ngrams("a b c", 1, 2) == ["a", "b", "c", "a b", "b c"]
    # char_wb pads each word with spaces; a padded word no longer than n gives one gram and stops
    assert char_ngrams("i am", 3, 5) == [" i ", " am", "am ", " am "]
    assert char_ngrams("pills", 3, 3) == [" pi", "pil", "ill", "lls", "ls "]
