"""Events: detection/typing, location, actors, attribution chain, modality, ACLED mapping."""

from sitrep.events.extractor import EventExtractor, extract_events

__all__ = ["EventExtractor", "extract_events"]
