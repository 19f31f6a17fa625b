"""The `sitrep` command line: each command parses, calls one library function, maps errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from sitrep.cli_common import (EngineOpt, FrontOpt, GazOpt, HostOpt, KatOpt, PubOpt, SchedOpt, StoreOpt,
                               _errors, _parse_date, _pipeline, _progress, _settings, err, out)
from sitrep.errors import InputError
from sitrep.settings import Settings

app = typer.Typer(help="sitrep: a sourced, geolocated, verified situation picture from war reporting.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


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
            katotth: Optional[str] = KatOpt, hostilities: Optional[str] = HostOpt) -> None:
    """Analyse reports and write one JSON object per document to stdout (JSONL, input order)."""
    from sitrep import jobs
    from sitrep.contract import analysis_json

    failed = 0
    with _errors():
        settings = _settings(gazetteer=gazetteer, katotth=katotth, hostilities=hostilities)
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
        gazetteer: Optional[str] = GazOpt, katotth: Optional[str] = KatOpt,
        hostilities: Optional[str] = HostOpt, frontline: Optional[str] = FrontOpt,
        engine: str = EngineOpt, scheduler: Optional[str] = SchedOpt) -> None:
    """Ingest, analyse, fuse into the claims ledger, check; print the situation."""
    from sitrep import jobs
    from sitrep.store import open_store
    from sitrep.summary import situation

    with _errors():
        settings = _settings(store, gazetteer, katotth, frontline, hostilities)
        st = open_store(settings.store)
        with _progress() as bar:
            task = bar.add_task("ingesting", total=None)
            report = jobs.ingest(jobs.read(paths, settings, _parse_date(published), sys.stdin), st,
                                 lambda n: bar.advance(task, n))
            task = bar.add_task("analysing", total=len(report.added) or None)
            done = jobs.analyse_stored(settings, st, engine, scheduler=scheduler,
                                       pipeline_factory=lambda: _pipeline(settings),
                                       progress=lambda n: bar.advance(task, n))
        _report_input_errors(report.errors)
        for failure in done.failures:
            err.print(f"[red]failed[/red] {failure}", highlight=False)
        _print_situation(situation(st))
        _print_ledger_summary(settings, st)
        out.print(f"\n{len(report.added)} new documents ({len(report.duplicates)} already stored, "
                  f"{len(report.errors)} unreadable); {done.events} events, {done.mentions} place "
                  f"mentions analysed -> {st.url}", highlight=False)
        st.close()
    if report.errors or done.failures:
        raise typer.Exit(1)


def _print_ledger_summary(settings: Settings, st) -> None:
    """The claims ledger and the geography checks that failed: what an analyst reads first."""
    from sitrep.store.ledger_store import keeps_ledger

    if not keeps_ledger(st):  # only a store other than SQLite/PostgreSQL lacks the ledger tables
        err.print("note: this store keeps no claims ledger; skipped")
        return
    from sitrep.cli_ledger import print_ledger_summary
    from sitrep.ledger import service

    report = service.ledger_report(settings)  # updates the ledger and the checks
    print_ledger_summary(out, report, service.flagged_checks(st))


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
    from sitrep.gazetteer.hostilities import newest_edition

    seeds = shared / "seeds"
    if not seeds.is_dir():
        err.print(f"error: no sample reports at {seeds} (use --shared)")
        raise typer.Exit(2)
    kat = sorted((shared / "data" / "katotth").glob("kodifikator-*.csv"))
    newest = newest_edition((shared / "data" / "katotth").glob("perelik_*.docx"))
    deepstate = shared / "data" / "deepstate"
    run([str(seeds)], store=store, published=None,
        gazetteer=str(shared / "data" / "geonames" / "UA.zip"),
        katotth=str(kat[-1]) if kat else None,
        hostilities=str(newest) if newest else None,
        frontline=str(deepstate) if deepstate.is_dir() else None, engine="local", scheduler=None)


@app.command("eval")
def eval_(gold: Path = typer.Argument(..., help="Gold file, e.g. ../shared/gold/seeds.json."),
          seeds: Optional[Path] = typer.Option(None, help="Folder of the gold's reports "
                                               "[default: seeds/ beside the gold's folder]."),
          gazetteer: Optional[str] = GazOpt, katotth: Optional[str] = KatOpt,
          hostilities: Optional[str] = HostOpt,
          cir: Optional[Path] = typer.Option(None, help="CIR events CSV for the geocoding and "
                                             "typing evaluation on text nobody here wrote."),
          cir_limit: Optional[int] = typer.Option(None, help="Only the first N CIR rows."),
          minimums: Optional[Path] = typer.Option(None, help="JSON of minimum scores; exit 1 if "
                                                  "any score falls below its minimum."),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """Score places and events against the gold (and the CIR events); print the scores."""
    from sitrep.eval.runner import below_minimums, evaluate

    with _errors():
        settings = _settings(gazetteer=gazetteer, katotth=katotth, hostilities=hostilities)
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


def _register_commands() -> None:
    """Commands kept in their own modules (their imports load only when they run)."""
    from sitrep import cli_serve
    from sitrep.cli_ledger import register

    app.command("serve")(cli_serve.serve)
    app.command("export")(cli_serve.export)
    register(app)


_register_commands()


def main() -> None:
    app()
