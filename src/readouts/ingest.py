"""Read documents into the store: files, folders, JSON Lines and RSS/Atom feeds.

One pass: every input is read and checked (:func:`read_inputs`), the ones whose text is
already the latest version of their document are set aside before any parsing, the rest
are parsed once (each language by its own pipeline) and written with their claims, one
transaction per batch, one savepoint per document: a document that fails is rejected with
its reason and leaves nothing behind. Nothing is fetched from the network here.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readouts.errors import InputError

if TYPE_CHECKING:
    from readouts.documents import Document
    from readouts.settings import Settings
    from readouts.store import Incoming, Store

JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx")
INGEST_SUFFIXES = DOCUMENT_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES
# A JSON Lines file or a feed holds many documents: each is bounded by max_bytes, the file
# by this many times that.
CONTAINER_FACTOR = 50
# The longest JSON Lines line read (a document and its fields), in characters over max_bytes.
_LINE_SLACK = 64_000
# Documents parsed and written per transaction.
BATCH = 32
# Fields of a JSON Lines document (one of "text" and "html" is required).
JSONL_FIELDS = ("text", "html", "title", "outlet", "source", "url", "date", "lang", "id")


@dataclass(frozen=True)
class Rejected:
    """An input that was not stored, and why (one line, naming it)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class IngestReport:
    """What one ingest did."""

    added: int = 0
    unchanged: int = 0
    versions: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def line(self) -> str:
        """The summary line: "3 added, 1 unchanged, 1 new version, 2 rejected"."""
        versions = "new version" if self.versions == 1 else "new versions"
        return (
            f"{self.added} added, {self.unchanged} unchanged, {self.versions} {versions}, "
            f"{len(self.rejected)} rejected"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "versions": self.versions,
            "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
        }


# --- reading -----------------------------------------------------------------------------


def read_inputs(
    arguments: Sequence[str],
    *,
    max_bytes: int,
    outlet: str | None = None,
    lang: str | None = None,
    fetch: bool = False,
) -> Iterator[Incoming | Rejected]:
    """Every document the ``arguments`` name (files, folders read recursively, ``.jsonl``
    files of one JSON object per line, ``.rss``/``.atom``/``.xml`` feeds, and with
    ``fetch`` http(s) URLs, fetched by :func:`readouts.fetch.fetch`), checked and decoded,
    or a :class:`Rejected` for each that cannot be used. ``outlet`` and ``lang`` apply to
    documents that do not say their own."""
    from readouts.quotes import _expand

    urls = [argument for argument in arguments if _URL.match(argument)]
    arguments = [argument for argument in arguments if not _URL.match(argument)]
    for url in urls:
        if not fetch:
            yield Rejected(url, "is a URL: readouts fetches nothing unless given --fetch")
            continue
        try:
            yield _fetched(url, max_bytes, outlet, lang)
        except InputError as error:
            yield Rejected(error.source, error.problem)
    if not arguments:
        return

    found = _expand(arguments, INGEST_SUFFIXES)
    for error in found.skipped:
        yield Rejected(error.source, error.problem)
    for item in found.items:
        if isinstance(item, InputError):
            yield Rejected(item.source, item.problem)
            continue
        lowered = item.lower()
        try:
            if lowered.endswith(JSONL_SUFFIXES):
                yield from _jsonl(item, max_bytes, outlet, lang)
            elif lowered.endswith(FEED_SUFFIXES):
                yield from _feed(item, max_bytes, outlet, lang)
            else:
                yield _file(item, max_bytes, outlet, lang)
        except InputError as error:
            yield Rejected(error.source, error.problem)


def _file(path: str, max_bytes: int, outlet: str | None, lang: str | None) -> Incoming:
    from readouts.load import _read_file

    data = _read_file(path, max_bytes)
    return _from_data(data, path, f"file:{os.path.realpath(path)}", max_bytes, outlet, lang)


def read_upload(
    name: str,
    data: bytes,
    *,
    max_bytes: int,
    outlet: str | None = None,
    lang: str | None = None,
) -> Iterator[Incoming | Rejected]:
    """The documents of one uploaded file (the web app's ingest form), read as
    :func:`read_inputs` reads a file of that name: a ``.jsonl`` file line by line, a feed
    entry by entry, anything else as one document whose format is told from its content.
    ``data`` holds at most ``max_bytes``. A document of the file is the same stored
    document as an earlier upload of that name ("upload:NAME"), unless it names its own
    URL or id."""
    if len(data) > max_bytes:
        yield Rejected(name, f"too large ({len(data):,} bytes; the limit is {max_bytes:,})")
        return
    lowered = name.lower()
    try:
        if lowered.endswith(JSONL_SUFFIXES):
            yield from _jsonl_lines(io.BytesIO(data), name, max_bytes, outlet, lang)
        elif lowered.endswith(FEED_SUFFIXES):
            yield from _feed_data(data, name, max_bytes, outlet, lang)
        else:
            yield _from_data(data, name, f"upload:{name}", max_bytes, outlet, lang)
    except InputError as error:
        yield Rejected(error.source, error.problem)


def _from_data(
    data: bytes,
    path: str,
    identity: str,
    max_bytes: int,
    outlet: str | None,
    lang: str | None,
) -> Incoming:
    """One document from the bytes of the file ``path`` (its format told from its content,
    a page's canonical URL, site name and date kept)."""
    from readouts.load import HTML_SUFFIXES, from_bytes, sniff

    is_html = path.lower().endswith(HTML_SUFFIXES)
    document = from_bytes(data, source=path, path=path, max_bytes=max_bytes, html=is_html or None)
    kind = sniff(data, source=path)
    media_type = _media_type(kind, document.heading is not None or is_html)
    meta = _page_metadata(data) if media_type == "text/html" else {}
    url = _web_url(meta.get("url"))
    return _incoming(
        document.text,
        source=path,
        identity=f"url:{url}" if url else identity,
        raw=data,
        media_type=media_type,
        url=url,
        outlet=meta.get("sitename") or outlet,
        title=document.title.text if document.title else None,
        published=meta.get("date"),
        lang=lang,
    )


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _fetched(url: str, max_bytes: int, outlet: str | None, lang: str | None) -> Incoming:
    from readouts.fetch import fetch
    from readouts.load import from_bytes, sniff

    page = fetch(url, max_bytes=max_bytes)
    is_html = page.media_type in ("text/html", "application/xhtml+xml")
    document = from_bytes(page.data, source=url, max_bytes=max_bytes, html=is_html or None)
    kind = sniff(page.data, source=url)
    media_type = _media_type(kind, document.heading is not None or is_html)
    meta = _page_metadata(page.data) if media_type == "text/html" else {}
    return _incoming(
        document.text,
        source=url,
        identity=f"url:{page.url}",
        raw=page.data,
        media_type=media_type,
        url=page.url,
        outlet=meta.get("sitename") or outlet,
        title=document.title.text if document.title else None,
        published=meta.get("date"),
        lang=lang,
    )


def _media_type(kind: str, html: bool) -> str:
    from readouts.load import DOCX, PDF

    if kind == PDF:
        return "application/pdf"
    if kind == DOCX:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return "text/html" if html else "text/plain"


def _page_metadata(data: bytes) -> dict[str, str]:
    """Site name, canonical URL and date of publication trafilatura finds in a page."""
    import trafilatura

    try:
        metadata = trafilatura.extract_metadata(data.decode("utf-8", errors="replace"))
    except (ValueError, TypeError, AttributeError):
        return {}
    if metadata is None:
        return {}
    found = {}
    for name in ("sitename", "url", "date"):
        value = " ".join(str(getattr(metadata, name, None) or "").split())
        if value:
            found[name] = value[:2000]
    if "date" in found:
        found["date"] = found["date"][:10]
    return found


def _web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address (a page may claim any string)."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _jsonl(
    path: str, max_bytes: int, outlet: str | None, lang: str | None
) -> Iterator[Incoming | Rejected]:
    from readouts.load import _check_regular

    try:
        info = os.stat(path)
        _check_regular(path, info.st_mode)
        limit = max_bytes * CONTAINER_FACTOR
        if info.st_size > limit:
            raise InputError(path, f"too large ({info.st_size:,} bytes; the limit is {limit:,})")
        handle = open(path, "rb")  # noqa: SIM115 - closed below, lines read one at a time
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error
    with handle:
        yield from _jsonl_lines(handle, path, max_bytes, outlet, lang)


def _jsonl_lines(
    lines: Iterable[bytes], path: str, max_bytes: int, outlet: str | None, lang: str | None
) -> Iterator[Incoming | Rejected]:
    for number, raw in enumerate(lines, 1):
        source = f"{path}:{number}"
        if not raw.strip():
            continue
        if len(raw) > max_bytes + _LINE_SLACK:
            yield Rejected(source, f"line too long ({len(raw):,} bytes)")
            continue
        try:
            yield _jsonl_document(raw, source, max_bytes, outlet, lang)
        except InputError as error:
            yield Rejected(error.source, error.problem)


def _jsonl_document(
    raw: bytes, source: str, max_bytes: int, outlet: str | None, lang: str | None
) -> Incoming:

    try:
        record = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(source, f"not valid JSON ({_first_line(error)})") from None
    except RecursionError:
        raise InputError(source, "not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise InputError(source, "not a JSON object")
    return record_document(record, raw, source, max_bytes, outlet, lang)


def record_document(
    record: dict[str, Any],
    raw: bytes,
    source: str,
    max_bytes: int,
    outlet: str | None,
    lang: str | None,
) -> Incoming:
    """A document from one record's fields (:data:`JSONL_FIELDS`; a JSON Lines line or a
    Parquet row), checked: one of "text" and "html", strings only, an http(s) URL, an ISO
    date. ``raw`` is kept as the bytes it came from."""
    from readouts.load import extract_main_text, page_title, with_page_title

    values: dict[str, str | None] = {}
    for name in JSONL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(source, f'"{name}" must be a string, not {type(value).__name__}')
        values[name] = value
    text, html = values["text"], values["html"]
    if (text is None) == (html is None):
        raise InputError(source, 'needs one of "text" and "html"')
    body = text if text is not None else html
    assert body is not None
    if len(body.encode("utf-8", errors="surrogatepass")) > max_bytes:
        raise InputError(source, f"too large (the limit is {max_bytes:,} bytes)")
    title = values["title"]
    if html is not None:
        extracted = extract_main_text(html, source=source)
        text, heading = with_page_title(extracted, title or page_title(html))
        title = heading.text if heading else title
    assert text is not None
    url = _web_url(values["url"])
    if values["url"] and url is None:
        raise InputError(source, '"url" must be an http or https address')
    identity = f"url:{url}" if url else (f"id:{values['id']}" if values["id"] else None)
    return _incoming(
        text,
        source=source,
        identity=identity,
        raw=raw,
        media_type="text/html" if html is not None else "text/plain",
        url=url,
        outlet=values["outlet"] or values["source"] or outlet,
        title=title,
        published=_iso_date(values["date"], source),
        lang=values["lang"] or lang,
    )


def _feed(
    path: str, max_bytes: int, outlet: str | None, lang: str | None
) -> Iterator[Incoming | Rejected]:
    from readouts.load import _read_file

    data = _read_file(path, max_bytes * CONTAINER_FACTOR)
    yield from _feed_data(data, path, max_bytes, outlet, lang)


def _feed_data(
    data: bytes, path: str, max_bytes: int, outlet: str | None, lang: str | None
) -> Iterator[Incoming | Rejected]:
    import feedparser

    # A stream, never a string: feedparser fetches a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if parsed.get("bozo") and not parsed.entries:
        problem = _first_line(parsed.get("bozo_exception") or "not a feed")
        raise InputError(path, f"not an RSS or Atom feed ({problem})")
    feed_title = " ".join(str(parsed.feed.get("title") or "").split()) or None
    for number, entry in enumerate(parsed.entries, 1):
        source = f"{path}#{number}"
        try:
            yield _feed_entry(entry, source, max_bytes, outlet or feed_title, lang)
        except InputError as error:
            yield Rejected(error.source, error.problem)


def _feed_entry(
    entry: Any, source: str, max_bytes: int, outlet: str | None, lang: str | None
) -> Incoming:
    from readouts.documents import Document
    from readouts.load import with_page_title

    contents = entry.get("content") or []
    body = contents[0].get("value") if contents else entry.get("summary")
    if not body or not str(body).strip():
        raise InputError(source, "the entry has no text")
    body = str(body)
    if len(body.encode("utf-8", errors="surrogatepass")) > max_bytes:
        raise InputError(source, f"too large (the limit is {max_bytes:,} bytes)")
    text = _html_text(body)
    if not text.strip():
        raise InputError(source, "the entry has no text")
    title = " ".join(str(entry.get("title") or "").split()) or None
    text, heading = with_page_title(text, title)
    Document(text)  # checks the text is valid Unicode
    url = _web_url(entry.get("link"))
    guid = entry.get("id")
    identity = f"url:{url}" if url else (f"id:{guid}" if guid else None)
    published = None
    parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed_date:
        published = f"{parsed_date.tm_year:04d}-{parsed_date.tm_mon:02d}-{parsed_date.tm_mday:02d}"
    return _incoming(
        text,
        source=source,
        identity=identity,
        raw=body.encode("utf-8", errors="replace"),
        media_type="text/html",
        url=url,
        outlet=outlet,
        title=heading.text if heading else None,
        published=published,
        lang=lang,
    )


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), paragraphs on their own
    lines. Scripts and styles are dropped, nothing is fetched."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//br|//div|//li|//h1|//h2|//h3|//h4|//blockquote"):
        block.tail = "\n" + (block.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    return "\n".join(line for line in lines if line)


def _iso_date(value: str | None, source: str) -> str | None:
    if value is None or not value.strip():
        return None
    from datetime import date

    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise InputError(
            source, f'"date" must be an ISO date (2026-03-14), not {value[:40]!r}'
        ) from None


def _incoming(text: str, *, source: str, lang: str | None, **fields: Any) -> Incoming:
    from readouts.documents import Document
    from readouts.languages import language_of
    from readouts.store import Incoming

    if not text.strip():
        raise InputError(source, "is empty")
    try:
        document = Document(text, lang=lang)
    except InputError as error:
        raise InputError(source, error.problem) from None
    if not fields.get("title") and document.title is not None:
        fields["title"] = document.title.text  # the headline the text opens with
    return Incoming(text=text, source=source, lang=language_of(text, lang, source), **fields)


def _first_line(error: object) -> str:
    return (str(error).strip().splitlines() or ["unknown error"])[0][:200]


# --- storing -------------------------------------------------------------------------------


def ingest(
    store: Store,
    arguments: Sequence[str],
    settings: Settings,
    *,
    outlet: str | None = None,
    lang: str | None = None,
    fetch: bool = False,
) -> IngestReport:
    """Read ``arguments`` (see :func:`read_inputs`) into ``store`` with their claims."""
    from readouts.batch import is_batch_output, load_batch

    report = IngestReport()
    batches = [argument for argument in arguments if is_batch_output(argument)]
    for folder in batches:
        load_batch(store, folder, report)
    arguments = [argument for argument in arguments if argument not in batches]
    if not arguments:
        return report
    incoming: list[Incoming] = []
    found = read_inputs(
        arguments, max_bytes=settings.max_bytes, outlet=outlet, lang=lang, fetch=fetch
    )
    for item in found:
        if isinstance(item, Rejected):
            report.rejected.append(item)
        else:
            incoming.append(item)
    store_documents(store, incoming, settings, report)
    return report


def store_documents(
    store: Store, incoming: Sequence[Incoming], settings: Settings, report: IngestReport
) -> None:
    """Parse and write ``incoming``, skipping the texts each document already has."""
    from readouts.progress import task

    latest = store.latest_hashes([item.key for item in incoming])
    seen: dict[str, str] = {}
    fresh: list[Incoming] = []
    for item in incoming:
        digest = item.content_hash
        if latest.get(item.key) == digest or seen.get(item.key) == digest:
            report.unchanged += 1
            continue
        seen[item.key] = digest
        fresh.append(item)
    with task("Ingesting", total=len(fresh), expected_s=len(fresh) * 0.3) as advance:
        for start in range(0, len(fresh), BATCH):
            batch = fresh[start : start + BATCH]
            claims = read_claims([item.document() for item in batch], settings)
            _store_batch(store, batch, claims, settings, report)
            advance(len(batch))


def read_claims(documents: Sequence[Document], settings: Settings) -> list[Any]:
    """Each document's claims (:func:`readouts.languages.claims_of`, all parsed together),
    or the InputError that stopped that one: one bad document does not stop the others."""
    from readouts.comparison import DocumentEntry
    from readouts.languages import claims_of

    entries = tuple(DocumentEntry("A", document) for document in documents)
    try:
        return list(claims_of(entries, settings))
    except InputError:
        found: list[Any] = []
        for entry in entries:
            try:
                found.append(claims_of((entry,), settings)[0])
            except InputError as error:
                found.append(error)
        return found


def store_one(
    store: Store,
    connection: Any,
    item: Incoming,
    put_claims: Callable[[Any, int], None],
    report: IngestReport,
) -> None:
    """Store ``item`` and, for a new document or version, its claims (``put_claims(
    connection, version_id)``), in a savepoint of ``connection``'s transaction: a document
    whose write fails is rejected and leaves nothing behind. Counts the outcome."""
    from sqlalchemy.exc import SQLAlchemyError

    savepoint = connection.begin_nested()
    try:
        stored = store.add(connection, item)
        if stored.outcome != "unchanged":
            put_claims(connection, stored.version_id)
        savepoint.commit()
    except SQLAlchemyError as error:
        savepoint.rollback()
        report.rejected.append(Rejected(item.source, f"not stored ({_first_line(error)})"))
        return
    if stored.outcome == "added":
        report.added += 1
    elif stored.outcome == "version":
        report.versions += 1
    else:
        report.unchanged += 1


def _store_batch(
    store: Store,
    batch: Sequence[Incoming],
    claims: Sequence[Any],
    settings: Settings,
    report: IngestReport,
) -> None:
    with store.transaction() as connection:
        for item, found in zip(batch, claims, strict=True):
            if isinstance(found, InputError):
                report.rejected.append(Rejected(item.source, found.problem))
                continue

            def put(connection: Any, version_id: int, found: Any = found) -> None:
                store.add_claims(connection, version_id, found, settings)

            store_one(store, connection, item, put, report)
