"""The default pipeline: sentences -> geoparse -> timex -> events."""

from __future__ import annotations

from sitrep.gazetteer.base import Gazetteer
from sitrep.pipeline import Pipeline


def default_pipeline(gazetteer: Gazetteer) -> Pipeline:
    from sitrep.events import EventExtractor
    from sitrep.geoparse import GeoParser
    from sitrep.nlp.sentences import SentenceSplitter
    from sitrep.timex import TimexTagger

    return Pipeline([SentenceSplitter(), GeoParser(gazetteer), TimexTagger(), EventExtractor()])
