"""What the CLI's command modules share: consoles, options, error mapping, settings, pipeline.

Kept apart from cli.py so that cli_serve.py and cli_ledger.py can import it at the top
without a circular import through the app that registers them.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Iterator

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitrep.errors import ConfigError, SitrepError
from sitrep.settings import Settings

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOpt = typer.Option(None, "--store", help="SQLite file or postgresql:// URL "
                        "[default: SITREP_STORE or sitrep.db in the user data directory].")
GazOpt = typer.Option(None, "--gazetteer", help="GeoNames dump (UA.zip / UA.txt); falls back to the "
                      "embedded gazetteer when absent [env SITREP_GEONAMES].")
KatOpt = typer.Option(None, "--katotth", help="KATOTTH codifier CSV adding settlements GeoNames lacks "
                      "[env SITREP_KATOTTH].")
HostOpt = typer.Option(None, "--hostilities", help="Official list of territories with hostilities "
                       "or under occupation (perelik_*.docx): a prior for ambiguous names and "
                       "official dates in timelines [env SITREP_HOSTILITIES].")
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
              katotth: str | None = None, frontline: str | None = None,
              hostilities: str | None = None) -> Settings:
    s = Settings.from_env(store=store, katotth=katotth, frontline=frontline,
                          hostilities=hostilities)
    if gazetteer is not None:
        if Path(gazetteer).exists():
            s = s.with_(geonames=gazetteer)
        else:
            err.print(f"warning: gazetteer {gazetteer} not found; using the embedded gazetteer")
    if s.katotth and not Path(s.katotth).exists():
        err.print(f"warning: KATOTTH file {s.katotth} not found; ignoring it")
        s = replace(s, katotth=None)
    if s.hostilities and not Path(s.hostilities).exists():
        err.print(f"warning: list of territories {s.hostilities} not found; ignoring it")
        s = replace(s, hostilities=None)
    return s


def _parse_date(value: str | None, option: str = "--published") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option}: expected YYYY-MM-DD, got {value!r}") from None


def _pipeline(settings: Settings):
    from sitrep.analyze import default_pipeline
    from sitrep.gazetteer import load_gazetteer

    with err.status("loading gazetteer"):
        gazetteer = load_gazetteer(settings)
    return default_pipeline(gazetteer)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True)


FrontOpt = typer.Option(None, "--frontline", help="Directory or GeoJSON file of dated "
                        "occupied-territory polygons, to check capture claims against "
                        "[env SITREP_FRONTLINE; else the archive last recorded by "
                        "`sitrep frontline import`].")
EngineOpt = typer.Option("local", "--engine", help="local (this process) or dask (partitions "
                         "over a Dask cluster's workers).")
SchedOpt = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786) "
                        "[default: a local cluster, one worker per core].")
