"""``detente serve``: the JSON API and the dashboard, one FastAPI app over one DuckDB file.

The server only reads the database, opening a short-lived read-only :class:`Store` per
request (DuckDB allows one writer or many readers, never both; the CLI's ingest is the
writer). A request made while an ingest holds the file gets 503 with a message saying so.
``POST /ingest`` (off unless ``allow_ingest``) is the one writer inside the server: it
waits for in-flight reads, and reads arriving meanwhile get the same 503.

With ``parquet`` the app serves a ``detente batch`` output folder instead, through one
in-memory DuckDB database of views over its Parquet files (:mod:`detente.store.dataset`),
opened at start; each request reads through its own cursor. Nothing is written then.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from detente.models import Analysis, Article
from detente.store import QueryError, Store, StoreError, StoreLocked
from detente.store.queries import bound
from detente.web import data as wdata
from detente.web.fetch import FetchRefused, Resolver, fetch, system_resolver
from detente.web.highlight import QUAD_LABELS, highlight, marks_for
from detente.web.schemas import (
    ActorDetailOut,
    ActorOut,
    Alias,
    AnalysisOut,
    AnalyzeIn,
    ArticleOut,
    DyadOut,
    DyadPeriodOut,
    ErrorOut,
    EventOut,
    IngestIn,
    IngestOut,
    Page,
    StatementOut,
    StatsOut,
)

MAX_BODY = 1_048_576  # bytes of text (or file) POST /analyze accepts
_ENVELOPE = 64 * 1024  # room for the JSON or multipart wrapping around it
MAX_LIMIT = 1000
MAX_OFFSET = 100_000
HERE = Path(__file__).resolve().parent
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "bad parameter"},
    503: {"model": ErrorOut, "description": "database busy (being written) or missing"},
}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]


class BodyTooLarge(Exception):
    pass


class _Gate:
    """Readers share the file; the in-server ingest writes alone (see module docstring).

    While requests are in flight (and for ``linger`` seconds after the last one) the gate
    keeps one extra read-only connection open: DuckDB then reuses the open database for
    each request's own ``Store``, which makes opening it ~10x cheaper (about 6 ms instead
    of 60 ms on 5,000 articles). An idle server holds no connection, so ``detente ingest``
    can take the write lock whenever the server has been idle for ``linger`` seconds.
    """

    def __init__(self, db: Path, linger: float = 1.0) -> None:
        self.db = db
        self.linger = linger
        self.cond = threading.Condition()
        self.readers = 0
        self.writing = False
        self.keeper: duckdb.DuckDBPyConnection | None = None
        self.idle_since = 0.0
        self.timer: threading.Timer | None = None

    def _close_keeper(self) -> None:
        if self.keeper is not None:
            self.keeper.close()
            self.keeper = None

    def _maybe_close(self) -> None:
        with self.cond:
            if self.readers == 0 and time.monotonic() - self.idle_since >= self.linger * 0.9:
                self._close_keeper()

    @contextmanager
    def read(self) -> Iterator[None]:
        with self.cond:
            if self.writing:
                raise HTTPException(503, "database busy: being written by an ingest; retry in a moment")
            self.readers += 1
            if self.keeper is None and self.db.exists():
                try:
                    self.keeper = duckdb.connect(str(self.db), read_only=True)
                except duckdb.Error:
                    self.keeper = None  # the request's own open reports why
        try:
            yield
        finally:
            with self.cond:
                self.readers -= 1
                if self.readers == 0:
                    self.idle_since = time.monotonic()
                    if self.keeper is not None:
                        self.timer = threading.Timer(self.linger, self._maybe_close)
                        self.timer.daemon = True
                        self.timer.start()
                self.cond.notify_all()

    @contextmanager
    def write(self, timeout: float = 30.0) -> Iterator[None]:
        with self.cond:
            if self.writing:
                raise HTTPException(503, "another ingest is being written; retry when it is done")
            self.writing = True
            if not self.cond.wait_for(lambda: self.readers == 0, timeout):
                self.writing = False
                raise HTTPException(503, "database busy with reads; retry the ingest")
            self._close_keeper()
        try:
            yield
        finally:
            with self.cond:
                self.writing = False
                self.cond.notify_all()

    def close(self) -> None:
        with self.cond:
            self._close_keeper()


def plotly_js_path() -> Path:
    """plotly.min.js as shipped in the installed plotly wheel (served locally, no CDN)."""
    ref = resources.files("plotly").joinpath("package_data", "plotly.min.js")
    return Path(str(ref))


def _check_dates(since: str | None, until: str | None) -> None:
    lo, hi = bound(since), bound(until, end=True)
    if lo and hi and lo > hi:
        raise QueryError(f"since ({since}) is after until ({until})")


def _check_types(type_: str | None) -> None:
    if not type_:
        return
    from detente.store.schema import quads

    known = quads()
    bad = [t.strip() for t in type_.split(",") if t.strip() and t.strip().upper() not in known]
    if bad:
        raise QueryError(f"unknown PLOVER type {', '.join(bad)} (known: {', '.join(sorted(known))})")


def _check_published(published: str | None) -> str | None:
    if published is None or published == "":
        return None
    from detente.ingest.base import iso_date

    if iso_date(published) != published.strip():
        raise QueryError(f"published must be YYYY-MM-DD, not {published!r}")
    return published.strip()


async def _read_capped(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise BodyTooLarge
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > cap:
            raise BodyTooLarge
    return bytes(buf)


def _too_large() -> HTTPException:
    return HTTPException(
        413, f"too large: the limit is {MAX_BODY:,} bytes (1 MB) of text per request; split the input "
        "or use `detente ingest` for big files",
    )  # fmt: skip


def create_app(
    db_path: str | Path,
    *,
    allow_ingest: bool = False,
    allow_private: bool = False,
    resolver: Resolver | None = None,
    parquet: bool = False,
) -> FastAPI:
    """The app over ``db_path``. ``allow_ingest`` enables ``POST /ingest``;
    ``allow_private`` lets it fetch from loopback/private networks; ``resolver``
    replaces DNS resolution (tests); ``parquet``: ``db_path`` is a ``detente batch``
    output folder, served read-only (raises :class:`StoreError` if it is not one)."""
    db = Path(db_path)
    gate = _Gate(db)
    dataset: duckdb.DuckDBPyConnection | None = None
    cursor_lock = threading.Lock()
    if parquet:
        from detente.store.dataset import connect

        if allow_ingest:
            raise StoreError("a batch output folder is served read-only: POST /ingest needs a database")
        dataset = connect(db)
    analyse_lock = threading.Lock()  # one spaCy pipeline, one caller at a time
    resolve = resolver or system_resolver

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        gate.close()
        if dataset is not None:
            dataset.close()

    app = FastAPI(
        lifespan=lifespan,
        title="detente",
        summary="International news as data: actors, statements, PLOVER events and times, with offsets.",
        version="0.1.0",
    )
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True)
    env.filters["quad_label"] = lambda q: QUAD_LABELS.get(q or "", q or "unknown")
    templates = Jinja2Templates(env=env)

    # --- plumbing -------------------------------------------------------------------------

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        resp = await call_next(request)
        resp.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        )
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        return resp

    def wants_html(request: Request) -> bool:
        return "text/html" in request.headers.get("accept", "")

    def error_page(request: Request, status: int, message: str) -> Response:
        if wants_html(request):
            return templates.TemplateResponse(
                request, "error.html", {"status": status, "message": message}, status_code=status
            )
        return JSONResponse({"detail": message}, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error_page(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "request"
            parts.append(f"{where}: {e.get('msg')}")
        if wants_html(request):
            return error_page(request, 422, "; ".join(parts))
        return JSONResponse({"detail": "; ".join(parts), "errors": json.loads(json.dumps(exc.errors(), default=str))},
                            status_code=422)

    def open_store() -> Store:
        if dataset is not None:
            with cursor_lock:
                return Store.over(dataset.cursor(), db)
        return Store(db, read_only=True)

    @contextmanager
    def store() -> Iterator[Store]:
        with gate.read() if dataset is None else nullcontext():
            try:
                st = open_store()
            except StoreLocked as exc:
                raise HTTPException(503, f"database busy: being written by an ingest ({exc})") from exc
            except StoreError as exc:
                raise HTTPException(503, str(exc)) from exc
            except duckdb.Error as exc:
                raise HTTPException(503, f"database unavailable: {exc}") from exc
            try:
                yield st
            finally:
                st.close()

    # --- API ------------------------------------------------------------------------------

    @app.get("/api/stats", response_model=StatsOut, responses=_ERRORS, tags=["api"])
    def api_stats() -> StatsOut:
        with store() as st:
            return StatsOut.model_validate(st.stats())

    @app.get("/articles", response_model=Page[ArticleOut], responses=_ERRORS, tags=["api"])
    def api_articles(
        limit: Limit = 50, offset: Offset = 0, q: str | None = None, source: str | None = None,
        since: str | None = None, until: str | None = None, status: str | None = None,
    ) -> Page[ArticleOut]:  # fmt: skip
        _check_dates(since, until)
        with store() as st:
            rows = st.articles(q, source=source, since=since, until=until, status=status, limit=offset + limit)
        items = [ArticleOut.model_validate(r) for r in rows[offset:]]
        return Page[ArticleOut](limit=limit, offset=offset, count=len(items), items=items)

    @app.get(
        "/articles/{article_id}", response_model=AnalysisOut, tags=["api"],
        responses={**_ERRORS, 404: {"model": ErrorOut, "description": "no such article"}},
    )  # fmt: skip
    def api_article(article_id: str) -> JSONResponse:
        with store() as st:
            an = st.article(article_id)
        if an is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return JSONResponse(an.to_dict())

    @app.get("/dyads/{a}/{b}", response_model=DyadOut, responses=_ERRORS, tags=["api"])
    def api_dyad(
        a: str, b: str, by: str = "month", since: str | None = None, until: str | None = None,
        include_uncertain: bool = False,
    ) -> DyadOut:  # fmt: skip
        _check_dates(since, until)
        with store() as st:
            rows = st.dyad(a, b, by=by, since=since, until=until, include_uncertain=include_uncertain)
        return DyadOut(a=a, b=b, by=by, periods=[DyadPeriodOut.model_validate(r) for r in rows])

    @app.get("/statements", response_model=Page[StatementOut], responses=_ERRORS, tags=["api"])
    def api_statements(
        request: Request, limit: Limit = 50, offset: Offset = 0, speaker: str | None = None,
        about: str | None = None, q: str | None = None, since: str | None = None, until: str | None = None,
    ) -> Any:  # fmt: skip
        """Statements, newest first. A browser (``Accept: text/html``) gets the search page."""
        if wants_html(request):
            return statements_page(request, speaker, about, q, since, until, limit)
        _check_dates(since, until)
        with store() as st:
            rows = st.said(speaker, about, q, since=since, until=until, limit=offset + limit)
        items = [StatementOut.model_validate(r) for r in rows[offset:]]
        return Page[StatementOut](limit=limit, offset=offset, count=len(items), items=items)

    @app.get("/events", response_model=Page[EventOut], responses=_ERRORS, tags=["api"])
    def api_events(
        limit: Limit = 50, offset: Offset = 0, source: str | None = None, target: str | None = None,
        type: str | None = None, since: str | None = None, until: str | None = None,
    ) -> Page[EventOut]:  # fmt: skip
        _check_dates(since, until)
        _check_types(type)
        with store() as st:
            rows = st.events(source, target, type, since=since, until=until, limit=offset + limit)
        items = [EventOut.model_validate(r) for r in rows[offset:]]
        return Page[EventOut](limit=limit, offset=offset, count=len(items), items=items)

    @app.get("/actors", response_model=Page[ActorOut], responses=_ERRORS, tags=["api"])
    def api_actors(limit: Limit = 50, offset: Offset = 0, q: str | None = None) -> Page[ActorOut]:
        with store() as st:
            rows = st.actors(top=offset + limit, q=q)
        items = [ActorOut.model_validate(r) for r in rows[offset:]]
        return Page[ActorOut](limit=limit, offset=offset, count=len(items), items=items)

    def actor_bundle(st: Store, actor_id: str, limit: int) -> ActorDetailOut:
        d = wdata.actor_detail(st, actor_id)
        if d is None:
            raise HTTPException(404, f"no actor with id {actor_id!r}")
        return ActorDetailOut(
            id=d.id, name=d.name, type=d.type, country=d.country, sector=d.sector, role=d.role,
            roles=d.roles, aliases=[Alias(text=t, count=n) for t, n in d.aliases], articles=d.articles,
            mentions=d.mentions, statements=wdata.statements_by(st, actor_id, limit=limit),
            events_as_source=[EventOut.model_validate(r) for r in st.events(source=actor_id, limit=limit)],
            events_as_target=[EventOut.model_validate(r) for r in st.events(target=actor_id, limit=limit)],
        )  # fmt: skip

    @app.get(
        "/actors/{actor_id}", response_model=ActorDetailOut, tags=["api"],
        responses={**_ERRORS, 404: {"model": ErrorOut, "description": "no such actor"}},
    )  # fmt: skip
    def api_actor(actor_id: str, limit: Limit = 100) -> ActorDetailOut:
        with store() as st:
            return actor_bundle(st, actor_id, limit)

    def run_analysis(articles: list[Article]) -> list[Analysis]:
        from detente.ingest.language import detect_language
        from detente.nlp.pipeline import get_pipeline

        for art in articles:
            if art.language is None:
                end = art.body_end if art.body_end is not None else len(art.text)
                art.language = detect_language(art.text[:end])
        with analyse_lock:
            return list(get_pipeline().pipe(articles))

    def read_document(data: bytes, source: str, published: str | None) -> tuple[list[Article], list[dict[str, str]]]:
        from detente.ingest.base import Skipped
        from detente.ingest.sniff import HEAD, read_stream

        arts: list[Article] = []
        skipped: list[dict[str, str]] = []
        for item in read_stream(
            io.BufferedReader(io.BytesIO(data)), source=source, head=data[:HEAD], published=published,
            max_bytes=max(len(data), 1),
        ):  # fmt: skip
            if isinstance(item, Skipped):
                skipped.append({"source": item.source, "reason": item.reason})
            else:
                if item.published is None and published is not None:
                    item.published, item.published_inferred = published, False
                arts.append(item)
        return arts, skipped

    analyze_body = {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": AnalyzeIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {"type": "string", "format": "binary",
                                     "description": "text, HTML, feed, JSON lines or WARC (as `detente analyze` reads)"},
                            "published": {"type": "string", "description": "YYYY-MM-DD"},
                            "title": {"type": "string"},
                        },
                    }
                },
                "text/plain": {"schema": {"type": "string"}},
            },
        }
    }  # fmt: skip

    @app.post(
        "/analyze", tags=["api"], openapi_extra=analyze_body, response_model=AnalysisOut,
        responses={**_ERRORS, 413: {"model": ErrorOut, "description": "over 1 MB"},
                   415: {"model": ErrorOut, "description": "unsupported content type"}},
    )  # fmt: skip
    async def api_analyze(request: Request, published: str | None = None, title: str | None = None) -> JSONResponse:
        """Analyse one text (JSON ``{"text", "published"?, "title"?}``, ``text/plain`` with
        ``?published=``) or one uploaded file (multipart field ``file``). One article gives
        the analyze contract's JSON; a file holding several (a feed) gives a list of them."""
        ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        try:
            raw = await _read_capped(request, MAX_BODY + _ENVELOPE)
        except BodyTooLarge:
            raise _too_large() from None
        articles: list[Article]
        if ctype == "application/json":
            try:
                body = AnalyzeIn.model_validate_json(raw)
            except ValidationError as exc:
                msg = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
                raise HTTPException(422, f"expected JSON {{\"text\", \"published\"?, \"title\"?}}: {msg}") from None
            if len(body.text.encode("utf-8", "surrogatepass")) > MAX_BODY:
                raise _too_large()
            pub = _check_published(body.published)
            articles = [Article(text=body.text, title=body.title, published=pub)]
        elif ctype == "text/plain":
            if len(raw) > MAX_BODY:
                raise _too_large()
            pub = _check_published(published)
            articles = [Article(text=raw.decode("utf-8", "replace"), title=title, published=pub)]
        elif ctype == "multipart/form-data":
            from starlette.formparsers import MultiPartParser

            async def once() -> AsyncGenerator[bytes, None]:
                yield raw

            try:
                form = await MultiPartParser(request.headers, once(), max_files=1, max_fields=10).parse()
            except Exception as exc:  # malformed multipart: the parser's message is the reason
                raise HTTPException(400, f"cannot read the upload: {exc}") from None
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise HTTPException(422, "multipart upload needs a file in the field 'file'")
            data = await upload.read()
            if len(data) > MAX_BODY:
                raise _too_large()
            form_pub = form.get("published")
            pub = _check_published(form_pub if isinstance(form_pub, str) else published)
            articles, skipped = read_document(data, upload.filename or "upload", pub)
            if not articles:
                reason = "; ".join(s["reason"] for s in skipped) or "no article found"
                raise HTTPException(400, f"no article could be read from {upload.filename!r}: {reason}")
            form_title = form.get("title")
            if len(articles) == 1 and isinstance(form_title, str) and form_title:
                articles[0].title = form_title
        else:
            raise HTTPException(415, "send JSON {\"text\": ...}, text/plain, or a multipart upload with a 'file' field")
        if not any(a.text.strip() for a in articles):
            raise HTTPException(400, "the text is empty: nothing to analyse")
        analyses = await run_in_threadpool(run_analysis, articles)
        out = [a.to_dict() for a in analyses]
        return JSONResponse(out[0] if len(out) == 1 else out)

    def ingest_enabled() -> None:
        if not allow_ingest:
            raise HTTPException(
                403, "ingest over HTTP is disabled; start the server with `detente serve --allow-ingest` "
                "(or run `detente ingest` on the command line)",
            )  # fmt: skip

    @app.post(
        "/ingest", response_model=IngestOut, tags=["api"], dependencies=[Depends(ingest_enabled)],
        responses={**_ERRORS, 403: {"model": ErrorOut, "description": "ingest disabled"}},
    )  # fmt: skip
    def api_ingest(body: IngestIn) -> IngestOut:
        """Fetch feed/page URLs, analyse what they hold and store it. Refuses URLs whose
        host resolves to a loopback, private, link-local or reserved address (unless the
        server runs with ``--allow-private``)."""
        pub = _check_published(body.published)
        refused: list[dict[str, str]] = []
        fetched: list[str] = []
        articles: list[Article] = []
        skipped: list[dict[str, str]] = []
        for url in body.urls:
            try:
                final, payload = fetch(url, allow_private=allow_private, resolve=resolve)
            except FetchRefused as exc:
                refused.append({"url": url, "reason": str(exc)})
                continue
            fetched.append(final)
            arts, skips = read_document(payload, final, pub)
            for a in arts:
                a.url = a.url or final
            articles += arts
            skipped += skips
        if not fetched:
            raise HTTPException(400, "nothing fetched: " + "; ".join(r["reason"] for r in refused))
        unique = list({a.id: a for a in articles}.values())
        analyses = run_analysis(unique)
        run_id = "web-" + time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        with gate.write():
            try:
                with Store(db) as st:
                    known = st.known_ids(a.article.id for a in analyses)
                    st.start_run(run_id, fetched)
                    stored = st.add(analyses, run_id=run_id)
                    st.add_skipped(run_id, [(s["source"], s["reason"]) for s in skipped])
                    st.finish_run(run_id, {"read": len(unique), "stored": stored}, "ok")
            except StoreLocked as exc:
                raise HTTPException(503, f"database busy: being written by another process ({exc})") from exc
            except (StoreError, duckdb.Error) as exc:
                raise HTTPException(503, f"cannot write the database: {exc}") from exc
        return IngestOut(
            fetched=fetched, refused=refused, read=len(unique), stored=stored, already_stored=len(known),
            skipped=skipped, article_ids=[a.article.id for a in analyses],
        )  # fmt: skip

    # --- dashboard ------------------------------------------------------------------------

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            plotly_js_path(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, q: str | None = None) -> HTMLResponse:
        with store() as st:
            stats = st.stats()
            dyads = wdata.top_dyads(st, 12)
            recent = st.articles(q, limit=30)
            top = st.actors(top=15)
        return page(request, "index.html", stats=stats, dyads=dyads, recent=recent, top=top, q=q or "")

    @app.get("/dyad/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(
        request: Request, a: str, b: str, by: str = "month", since: str | None = None, until: str | None = None
    ) -> HTMLResponse:
        _check_dates(since, until)
        with store() as st:
            rows = st.dyad(a, b, by=by, since=since, until=until)
            evidence = wdata.dyad_evidence(st, a, b, by=by, since=since, until=until)
            names = {x: (wdata.actor_detail(st, x) if not wdata._ISO3.match(x) else None) for x in (a, b)}
        both = [r for r in rows if r.direction == "both"]
        periods = sorted({r.period for r in rows} | set(evidence))
        by_period = {r.period: r for r in both}
        chart: dict[str, Any] = {
            "periods": periods,
            "quads": {q: [by_period[p].by_quad.get(q, 0) if p in by_period else 0 for p in periods] for q in QUADS},
            "labels": {q: QUAD_LABELS[q] for q in QUADS},
            "order": list(QUADS),  # tojson sorts keys; the chart stacks in this order
            "mean": {
                d: [next((r.intensity_mean for r in rows if r.period == p and r.direction == d), None) for p in periods]
                for d in ("a->b", "b->a", "both")
            },
            "a": a,
            "b": b,
            "by": by,
        }
        label = {x: (n.name if n else x.upper()) for x, n in names.items()}
        return page(
            request, "dyad.html", a=a, b=b, by=by, since=since or "", until=until or "", chart=chart,
            rows=rows, evidence=evidence, periods=periods, by_period=by_period, label=label,
            total=sum(r.events for r in both),
        )  # fmt: skip

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        with store() as st:
            an = st.article(article_id)
        if an is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        body = highlight(an.article.text, marks_for(an), body_end=an.article.body_end)
        from detente.store.schema import quad_of

        return page(
            request, "article.html", an=an, art=an.article, body=body,
            names={x.id: x.name for x in an.actors}, quad_of=quad_of,
        )  # fmt: skip

    def statements_page(
        request: Request, speaker: str | None, about: str | None, q: str | None,
        since: str | None, until: str | None, limit: int,
    ) -> HTMLResponse:  # fmt: skip
        error = None
        rows: list[Any] = []
        try:
            _check_dates(since, until)
            with store() as st:
                rows = st.said(speaker or None, about or None, q or None, since=since or None,
                               until=until or None, limit=limit)  # fmt: skip
        except QueryError as exc:
            error = str(exc)
        form = {"speaker": speaker or "", "about": about or "", "q": q or "", "since": since or "", "until": until or ""}
        return page(request, "statements.html", rows=rows, form=form, error=error, limit=limit)

    @app.get("/actor/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, actor_id: str) -> HTMLResponse:
        with store() as st:
            d = actor_bundle(st, actor_id, 100)
        return page(request, "actor.html", d=d)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"ok": True, "db": str(db), "exists": db.exists(), "time": dt.datetime.now(dt.UTC).isoformat()}

    return app
