"""`sitrep eval`: analyse the gold's reports, score places and events, compare with minimums."""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.errors import ConfigError
from sitrep.eval.gold import Score, load_gold
from sitrep.model import Analysis
from sitrep.settings import Settings


def analyse_gold_documents(gold_path: Path, settings: Settings,
                           seeds_dir: Path | None = None) -> dict[str, Analysis]:
    """Run the default pipeline over every report the gold names, keyed by file name."""
    from sitrep.analyze import default_pipeline
    from sitrep.gazetteer import load_gazetteer
    from sitrep.ingest import read_inputs

    gold = load_gold(gold_path)
    folder = seeds_dir or Path(gold_path).resolve().parent.parent / "seeds"
    pipeline = default_pipeline(load_gazetteer(settings))
    analyses: dict[str, Analysis] = {}
    for gdoc in gold.documents:
        path = folder / gdoc.file
        if not path.exists():
            raise ConfigError(f"gold names {gdoc.file} but {path} does not exist (use --seeds)")
        for item in read_inputs([str(path)], settings):
            if not hasattr(item, "doc_id"):
                raise ConfigError(f"cannot read gold report {path}: {item}")
            analyses[gdoc.file] = pipeline.run(item)
    return analyses


def evaluate(gold_path: Path, settings: Settings, seeds_dir: Path | None = None,
             cir: Path | None = None, cir_limit: int | None = None) -> list[Score]:
    from sitrep.eval.events import event_scores
    from sitrep.eval.places import place_scores

    if not Path(gold_path).exists():
        raise ConfigError(f"gold file {gold_path} does not exist")
    gold = load_gold(gold_path)
    analyses = analyse_gold_documents(Path(gold_path), settings, seeds_dir)
    scores = [*place_scores(gold, analyses), *event_scores(gold, analyses)]
    if cir is not None:
        from sitrep.eval.cir import cir_scores
        from sitrep.eval.events import cir_typing_scores
        from sitrep.gazetteer import load_gazetteer

        scores += cir_scores(cir, load_gazetteer(settings), limit=cir_limit)
        scores += cir_typing_scores(cir)
    return scores


def below_minimums(scores: list[Score], minimums_path: Path) -> list[str]:
    """Scores under their recorded minimum (or maximum, for names listed under "max")."""
    try:
        spec = json.loads(Path(minimums_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read minimums {minimums_path}: {exc}") from exc
    by_name = {s.name: s for s in scores}
    problems = []
    for name, minimum in spec.get("min", {}).items():
        s = by_name.get(name)
        if s is None:
            problems.append(f"{name}: not computed (minimum {minimum})")
        elif s.value < minimum:
            problems.append(f"{name}: {s.value:.3f} < {minimum}")
    for name, maximum in spec.get("max", {}).items():
        s = by_name.get(name)
        if s is not None and s.value > maximum:
            problems.append(f"{name}: {s.value:.3f} > {maximum}")
    return problems
