"""Property tests for the extraction pipeline (``default_pipeline`` over the real GeoNames UA
dump + KATOTTH): whatever text a reader hands it, it returns an Analysis whose every span
indexes ``Document.text`` and whose contract JSON the schema accepts. No exception escapes.
"""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from sitrep.errors import InputError
from sitrep.ingest.text import text_document
from test_fuzz_readers import FUZZ_MODULE

SCHEMA = json.loads(resources.files("sitrep.schema").joinpath("extract.schema.json").read_text())
FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def pipeline(geonames_zip: Path, katotth_csv: Path, cache_dir: Path):
    from sitrep.analyze import default_pipeline
    from sitrep.gazetteer import load_gazetteer
    from sitrep.settings import Settings

    return default_pipeline(load_gazetteer(Settings(
        geonames=str(geonames_zip), katotth=str(katotth_csv), cache_dir=str(cache_dir))))


def _problems(analysis) -> list[str]:
    problems = FUZZ_MODULE.analysis_problems(analysis, jsonschema.Draft202012Validator(SCHEMA))
    return problems


# Report-like words steer the text into the geoparser's and event detector's paths.
_WORDS = st.sampled_from(["Bakhmut", "Бахмут", "near", "km north of", "the village of", "DPR",
                          "Kharkiv Oblast", "shelling", "drone strike", "killed", "captured",
                          "on July 20", "one day prior", "2024-07-20", "yesterday", "Reuters",
                          "according to", "denied", "Russian forces", "Ukrainian", ".", ",", "\n",
                          "\n\n", "’", "—", "Siversk", "Seversk", "Zaporizhzhia"])
_TEXT = st.one_of(st.text(min_size=1, max_size=300),
                  st.lists(st.one_of(_WORDS, st.text(max_size=8)), min_size=1, max_size=60)
                  .map(" ".join))


def _as_document(title: str, body: str):
    # Leading blank lines were a bug once (headline outlet offsets): keep generating them.
    return text_document("fuzz.txt", f"\n{title}\n\n{body}")


@hyp_settings(max_examples=80, **FUZZ)
@given(title=_TEXT, body=_TEXT)
def test_fuzz_pipeline_generated_text_gives_valid_analysis(pipeline, title: str,
                                                           body: str) -> None:
    title = title.replace("\n", " ")
    if not (title + body).strip():  # the reader refuses blank text, naming the input
        with pytest.raises(InputError, match="fuzz.txt: empty"):
            _as_document(title, body)
        return
    assert _problems(pipeline.run(_as_document(title, body))) == []


@pytest.mark.slow
@hyp_settings(max_examples=60, **FUZZ)
@given(which=st.integers(0, 10_000), seed=st.integers(0, 2**32))
def test_fuzz_pipeline_mutated_seeds_give_valid_analysis(pipeline, shared_dir: Path,
                                                         which: int, seed: int) -> None:
    pool = [data for kind, data in FUZZ_MODULE.seed_inputs(shared_dir) if kind == "text"]
    data = FUZZ_MODULE.mutate(random.Random(seed), pool[which % len(pool)], tuple(
        ("text", d) for d in pool))
    text = "X" + data.decode("utf-8", "replace").lstrip()
    assert _problems(pipeline.run(text_document("fuzz.txt", text))) == []


def test_fuzz_pipeline_text_opening_with_blank_lines_keeps_spans(pipeline) -> None:
    doc = text_document("x.txt", "\n\nRussian Forces Advance Toward Seversk, Reports Deep State"
                        "\n\nRussian forces advanced toward the city of Seversk in the DPR on "
                        "July 20, 2024.\n")
    assert _problems(pipeline.run(doc)) == []
