"""readouts.load: exact offsets for plain text, labels, HTML extraction, every error path."""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts.documents import Document
from readouts.errors import InputError, ReadoutsError
from readouts.load import from_bytes, load, parse_labelled
from readouts.spans import Span

BOM = "\ufeff"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- plain text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Li met Volodin.\nThey talked.", "Li met Volodin.\nThey talked."),
        (b"Li met Volodin.\r\nThey talked.\r\n", "Li met Volodin.\r\nThey talked.\r\n"),
        (b"Line one.\rLine two.", "Line one.\rLine two."),
        (b"\xef\xbb\xbfLi met Volodin.", "Li met Volodin."),
        (b"\xef\xbb\xbfLi met\r\nVolodin.", "Li met\r\nVolodin."),
        ("Xi’s “visit” to Kyiv — €5 bn.".encode(), "Xi’s “visit” to Kyiv — €5 bn."),
        (b"  leading and trailing space  \n\n", "  leading and trailing space  \n\n"),
        (b"tab\tseparated\fform feed", "tab\tseparated\fform feed"),
        ("\ufeffLi met\r\nVolodin.".encode("utf-16-le"), "Li met\r\nVolodin."),
        ("\ufeffLi met\rVolodin.".encode("utf-16-be"), "Li met\rVolodin."),
        ("\ufeffXi’s “visit” 🇨🇳.".encode("utf-16-le"), "Xi’s “visit” 🇨🇳."),
        ("\ufeffLi met\nVolodin.".encode("utf-32-le"), "Li met\nVolodin."),
        ("\ufeffLi met\r\nVolodin.".encode("utf-32-be"), "Li met\r\nVolodin."),
    ],
    ids=[
        "lf",
        "crlf",
        "cr",
        "bom",
        "bom-crlf",
        "unicode",
        "spaces",
        "tab-formfeed",
        "utf16le-crlf",
        "utf16be-cr",
        "utf16le-astral",
        "utf32le",
        "utf32be-crlf",
    ],
)
def test_plain_text_is_kept_exactly(tmp_path, data, expected):
    document = load(str(write(tmp_path, "a.txt", data)))
    assert document.text == expected
    assert isinstance(document, Document)


def test_offsets_index_the_file_text_with_cr_only(tmp_path):
    data = "First line.\rSecond “line” here.\rThird.".encode()
    document = load(str(write(tmp_path, "mac.txt", data)))
    assert document.text == "First line.\rSecond “line” here.\rThird."
    start = document.text.index("Second")
    assert start == len("First line.\r")
    assert document.text[start : start + len("Second “line”")] == "Second “line”"
    assert "\n" not in document.text


def test_offsets_index_the_decoded_text_of_utf16(tmp_path):
    text = "Li met Volodin.\r\nThey talked in Moscow."
    document = load(str(write(tmp_path, "u.txt", b"\xff\xfe" + text.encode("utf-16-le"))))
    start = document.text.index("Moscow")
    assert start == text.index("Moscow")
    assert document.text[start : start + 6] == "Moscow"


def test_html_in_utf16_is_sniffed(tmp_path):
    page = (
        "<!DOCTYPE html><html><body><article><p>" + PARAGRAPHS[0] + "</p></article></body></html>"
    )
    document = load(str(write(tmp_path, "page.txt", page.encode("utf-16"))))
    assert PARAGRAPHS[0] in document.text
    assert "<p>" not in document.text


def test_offsets_index_the_file_text_with_crlf(tmp_path):
    data = "First line.\r\nSecond “line” here.\r\n".encode()
    document = load(str(write(tmp_path, "a.txt", data)))
    start = document.text.index("Second")
    assert document.text[start : start + len("Second “line”")] == "Second “line”"
    assert document.text.count("\r\n") == 2


# --- labels ------------------------------------------------------------------------------


def test_label_defaults_to_file_name(tmp_path):
    path = write(tmp_path, "duma-readout.txt", b"Li met Volodin.")
    document = load(str(path))
    assert document.label == "duma-readout.txt"
    assert document.path == str(path)
    assert document.name == "duma-readout.txt"


def test_explicit_label_wins(tmp_path):
    path = write(tmp_path, "a.txt", b"Li met Volodin.")
    document = load(str(path), "Duma")
    assert document.label == "Duma"
    assert document.name == "Duma"


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("a.txt=Duma", ("a.txt", "Duma")),
        ("a.txt= Duma ", ("a.txt", "Duma")),
        ("dir/a.txt=Xinhua News", ("dir/a.txt", "Xinhua News")),
        ("a.txt", ("a.txt", None)),
        ("a.txt=", ("a.txt=", None)),
        ("a.txt=   ", ("a.txt=   ", None)),
        ("=Duma", ("=Duma", None)),
        ("-", ("-", None)),
        ("-=Stdin", ("-", "Stdin")),
        ("a=b.txt=Label", ("a=b.txt", "Label")),
    ],
)
def test_parse_labelled(tmp_path, monkeypatch, argument, expected):
    monkeypatch.chdir(tmp_path)  # nothing named like the arguments exists here
    assert parse_labelled(argument) == expected


def test_file_whose_name_contains_equals_sign_loads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.txt=Duma", b"Li met Volodin.")
    path, label = parse_labelled("a.txt=Duma")
    assert (path, label) == ("a.txt=Duma", None)
    document = load(path, label)
    assert document.text == "Li met Volodin."
    assert document.label == "a.txt=Duma"


def test_stdin_is_read_with_default_label(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Li met\r\nVolodin.")))
    document = load("-")
    assert document.text == "Li met\r\nVolodin."
    assert document.label == "stdin"
    assert document.path is None


# --- errors ------------------------------------------------------------------------------


def assert_input_error(error: pytest.ExceptionInfo, source: str, *words: str) -> None:
    assert isinstance(error.value, ReadoutsError)
    assert error.value.source == source
    message = str(error.value)
    assert message.startswith(f"{source}: ")
    for word in words:
        assert word in message.lower()


def test_missing_file(tmp_path):
    path = str(tmp_path / "nowhere.txt")
    with pytest.raises(InputError) as error:
        load(path)
    assert_input_error(error, path, "no such file")


def test_directory(tmp_path):
    with pytest.raises(InputError) as error:
        load(str(tmp_path))
    assert_input_error(error, str(tmp_path), "directory")


def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", b"Li met Volodin.")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read a chmod 000 file")
        with pytest.raises(InputError) as error:
            load(str(path))
        assert_input_error(error, str(path), "permission")
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("binary.txt", b"Li met\x00Volodin.", ("binary",)),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary",)),
        ("controls.txt", bytes(range(1, 9)) * 4 + b"text", ("binary",)),
        ("latin1.txt", "Café in Kyiv".encode("latin-1"), ("utf-8",)),
        ("empty.txt", b"", ("empty",)),
        ("blank.txt", b"  \n\r\n\t \n", ("empty",)),
        ("bom-only.txt", b"\xef\xbb\xbf", ("empty",)),
        ("bom-blank.txt", b"\xef\xbb\xbf \n", ("empty",)),
    ],
)
def test_unusable_content(tmp_path, name, data, words):
    path = str(write(tmp_path, name, data))
    with pytest.raises(InputError) as error:
        load(path)
    assert_input_error(error, path, *words)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"Li met\x00Volodin.", "looks like a binary file (it contains NUL bytes)"),
        (
            bytes(range(1, 9)) * 4 + b"text",
            "looks like a binary file (it contains control characters)",
        ),
        (b"abc\xffdef", "is not UTF-8 text (invalid byte at offset 3)"),
        (b"\xef\xbb\xbfabc\xc3(", "is not UTF-8 text (invalid byte at offset 6)"),
        (
            b"\xff\xfeL\x00i\x00\x00\xd8x\x00",
            "is not UTF-16 text (illegal UTF-16 surrogate at byte offset 6)",
        ),
        (b"\xff\xfeL\x00i\x00X", "is not UTF-16 text (truncated data at byte offset 6)"),
        (b"\xfe\xff\x00L\x00\x00", "looks like a binary file (it contains NUL characters)"),
        (
            b"\x00\x00\xfe\xff\x00\x11\x00\x00",
            "is not UTF-32 text (code point not in range(0x110000) at byte offset 4)",
        ),
        (
            b"\xff\xfe" + "\ue000".encode("utf-16-le") * 40,
            "looks like a binary file (it is not UTF-16 text)",
        ),
        (
            "Li met Volodin.".encode("utf-16-le"),
            "looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
            "(or as UTF-16 with a byte-order mark)",
        ),
        (b"", "is empty"),
        (b"\xff\xfe", "is empty"),
        (b"\x00\x00\xfe\xff", "is empty"),
        (" \r\n".encode("utf-16"), "is empty"),
    ],
    ids=[
        "nul",
        "controls",
        "utf8",
        "utf8-bom",
        "utf16-lone-surrogate",
        "utf16-odd-length",
        "utf16-nul",
        "utf32-out-of-range",
        "utf16-private-use",
        "utf16-without-bom",
        "empty",
        "utf16-bom-only",
        "utf32-bom-only",
        "utf16-blank",
    ],
)
def test_text_refusals_are_exact(tmp_path, data, problem):
    path = str(write(tmp_path, "a.txt", data))
    with pytest.raises(InputError) as error:
        load(path)
    assert str(error.value) == f"{path}: {problem}"


def test_not_utf8_message_gives_offset(tmp_path):
    path = str(write(tmp_path, "a.txt", b"abc\xffdef"))
    with pytest.raises(InputError) as error:
        load(path)
    assert "offset 3" in str(error.value)


@pytest.mark.parametrize("size", [11, 100, 5000])
def test_oversized_file(tmp_path, size):
    path = str(write(tmp_path, "big.txt", b"a" * size))
    with pytest.raises(InputError) as error:
        load(path, max_bytes=10)
    assert_input_error(error, path, "too large")


def test_file_at_the_size_limit_loads(tmp_path):
    path = str(write(tmp_path, "ok.txt", b"a b c d e "))
    assert load(path, max_bytes=10).text == "a b c d e "


def test_oversized_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 50)))
    with pytest.raises(InputError) as error:
        load("-", max_bytes=10)
    assert_input_error(error, "<stdin>", "too large")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"\x00\x01", "binary"),
        (b"a" * 11, "too large"),
        (b"\xc3\x28", "utf-8"),
    ],
)
def test_from_bytes_names_its_source(data, kind):
    with pytest.raises(InputError) as error:
        from_bytes(data, source="feed://x", max_bytes=10)
    assert_input_error(error, "feed://x", kind)


# --- HTML --------------------------------------------------------------------------------

PARAGRAPHS = (
    "Foreign Minister Tomas Reyes held talks with Foreign Minister Ilona Varga in Kessel "
    "on Monday about trade, energy and the security of the region.",
    "The two ministers signed twelve agreements on energy and transport, covering power "
    "lines, rail links and port services along the shared border.",
    "Both ministers agreed to meet again in Tamsk in the autumn to review progress on the "
    "agreements signed during this visit.",
)
BREADCRUMB = "Ministerial Briefings Archive"
TAGS = ("Zebrafish Quarterly", "Tag: Diplomacy")
CAPTION = "The delegations pose beside the harbour lighthouse"

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Talks in Kessel</title></head>
<body>
<header><nav class="breadcrumb" aria-label="breadcrumb"><ol>
<li><a href="/">Home</a></li><li><a href="/news">Newsroom</a></li><li>{BREADCRUMB}</li>
</ol></nav></header>
<main>
<article>
<h1>Ministers hold talks in Kessel</h1>
<figure><img src="photo.jpg" alt="ministers">
<figcaption>Photo: {CAPTION}.</figcaption></figure>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
</article>
<ul class="tags">
<li><a href="/tag/zebrafish">{TAGS[0]}</a></li><li><a href="/tag/diplomacy">{TAGS[1]}</a></li>
</ul>
</main>
<footer>Copyright the Ministry</footer>
</body></html>
"""


@pytest.fixture(scope="module")
def page_text(tmp_path_factory) -> str:
    path = write(tmp_path_factory.mktemp("html"), "talks.html", PAGE.encode())
    return load(str(path)).text


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_html_keeps_article_paragraphs(page_text, paragraph):
    assert paragraph in page_text


@pytest.mark.parametrize("boilerplate", [BREADCRUMB, "Newsroom", *TAGS, CAPTION, "Copyright"])
def test_html_drops_navigation_tags_and_captions(page_text, boilerplate):
    assert boilerplate not in page_text


def test_html_is_sniffed_without_suffix(tmp_path):
    document = load(str(write(tmp_path, "page.txt", PAGE.encode())))
    assert PARAGRAPHS[1] in document.text
    assert BREADCRUMB not in document.text


@pytest.mark.parametrize(
    "prefix",
    [
        b"",
        b"\n\n  ",
        pytest.param(
            b"\xef\xbb\xbf",
            id="bom",
        ),
        pytest.param(
            b"<!-- saved from url=(0022)http://example.org/ -->\n",
            id="leading-comment",
        ),
    ],
)
def test_html_is_sniffed_from_standard_input(prefix):
    document = from_bytes(prefix + PAGE.encode(), source="<stdin>")
    assert PARAGRAPHS[0] in document.text
    assert "<p>" not in document.text
    assert BREADCRUMB not in document.text


def test_html_suffix_forces_extraction(tmp_path):
    # An .html file without <html>: still a page, so markup never reaches the claims.
    data = f"<div><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div>".encode()
    document = load(str(write(tmp_path, "page.htm", data)))
    assert PARAGRAPHS[0] in document.text
    assert "<p>" not in document.text


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(
            "<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>",
            id="nav-link-only",
        ),
        (
            "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a>"
            "</li></ul></nav><footer>Copyright</footer></body></html>"
        ),
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_html_without_article_text(tmp_path, page):
    path = str(write(tmp_path, "empty.html", page.encode()))
    with pytest.raises(InputError) as error:
        load(path)
    assert_input_error(error, path, "no article text")


# --- properties --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_load_returns_the_text_or_an_input_error(text):
    data = text.encode("utf-8")
    if from_bytes_sniffs_html(data):
        return  # content sniffed as a page is extracted, not kept verbatim
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "doc.txt")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            document = load(path)
        except InputError as error:
            assert error.source == path
            return
    expected = text[1:] if text.startswith(BOM) else text
    assert document.text == expected
    assert document.text.strip()


def from_bytes_sniffs_html(data: bytes) -> bool:
    from readouts.load import _HTML_SNIFF

    return bool(_HTML_SNIFF.match(data.decode("utf-8-sig", "replace")[:1024]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda tail: b"<html><body><p>" + tail),
        st.text(max_size=200).map(lambda text: ("<!doctype html>" + text).encode()),
    ),
    st.sampled_from([None, True, False]),
)
def test_from_bytes_raises_only_input_error(data, html):
    try:
        document = from_bytes(data, source="blob", html=html)
    except InputError as error:
        assert error.source == "blob"
    else:
        assert isinstance(document.text, str)
        assert document.text.strip()


# --- special files and bounded reads -------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def bounded(function, *, fifo: str | None = None, timeout: float = 30):
    """``function()``'s result or exception, from a thread that may not block: if it is
    still running after ``timeout`` seconds, a writer opens and closes ``fifo`` so the
    reader is released, and the test fails (a guard against hanging, not a time check)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        if fifo is not None:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout)
        pytest.fail("reading blocked (opened a FIFO that has no writer)")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


@needs_fifo
def test_fifo_named_directly_is_refused_without_blocking(tmp_path):
    fifo = str(tmp_path / "pipe.txt")
    os.mkfifo(fifo)
    with pytest.raises(InputError) as error:
        bounded(lambda: load(fifo), fifo=fifo)
    assert str(error.value) == f"{fifo}: is not a regular file (a FIFO)"


@needs_fifo
def test_symlink_to_a_fifo_is_refused(tmp_path):
    fifo = str(tmp_path / "pipe")
    os.mkfifo(fifo)
    link = tmp_path / "link.txt"
    link.symlink_to(fifo)
    with pytest.raises(InputError) as error:
        bounded(lambda: load(str(link)), fifo=fifo)
    assert str(error.value) == f"{link}: is not a regular file (a FIFO)"


@needs_fifo
def test_a_file_replaced_by_a_fifo_after_the_check_is_refused(tmp_path, monkeypatch):
    # The name is checked, then swapped for a FIFO before it is opened: opening does not
    # wait for a writer (O_NONBLOCK) and the open file is checked again.
    fifo = str(tmp_path / "pipe.txt")
    os.mkfifo(fifo)
    regular = os.stat(write(tmp_path, "a.txt", b"Li met Volodin."))
    real_stat = os.stat

    def stat_before_the_swap(path, *args, **kwargs):
        return regular if path == fifo else real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat_before_the_swap)
    with pytest.raises(InputError) as error:
        bounded(lambda: load(fifo), fifo=fifo)
    assert str(error.value) == f"{fifo}: is not a regular file (a FIFO)"


def test_socket_is_refused(tmp_path_factory):
    socket_module = pytest.importorskip("socket")
    if not hasattr(socket_module, "AF_UNIX"):
        pytest.skip("no Unix sockets on this system")
    folder = tempfile.mkdtemp(prefix="rd")  # a socket path must be short
    path = os.path.join(folder, "s.txt")
    server = socket_module.socket(socket_module.AF_UNIX)
    try:
        server.bind(path)
        with pytest.raises(InputError) as error:
            bounded(lambda: load(path))
        assert str(error.value) == f"{path}: is not a regular file (a socket)"
    finally:
        server.close()
        os.unlink(path)
        os.rmdir(folder)


def test_character_device_is_refused():
    if not os.path.exists("/dev/null") or not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        pytest.skip("no /dev/null character device")
    with pytest.raises(InputError) as error:
        bounded(lambda: load("/dev/null"))
    assert str(error.value) == "/dev/null: is not a regular file (a character device)"


def test_broken_symlink_named_directly(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(InputError) as error:
        load(str(link))
    assert str(error.value) == f"{link}: is a broken symbolic link"


@pytest.mark.parametrize(
    ("path", "problem"),
    [("a\x00b.txt", "is not a usable file name (embedded null byte)")],
)
def test_unusable_file_name(path, problem):
    with pytest.raises(InputError) as error:
        load(path)
    assert str(error.value) == f"{path}: {problem}"


def test_exact_messages_for_missing_and_directory(tmp_path):
    missing = str(tmp_path / "nowhere.txt")
    with pytest.raises(InputError) as error:
        load(missing)
    assert str(error.value) == f"{missing}: no such file"
    with pytest.raises(InputError) as error:
        load(str(tmp_path))
    assert str(error.value) == f"{tmp_path}: is a directory, not a file"


def test_a_huge_max_bytes_reads_a_small_file(tmp_path):
    # `stream.read(max_bytes + 1)` would ask for 100 GB up front (MemoryError).
    data = ("Li met Volodin in Moscow. " * 31 + "End.").encode()
    path = str(write(tmp_path, "small.txt", data))
    assert load(path, max_bytes=100_000_000_000).text == data.decode()


def test_a_huge_max_bytes_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Li met Volodin.")))
    assert load("-", max_bytes=100_000_000_000).text == "Li met Volodin."


class CountingStream(io.RawIOBase):
    """A stream of ``size`` bytes of text that records the size of each read asked for."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.asked: list[int] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        count = self.left if size < 0 else min(size, self.left)
        self.left -= count
        return b"a " * (count // 2) + b"a" * (count % 2)


def test_reads_are_chunked_up_to_the_limit():
    from readouts.load import READ_CHUNK_BYTES, _read_stream

    stream = CountingStream(3 * READ_CHUNK_BYTES + 5)
    data = _read_stream(stream, "s", 100_000_000_000)
    assert len(data) == 3 * READ_CHUNK_BYTES + 5
    assert max(stream.asked) == READ_CHUNK_BYTES
    stream = CountingStream(3 * READ_CHUNK_BYTES)
    with pytest.raises(InputError) as error:
        _read_stream(stream, "s", READ_CHUNK_BYTES + 10)
    assert str(error.value) == f"s: too large (more than {READ_CHUNK_BYTES + 10:,} bytes)"
    assert sum(stream.asked) == READ_CHUNK_BYTES + 11  # never more than the limit and one


def test_stdin_closed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError) as error:
        load("-")
    assert str(error.value) == "<stdin>: is closed"


# --- many documents: every failure reported, the rest loaded ----------------------------------


def messages(errors) -> list[str]:
    return [str(error) for error in errors]


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    """A folder of good and bad documents, special files among them."""
    from tests.fixture_files import flowed, make_docx, make_pdf

    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, "a.txt", b"Li met Volodin.")
    write(folder, "b.txt", b"Li met\x00Volodin.")
    write(folder, "c.pdf", make_pdf([flowed([["Li said China supports Russia."]])]))
    write(folder, "d.docx", make_docx([("Normal", "Xi met Putin.")]))
    write(folder, "e.pdf", make_pdf([[]]))
    write(folder, "notes.csv", b"a,b")  # not a document suffix: not looked at
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        (folder / "to-pipe.md").symlink_to(folder / "pipe.txt")
        os.mkfifo(folder / "pipe-without-suffix")
    return folder


def test_load_documents_reports_each_failure_and_goes_on(mixed_folder, tmp_path):
    from readouts.quotes import load_documents

    missing = str(tmp_path / "missing.txt")
    extra = str(write(tmp_path, "extra.txt", b"Wang met Lavrov."))
    loaded = bounded(lambda: load_documents([str(mixed_folder), missing, extra], max_bytes=100_000))
    assert [document.text for document in loaded.documents] == [
        "Li met Volodin.",
        "Li said China supports Russia.",
        "Xi met Putin.",
        "Wang met Lavrov.",
    ]
    assert [document.label for document in loaded.documents] == [
        "a.txt",
        "c.pdf",
        "d.docx",
        "extra.txt",
    ]
    assert messages(loaded.failures) == [
        f"{mixed_folder / 'b.txt'}: looks like a binary file (it contains NUL bytes)",
        f"{mixed_folder / 'e.pdf'}: is a PDF with no text layer (a scanned document?); run OCR "
        "on it first (for example with ocrmypdf) and load the result",
        f"{missing}: no such file",
    ]
    expected_skipped = [f"{mixed_folder / 'gone.txt'}: is a broken symbolic link"]
    if hasattr(os, "mkfifo"):
        expected_skipped += [
            f"{mixed_folder / 'pipe.txt'}: is not a regular file (a FIFO)",
            f"{mixed_folder / 'to-pipe.md'}: is not a regular file (a FIFO)",
        ]
    assert sorted(messages(loaded.skipped)) == sorted(expected_skipped)


def test_load_documents_strict_raises_the_first_failure(mixed_folder):
    from readouts.quotes import load_documents

    with pytest.raises(InputError) as error:
        bounded(lambda: load_documents([str(mixed_folder)], max_bytes=100_000, strict=True))
    assert str(error.value) == (
        f"{mixed_folder / 'b.txt'}: looks like a binary file (it contains NUL bytes)"
    )


def test_load_documents_labels_name_files_in_order_even_when_one_fails(tmp_path):
    from readouts.quotes import load_documents

    good = str(write(tmp_path, "good.txt", b"Li met Volodin."))
    bad = str(write(tmp_path, "bad.txt", b""))
    other = str(write(tmp_path, "other.txt", b"Xi met Putin."))
    loaded = load_documents([good, bad, other], ["Duma", "Empty", "Xinhua"], max_bytes=100)
    assert [document.label for document in loaded.documents] == ["Duma", "Xinhua"]
    assert messages(loaded.failures) == [f"{bad}: is empty"]
    assert loaded.skipped == []


def test_load_documents_usage_errors_stay_usage_errors(tmp_path):
    from readouts.errors import UsageError
    from readouts.quotes import load_documents

    good = str(write(tmp_path, "good.txt", b"Li met Volodin."))
    with pytest.raises(UsageError, match=r"more --label options \(2\) than documents \(1\)"):
        load_documents([good], ["A", "B"], max_bytes=100)
    with pytest.raises(UsageError, match=r"standard input \(-\) can be given only once"):
        load_documents(["-", "-"], max_bytes=100)


def test_folder_without_documents_is_a_failure_not_the_end(tmp_path):
    from readouts.quotes import expand_paths, load_documents

    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty, "data.csv", b"a,b")
    good = str(write(tmp_path, "good.txt", b"Li met Volodin."))
    loaded = load_documents([str(empty), good], max_bytes=100)
    assert [document.text for document in loaded.documents] == ["Li met Volodin."]
    assert messages(loaded.failures) == [
        f"{empty}: is a folder with no .txt, .text, .md, .html, .htm, .pdf or .docx files"
    ]
    with pytest.raises(InputError, match="is a folder with no"):
        expand_paths([str(empty)])


def test_unreadable_subfolder_is_a_failure_and_the_walk_goes_on(tmp_path, monkeypatch):
    from readouts.quotes import load_documents

    folder = tmp_path / "docs"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    write(locked, "hidden.txt", b"Li met Volodin.")
    write(folder, "z.txt", b"Xi met Putin.")
    real_scandir = os.scandir

    def scandir(path="."):  # what a chmod 000 folder does, even to a privileged user
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    loaded = load_documents([str(folder)], max_bytes=100)
    assert [document.text for document in loaded.documents] == ["Xi met Putin."]
    assert messages(loaded.failures) == [f"{locked}: cannot be read (Permission denied)"]


def test_expand_paths_includes_pdf_and_docx_and_leaves_special_files_out(mixed_folder):
    from readouts.quotes import expand_paths

    names = [os.path.basename(path) for path in bounded(lambda: expand_paths([str(mixed_folder)]))]
    assert names == ["a.txt", "b.txt", "c.pdf", "d.docx", "e.pdf"]


def test_everything_failing_gives_no_documents(tmp_path):
    from readouts.quotes import load_documents

    loaded = load_documents([str(tmp_path / "x.txt"), str(tmp_path / "y.txt")], max_bytes=100)
    assert loaded.documents == []
    assert messages(loaded.failures) == [
        f"{tmp_path / 'x.txt'}: no such file",
        f"{tmp_path / 'y.txt'}: no such file",
    ]


# --- page titles (issue 10, item 2) -------------------------------------------------------


PAGE_PIECES = (
    "<title>",
    "</title>",
    "<h1>",
    "</h1>",
    "<p>",
    "a b",
    "|",
    "\n",
    "&amp;",
    "<meta property='og:title' content='x y'>",
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(PAGE_PIECES), max_size=20).map("".join),
    st.text(alphabet=st.sampled_from("ab .\n"), max_size=40),
)
def test_page_title_on_any_page_never_raises_and_indexes_the_text(page, extracted):
    from readouts.load import page_title, with_page_title

    title = page_title("<html>" + page + "</html>")
    assert title is None or (title == " ".join(title.split()) and title)
    text, heading = with_page_title(extracted, title)
    if heading is not None:
        assert text[heading.start : heading.end] == heading.text
        assert Document(text, heading=heading).title == heading


def test_html_title_outside_the_extracted_text_is_put_before_it(tmp_path):
    page = PAGE.replace("<h1>Ministers hold talks in Kessel</h1>", "")
    document = load(str(write(tmp_path, "talks.html", page.encode())))
    assert document.text.startswith("Talks in Kessel\n\n")
    assert document.title == Span(0, 15, "Talks in Kessel")
    assert PARAGRAPHS[0] in document.text


def test_html_title_inside_the_extracted_text_is_its_first_line(tmp_path):
    document = load(str(write(tmp_path, "talks.html", PAGE.encode())))
    assert document.title is not None
    assert document.text.startswith(document.title.text)
    assert "Kessel" in document.title.text
    assert document.text.count(document.title.text + "\n") == 1
