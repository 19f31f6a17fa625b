"""Source registry: lookups, sides, independence lines, extension files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ledger.records import Claim
from sitrep.ledger.sources import SourceRegistry
from sitrep.model import Source, Span, TimeExpr


@pytest.fixture(scope="module")
def reg() -> SourceRegistry:
    return SourceRegistry.load()


def claim(*chain: tuple[str, str], doc_source: str | None = None) -> Claim:
    return Claim("e1", "d1", "capture", None, "in", TimeExpr(None, None), None,
                 tuple(Source(n, r) for n, r in chain), "claimed", "RU", Span("d1", 0, 1, "x"),
                 doc_source=doc_source)


@pytest.mark.parametrize("name, source_id, side", [
    ("Tass", "tass", "RU"), ("the Telegram channel Mash", "mash", "RU"),
    ("Ukrainian military-analytical portal Deep State", "deepstate", "UA"),
    ("General Staff of the Armed Forces of Ukraine", "ua-general-staff", "UA"),
    ("The New York Times", "nyt", "other"), ("Reuters", "reuters", "other"),
    ("Solovyov.Live", "solovyov-live", "RU"), ("military expert Vladislav Shurygin", "shurygin", "RU"),
])
def test_lookup_by_name_alias_or_description(reg: SourceRegistry, name: str, source_id: str, side: str) -> None:
    found = reg.resolve(Source(name, "outlet"))
    assert (found.source_id, found.side) == (source_id, side)


def test_unregistered_source_gets_side_from_its_wording_and_grade_f(reg: SourceRegistry) -> None:
    s = reg.resolve(Source("a Ukrainian battalion commander", "speaker"))
    assert s.source_id.startswith("unregistered:") and s.side == "UA" and s.prior == "F"


def test_two_state_outlets_relaying_one_statement_are_one_line(reg: SourceRegistry) -> None:
    a = reg.attribute(claim(("TASS", "outlet"), ("Russian Ministry of Defence", "official")))
    b = reg.attribute(claim(("RIA Novosti", "outlet"), ("Russian Defense Ministry", "official")))
    assert a.line == b.line == "ru-government"


def test_two_state_outlets_unattributed_are_one_line_but_reuters_is_another(reg: SourceRegistry) -> None:
    lines = {reg.attribute(claim((n, "outlet"))).line for n in ("TASS", "RIA Novosti", "Izvestia")}
    assert lines == {"ru-state-media"}
    assert reg.attribute(claim(("Reuters", "outlet"))).line == "reuters"


def test_side_is_the_original_speakers(reg: SourceRegistry) -> None:
    ac = reg.attribute(claim(("The New York Times", "outlet"), ("Ukrainian General Staff", "official")))
    assert ac.side == "UA" and ac.outlet.source_id == "nyt" and ac.origin.source_id == "ua-general-staff"


def test_document_outlet_heads_the_chain_once(reg: SourceRegistry) -> None:
    ac = reg.attribute(claim(("Denis Pushilin", "official"), doc_source="Izvestia"))
    assert ac.outlet.source_id == "izvestia" and ac.origin.source_id == "pushilin"
    same = reg.attribute(claim(("Izvestia", "outlet"), doc_source="Izvestia"))
    assert same.outlet is same.origin


def test_unattributed_claims_are_their_documents_own_line(reg: SourceRegistry) -> None:
    assert reg.attribute(claim()).line == "unattributed:d1"


def test_extension_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "more.json"
    extra.write_text(json.dumps({"sources": [
        {"id": "tass", "name": "TASS", "side": "RU", "group": "ru-state-media", "prior": "D"},
        {"id": "new-chan", "name": "New Channel", "aliases": ["NC"], "side": "UA", "prior": "C"}]}))
    reg = SourceRegistry.load(extra)
    assert reg.lookup("Tass").prior == "D" and reg.lookup("NC").source_id == "new-chan"


@pytest.mark.parametrize("content", ["{not json", json.dumps({"sources": [{"name": "no id"}]}),
                                     json.dumps({"sources": [{"id": "x", "name": "X", "prior": "Z"}]})])
def test_bad_extension_file_is_an_input_error(tmp_path: Path, content: str) -> None:
    extra = tmp_path / "bad.json"
    extra.write_text(content)
    with pytest.raises(InputError):
        SourceRegistry.load(extra)
