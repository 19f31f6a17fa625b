"""The `sitrep` command line: each command parses, calls one library function, maps errors."""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sitrep.errors import ConfigError, InputError, SitrepError
from sitrep.settings import Settings

app = typer.Typer(help="sitrep: a sourced, geolocated, verified situation picture from war reporting.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOpt = typer.Option(None, "--store", help="SQLite file or postgresql:// URL "
                        "[default: SITREP_STORE or sitrep.db in the user data directory].")
GazOpt = typer.Option(None, "--gazetteer", help="GeoNames dump (UA.zip / UA.txt); falls back to the "
                      "embedded gazetteer when absent [env SITREP_GEONAMES].")
KatOpt = typer.Option(None, "--katotth", help="KATOTTH codifier CSV adding settlements GeoNames lacks "
                      "[env SITREP_KATOTTH].")
PubOpt = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for inputs without one.")


@contextmanager
def _errors() -> Iterator[None]:
    """Map library errors to one clear line and an exit code, never a traceback."""
    try:
        yield
    except SitrepError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None
    except Exception as exc:
        if os.environ.get("SITREP_DEBUG"):
            raise
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc} "
                  "(set SITREP_DEBUG=1 for a traceback)", highlight=False)
        raise typer.Exit(1) from None


def _settings(store: str | None = None, gazetteer: str | None = None,
              katotth: str | None = None, frontline: str | None = None) -> Settings:
    s = Settings.from_env(store=store, katotth=katotth, frontline=frontline)
    if gazetteer is not None:
        if Path(gazetteer).exists():
            s = s.with_(geonames=gazetteer)
        else:
            err.print(f"warning: gazetteer {gazetteer} not found; using the embedded gazetteer")
    if s.katotth and not Path(s.katotth).exists():
        err.print(f"warning: KATOTTH file {s.katotth} not found; ignoring it")
        s = replace(s, katotth=None)
    return s


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--published: expected YYYY-MM-DD, got {value!r}") from None


def _pipeline(settings: Settings):
    from sitrep.analyze import default_pipeline
    from sitrep.gazetteer import load_gazetteer

    with err.status("loading gazetteer"):
        gazetteer = load_gazetteer(settings)
    return default_pipeline(gazetteer)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True)


def _report_input_errors(errors: tuple[InputError, ...] | list[InputError]) -> None:
    for e in errors:
        err.print(f"[yellow]skipped[/yellow] {e}", highlight=False)


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, directories or - for stdin."),
           store: Optional[str] = StoreOpt, published: Optional[str] = PubOpt) -> None:
    """Read reports into the store (no analysis). Re-ingesting a document is a no-op."""
    from sitrep import jobs
    from sitrep.store import open_store

    with _errors():
        settings = _settings(store)
        st = open_store(settings.store)
        with _progress() as bar:
            task = bar.add_task("ingesting", total=None)
            report = jobs.ingest(jobs.read(paths, settings, _parse_date(published), sys.stdin), st,
                                 lambda n: bar.advance(task, n))
        _report_input_errors(report.errors)
        out.print(f"{len(report.added)} added, {len(report.duplicates)} already stored, "
                  f"{len(report.errors)} failed -> {st.url}")
        st.close()
    if report.errors:
        raise typer.Exit(1)


@app.command()
def extract(paths: list[str] = typer.Argument(..., help="Files, directories or - for stdin."),
            published: Optional[str] = PubOpt, gazetteer: Optional[str] = GazOpt,
            katotth: Optional[str] = KatOpt) -> None:
    """Analyse reports and write one JSON object per document to stdout (JSONL, input order)."""
    from sitrep import jobs
    from sitrep.contract import analysis_json

    failed = 0
    with _errors():
        settings = _settings(gazetteer=gazetteer, katotth=katotth)
        pipeline = _pipeline(settings)
        items = jobs.read(paths, settings, _parse_date(published), sys.stdin)
        for result in jobs.extract(items, pipeline):
            if isinstance(result, InputError):
                failed += 1
                _report_input_errors([result])
                continue
            sys.stdout.write(json.dumps(analysis_json(result), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command()
def run(paths: list[str] = typer.Argument(..., help="Files, directories or - for stdin."),
        store: Optional[str] = StoreOpt, published: Optional[str] = PubOpt,
        gazetteer: Optional[str] = GazOpt, katotth: Optional[str] = KatOpt) -> None:
    """Ingest, analyse and print a situation summary."""
    from sitrep import jobs
    from sitrep.store import open_store
    from sitrep.summary import situation

    with _errors():
        settings = _settings(store, gazetteer, katotth)
        st = open_store(settings.store)
        pipeline = _pipeline(settings)
        with _progress() as bar:
            task = bar.add_task("ingesting", total=None)
            report = jobs.ingest(jobs.read(paths, settings, _parse_date(published), sys.stdin), st,
                                 lambda n: bar.advance(task, n))
            task = bar.add_task("analysing", total=len(report.added) or None)
            done = jobs.analyse(st, pipeline, progress=lambda n: bar.advance(task, n))
        _report_input_errors(report.errors)
        for failure in done.failures:
            err.print(f"[red]failed[/red] {failure}", highlight=False)
        _print_situation(situation(st))
        out.print(f"\n{len(report.added)} new documents ({len(report.duplicates)} already stored, "
                  f"{len(report.errors)} unreadable); {done.events} events, {done.mentions} place "
                  f"mentions analysed -> {st.url}", highlight=False)
        st.close()
    if report.errors or done.failures:
        raise typer.Exit(1)


def _print_situation(sit) -> None:
    from sitrep.summary import source_chain, when

    out.rule(f"Situation: {sit.events} events from {sit.documents} documents")
    for place in sit.places:
        where = (f"{place.name} ({place.lat:.3f}, {place.lon:.3f})"
                 if place.lat is not None else place.name)
        out.print(f"\n[bold]{where}[/bold]: {len(place.events)} event(s)", highlight=False)
        for e in place.events:
            out.print(f"  • {when(e):>10}  {e.type:<12} {e.modality:<11} "
                      f"per {source_chain(e)}", highlight=False)
            out.print(f"      “{_clip(e.evidence_text, 150)}”", style="dim", highlight=False)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def events(store: Optional[str] = StoreOpt,
           type: Optional[str] = typer.Option(None, help="Only this sitrep event type."),
           place: Optional[str] = typer.Option(None, help="Only events at this place name."),
           source: Optional[str] = typer.Option(None, help="Only events attributed to this source."),
           modality: Optional[str] = typer.Option(None, help="asserted|claimed|denied|..."),
           limit: int = typer.Option(100, min=1, max=100_000),
           as_json: bool = typer.Option(False, "--json", help="JSONL instead of a table.")) -> None:
    """Query the events in the store."""
    from sitrep.store import EventQuery, open_store
    from sitrep.summary import source_chain, when

    with _errors():
        st = open_store(_settings(store).store)
        rows = st.events(EventQuery(type=type, place_name=place, source=source,
                                    modality=modality, limit=limit))
        st.close()
    if as_json:
        for e in rows:
            record = json.loads(e.record)
            sys.stdout.write(json.dumps({"event_id": e.event_id, "doc_id": e.doc_id, **record},
                                        ensure_ascii=False) + "\n")
        return
    table = Table("date", "type", "place", "modality", "sources", "evidence")
    for e in rows:
        table.add_row(when(e), e.type, e.place_name or "", e.modality, source_chain(e),
                      _clip(e.evidence_text, 80))
    out.print(table)


@app.command()
def demo(shared: Path = typer.Option(Path("../shared"), help="The shared data folder "
                                     "(seeds/, data/geonames/UA.zip, data/katotth/)."),
         store: Optional[str] = StoreOpt) -> None:
    """Run the whole job on the sample reports in SHARED/seeds."""
    seeds = shared / "seeds"
    if not seeds.is_dir():
        err.print(f"error: no sample reports at {seeds} (use --shared)")
        raise typer.Exit(2)
    kat = sorted((shared / "data" / "katotth").glob("kodifikator-*.csv"))
    run([str(seeds)], store=store, published=None,
        gazetteer=str(shared / "data" / "geonames" / "UA.zip"),
        katotth=str(kat[-1]) if kat else None)


@app.command("eval")
def eval_(gold: Path = typer.Argument(..., help="Gold file, e.g. ../shared/gold/seeds.json."),
          seeds: Optional[Path] = typer.Option(None, help="Folder of the gold's reports "
                                               "[default: seeds/ beside the gold's folder]."),
          gazetteer: Optional[str] = GazOpt, katotth: Optional[str] = KatOpt,
          cir: Optional[Path] = typer.Option(None, help="CIR events CSV for the geocoding and "
                                             "typing evaluation on text nobody here wrote."),
          cir_limit: Optional[int] = typer.Option(None, help="Only the first N CIR rows."),
          minimums: Optional[Path] = typer.Option(None, help="JSON of minimum scores; exit 1 if "
                                                  "any score falls below its minimum."),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """Score places and events against the gold (and the CIR events); print the scores."""
    from sitrep.eval.runner import below_minimums, evaluate

    with _errors():
        settings = _settings(gazetteer=gazetteer, katotth=katotth)
        scores = evaluate(gold, settings, seeds_dir=seeds, cir=cir, cir_limit=cir_limit)
        failures = below_minimums(scores, minimums) if minimums else []
    if as_json:
        out.print_json(json.dumps([s.__dict__ for s in scores]))
    else:
        table = Table("score", "value", "n", "note")
        for s in scores:
            value = f"{s.value:.1f} {s.unit}" if s.unit else f"{s.value:.3f}"
            table.add_row(s.name, value, str(s.n), s.note)
        out.print(table)
    for f in failures:
        err.print(f"[red]below minimum:[/red] {f}", highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command("settings")
def settings_() -> None:
    """List every setting, its environment variable, current value and meaning."""
    current = Settings.from_env()
    table = Table("setting", "env", "value", "help")
    for name, env, help_ in Settings.describe():
        table.add_row(name, env, str(getattr(current, name)), help_)
    out.print(table)


def main() -> None:
    app()
