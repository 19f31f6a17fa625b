"""`sitrep extract` output on the seeds is valid JSONL matching the contract's JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

SCHEMA = json.loads(resources.files("sitrep.schema").joinpath("extract.schema.json").read_text())


@pytest.fixture(scope="module")
def extracted(seeds_dir, geonames_zip, katotth_csv, cache_dir):
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    proc = subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", *files, "--gazetteer", str(geonames_zip),
         "--katotth", str(katotth_csv)],
        capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "SITREP_CACHE_DIR": str(cache_dir)})
    assert proc.returncode == 0, proc.stderr
    return files, [json.loads(line) for line in proc.stdout.splitlines()]


def test_contract_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_contract_extract_seeds_validate(extracted):
    files, records = extracted
    assert [r["id"] for r in records] == files  # one object per input, input order
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for record in records:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{record['id']}: {errors[0].message}"


def test_contract_offsets_point_at_the_text(extracted):
    files, records = extracted
    from sitrep.ingest import read_inputs
    from sitrep.settings import Settings

    docs = {d.input_id: d for d in read_inputs(files, Settings.from_env())}
    for record in records:
        text = docs[record["id"]].text
        assert record["doc_id"] == docs[record["id"]].doc_id
        for p in record["places"]:
            assert text[p["start"]:p["end"]] == p["surface"]
        starts = [e["evidence"]["start"] for e in record["events"]]
        assert starts == sorted(starts)  # text order
        for e in record["events"]:
            ev = e["evidence"]
            assert text[ev["start"]:ev["end"]] == ev["text"]


@pytest.mark.parametrize("bad", [
    {"id": "x"},
    {"id": "x", "doc_id": "nothex", "published": None, "places": [], "events": []},
    {"id": "x", "doc_id": "d0123456789abcdef", "published": "7 May", "places": [], "events": []},
])
def test_contract_schema_rejects_malformed(bad):
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(bad))
