"""`sitrep serve` and `sitrep export`: command functions registered on the CLI in cli.py.

Kept apart from cli.py so that the API's optional dependencies (FastAPI, uvicorn) are
imported only when these commands run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from sitrep.cli_common import FrontOpt, HostOpt, StoreOpt, _errors, _parse_date, _pipeline, _settings, err


def serve(store: Optional[str] = StoreOpt,
          host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
          frontline: Optional[str] = FrontOpt, hostilities: Optional[str] = HostOpt) -> None:
    """Serve the REST API and the map page (http://HOST:PORT/)."""
    with _errors():
        import uvicorn

        from sitrep.api import create_app
        from sitrep.store import open_store

        settings = _settings(store, frontline=frontline, hostilities=hostilities)
        st = open_store(settings.store)
        # POSTed documents are analysed only when writes are enabled (a token is set)
        pipeline = _pipeline(settings) if settings.api_token else None
        app = create_app(st, settings, ledger=_ledger_view(settings, st), pipeline=pipeline)
        err.print(f"serving {settings.store} on http://{host}:{port}/ "
                  f"(writes {'need the token' if settings.api_token else 'disabled'})",
                  highlight=False)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _ledger_view(settings, st):
    """The claims ledger behind the API's claims, checks, grades and timelines."""
    from sitrep.store.ledger_store import keeps_ledger

    if not keeps_ledger(st):  # only a store other than SQLite/PostgreSQL lacks the ledger tables
        err.print("note: this store keeps no claims ledger; the API serves events without "
                  "claims, checks and timelines")
        return None
    from sitrep.ledger.apiview import StoreLedgerView

    with err.status("building the claims ledger"):
        return StoreLedgerView(settings)


def export(format: str = typer.Option(..., "--format", "-f", help="acled | geojson | jsonl"),
           store: Optional[str] = StoreOpt,
           output: Optional[Path] = typer.Option(None, "--output", "-o",
                                                 help="File to write [default: stdout]."),
           type: Optional[str] = typer.Option(None, help="Only this sitrep event type."),
           place: Optional[str] = typer.Option(None, help="Only events at this place name."),
           source: Optional[str] = typer.Option(None, help="Only events citing this source."),
           modality: Optional[str] = typer.Option(None, help="asserted|claimed|denied|..."),
           side: Optional[str] = typer.Option(None, help="Only events with an actor of this "
                                              "side (RU, UA, other)."),
           since: Optional[str] = typer.Option(None, help="Events dated on or after YYYY-MM-DD."),
           until: Optional[str] = typer.Option(None, help="Events dated on or before YYYY-MM-DD.")
           ) -> None:
    """Export the stored events as ACLED-schema CSV, GeoJSON or JSONL."""
    from sitrep.export import export_events
    from sitrep.export.select import EventFilter
    from sitrep.store import EventQuery, open_store

    with _errors():
        st = open_store(_settings(store).store)
        query = EventQuery(type=type, place_name=place, source=source, modality=modality,
                           date_from=_parse_date(since, "--since"), date_to=_parse_date(until, "--until"),
                           limit=10_000_000)
        flt = EventFilter(query=query, side=side)
        if output is None:
            n = export_events(st, format, sys.stdout, flt)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = export_events(st, format, fh, flt)
        st.close()
        err.print(f"{n} events exported", highlight=False)

