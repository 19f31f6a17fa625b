"""Ukraine's official list of territories with hostilities or under occupation.

The Ministry for Development of Communities and Territories publishes (and amends every few
weeks) a list of hromadas and single settlements, by KATOTTH code, where hostilities are
possible, active, or which are temporarily occupied, each with start and end dates
(``perelik_*.docx``). sitrep reads the .docx as it is published (a zip of WordprocessingML,
read with the standard library) and answers, for a settlement's KATOTTH code, which of
those statuses it has had and when.

Two uses: a prior for the geoparser (a war report naming one of seventy Fedorivkas more
likely means one that has seen the war) and official dates beside the map's in control
timelines. The codes are hierarchical: oblast ``UA14``, raion ``UA1416``, hromada
``UA1416005``, settlement ``UA1416005004`` (the rest of the code is a checksum-like tail).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Literal
from xml.etree import ElementTree

from sitrep.errors import ConfigError
from sitrep.gazetteer.cache import file_identity, read_cached, write_cached
from sitrep.gazetteer.normalize import name_key, skeleton

Status = Literal["possible", "active", "occupied"]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CODE = re.compile(r"UA\d{17}")
_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_EXCEPT = re.compile(r"за\s+винятком\s+(.*)$", re.S)
_PREFIX = re.compile(r"^(?:м|с|смт|с-ще|сщ)\.\s*", re.I)
# Section headings of the list, in order: (heading start, status of its tables' rows).
_SECTIONS = (("1. Території можливих", "possible"), ("2. Території активних", "active"),
             ("3. Території активних", "active"), ("ІІ. Тимчасово окуповані", "occupied"),
             ("II. Тимчасово окуповані", "occupied"))
_FORMAT = 1  # bump when ListEntry changes: cached parses are then ignored
MAX_BYTES = 64_000_000  # the 2025 list's document.xml is 12.7 MB


@dataclass(frozen=True)
class Period:
    status: Status
    start: date
    end: date | None  # None: not ended (as of the list's edition)

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ListEntry:
    """One row of the list: a whole oblast/raion/hromada, or one settlement."""

    code: str
    name: str
    periods: tuple[Period, ...]
    # romanisation-tolerant skeletons of the settlements the row leaves out: they are matched
    # against GeoNames' Latin names, and within one hromada skeletons do not collide
    excepted: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        return unit_prefix(self.code)


def unit_prefix(code: str) -> str:
    """The hierarchical part of a KATOTTH code at its own level (``UA14``, ``UA1416``, ...)."""
    for end, zeros in ((4, 6), (6, 9), (9, 12)):
        if code[end:zeros].strip("0") == "":
            return code[:end]
    return code[:12]


def _prefixes(code: str) -> tuple[str, ...]:
    return (code[:4], code[:6], code[:9], code[:12])


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{_W}t"))


def _dates(cell) -> list[date]:
    out = []
    for para in cell.iter(f"{_W}p"):
        for d, m, y in _DATE.findall(_text(para)):
            try:
                out.append(date(int(y), int(m), int(d)))
            except ValueError:
                continue
    return out


def _excepted(name: str) -> tuple[str, ...]:
    found = _EXCEPT.search(name)
    if not found:
        return ()
    parts = re.split(r",\s*|\s+та\s+|\s+і\s+", found.group(1))
    return tuple(k for k in (_skeleton(_PREFIX.sub("", p.strip())) for p in parts) if k)


def _skeleton(name: str) -> str:
    return skeleton(name_key(name))


def _entry(cells: list, status: Status) -> ListEntry | None:
    code = _CODE.search(_text(cells[0]).replace(" ", ""))
    if code is None or len(cells) < 3:
        return None
    starts, ends = _dates(cells[2]), (_dates(cells[3]) if len(cells) > 3 else [])
    periods = tuple(Period(status, s, ends[i] if i < len(ends) else None)
                    for i, s in enumerate(starts))
    name = " ".join(_text(cells[1]).split())
    return ListEntry(code.group(0), name, periods, _excepted(name)) if periods else None


def _section(text: str, current: Status | None) -> Status | None:
    for head, status in _SECTIONS:
        if text.startswith(head):
            return status  # type: ignore[return-value]
    return current


def parse_list(xml: bytes) -> Iterator[ListEntry]:
    """The entries of ``word/document.xml``, each with the status of the section it is in."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ValueError(f"malformed document.xml ({exc})") from exc
    body = root.find(f"{_W}body")
    status: Status | None = None
    for block in (body if body is not None else ()):
        if block.tag == f"{_W}p":
            status = _section(_text(block).strip(), status)
        elif block.tag == f"{_W}tbl" and status is not None:
            for row in block.iter(f"{_W}tr"):
                entry = _entry(row.findall(f"{_W}tc"), status)
                if entry is not None:
                    yield entry


def read_list(path: str | Path) -> tuple[ListEntry, ...]:
    """Read a ``perelik_*.docx`` as published; a clear error naming the file otherwise."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_BYTES:
                raise ConfigError(f"{path}: document.xml is {info.file_size} bytes (limit {MAX_BYTES})")
            xml = z.read(info)
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise ConfigError(f"{path}: not a readable .docx list of territories ({exc})") from exc
    try:
        entries = tuple(parse_list(xml))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if not entries:
        raise ConfigError(f"{path}: no coded rows found; is this the list of territories?")
    return entries


class HostilityRegister:
    """Which entries of the list cover a settlement, by its KATOTTH code (and name)."""

    def __init__(self, entries: Iterable[ListEntry], source: str = "") -> None:
        self.source = source
        self.entries = tuple(entries)
        self._by_prefix: dict[str, list[ListEntry]] = {}
        for e in self.entries:
            self._by_prefix.setdefault(e.prefix, []).append(e)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def coverage(self) -> tuple[date, date]:
        """The earliest and the latest date the list states: the span it speaks for."""
        days = [d for e in self.entries for p in e.periods for d in (p.start, p.end) if d]
        return min(days), max(days)

    def entries_for(self, code: str | None, name: str = "") -> tuple[ListEntry, ...]:
        """Every entry covering the settlement ``code``; a unit's row that names this
        settlement as an exception does not count."""
        if not code:
            return ()
        key = _skeleton(name) if name else ""
        return tuple(e for p in _prefixes(code) for e in self._by_prefix.get(p, ())
                     if not (key and key in e.excepted))

    def periods(self, code: str | None, name: str = "") -> tuple[Period, ...]:
        return tuple(sorted({p for e in self.entries_for(code, name) for p in e.periods},
                            key=lambda p: (p.start, p.status)))

    def status_on(self, code: str | None, day: date, name: str = "") -> Status | None:
        """The gravest status in force on ``day`` (occupied > active > possible), or None."""
        now = {p.status for p in self.periods(code, name) if p.covers(day)}
        return next((s for s in ("occupied", "active", "possible") if s in now), None)


def newest_edition(paths: Iterable[Path]) -> Path | None:
    """The latest of several ``perelik_DDMMYYYY.docx`` editions (by the date in the name)."""
    def edition(path: Path) -> str:
        digits = "".join(c for c in path.stem if c.isdigit())
        return digits[4:8] + digits[2:4] + digits[:2] if len(digits) == 8 else digits
    return max(paths, key=edition, default=None)


def load_register(path: str | Path, cache_dir: str | Path | None = None) -> HostilityRegister:
    """The register of ``path``; parsed entries are cached in ``cache_dir`` (parsing the 13 MB
    XML takes about a second; every process that builds a pipeline needs it)."""
    path = Path(path)
    try:
        key = hashlib.sha256(f"{_FORMAT}|{file_identity(path)}".encode())
    except OSError as exc:
        raise ConfigError(f"{path}: list of territories not found ({exc.strerror})") from exc
    cached = Path(cache_dir) / f"hostilities-{key.hexdigest()[:24]}.pickle" if cache_dir else None
    entries = cached and read_cached(cached, lambda v: isinstance(v, tuple) and all(
        isinstance(e, ListEntry) for e in v))
    if not entries:
        entries = read_list(path)
        if cached is not None:
            write_cached(cached, entries)
    return HostilityRegister(entries, path.name)  # type: ignore[arg-type]
