"""The five sample reports: titles, publication dates (from the gold file), exact text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def seed_docs(seeds_dir: Path) -> dict[str, Document]:
    results = list(read_inputs([str(seeds_dir)], Settings()))
    assert all(isinstance(r, Document) for r in results), results
    return {Path(d.input_id).name: d for d in results}


@pytest.fixture(scope="module")
def gold_published(gold_path: Path) -> dict[str, str | None]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return {doc["file"]: doc.get("published") for doc in gold["documents"]}


def test_all_five_seeds_are_read_in_sorted_order(seeds_dir: Path,
                                                 seed_docs: dict[str, Document]) -> None:
    expected = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert len(expected) == 5
    assert list(seed_docs) == expected


def test_seed_input_ids_are_paths_joined_from_the_given_directory(
        seeds_dir: Path, seed_docs: dict[str, Document]) -> None:
    for name, doc in seed_docs.items():
        assert doc.input_id == str(seeds_dir / name)


def test_seed_text_is_the_file_minus_the_date_prefix(seeds_dir: Path,
                                                     seed_docs: dict[str, Document]) -> None:
    for name, doc in seed_docs.items():
        raw = (seeds_dir / name).read_text(encoding="utf-8")
        if doc.published is None:
            assert doc.text == raw
        else:
            prefix = f" date {doc.published.isoformat()} "
            assert raw.startswith(prefix)
            assert doc.text == raw[len(prefix):]


def test_seed_titles_are_the_first_line_stripped(seed_docs: dict[str, Document]) -> None:
    for doc in seed_docs.values():
        first_line = doc.text.split("\n", 1)[0]
        assert doc.title == first_line.strip()
        assert doc.text.startswith(doc.title)


def test_seed_publication_dates_match_the_gold_file(
        seed_docs: dict[str, Document], gold_published: dict[str, str | None]) -> None:
    assert set(gold_published) == set(seed_docs)
    for name, doc in seed_docs.items():
        expected = gold_published[name]
        assert doc.published == (date.fromisoformat(expected) if expected else None), name


def test_seed_003_carries_its_date_and_no_prefix(seed_docs: dict[str, Document]) -> None:
    doc = next(d for n, d in seed_docs.items() if n.startswith("003_"))
    assert doc.published == date(2023, 2, 7)
    assert doc.title.startswith("The Russian military")
    assert "date 2023" not in doc.text


def test_default_publication_date_fills_only_undated_seeds(seeds_dir: Path) -> None:
    default = date(2024, 1, 1)
    docs = [d for d in read_inputs([str(seeds_dir)], Settings(), published=default)
            if isinstance(d, Document)]
    dates = {Path(d.input_id).name[:3]: d.published for d in docs}
    assert dates.pop("003") == date(2023, 2, 7)
    assert set(dates.values()) == {default}


def test_seed_doc_ids_are_deterministic_and_distinct(seeds_dir: Path,
                                                     seed_docs: dict[str, Document]) -> None:
    again = {Path(d.input_id).name: d.doc_id for d in read_inputs([str(seeds_dir)], Settings())}
    assert again == {n: d.doc_id for n, d in seed_docs.items()}
    assert len(set(again.values())) == 5
