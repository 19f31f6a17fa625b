"""Event extraction on hand-built place mentions: typing, location, actors, sources, modality."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sitrep.events import EventExtractor
from sitrep.events.acled import acled_for
from sitrep.model import Analysis, Document, Place, PlaceMention, Span
from sitrep.nlp.sentences import SentenceSplitter
from sitrep.timex import TimexTagger

_PLACES = {
    "Seversk": (694403, "Siversk", "settlement"), "Verhnemekensky": (None, "Verkhnokamianske", "settlement"),
    "Fedorivka": (9112086, "Fedorivka", "settlement"), "Mirnogorod": (710035, "Myrnohrad", "settlement"),
    "Kotlyarovki": (9112583, "Kotliarivka", "settlement"), "Mirnoe": (707651, "Myrne", "settlement"),
    "Poddubnoe": (696982, "Piddubne", "settlement"), "Yablunovka": (688619, "Yablunivka", "settlement"),
    "DPR": (709716, "Donetsk Oblast", "region"), "Soledar": (706757, "Soledar", "settlement"),
    "Severodonnetsk": (691999, "Sievierodonetsk", "settlement"), "Nikolaevka": (700126, "Mykolaivka", "settlement"),
    "Donbass": (709718, "Donets Basin", "region"), "River Donets": (None, "Siverskyi Donets", "water"),
}


def _mentions(doc_id: str, text: str) -> tuple[PlaceMention, ...]:
    out = []
    for surface, (gid, name, kind) in _PLACES.items():
        for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
            place = Place(f"geonames:{gid or name}", name, kind, 48.0, 38.0, geonameid=gid)  # type: ignore[arg-type]
            out.append(PlaceMention(Span(doc_id, m.start(), m.end(), surface), place, 0.9,
                                    1 if kind == "settlement" else 3))
    return tuple(sorted(out, key=lambda m: m.span.start))


def run(text: str, published: date | None = None, title: str = ""):
    doc = Document("d1", "t", title, text, published=published)
    a = SentenceSplitter()(Analysis(doc))
    from dataclasses import replace
    a = replace(a, mentions=_mentions(doc.doc_id, text))
    return EventExtractor()(TimexTagger()(a)).events


def _where(e):
    return e.location.place.name if e.location and e.location.place else None


@pytest.mark.parametrize("text,etype,where", [
    ("Russian units have established new positions in Fedorivka, a village located to the north of the city of Mirnogorod.",
     "positions", "Fedorivka"),
    ("The Russian Armed Forces have made a notable push toward the city of Seversk, advancing from the village of Verhnemekensky.",
     "advance", "Siversk"),
    ("Previously, street battles were reported in Seversk.", "clash", "Siversk"),
    ("Russian forces captured Soledar on Monday.", "capture", "Soledar"),
    ("The liberation of the settlement of Nikolaevka opens the way to Seversk.", "capture", "Mykolaivka"),
    ("Ukrainian troops withdrew from Seversk overnight.", "withdrawal", "Siversk"),
    ("The evacuation of civilians from Severodonnetsk is proceeding, the mayor said.", "evacuation", "Sievierodonetsk"),
    ("Pushilin said that the Ukrainian military in Seversk could be surrounded.", "encirclement", "Siversk"),
    ("A Ukrainian unit surrendered near Yablunovka.", "surrender", "Yablunivka"),
    ("Russian drones destroyed a Ukrainian truck near Yablunovka.", "strike", "Yablunivka"),
])
def test_events_typing_and_location(text, etype, where):
    events = run(text)
    assert [(e.type, _where(e)) for e in events] == [(etype, where)]
    e = events[0]
    assert text[e.evidence.start:e.evidence.end] == e.evidence.text
    assert e.trigger is not None and text[e.trigger.start:e.trigger.end] == e.trigger.text


@pytest.mark.parametrize("text", [
    "This maneuver suggests a coordinated effort to encircle or isolate key Ukrainian strongholds.",
    "These areas, which lie in a contested buffer zone, have seen repeated clashes over the past months.",
    "Such attacks not only degrade Ukrainian military capabilities but also instill fear.",
    "Seversk is a strategically important achievement for the further liberation of Soledar.",
    "Local populations face the constant threat of artillery shelling near Seversk.",
])
def test_events_commentary_is_not_an_event(text):
    assert run(text) == ()


def test_events_origin_also_and_precision():
    (adv,) = run("Russian forces are advancing from the village of Verhnemekensky toward Seversk.")
    assert _where(adv) == "Siversk" and adv.origin.place.name == "Verkhnokamianske"
    assert adv.location.precision == 2 and adv.location.relation == "toward"
    (adv,) = run("Russian forces are advancing near the settlement of Kotlyarovki and west of the populated "
                 "points of Mirnoe and Poddubnoe.")
    assert _where(adv) == "Kotliarivka" and adv.location.precision == 2
    assert [x.place.name for x in adv.also] == ["Myrne", "Piddubne"]


def test_events_elaboration_refines_place_date_and_quantity():
    text = ("A dramatic escalation occurred on July 20, when RIA Novosti, citing a Russian drone operator with "
            "the call sign ‘Rostov,’ claimed that Russian forces had destroyed a Ukrainian pick-up truck and 15 "
            "other units of equipment in the DPR territory.\n\nThe destruction reportedly took place near the "
            "populated point of Yablunovka.")
    (e,) = run(text)
    assert (e.type, _where(e), e.location.precision) == ("strike", "Yablunivka", 2)
    assert e.date.note == "07-20" and e.quantity == "16" and e.modality == "claimed"
    assert [s.role for s in e.attribution] == ["outlet", "speaker"]
    assert e.attribution[0].name == "RIA Novosti" and "Rostov" in e.attribution[1].name
    assert {(a.side, a.role) for a in e.actors} == {("RU", "actor"), ("UA", "target")}
    assert (e.acled_event_type, e.acled_sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


@pytest.mark.parametrize("text,modality", [
    ("Ukrainian military officials have denied any significant retreat from Seversk.", "denied"),
    ("A Ukrainian surrender near Seversk was reported. The surrender, while unconfirmed by independent "
     "sources, could matter.", "unconfirmed"),
    ("Analysts say Russian forces may advance toward Seversk.", "speculative"),
    ("According to the Ukrainian military-analytical portal Deep State, Russian forces are advancing "
     "toward Seversk.", "asserted"),
    ("According to TASS, Russian forces are advancing toward Seversk.", "claimed"),
    ("According to him, after the liberation of Soledar, supplies stopped.", "asserted"),
])
def test_events_modality(text, modality):
    events = run(text)
    assert events and events[0].modality == modality


@pytest.mark.parametrize("text,title,chain", [
    ("Russian units have established new positions in Fedorivka.",
     "Russian Forces Advance, Reports Deep State: Escalation", [("Deep State", "outlet")]),
    ("Russian forces are continuing their advance towards Seversk. They are about two to two and a half "
     "kilometers from the northern outskirts of the city, according to Vitaliy Kiselyov, a military expert "
     "quoted by Tass.", "Russian Forces Push Toward Seversk – Tass Reports",
     [("TASS", "outlet"), ("Vitaliy Kiselyov", "expert")]),
    ("Earlier, on February 7, military expert Vladislav Shurygin told Izvestia that the liberation of "
     "Nikolaevka opens the way.", "", [("Izvestia", "outlet"), ("Vladislav Shurygin", "expert")]),
    ("According to reports from the Telegram channel Mash, the Russian Armed Forces faced fierce "
     "resistance in Seversk.", "", [("Mash", "channel")]),
    ("Previously, street battles were reported in Seversk.", "Something – Tass Reports", []),
])
def test_events_attribution_chain(text, title, chain):
    events = run(text, title=title)
    assert [(s.name, s.role) for s in events[0].attribution] == chain


def test_events_speaker_carried_and_resolved():
    text = ("This was announced by the acting head of the DPR Denis Pushilin.\n\n"
            "“There are certain successes,” Pushilin said in a commentary to Solovyov.Live.\n\n"
            "The acting head of the DPR pointed out that the Russian military is advancing in the vicinity "
            "of Seversk.\n\nMarochko stressed that the army holds.\n\nIn mid-January, Pushilin said that the Ukrainian military in Seversk could be "
            "surrounded.")
    adv, enc = run(text, published=date(2023, 2, 7))
    assert [s.name for s in adv.attribution] == ["Solovyov.Live", "Denis Pushilin"]
    assert [s.name for s in enc.attribution] == ["Denis Pushilin"]
    assert enc.modality == "speculative" and (enc.date.value, enc.date.precision) == (date(2023, 1, 1), "month")


def test_events_distance_and_background():
    (e,) = run("Russian forces are 2-2.5 km from the northern outskirts of Seversk, advancing daily.")
    assert e.location.distance_km == pytest.approx(2.25) and e.location.relation == "north of"
    (bg,) = run("On February 24, 2022, Russian forces shelled Seversk.", published=date(2023, 2, 7))
    assert bg.background and bg.date.value == date(2022, 2, 24)


@pytest.mark.parametrize("etype,side,sentence,expected", [
    ("capture", "RU", "", ("Battles", "Non-state actor overtakes territory")),
    ("capture", "UA", "", ("Battles", "Government regains territory")),
    ("strike", "RU", "artillery shelled the town", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("strike", "UA", "air defence shot down two drones", ("Strategic developments", "Disrupted weapons use")),
    ("positions", "RU", "", ("Strategic developments", "Headquarters or base established")),
    ("withdrawal", "UA", "", ("Strategic developments", "Non-violent transfer of territory")),
])
def test_events_acled_mapping(etype, side, sentence, expected):
    assert acled_for(etype, side, sentence) == expected


@pytest.mark.parametrize("first,title,found", [
    # a lede paragraph that the plain-text reader took as the title still reports events
    ("The withdrawal of Ukrainian troops from Seversk has shocked Kyiv, according to The New York Times.",
     "same", [("withdrawal", "Siversk", ["The New York Times"])]),
    ("Russian forces made some progress towards Seversk. This was announced by Denis Pushilin.",
     "same", [("advance", "Siversk", ["Denis Pushilin"])]),
    # a real headline (no full stop) only supplies the default source
    ("Ukrainian Troops Withdraw From Seversk, Reports Tass", "same", []),
])
def test_events_lede_line_is_not_a_headline(first, title, found):
    text = first + "\nThe situation remains tense."
    events = run(text, title=first if title == "same" else title)
    assert [(e.type, _where(e), [s.name for s in e.attribution]) for e in events] == found


def test_events_place_as_possessor_does_not_locate():
    text = ("Pushilin claimed that Russian forces are expanding the buffer zone around Severodonnetsk. "
            "“The evacuation of civilians is proceeding systematically,” Pushilin said, emphasizing the DPR’s "
            "commitment to protecting non-combatants.")
    assert [(e.type, _where(e)) for e in run(text)] == [("advance", "Sievierodonetsk"),
                                                          ("evacuation", "Sievierodonetsk")]


@pytest.mark.parametrize("text,expected", [
    # the war as subject frames the whole war, it reports no battle
    ("His words echo the rhetoric that the war is being fought to protect civilians in Donbass.", []),
    ("The conflict has been fought over Donbass.", []),
    ("Fierce battles were fought in Seversk.", [("clash", "Siversk")]),
])
def test_events_war_as_subject_is_no_event(text, expected):
    assert [(e.type, _where(e)) for e in run(text)] == expected


def test_events_repeated_report_on_coarse_place_merges():
    text = ("Russian forces are continuing their advance towards Seversk, pushing forward along the River Donets. "
            "‘The Russian army is advancing along the River Donets,’ Vitaliy Kiselyov told Tass.")
    (adv,) = run(text)
    assert _where(adv) == "Siversk"
    assert [s.name for s in adv.attribution] == ["TASS", "Vitaliy Kiselyov"]
    # a coarse place not named with the earlier event is a new event
    assert len(run("Russian forces are advancing towards Seversk. Russian forces are advancing in Donbass.")) == 2


def test_events_region_with_city_anaphor_takes_the_city():
    text = "Russian forces entered Seversk on Monday. Russian troops stormed the city for the people of Donbass."
    assert [(e.type, _where(e)) for e in run(text)] == [("clash", "Siversk")]


@pytest.mark.parametrize("text, etype, sides", [
    # the side named after a fronted "after the liberation of X," acts in the main clause
    ("According to him, after the liberation of Soledar, the supply of Ukrainian troops "
     "between Seversk and Artemovsk was interrupted.", "capture", []),
    ("After the capture of Bakhmut by Wagner fighters, Ukrainian troops withdrew.", "capture", ["RU"]),
    ("Russian forces captured Bakhmut after the retreat of Ukrainian troops.", "capture", ["RU", "UA"]),
])
def test_events_fronted_phrase_keeps_its_own_actors(text, etype, sides):
    ev = next(e for e in run(text) if e.type == etype)
    assert [a.side for a in ev.actors] == sides
