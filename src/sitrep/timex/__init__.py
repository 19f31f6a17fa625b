"""Time expressions: explicit, partial ("July 20"), relative chains ("one day prior") -> TimeExpr."""

from sitrep.timex.tagger import TimexTagger, tag_document

__all__ = ["TimexTagger", "tag_document"]
