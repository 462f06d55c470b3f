"""Reading a resident's question: the words that matter, what they mean, crisis intent, cues, typos."""

import csv
import json
from pathlib import Path

import pytest

from search.question import understand
from search.question.crisis import crisis_kinds
from search.question.lexicon import base_lexicon, cue_lines, data_lines, synonym_lines
from search.question.spelling import is_ordinary
from search.question.words import stem, words

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo_services.csv"
RELEVANCE = ROOT / "bench" / "relevance"


class Vocabulary:
    """A stand-in for the index's vocabulary: the words a small directory uses."""

    def __init__(self, *known):
        self.known = set(known)

    def knows(self, word):
        return word in self.known

    def closest(self, word):
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        found = process.extractOne(
            word, sorted(self.known), scorer=DamerauLevenshtein.distance, score_cutoff=2
        )
        return found[0] if found else None


def alternatives(text):
    return [term.alternatives for term in understand(text).terms]


def test_words_are_folded_the_same_way_everywhere():
    assert words("I’m SELF-harming, can’t go on. Ｆｕｌｌ") == [
        "i'm",
        "self",
        "harming",
        "can't",
        "go",
        "on",
        "full",
    ]


def test_filler_and_whom_the_help_is_for_are_dropped():
    assert alternatives("where can I find someone for my sister") == []
    assert [a[0] for a in alternatives("I feel like I need food for my husband")] == ["food"]


def test_lay_words_are_read_as_the_directorys_words():
    assert "alcohol" in alternatives("booze")[0]
    assert "counseling" in alternatives("a shrink")[0]
    assert "medication" in alternatives("meds")[0]
    assert "shelter" in alternatives("we got kicked out")[0]
    assert "food assistance" in alternatives("food stamps")[0]
    assert "emergency" in alternatives("ER")[0]
    assert "domestic violence" in alternatives("mi esposo me pega")[0]


def test_phrases_match_by_stem_and_without_apostrophes():
    assert alternatives("drinks too much")[0][1:] == alternatives("drinking too much")[0][1:]
    assert alternatives("can't stop crying")[0][1:] == alternatives("cant stop crying")[0][1:]


def test_a_negated_word_is_not_looked_for():
    assert [a[0] for a in alternatives("someone to talk to at night, not a therapist")] == [
        "someone to talk to",
        "at night",
    ]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("counselor who speaks arabic", ("language", "ar")),
        ("habla español", ("language", "es")),
        ("depression teen", ("population", "youth")),
        ("my 15 yr old", ("population", "youth")),
        ("help for my grandmother who is confused", ("population", "older-adults")),
        ("mom is 75 and lonely", ("population", "older-adults")),
        ("therapy we can afford, no insurance", ("cost", "sliding-scale")),
        ("a counselor on zoom", ("delivery", "video")),
        ("no place to stay tonight", ("open_now", "yes")),
    ],
)
def test_filter_values_named_in_passing_are_cues(text, cue):
    assert cue in understand(text).cues


def test_a_cue_only_boosts_while_a_known_need_counts_most():
    terms = understand("free counseling in arabic").terms
    weights = {term.alternatives[0]: term.weight for term in terms}
    assert weights["counseling"] > 1 > weights["free"] == weights["arabic"]
    assert understand("zorblax").terms[0].weight == 1


def test_ordinary_words_are_never_corrected():
    vocabulary = Vocabulary("free", "hoarding", "counseling", "suicidal")
    for text in ("I feel hopeless and alone", "my husband is hearing things", "doesnt accept me"):
        assert understand(text, vocabulary).corrected == ""


def test_misspellings_are_corrected_to_the_directorys_words():
    vocabulary = Vocabulary("counseling", "suicidal", "groceries")
    assert understand("councelling", vocabulary).corrected == "counseling"
    assert understand("grocerys near me", vocabulary).corrected == "groceries near me"
    assert is_ordinary("feel") and not is_ordinary("sucidal")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i want to end it all", "suicide"),
        ("I want to kill myself", "suicide"),
        ("im sucidal", "suicide"),
        ("going to kil myself tonight", "suicide"),
        ("everyone would be better off without me", "suicide"),
        ("my teenager is cutting", "self-harm"),
        ("burned myself on purpose", "self-harm"),
        ("my husband says he'll hurt the kids", "harm-to-others"),
        ("he took a whole bottle of pills", "overdose"),
        ("my friend overdosse and wont wake up", "overdose"),
        ("my husband is hearing things", "psychosis"),
        ("the voices are telling me to do things", "psychosis"),
        ("no quiero vivir", "suicide"),
    ],
)
def test_crisis_questions_are_recognised_with_their_kind(text, kind):
    assert kind in understand(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "suicide loss support group",
        "narcan training for our church",
        "cutting back on drinking",
        "work is cutting my hours and i cant pay rent",
        "my brother died by suicide last year, grief group",
        "i was suicidal years ago and now want to volunteer",
        "homeless shelter for my family",
        "food for my kids",
        "late fees are killing me",
        "my 15 yo wants to die her hair blue",
    ],
)
def test_calm_questions_sharing_crisis_words_are_not_a_crisis(text):
    assert understand(text).crisis == ()


def test_the_model_catches_crisis_wording_the_phrase_list_does_not_know():
    question = understand("been planning how i will do it and i think tonight is the night")
    assert question.possible_crisis
    assert understand("food pantry open saturday").possible_crisis is False


@pytest.mark.parametrize(
    "text",
    [
        "x" * 200,
        "the and of to i my",
        "?!?!?! ... ---",
        "😀😀 🙏",
        "مساعدة في الطعام",
        "我需要帮助",
        "kil my slef tonite",
        "",
    ],
)
def test_any_text_is_read_without_error(text):
    question = understand(text)
    assert len(question.terms) <= 12


def sample(phrase, classes):
    """A question made from a phrase of the list: each class by its first member, a gap empty."""
    parts = []
    for item in phrase.replace("&", " and ").split():
        if item.startswith("{"):
            parts.append(classes[item.strip("{}")][0])
        elif item == "#":
            parts.append("20")
        elif item not in ("...", "$"):
            parts.append(item)
    return " ".join(parts)


def test_every_crisis_phrase_of_the_list_is_recognised():
    classes, checked = {}, 0
    for line in data_lines("crisis.txt"):
        name, _, listed = line.partition(":")
        if name.startswith("{"):
            classes[name.strip("{}")] = [part.strip() for part in listed.split(",")]
        elif name not in ("calm", "past", "now", "ignore"):
            kind = name.removesuffix(" topic")
            for phrase in listed.split(","):
                text = sample(phrase.strip(), classes)
                assert kind in crisis_kinds(words(text)), (kind, phrase, text)
                checked += 1
    assert checked > 300


def test_every_synonym_and_cue_line_is_read():
    lines = list(synonym_lines())
    assert len(lines) > 100 and all(said and meant for said, meant in lines)
    cues = list(cue_lines())
    assert {facet for (facet, _value), _ in cues} == {
        "language",
        "population",
        "cost",
        "delivery",
        "open_now",
    }
    lexicon = base_lexicon()
    for said, _meant in lines:
        for phrase in said:
            entry, end = lexicon.longest_at(phrase.split(), 0)
            assert entry is not None and end == len(phrase.split()), phrase


def directory_texts():
    """The words of the project's example directories: the demo and the two unseen HSDS files."""
    with DEMO.open(newline="", encoding="utf-8") as file:
        yield from (f"{row['title']} {row['summary']} {row['categories']}" for row in csv.DictReader(file))
    for name in ("unseen_directory.json", "unseen2_directory.json"):
        for record in json.loads((RELEVANCE / name).read_text(encoding="utf-8")):
            yield " ".join(
                str(record.get(field) or "") for field in ("name", "description", "eligibility_description")
            )


def stemmed(text):
    return " " + " ".join(stem(word.replace("'", "")) for word in words(text)) + " "


@pytest.fixture(scope="module")
def directories():
    return [stemmed(text) for text in directory_texts()]


@pytest.mark.parametrize(
    ("said", "meant"), list(synonym_lines()), ids=lambda value: value[0] if value else ""
)
def test_each_synonym_line_leads_to_words_directories_use(directories, said, meant):
    targets = [stemmed(phrase) for phrase in meant]
    assert any(target in text for target in targets for text in directories), (said[0], meant)


def test_stemming_is_safe_across_threads():
    """A server's threads stem at the same time; stems are cached for the process, so one wrong
    stem would stay wrong."""
    import threading

    from search.question.words import stemmer

    samples = ["drinking", "counseling", "hearing", "voices", "teenagers", "shelters", "families"] * 3000
    expected = {word: stemmer().stemWord(word) for word in set(samples)}
    wrong = []

    def stem_all():
        try:
            wrong.extend(word for word in samples if stemmer().stemWord(word) != expected[word])
        except IndexError as error:
            wrong.append(repr(error))

    threads = [threading.Thread(target=stem_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
