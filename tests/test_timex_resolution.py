"""Time expressions: explicit, year-less, relative chains, mid-month, never-future, no "We"."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.model import Analysis, Document
from sitrep.nlp.sentences import SentenceSplitter
from sitrep.timex import TimexTagger


def _tag(text: str, published: date | None):
    doc = Document("d1", "t", "", text, published=published)
    return TimexTagger()(SentenceSplitter()(Analysis(doc))).timexes


PUB = date(2023, 2, 7)


@pytest.mark.parametrize("text,published,surface,value,precision,relation,note", [
    ("On February 24, 2022, Russia launched it.", PUB, "February 24, 2022", date(2022, 2, 24), "day", "on", ""),
    ("This was announced on February 7 by him.", PUB, "February 7", date(2023, 2, 7), "day", "on", ""),
    ("It happened on March 3 near the town.", PUB, "March 3", date(2022, 3, 3), "day", "on", ""),  # never future
    ("It happened on 24 February 2022.", None, "24 February 2022", date(2022, 2, 24), "day", "on", ""),
    ("A strike occurred on July 20, when it rained.", None, "July 20", None, "day", "on", "07-20"),
    ("In mid-January, Pushilin said so.", PUB, "mid-January", date(2023, 1, 1), "month", "on", "mid"),
    ("In mid-March, he said so.", PUB, "mid-March", date(2022, 3, 1), "month", "on", "mid"),
    ("It has been held since 2014.", PUB, "since 2014", date(2014, 1, 1), "year", "after", ""),
    ("Yesterday the town was shelled.", PUB, "Yesterday", date(2023, 2, 6), "day", "on", ""),
    ("Last week the town was shelled.", PUB, "Last week", date(2023, 1, 30), "week", "on", ""),
    ("Previously in Donetsk, battles were reported.", None, "Previously", None, None, "before", ""),
    ("It was reported on 2023-02-05.", None, "2023-02-05", date(2023, 2, 5), "day", "on", ""),
])
def test_timex_single_expression(text, published, surface, value, precision, relation, note):
    found = _tag(text, published)
    assert [t.span.text for t in found] == [surface]
    t = found[0]
    assert (t.value, t.precision, t.relation, t.note) == (value, precision, relation, note)
    assert text[t.span.start:t.span.end] == surface


@pytest.mark.parametrize("published,first,second", [
    (None, (None, "07-20"), (None, "07-19")),
    (date(2024, 7, 25), (date(2024, 7, 20), ""), (date(2024, 7, 19), "")),
    (date(2024, 7, 10), (date(2023, 7, 20), ""), (date(2023, 7, 19), "")),
])
def test_timex_one_day_prior_to_an_earlier_event(published, first, second):
    text = ("A strike occurred on July 20, when a drone operator claimed hits. Other news followed. "
            "One day prior to the drone strike, an expert noted advances.")
    a, b = _tag(text, published)
    assert (a.value, a.note) == first
    assert (b.value, b.note) == second
    assert b.anchor is not None and b.anchor.text == "July 20"


@pytest.mark.parametrize("text,published,expected", [
    ("Earlier, on February 7, he told Izvestia.", PUB, [("February 7", date(2023, 2, 7))]),
    ("On February 6 it began. The day before, it rained.", PUB,
     [("February 6", date(2023, 2, 6)), ("The day before", date(2023, 2, 5))]),
    ("On February 6 it began. Three days later it stopped.", PUB,
     [("February 6", date(2023, 2, 6)), ("Three days later", date(2023, 2, 9))]),
])
def test_timex_chains_and_subsumed_connectives(text, published, expected):
    assert [(t.span.text, t.value) for t in _tag(text, published)] == expected


@pytest.mark.parametrize("text", [
    "We are currently in Draskivka.",
    "We may see more fighting; troops march on.",
    "They are about 10 km from the city, with 15 other units.",
])
def test_timex_no_false_dates(text):
    assert _tag(text, PUB) == ()


def test_timex_weekday_resolves_in_the_past():
    (t,) = _tag("On Monday the bridge was hit.", date(2023, 2, 8))  # a Wednesday
    assert t.value == date(2023, 2, 6)
