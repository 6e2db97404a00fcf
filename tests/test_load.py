"""readouts.load: exact offsets for plain text, labels, HTML extraction, every error path."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts.documents import Document
from readouts.errors import InputError, ReadoutsError
from readouts.load import from_bytes, load, parse_labelled

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
