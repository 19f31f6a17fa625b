"""The FastAPI app: JSON API under /api, the map page at /, its assets under /static."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.api.frontline import FrontlineView, load_frontline
from sitrep.api.guard import Guard
from sitrep.api.ledger import LedgerView
from sitrep.api.state import AppState
from sitrep.settings import Settings
from sitrep.store.base import Store

DESCRIPTION = """Read the situation picture built by sitrep: events with filters, each event's
evidence, claims and checks, places with their control timeline, sources with their track
records, documents with highlighted spans, and exports (ACLED CSV, GeoJSON, JSONL).
Reading is open; `POST /api/documents` needs `Authorization: Bearer <SITREP_API_TOKEN>`.
Errors are JSON: `{"error": "<one line>", "detail": ...}`."""


def static_dir() -> Path:
    return Path(str(resources.files("sitrep.web").joinpath("static")))


def create_app(store: Store, settings: Settings, *, frontline: Any = None,
               ledger: LedgerView | None = None, pipeline: Any = None) -> FastAPI:
    """``frontline``: a FrontlineArchive (default: loaded from ``settings.frontline``).
    ``ledger``: see :mod:`sitrep.api.ledger`. ``pipeline``: analyse POSTed documents."""
    archive = frontline if frontline is not None else load_frontline(settings)
    # The bundled Swagger/ReDoc pages load their scripts from a CDN: off. The spec is at
    # /openapi.json and documented in docs/api.md.
    app = FastAPI(title="sitrep API", description=DESCRIPTION, version="1",
                  docs_url=None, redoc_url=None)
    app.state.sitrep = AppState(store=store, settings=settings,
                                frontline=FrontlineView(archive) if archive is not None else None,
                                ledger=ledger, pipeline=pipeline)
    _routes(app)
    _errors(app)
    app.add_middleware(Guard, max_body=settings.max_request_bytes)
    return app


def _routes(app: FastAPI) -> None:
    from sitrep.api import (routes_documents, routes_events, routes_export, routes_frontline,
                            routes_meta, routes_places, routes_sources)

    for module in (routes_meta, routes_events, routes_places, routes_documents, routes_sources,
                   routes_export, routes_frontline):
        app.include_router(module.router)
    static = static_dir()
    # StaticFiles resolves every path inside `static` and refuses anything that escapes it.
    app.mount("/static", StaticFiles(directory=static, follow_symlink=False), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html",
                            headers={"Cache-Control": "no-cache"})


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail), "detail": exc.detail},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # the offending input is not echoed back: it may be huge or hostile
        problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(str(p) for p in d['loc'][1:]) or d['loc']}: {d['msg']}"
                            for d in problems[:5])
        return JSONResponse({"error": f"bad request: {summary}", "detail": problems},
                            status_code=422)
