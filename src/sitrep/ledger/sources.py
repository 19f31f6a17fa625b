"""The source registry: who an outlet, channel or speaker is, whose side, which editorial line.

Independence is judged by *line of evidence*: the original speaker of a claim when the
attribution chain names one, else the outlet's group. Two Russian state outlets relaying
one Ministry statement are one line (the Ministry); TASS and RIA Novosti reporting the
same thing unattributed are one line too (group ``ru-state-media``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Iterable

from sitrep.errors import InputError
from sitrep.ledger.records import AttributedClaim, Claim, SourceInfo
from sitrep.model import Source

_STRIP = re.compile(r"[^\w\s]+")
_LEAD = re.compile(r"^(?:the|a|an)\s+")
# Unregistered speakers still have a side when their description names one.
_SIDE_WORDS = (
    ("UA", re.compile(r"\b(?:ukrainian|ukraine'?s?|kyiv|zsu|afu|uaf)\b", re.I)),
    ("RU", re.compile(r"\b(?:russian|russia'?s?|moscow|kremlin|dpr|lpr|donetsk people|luhansk people)\b", re.I)),
    ("other", re.compile(r"\b(?:western|american|british|us|nato|european|german|french)\b", re.I)),
)
_PRIMARY_ROLES = ("speaker", "official", "expert", "analyst", "anonymous", "channel")


def source_key(name: str) -> str:
    """Case, accents, punctuation and a leading article do not distinguish sources."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    text = _STRIP.sub(" ", text.lower().replace("’", "'").replace("'", ""))
    return _LEAD.sub("", " ".join(text.split()))


class SourceRegistry:
    def __init__(self, entries: Iterable[SourceInfo]) -> None:
        self.entries: dict[str, SourceInfo] = {}
        self._by_key: dict[str, str] = {}
        for e in entries:
            self.add(e)

    def add(self, entry: SourceInfo) -> None:
        """Add or replace an entry (a later file overrides the packaged one)."""
        self.entries[entry.source_id] = entry
        for name in (entry.name, entry.source_id, *entry.aliases):
            self._by_key[source_key(name)] = entry.source_id

    @classmethod
    def load(cls, extra: str | Path | None = None) -> "SourceRegistry":
        """The packaged registry, extended/overridden by ``extra`` (same JSON shape)."""
        text = resources.files("sitrep.data").joinpath("sources.json").read_text(encoding="utf-8")
        reg = cls(_entries(json.loads(text), "sources.json"))
        if extra is not None:
            path = Path(extra)
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(str(path), f"cannot read source registry: {exc}") from exc
            for e in _entries(data, str(path)):
                reg.add(e)
        return reg

    def lookup(self, name: str) -> SourceInfo | None:
        """The registered source called ``name`` (exact alias, then a registered name inside it)."""
        key = source_key(name)
        if key in self._by_key:
            return self.entries[self._by_key[key]]
        # "the Telegram channel Mash", "military expert Andrei Marochko": longest alias inside
        best = None
        for alias, sid in self._by_key.items():
            if len(alias) >= 4 and re.search(rf"\b{re.escape(alias)}\b", key):
                if best is None or len(alias) > len(best[0]):
                    best = (alias, sid)
        return self.entries[best[1]] if best else None

    def resolve(self, source: Source) -> SourceInfo:
        """A registry entry, or an ad-hoc unregistered one (prior F, side from its wording)."""
        found = self.lookup(source.name)
        if found is not None:
            return found
        side = next((s for s, rx in _SIDE_WORDS if rx.search(source.name)), None)
        key = source_key(source.name) or "unnamed"
        kind = "anonymous" if source.role == "anonymous" else source.role
        return SourceInfo(f"unregistered:{key}", source.name, kind, None, side,  # type: ignore[arg-type]
                          "unknown", f"unregistered:{key}", "F")

    def attribute(self, claim: Claim) -> AttributedClaim:
        """Outlet, original speaker, side and line of evidence of one claim."""
        links = self._with_outlet(claim)
        chain = [self.resolve(s) for s in links]
        if not chain:
            return AttributedClaim(claim, None, None, None, f"unattributed:{claim.doc_id}")
        outlet = chain[0]
        origin = chain[-1]
        side = origin.side or outlet.side
        # an anonymous or unregistered relay adds nothing: the line is the outlet's group
        if origin is outlet or origin.source_id.startswith("unregistered:") and origin.side is None:
            line = outlet.group
        else:
            line = origin.group
        return AttributedClaim(claim, outlet, origin, side, line)

    def _with_outlet(self, claim: Claim) -> list[Source]:
        """The chain, headed by the publishing outlet when the document names one."""
        links = list(claim.attribution)
        if not claim.doc_source:
            return links
        outlet = self.resolve(Source(claim.doc_source, "outlet"))
        if links and self.resolve(links[0]).source_id == outlet.source_id:
            return links
        return [Source(claim.doc_source, "outlet"), *links]


def _entries(data: dict, origin: str) -> list[SourceInfo]:
    out = []
    for i, raw in enumerate(data.get("sources", [])):
        try:
            out.append(SourceInfo(
                source_id=raw["id"], name=raw["name"], kind=raw.get("kind", "outlet"),
                country=raw.get("country"), side=raw.get("side"),
                alignment=raw.get("alignment", "unknown"), group=raw.get("group") or raw["id"],
                prior=_grade(raw.get("prior", "F")), aliases=tuple(raw.get("aliases", ()))))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(origin, f"source entry {i}: {exc}") from exc
    return out


def _grade(value: str) -> str:
    if value not in ("A", "B", "C", "D", "E", "F"):
        raise ValueError(f"prior must be A-F, got {value!r}")
    return value

