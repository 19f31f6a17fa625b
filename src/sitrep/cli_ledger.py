"""Ledger commands: ``frontline import``, ``ledger``, ``timeline``, ``checks``, ``sources``.

Registered on the main app by ``sitrep.cli`` with :func:`register`. Each handler parses,
calls one library function of :mod:`sitrep.ledger.service` and prints a table or JSON.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

import typer
from rich.table import Table

from sitrep import cli_common as base
from sitrep.cli_common import FrontOpt, GazOpt, HostOpt, KatOpt, StoreOpt

frontline_app = typer.Typer(help="Dated occupied-territory polygons (independent front-line evidence).",
                            no_args_is_help=True, add_completion=False)

JsonOpt = typer.Option(False, "--json", help="JSON instead of a table.")
RegistryOpt = typer.Option(None, "--registry", help="JSON file extending/overriding the source "
                           "registry (same shape as sitrep/data/sources.json).")


def _dump(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def _clip(text: str, n: int) -> str:
    """One line, at most ``n`` characters, rich markup escaped (reports contain [brackets])."""
    from rich.markup import escape

    text = " ".join(text.split())
    return escape(text if len(text) <= n else text[: n - 1] + "…")


@frontline_app.command("import")
def frontline_import(path: str = typer.Argument(..., help="Directory of dated GeoJSON files or one "
                                                "GeoJSON file with dated features."),
                     store: Optional[str] = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Read an archive, record it in the store and every stored settlement's first date inside."""
    from sitrep.ledger import service
    from sitrep.ledger.jsonview import frontline_json

    with base._errors():
        with base.err.status("reading the front-line archive"):
            result = service.frontline_import(base._settings(store), path)
    if as_json:
        return _dump(frontline_json(result))
    base.out.print(f"{result.snapshots} snapshots {result.first} … {result.last} from {result.path}; "
                   f"{result.settlements} stored settlements recorded, {result.inside} of them inside "
                   "occupied territory at some date", highlight=False)


def ledger(store: Optional[str] = StoreOpt, registry: Optional[str] = RegistryOpt,
           frontline: Optional[str] = FrontOpt, gazetteer: Optional[str] = GazOpt,
           katotth: Optional[str] = KatOpt, hostilities: Optional[str] = HostOpt,
           type: Optional[str] = typer.Option(None, help="Only fused events of this type."),
           claims: bool = typer.Option(False, "--claims", help="List every claim under its event."),
           as_json: bool = JsonOpt) -> None:
    """Fuse new reports into events and show each event's claims, evidence lines and grade."""
    from sitrep.ledger import service
    from sitrep.ledger.jsonview import entry_json, update_json

    with base._errors():
        report = service.ledger_report(base._settings(store, gazetteer, katotth, frontline,
                                                      hostilities), registry)
    entries = [e for e in report.ledger.entries if type is None or e.event.type == type]
    if as_json:
        return _dump({"update": update_json(report.update), "frontline": report.frontline,
                      "events": [entry_json(e) for e in entries]})
    _print_ledger(base.out, entries, claims)
    u = report.update
    base.out.print(f"{u.new_claims} new claim(s): {u.new_events} new event(s), {u.joined} joined "
                   f"existing ones; {u.checked_documents} document(s) checked; map: "
                   f"{report.frontline or 'none (use --frontline or `sitrep frontline import`)'}",
                   highlight=False)


def _print_ledger(console, entries, with_claims: bool) -> None:
    table = Table("event", "type", "place", "when", "claims", "lines", "sides", "grade", "map",
                  "conflicts")
    for e in entries:
        lo, hi = e.event.window
        when = "undated" if lo is None else (str(lo) if lo == hi else f"{lo}…{hi}")
        maps = ", ".join(sorted({m.verdict for m in e.map_checks})) or "-"
        table.add_row(e.event.event_key, e.event.type, e.event.place.name if e.event.place else "-",
                      when, str(len(e.claims)), str(len(e.lines)), ",".join(e.sides) or "-",
                      e.grade.code + (" (conceded)" if e.conceded else ""), maps,
                      str(len(e.contradictions)))
    console.print(table)
    if not with_claims:
        return
    for e in entries:
        console.rule(f"{e.event.event_key} {e.event.type} "
                     f"{e.event.place.name if e.event.place else ''}  grade {e.grade.code}")
        for ac, link in zip(e.claims, e.event.links):
            console.print(f"  • {ac.claim.modality:<10} {ac.source_label} [{ac.side or '?'}; line "
                          f"{ac.line}] {ac.claim.when or 'undated'}", highlight=False, markup=False)
            console.print(f"      “{_clip(ac.claim.evidence.text, 120)}”", style="dim",
                          highlight=False, markup=False)
            console.print(f"      fused: {'; '.join(link.reasons)}", style="dim", highlight=False,
                          markup=False)
        for line in (*e.grade.reliability_inputs, *e.grade.credibility_inputs):
            console.print(f"  grade input: {line}", style="cyan", highlight=False, markup=False)
        for c in e.contradictions:
            console.print(f"  {c.severity} {c.kind}: {c.note}", style="red", highlight=False,
                          markup=False)
        for m in e.map_checks:
            console.print(f"  map: {m.verdict} {m.note}", highlight=False, markup=False)


def print_ledger_summary(console, report, flagged) -> None:
    """`sitrep run`'s closing picture: fused events with their claims, grades and map verdicts,
    then the geography statements that failed their checks."""
    entries = sorted((e for e in report.ledger.entries if e.claims),
                     key=lambda e: (-len(e.claims), e.event.type))
    if entries:
        console.rule(f"Claims ledger: {len(entries)} fused event(s); map: "
                     f"{report.frontline or 'none (add --frontline)'}")
        table = Table("type", "place", "claims", "sides", "grade", "map", "conflicts")
        for e in entries:
            maps = ", ".join(sorted({m.verdict for m in e.map_checks})) or "-"
            table.add_row(e.event.type, e.event.place.name if e.event.place else "-",
                          str(len(e.claims)), ",".join(e.sides) or "-", e.grade.code, maps,
                          str(len(e.contradictions)))
        console.print(table)
    if flagged:
        console.rule(f"Checks: {len(flagged)} statement(s) questionable or false")
        for c in flagged:
            console.print(f"  • {c.verdict:<12} {c.kind}: “{_clip(c.span.text, 90)}” — "
                          f"{_clip(c.note, 140)}", highlight=False, markup=False)


def timeline(place: str = typer.Argument(..., help="Settlement name, place id or GeoNames id."),
             store: Optional[str] = StoreOpt, registry: Optional[str] = RegistryOpt,
             frontline: Optional[str] = FrontOpt, hostilities: Optional[str] = HostOpt,
             as_json: bool = JsonOpt) -> None:
    """Control timeline of a settlement: claims, map observations and the official list's
    periods, state changes in order."""
    from sitrep.ledger import service
    from sitrep.ledger.jsonview import timeline_json

    with base._errors():
        tl = service.timeline_report(base._settings(store, frontline=frontline,
                                                    hostilities=hostilities), place, registry)
    if as_json:
        return _dump(timeline_json(tl))
    p = tl.place
    base.out.rule(f"{p.name} ({p.place_id}); map first inside: {tl.first_inside or 'never'}")
    table = Table("day", "state", "change", "evidence")
    for e in tl.entries:
        table.add_row(str(e.day), e.state, "●" if e.change else "", _clip(e.evidence, 110))
    for e in tl.undated:
        table.add_row("undated", e.state, "", _clip(e.evidence, 110))
    base.out.print(table)


def checks(store: Optional[str] = StoreOpt, gazetteer: Optional[str] = GazOpt,
           katotth: Optional[str] = KatOpt,
           verdict: Optional[str] = typer.Option(None, help="consistent | questionable | false"),
           as_json: bool = JsonOpt) -> None:
    """Checks of what the stored reports say about geography, with verdicts and numbers."""
    from sitrep.ledger import service
    from sitrep.ledger.jsonview import check_json

    with base._errors():
        results = service.checks_report(base._settings(store, gazetteer, katotth), verdict)
    if as_json:
        return _dump([check_json(c) for c in results])
    table = Table("doc", "kind", "verdict", "statement", "claimed", "measured", "why")
    colour = {"false": "red", "questionable": "yellow", "consistent": "green"}
    for c in results:
        statement = c.subject if c.kind == "distance" else c.span.text  # "10 km from there": say between what
        table.add_row(c.doc_id[:9], c.kind, f"[{colour.get(c.verdict, 'white')}]{c.verdict}[/]",
                      _clip(statement, 50), _clip(c.claimed, 30), _clip(c.measured, 30), _clip(c.note, 90))
    base.out.print(table)


def sources(store: Optional[str] = StoreOpt, registry: Optional[str] = RegistryOpt,
            frontline: Optional[str] = FrontOpt, as_json: bool = JsonOpt,
            all_: bool = typer.Option(False, "--all", help="Also sources with no claim in the store.")) -> None:
    """The source registry with each source's track record against the front-line map."""
    from sitrep.ledger import service
    from sitrep.ledger.jsonview import source_json

    with base._errors():
        rows = service.sources_report(base._settings(store, frontline=frontline), registry)
    rows = [r for r in rows if all_ or r.record is not None]
    if as_json:
        return _dump([source_json(r) for r in rows])
    table = Table("source", "kind", "side", "alignment", "group", "prior", "map-checked",
                  "confirmed", "contradicted", "pending", "mean lead (days)", "grade")
    for r in rows:
        t = r.record
        lead = f"{t.mean_lead_days:+.1f}" if t and t.mean_lead_days is not None else "-"
        table.add_row(r.source.name, r.source.kind, r.source.side or "?", r.source.alignment,
                      r.source.group, r.source.prior, *(str(x) for x in (
                          (t.checked, t.confirmed, t.contradicted, t.pending) if t else ("-",) * 4)),
                      lead, t.grade if t else r.source.prior)
    base.out.print(table)


def register(app: typer.Typer) -> None:
    """Add the ledger commands to the main ``sitrep`` app."""
    app.add_typer(frontline_app, name="frontline")
    app.command("ledger")(ledger)
    app.command("timeline")(timeline)
    app.command("checks")(checks)
    app.command("sources")(sources)
