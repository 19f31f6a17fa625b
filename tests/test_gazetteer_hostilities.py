"""The official list of territories with hostilities or under occupation (perelik_*.docx):
reading the published .docx, statuses by section, periods, exceptions, bad files."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.gazetteer.hostilities import (HostilityRegister, load_register, newest_edition, read_list,
                                          unit_prefix)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _row(*cells: str | tuple[str, ...]) -> str:
    def cell(c):
        return "<w:tc>" + "".join(_p(x) for x in ((c,) if isinstance(c, str) else c)) + "</w:tc>"
    return "<w:tr>" + "".join(cell(c) for c in cells) + "</w:tr>"


def _docx(path: Path, *blocks: str) -> Path:
    xml = f'<?xml version="1.0"?><w:document {W}><w:body>{"".join(blocks)}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    return path


HEADER = _row("Код", "Найменування", "Дата початку", "Дата завершення*")


@pytest.fixture()
def small_list(tmp_path: Path) -> Path:
    return _docx(
        tmp_path / "perelik.docx",
        _p("І. Території, на яких ведуться (велися) бойові дії"),
        _p("1. Території можливих бойових дій"),
        "<w:tbl>" + HEADER + _row("UA12060090000074553", "Грушівська сільська територіальна громада",
                                  "27.09.2024", "") + "</w:tbl>",
        _p("2. Території активних бойових дій"),
        "<w:tbl>" + HEADER + _row("UA14160110000031920",
                                  "Курахівська міська територіальна громада за винятком с. Веселий Гай, "
                                  "м. Гірник", ("24.02.2022", "01.03.2023"), ("31.12.2022",))
        + _row("Покровський район") + "</w:tbl>",
        _p("ІІ. Тимчасово окуповані Російською Федерацією території України"),
        "<w:tbl>" + HEADER + _row("UA14160110070095579",
                                  "с. Веселий Гай Курахівської міської територіальної громади",
                                  "08.08.2024", "") + _row("UA85000000000065278", "м. Севастополь",
                                                          "20.02.2014", "") + "</w:tbl>")


@pytest.mark.parametrize("code, prefix", [
    ("UA85000000000065278", "UA85"), ("UA14160000000012345", "UA1416"),
    ("UA14160110000031920", "UA1416011"), ("UA14160110070095579", "UA1416011007")])
def test_hostilities_unit_prefix_is_the_code_at_its_level(code: str, prefix: str) -> None:
    assert unit_prefix(code) == prefix


def test_hostilities_sections_give_statuses_and_periods(small_list: Path) -> None:
    entries = read_list(small_list)
    assert [(e.code[:9], [p.status for p in e.periods]) for e in entries] == [
        ("UA1206009", ["possible"]), ("UA1416011", ["active", "active"]),
        ("UA1416011", ["occupied"]), ("UA8500000", ["occupied"])]
    kurakhove = entries[1]
    assert [(p.start, p.end) for p in kurakhove.periods] == [
        (date(2022, 2, 24), date(2022, 12, 31)), (date(2023, 3, 1), None)]
    assert len(kurakhove.excepted) == 2  # Веселий Гай, Гірник: matched below by their Latin names


@pytest.mark.parametrize("code, name, day, status", [
    ("UA14160110030099964", "Гостре", date(2022, 6, 1), "active"),       # in the hromada's row
    ("UA14160110030099964", "Гостре", date(2023, 1, 15), None),         # between its periods
    ("UA14160110070095579", "Veselyi Hai", date(2022, 6, 1), None),     # excepted from the row
    ("UA14160110070095579", "Veselyy Hay", date(2025, 1, 1), "occupied"),  # its own row
    ("UA14160110050095579", "Hirnyk", date(2022, 6, 1), None),
    ("UA01020030010012345", "Сімферополь", date(2020, 1, 1), None),     # Crimea is not listed here
    ("UA85000000010012345", "Андріївка", date(2020, 1, 1), "occupied"),  # all of Sevastopol
    (None, "", date(2024, 1, 1), None),
])
def test_hostilities_status_on_a_day(small_list: Path, code, name, day, status) -> None:
    assert load_register(small_list).status_on(code, day, name) == status


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_bytes(b"\x00\x01 not a zip"), "not a readable .docx"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("word/other.xml", "<x/>"), "not a readable .docx"),
    (lambda p: _docx(p, _p("just a letter")), "no coded rows"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("word/document.xml", "<w:document"), "malformed"),
])
def test_hostilities_bad_files_are_clear_errors(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "bad.docx"
    make(path)
    with pytest.raises(ConfigError, match=reason) as err:
        read_list(path)
    assert str(path) in str(err.value)


def test_hostilities_the_published_list_has_its_known_rows(shared_dir: Path) -> None:
    reg = load_register(shared_dir / "data" / "katotth" / "perelik_07052025.docx")
    assert isinstance(reg, HostilityRegister) and len(reg) > 3000
    lyman = "UA14120110010088407"  # occupied from May to the end of September 2022
    assert reg.status_on(lyman, date(2022, 7, 1)) == "occupied"
    assert reg.status_on(lyman, date(2022, 11, 1)) in ("active", "possible")
    assert reg.status_on("UA85000000000065278", date(2015, 1, 1)) == "occupied"
    assert reg.status_on("UA46000000000026241", date(2024, 1, 1)) is None  # Lviv oblast


def test_hostilities_parsed_list_is_cached_and_a_damaged_cache_is_ignored(small_list: Path,
                                                                         tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_register(small_list, cache)
    files = list(cache.glob("hostilities-*.pickle"))
    assert len(files) == 1
    files[0].write_bytes(b"not a pickle")
    again = load_register(small_list, cache)
    assert again.entries == first.entries and files[0].read_bytes() != b"not a pickle"


def test_hostilities_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nope.docx: list of territories not found"):
        load_register(tmp_path / "nope.docx")


@pytest.mark.parametrize("names, newest", [
    (["perelik_07052025.docx", "perelik_30122024.docx", "perelik_01032025.docx"], "perelik_07052025.docx"),
    (["perelik_07052025.docx"], "perelik_07052025.docx"),
    ([], None),
])
def test_hostilities_newest_edition_by_the_date_in_the_name(names, newest) -> None:
    found = newest_edition(Path(n) for n in names)
    assert (found.name if found else None) == newest
