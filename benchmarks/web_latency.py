"""Latency of the web app's event page under concurrent clients, on loopback.

A store is filled with the ten-account meeting of tests/meeting.py (ten outlets, one day:
one event of 10 sources); ``readouts serve`` runs in its own process; ``--clients``
threads (20 by default), each with one keep-alive connection, request the event page, then
its ``.json`` twin, for ``--seconds`` each (30). Prints the requests served, errors, and
p50/p95/p99 latency. Target: p95 <= 150 ms with no errors, for both. The first request
(which builds the view) is made before timing; after it, views are served from the app's
cache until the corpus changes.

    python benchmarks/web_latency.py
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def fill(db: str) -> None:
    from meeting import accounts

    from readouts.ingest import IngestReport, store_documents
    from readouts.settings import Settings
    from readouts.store import Incoming, open_store

    items = [
        Incoming(
            text=document.text,
            source=document.label,
            identity=f"id:{document.label}",
            outlet=document.label,
            published="2026-03-16",
            lang="en",
        )
        for document in accounts(10)
    ]
    with open_store(db) as store:
        report = IngestReport()
        store_documents(store, items, Settings.resolve(backend="lexical"), report)
        assert report.added == 10, report


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load(port: int, path: str, clients: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = os.path.join(folder, "corpus.db")
        fill(db)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "readouts",
                "serve",
                "--db",
                db,
                "--port",
                str(port),
                "--backend",
                "lexical",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(600):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.1)
            for path in ("/event/1", "/event/1.json"):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                started = time.perf_counter()
                connection.request("GET", path)
                status = connection.getresponse()
                status.read()
                first = time.perf_counter() - started
                latencies, errors = load(port, path, args.clients, args.seconds)
                print(
                    f"{path:14} first {first * 1000:.0f} ms (status {status.status}); "
                    f"{len(latencies)} requests in {args.seconds:.0f} s by {args.clients} "
                    f"clients, {errors} errors; p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
                    f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
                    f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms (target p95 <= 150)"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
