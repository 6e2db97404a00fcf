"""readouts.fetch and ingest --fetch: only public http(s) addresses, bounded in size,
time and redirects. The server here is on loopback, reached under a test name that the
test's own resolver and address check allow; the real check refuses loopback."""

from __future__ import annotations

import http.server
import threading

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from readouts.cli import cli
from readouts.errors import InputError
from readouts.fetch import fetch, is_public

ARTICLE = (
    "<html><head><title>Li meets Volodin in Beijing</title></head><body><article>"
    + "<p>Li Wenqing met Pavel Volodin in Beijing on Monday to discuss trade.</p>" * 12
    + "</article></body></html>"
).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE),
            "/moved": (302, {"Location": "/page"}, b""),
            "/to-loopback": (302, {"Location": f"http://127.0.0.1:{port}/page"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/big": (200, {"Content-Type": "text/plain"}, b"x" * 200_000),
            "/missing": (404, {}, b"no"),
        }
        status, headers, body = routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def only_news_test(host, address):
    return host == "news.test"


def to_loopback(host, port):
    return ["127.0.0.1"]


def get(port: int, path: str, **options):
    options.setdefault("max_bytes", 100_000)
    return fetch(
        f"http://news.test:{port}{path}", resolver=to_loopback, allowed=only_news_test, **options
    )


def test_a_page_is_fetched_and_a_relative_redirect_followed(server):
    page = get(server, "/page")
    assert page.data == ARTICLE and page.media_type == "text/html"
    moved = get(server, "/moved")
    assert moved.data == ARTICLE and moved.final_url == f"http://news.test:{server}/page"


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ("/to-loopback", "private or local address (127.0.0.1)"),
        ("/loop", "redirects more than 3 times"),
        ("/big", "too large (200,000 bytes; the limit is 100,000)"),
        ("/missing", "HTTP 404"),
    ],
)
def test_every_limit_holds(server, path, wanted):
    with pytest.raises(InputError, match=r".*") as caught:
        get(server, path)
    assert wanted in str(caught.value)
    assert str(caught.value).startswith(f"http://news.test:{server}{path}:")


@pytest.mark.parametrize(
    ("url", "wanted"),
    [
        ("http://127.0.0.1/", "private or local"),
        ("http://10.1.2.3/x", "private or local"),
        ("http://169.254.169.254/latest/meta-data", "private or local"),
        ("http://[::1]/", "private or local"),
        ("http://[::ffff:127.0.0.1]/", "private or local"),
        ("http://0.0.0.0/", "private or local"),
        ("ftp://example.org/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http://example.org:99999/", "not a valid URL"),
        ("http:///nohost", "no host"),
    ],
)
def test_what_is_never_fetched(url, wanted):
    with pytest.raises(InputError) as caught:
        fetch(url, max_bytes=1000, resolver=to_loopback)
    assert wanted in str(caught.value)


def test_a_name_that_resolves_to_a_private_address_is_refused():
    with pytest.raises(InputError, match="private or local"):
        fetch("http://intranet.test/", max_bytes=1000, resolver=lambda h, p: ["192.168.1.5"])
    with pytest.raises(InputError, match="private or local"):  # any one address is enough
        fetch(
            "http://mixed.test/",
            max_bytes=1000,
            resolver=lambda h, p: ["93.184.215.14", "127.0.0.1"],
        )


def test_public_addresses_are_public():
    import ipaddress

    assert is_public("x", ipaddress.ip_address("93.184.215.14"))
    assert not is_public("x", ipaddress.ip_address("100.64.0.1"))  # carrier-grade NAT


def test_ingest_fetches_nothing_without_fetch_and_never_loopback(tmp_path, server):
    runner = CliRunner()
    url = f"http://127.0.0.1:{server}/page"
    db = str(tmp_path / "c.db")
    plain = runner.invoke(cli, ["ingest", url, "--db", db, "--json"])
    assert plain.exit_code == 1
    assert "fetches nothing unless given --fetch" in plain.stderr
    fetched = runner.invoke(cli, ["ingest", url, "--db", db, "--fetch"])
    assert fetched.exit_code == 1 and "private or local address" in fetched.stderr
    assert fetched.stdout.startswith("0 added")


def test_ingest_stores_a_fetched_page(tmp_path, server, monkeypatch):
    from readouts import fetch as fetch_module
    from readouts.ingest import ingest
    from readouts.settings import Settings
    from readouts.store import open_store

    monkeypatch.setattr(fetch_module, "resolve", to_loopback)
    monkeypatch.setattr(fetch_module, "is_public", only_news_test)
    url = f"http://news.test:{server}/page"
    with open_store(str(tmp_path / "c.db")) as store:
        report = ingest(store, [url], Settings.resolve(backend="lexical"), fetch=True)
        assert report.added == 1, report.rejected
        (document,) = store.documents()
        assert document.identity == f"url:{url}" and document.url == url
        assert document.latest.media_type == "text/html"
        assert document.latest.title == "Li meets Volodin in Beijing"
        assert "<p>" not in document.latest.text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=80) | st.from_regex(r"https?://[a-z0-9.:@\[\]%-]{0,30}/?", fullmatch=True))
def test_any_url_is_fetched_or_refused_in_one_line(text):
    try:
        fetch(text, max_bytes=1000, resolver=lambda h, p: ["127.0.0.1"])
    except InputError as error:
        assert "\n" not in str(error)
