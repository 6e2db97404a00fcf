"""The web app (``readouts serve``): the corpus read in a browser, server-rendered.

FastAPI routes over the view models of :mod:`readouts.web.views`; every page has a
``.json`` twin returning the same view model. Jinja2 autoescapes every string (no
``|safe`` on any text a document holds). Every response carries a strict Content Security
Policy (no scripts at all; styles from this server only, or, for a comparison report, the
report's own inline style by its hash), ``nosniff``, no referrer and no framing. The forms
that post (paste and compare, upload files, re-analyse) carry a CSRF token tied to a
cookie; what they accept is bounded by ``max_bytes``. Uploads and re-analyses run as jobs
in a background thread (:mod:`readouts.web.jobs`) whose page refreshes itself while they
run. With ``read_only`` the store is opened read-only and nothing can be added.
"""

import base64
import hashlib
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readouts.errors import InputError, ReadoutsError, UsageError

if TYPE_CHECKING:
    from readouts.settings import Settings

HERE = Path(__file__).parent
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
CSRF_COOKIE = "readouts_csrf"
CSRF_MAX_AGE_S = 3600
MAX_PASTED = 10
# Files one upload may hold (each at most max_bytes).
MAX_UPLOADS = 20
# What a form holds besides its texts or files: field names, boundaries, the token.
FORM_SLACK = 64_000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Views kept in memory per process, until the corpus changes.
CACHED_VIEWS = 256
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def report_csp(page: str) -> str:
    """The policy for a standalone comparison report: its one inline style, by hash."""
    found = _STYLE.search(page)
    style = found.group(1) if found else ""
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; form-action 'none'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )


def upload_name(filename: str | None) -> str:
    """The name an uploaded file is known by: the last part of what the browser sent, on
    one line, at most 200 characters ("upload" for none)."""
    from readouts.render.view import one_line

    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return one_line(name).strip()[:200] or "upload"


def create_app(settings: "Settings", *, read_only: bool = False) -> Any:
    """The FastAPI app over the store ``settings.db`` (opened now: a store that cannot be used
    is an error before any request)."""
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
    from itsdangerous import BadSignature, URLSafeTimedSerializer
    from starlette.requests import Request

    from readouts.store import open_store
    from readouts.web import views

    store = open_store(settings.db, read_only=read_only, create=not read_only)
    signer = URLSafeTimedSerializer(secrets.token_bytes(32), salt="readouts-csrf")
    import jinja2

    # Autoescape every template (their names end in .j2, which select_autoescape misses).
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    templates = Jinja2Templates(env=environment)
    app = FastAPI(title="readouts", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(request: Request, name: str, view: dict[str, Any], status: int = 200):
        return templates.TemplateResponse(
            request, name, {"view": view, "read_only": read_only}, status_code=status
        )

    def problem(request: Request, message: str, status: int, as_json: bool):
        if as_json:
            return JSONResponse({"error": message}, status_code=status)
        return page(request, "error.html.j2", {"error": message}, status)

    def guarded(request: Request, as_json: bool, build, name: str):
        try:
            view = build()
        except UsageError as error:  # the request itself is wrong (a span out of the text)
            return problem(request, str(error), 400, as_json)
        except ReadoutsError as error:
            return problem(request, str(error), 404, as_json)
        if view is None:
            return problem(request, "not found", 404, as_json)
        return JSONResponse(view) if as_json else page(request, name, view)

    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/events", status_code=302)

    from collections import OrderedDict
    from threading import Lock

    cache: OrderedDict[tuple, Any] = OrderedDict()
    cache_lock = Lock()

    def cached(key: tuple, build):
        """``build()``, kept until the corpus changes (:meth:`Store.generation`)."""
        full = (store.generation(), *key)
        with cache_lock:
            if full in cache:
                cache.move_to_end(full)
                return cache[full]
        value = build()
        with cache_lock:
            cache[full] = value
            while len(cache) > CACHED_VIEWS:
                cache.popitem(last=False)
        return value

    def twin(path: str, name: str, build) -> None:
        """The page at ``path`` and its JSON twin at ``path.json``, from one view model.
        The twin is registered first: ``{id}`` would otherwise take "12.json"."""

        async def as_json(request: Request):
            return guarded(request, True, lambda: build(request), name)

        async def as_page(request: Request):
            return guarded(request, False, lambda: build(request), name)

        app.add_api_route(f"{path}.json", as_json, methods=["GET"])
        app.add_api_route(path, as_page, methods=["GET"])

    def number(request: Request, name: str) -> int:
        value = request.path_params.get(name) or request.query_params.get(name) or ""
        if not str(value).isdigit() or len(str(value)) > 12:
            raise InputError(name, f"must be a whole number, not {str(value)[:20]!r}")
        return int(value)

    def optional_number(request: Request, name: str) -> int | None:
        return number(request, name) if request.query_params.get(name) else None

    def offset(request: Request, name: str) -> int | None:
        """An offset into a text from the query (``start``, ``end``): a whole number, or
        absent; anything else is a bad request."""
        value = request.query_params.get(name)
        if value is None:
            return None
        if not value.isdigit() or len(value) > 12:
            raise UsageError(f"{name} must be a whole number, not {value[:20]!r}")
        return int(value)

    def text(request: Request, name: str) -> str:
        return request.query_params.get(name, "")[:200]

    twin(
        "/events",
        "events.html.j2",
        lambda r: cached(("events",), lambda: views.events_view(store, settings)),
    )

    def event_of(request):
        document_id = number(request, "id")
        return cached(
            ("event", document_id), lambda: views.event_view(store, settings, document_id)
        )

    twin("/event/{id}", "event.html.j2", event_of)

    def matrix_of(request):
        document_id = number(request, "id")
        return cached(
            ("matrix", document_id), lambda: views.matrix_view(store, settings, document_id)
        )

    twin("/event/{id}/matrix", "matrix.html.j2", matrix_of)
    twin(
        "/documents/{id}",
        "document.html.j2",
        lambda r: views.document_view(store, number(r, "id"), offset(r, "start"), offset(r, "end")),
    )
    twin(
        "/versions/{id}",
        "versions.html.j2",
        lambda r: views.versions_view(
            store, settings, number(r, "id"), optional_number(r, "old"), optional_number(r, "new")
        ),
    )
    twin(
        "/timeline",
        "timeline.html.j2",
        lambda r: views.timeline_view(store, settings, text(r, "speaker"), text(r, "about")),
    )
    twin("/search", "search.html.j2", lambda r: views.search_view(store, text(r, "q")))

    @app.get("/report/{id}")
    def report(request: Request):
        from readouts.corpus import event_report
        from readouts.render import render

        def build() -> str:
            found = event_report(store, settings, document_id)
            return render(found.comparison, "html")

        try:
            document_id = number(request, "id")
            html = cached(("report", document_id), build)
        except ReadoutsError as error:
            return problem(request, str(error), 404, False)
        return HTMLResponse(html, headers={"Content-Security-Policy": report_csp(html)})

    def form_page(request: Request, name: str, view: dict[str, Any], status: int = 200):
        """A page with a form: its token signs the nonce of the browser's CSRF cookie
        (made now if it has none)."""
        nonce = request.cookies.get(CSRF_COOKIE, "")
        if not _TOKEN.match(nonce):
            nonce = secrets.token_urlsafe(24)
        response = page(request, name, {**view, "token": signer.dumps(nonce)}, status)
        response.set_cookie(
            CSRF_COOKIE, nonce, max_age=CSRF_MAX_AGE_S, httponly=True, samesite="strict"
        )
        return response

    def forged(request: Request, form: Any) -> bool:
        """Whether ``form`` lacks a valid token for this browser's CSRF cookie."""
        try:
            nonce = signer.loads(str(form.get("token", "")), max_age=CSRF_MAX_AGE_S)
        except BadSignature:
            return True
        return nonce is None or nonce != request.cookies.get(CSRF_COOKIE)

    def write_refused(request: Request, limit: int, what: str):
        """The answer to a form that would write to a read-only store, or that declares
        more than ``limit`` bytes; None when it may be read."""
        if read_only:
            return problem(request, "the store is open read-only: nothing can be added", 403, False)
        if too_large(request, limit):
            return problem(request, f"the {what} is larger than {limit:,} bytes", 413, False)
        return None

    def too_large(request: Request, limit: int) -> bool:
        """Whether the request does not say its length, or says more than ``limit``: it
        is refused before any of it is parsed."""
        declared = request.headers.get("content-length", "")
        return not declared.isdigit() or int(declared) > limit

    @app.get("/compare")
    def compare_form(request: Request):
        return form_page(
            request, "compare.html.j2", {"max_bytes": settings.max_bytes, "error": None}
        )

    @app.post("/compare")
    async def compare(request: Request):
        import readouts
        from readouts.documents import Document
        from readouts.render import render

        limit = settings.max_bytes + FORM_SLACK
        if too_large(request, limit):
            return problem(request, f"the form is larger than {limit:,} bytes", 413, False)
        form = await request.form(max_files=0, max_fields=2 * MAX_PASTED + 2, max_part_size=limit)
        if forged(request, form):
            return problem(request, "the form has expired: open it again", 403, False)
        texts = [str(value) for key, value in form.multi_items() if key == "text"]
        labels = [str(value)[:80] for key, value in form.multi_items() if key == "label"]
        pasted = [(text, labels[i] if i < len(labels) else None) for i, text in enumerate(texts)]
        pasted = [(text, label) for text, label in pasted if text.strip()]
        if len(pasted) < 2:
            return problem(request, "paste at least two accounts", 400, False)
        try:
            documents = [Document(text, label=label or None) for text, label in pasted]
            comparison = readouts.compare(documents, settings=settings)
        except ReadoutsError as error:
            return problem(request, str(error), 400, False)
        html = render(comparison, "html")
        return HTMLResponse(html, headers={"Content-Security-Policy": report_csp(html)})

    from readouts.web import jobs as jobs_module

    jobs = jobs_module.Jobs()
    app.state.jobs = jobs
    upload_limit = MAX_UPLOADS * settings.max_bytes + FORM_SLACK

    def ingest_page(request: Request, status: int = 200, error: str | None = None):
        view = {
            "max_bytes": settings.max_bytes,
            "max_files": MAX_UPLOADS,
            "read_only": read_only,
            "error": error,
        }
        if read_only:
            return page(request, "ingest.html.j2", {**view, "token": ""}, status)
        return form_page(request, "ingest.html.j2", view, status)

    @app.get("/ingest")
    def ingest_form(request: Request):
        return ingest_page(request)

    def start_job(request: Request, kind: str, total: int, work):
        try:
            job = jobs.start(kind, total, work)
        except jobs_module.Busy as error:
            return problem(request, str(error), 503, False)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/ingest")
    async def ingest_files(request: Request):
        from starlette.datastructures import UploadFile
        from starlette.exceptions import HTTPException

        refused = write_refused(request, upload_limit, "upload")
        if refused is not None:
            return refused
        try:
            form = await request.form(max_files=MAX_UPLOADS, max_fields=4, max_part_size=FORM_SLACK)
        except HTTPException as error:  # too many files, a field too long, not multipart
            return problem(request, f"the form cannot be read ({error.detail})", 400, False)
        try:
            if forged(request, form):
                return problem(request, "the form has expired: open it again", 403, False)
            files: list[tuple[str, bytes]] = []
            for key, value in form.multi_items():
                if key != "files" or not isinstance(value, UploadFile):
                    continue
                data = await value.read(settings.max_bytes + 1)
                if value.filename or data:
                    files.append((upload_name(value.filename), data))
            outlet = " ".join(str(form.get("outlet") or "").split())[:80] or None
        finally:
            await form.close()
        if not files:
            return ingest_page(request, 400, "choose at least one file")
        return start_job(
            request,
            "ingest",
            len(files),
            lambda update: jobs_module.ingest_uploads(
                store, settings, files, update, outlet=outlet
            ),
        )

    @app.post("/reanalyse")
    async def reanalyse(request: Request):
        refused = write_refused(request, FORM_SLACK, "form")
        if refused is not None:
            return refused
        form = await request.form(max_files=0, max_fields=2, max_part_size=FORM_SLACK)
        if forged(request, form):
            return problem(request, "the form has expired: open it again", 403, False)

        def work(update) -> None:
            stale = jobs_module.stale_versions(store, settings)
            update(total=len(stale))
            jobs_module.reanalyse(store, settings, stale, update)

        return start_job(request, "reanalyse", 0, work)

    def job_of(request: Request):
        job_id = request.path_params.get("id", "")
        job = jobs.get(job_id) if _TOKEN.match(job_id) else None
        return None if job is None else job.to_dict()

    twin("/jobs/{id}", "job.html.j2", job_of)

    @app.exception_handler(404)
    async def missing(request: Request, _exc):
        return problem(request, "not found", 404, request.url.path.endswith(".json"))

    return app
