"""Fetching a page the user named (``readouts ingest --fetch URL``), and nothing else.

Only http and https; never a private, loopback, link-local or otherwise non-public address
(checked for every address the name resolves to, and the connection made to the address
checked, so that a second lookup cannot point elsewhere); at most :data:`MAX_REDIRECTS`
redirects, each checked the same way; at most ``max_bytes`` read (after decompression)
and :data:`TIME_LIMIT_S` seconds in all. Nothing a page contains is followed or fetched.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from readouts.errors import InputError

MAX_REDIRECTS = 3
TIME_LIMIT_S = 30.0
CONNECT_TIMEOUT_S = 10.0
_CHUNK = 65_536
USER_AGENT = "readouts (+https://pypi.org/project/readouts/)"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
Allowed = Callable[[str, Address], bool]


@dataclass(frozen=True)
class Fetched:
    """A page as fetched: the URL asked for, the URL it ended at, its bytes and type."""

    url: str
    final_url: str
    data: bytes
    media_type: str


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise InputError(host, f"cannot be resolved ({error})") from None
    return list(dict.fromkeys(str(item[4][0]) for item in found))


def is_public(_host: str, address: Address) -> bool:
    """Whether ``address`` is a public internet address (no private, loopback,
    link-local, multicast, reserved or unspecified one, nor an IPv4 one mapped into IPv6)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def fetch(
    url: str,
    *,
    max_bytes: int,
    resolver: Resolver | None = None,
    allowed: Allowed | None = None,
    time_limit_s: float = TIME_LIMIT_S,
) -> Fetched:
    """The page at ``url``, or an :class:`InputError` naming it and saying why not.
    ``resolver`` and ``allowed`` default to :func:`resolve` and :func:`is_public`."""
    import urllib3

    url_named = _named(url)

    resolver = resolver or resolve
    allowed = allowed or is_public

    deadline = time.monotonic() + time_limit_s
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, target = _checked(current, url_named)
        address = _address(host, port, resolver, allowed, url_named)
        timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT_S, read=max(1.0, time_limit_s))
        if scheme == "https":
            pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
                address,
                port,
                server_hostname=host,
                assert_hostname=host,
                timeout=timeout,
                retries=False,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
        host_header = host if port in (80, 443) else f"{host}:{port}"
        try:
            response = pool.urlopen(
                "GET",
                target,
                headers={"Host": host_header, "User-Agent": USER_AGENT, "Accept": "*/*"},
                redirect=False,
                preload_content=False,
                decode_content=True,
            )
        except urllib3.exceptions.HTTPError as error:
            pool.close()
            raise InputError(url_named, f"cannot be fetched ({_reason(error)})") from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise InputError(url_named, f"redirects ({response.status}) to nowhere")
                current = urljoin(current, location)
                continue
            if response.status != 200:
                raise InputError(url_named, f"cannot be fetched (HTTP {response.status})")
            data = _read(response, max_bytes, deadline, url_named)
            media_type = (response.headers.get("Content-Type") or "").split(";")[0].strip()
            return Fetched(url, current, data, media_type.lower() or "application/octet-stream")
        finally:
            response.close()  # never reused: the connection goes with the response
            pool.close()
    raise InputError(url_named, f"redirects more than {MAX_REDIRECTS} times")


def _checked(current: str, asked: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path and query) of an http(s) URL, or an InputError."""
    try:
        parts = urlsplit(current)
        port = parts.port
    except ValueError:
        raise InputError(asked, "is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(asked, f"is not fetched: only http and https ({scheme or 'no'} scheme)")
    if parts.username or parts.password:
        raise InputError(asked, "is not fetched: a URL with a user name or password")
    host = parts.hostname
    if not host:
        raise InputError(asked, "is not a valid URL (no host)")
    if not host.isprintable() or any(character.isspace() for character in host):
        raise InputError(asked, "is not a valid URL (its host name)")
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    return scheme, host, port or (443 if scheme == "https" else 80), target


def _address(host: str, port: int, resolver: Resolver, allowed: Allowed, asked: str) -> str:
    """The address to connect to: every address ``host`` has must be allowed."""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = []
        try:
            found = resolver(host, port)
        except InputError as error:
            raise InputError(asked, error.problem) from None
        for text in found:
            try:
                addresses.append(ipaddress.ip_address(text.split("%", 1)[0]))
            except ValueError:
                raise InputError(asked, f"resolves to an unusable address {text!r}") from None
    if not addresses:
        raise InputError(asked, f"{host} has no address")
    refused = [str(address) for address in addresses if not allowed(host, address)]
    if refused:
        raise InputError(
            asked, f"is not fetched: {host} is a private or local address ({refused[0]})"
        )
    return str(addresses[0])


def _read(response, max_bytes: int, deadline: float, asked: str) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(asked, f"too large ({int(declared):,} bytes; the limit is {max_bytes:,})")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise InputError(asked, "took too long to fetch")
        try:
            chunk = response.read(_CHUNK)
        except Exception as error:  # noqa: BLE001 - urllib3's and zlib's errors alike
            raise InputError(asked, f"cannot be fetched ({_reason(error)})") from None
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise InputError(asked, f"too large (over the limit of {max_bytes:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def _named(url: str) -> str:
    """``url`` as an error names it: on one line, control characters escaped."""
    if url.isprintable():
        return url
    return url.encode("unicode_escape", errors="backslashreplace").decode("ascii")


def _reason(error: BaseException) -> str:
    text = str(getattr(error, "reason", None) or error)
    return (text.splitlines() or ["unknown error"])[0][:200]
