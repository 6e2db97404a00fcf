"""Long work of the web app, run in a background thread as a *job* whose progress a page
shows: an ingest of uploaded files, or a re-analysis of the corpus (the claims a version
lacks for this release of readouts and these settings, read again).

Jobs live in this process's memory only: at most :data:`KEPT` of them, the oldest finished
dropped first, at most :data:`WAITING` unfinished at once. Only one job at a time writes to
the store (:attr:`Jobs.writing`); the others wait their turn. Each job is a frozen
:class:`Job` snapshot, replaced whole on every step, so a page never reads half an update.
A job's id is unguessable (``secrets.token_urlsafe``): knowing it is what lets one see it.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readouts.ingest import IngestReport
    from readouts.settings import Settings
    from readouts.store import Store

# Jobs kept per process (finished ones are dropped, oldest first, beyond this).
KEPT = 64
# Jobs queued or running at once; a new one beyond this is refused (the server is busy).
WAITING = 4
# Versions re-analysed per step of a re-analysis (one transaction each).
REANALYSE_STEP = 16


@dataclass(frozen=True)
class Job:
    """One job as it stands: ``state`` is "waiting" (for the store), "running",
    "finished" or "failed"; ``done`` of ``total`` steps (files, or versions re-analysed),
    ``current`` the step under way (a file's name), ``report`` what it did so far."""

    id: str
    kind: str  # "ingest" | "reanalyse"
    total: int
    state: str = "waiting"
    done: int = 0
    current: str | None = None
    report: IngestReport | None = None
    error: str | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.state in ("waiting", "running")

    @property
    def summary(self) -> str | None:
        """The summary line of what the job did so far."""
        if self.report is None:
            return None
        if self.kind == "reanalyse":
            return (
                f"{self.report.unchanged} versions read again, {len(self.report.rejected)} rejected"
            )
        return self.report.line()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "running": self.running,
            "done": self.done,
            "total": self.total,
            "current": self.current,
            "summary": self.summary,
            "report": self.report.to_dict() if self.report is not None else None,
            "error": self.error,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


class Busy(Exception):
    """Too many jobs are waiting already."""


Step = Callable[..., None]


class Jobs:
    """The jobs of one web app."""

    def __init__(self, *, kept: int = KEPT, waiting: int = WAITING) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._kept = kept
        self._waiting = waiting
        # Held by the job writing to the store: one at a time.
        self.writing = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            if job_id in self._jobs:
                self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def start(self, kind: str, total: int, work: Callable[[Callable[..., None]], Any]) -> Job:
        """Run ``work(update)`` in a thread once the store is free; ``update(**changes)``
        replaces fields of the job's snapshot. Raises :class:`Busy` when :data:`WAITING`
        jobs are unfinished already."""
        job = Job(
            id=secrets.token_urlsafe(18), kind=kind, total=total, created_at=datetime.now(UTC)
        )
        with self._lock:
            if sum(1 for other in self._jobs.values() if other.running) >= self._waiting:
                raise Busy(f"{self._waiting} jobs are waiting already: try again later")
            self._jobs[job.id] = job
            finished = [key for key, other in self._jobs.items() if not other.running]
            while len(self._jobs) > self._kept and finished:
                del self._jobs[finished.pop(0)]

        def update(**changes: Any) -> None:
            self.update(job.id, **changes)

        def run() -> None:
            with self.writing:
                update(state="running")
                try:
                    work(update)
                except Exception as error:  # noqa: BLE001 - a job reports, never kills the server
                    line = (str(error).strip().splitlines() or [type(error).__name__])[0]
                    update(state="failed", error=line[:300], finished_at=datetime.now(UTC))
                    return
                update(state="finished", current=None, finished_at=datetime.now(UTC))

        threading.Thread(target=run, name=f"readouts-job-{kind}", daemon=True).start()
        return job


def ingest_uploads(
    store: Store,
    settings: Settings,
    files: Sequence[tuple[str, bytes]],
    update: Callable[..., None],
    *,
    outlet: str | None = None,
) -> IngestReport:
    """Ingest uploaded ``files`` (name, bytes) one after the other, as ``readouts ingest``
    does (:func:`readouts.ingest.read_upload`, then :func:`readouts.ingest.store_documents`):
    a file that cannot be used is rejected with its reason and the others are still read;
    each document is written whole or not at all. Reports progress through ``update``."""
    from readouts.ingest import IngestReport, Rejected, read_upload, store_documents

    report = IngestReport()
    for number, (name, data) in enumerate(files):
        update(current=name, done=number, report=_copy(report))
        incoming = []
        for item in read_upload(name, data, max_bytes=settings.max_bytes, outlet=outlet):
            if isinstance(item, Rejected):
                report.rejected.append(item)
            else:
                incoming.append(item)
        if incoming:
            store_documents(store, incoming, settings, report)
        update(done=number + 1, report=_copy(report))
    return report


def stale_versions(store: Store, settings: Settings) -> list[Any]:
    """Every stored version whose claims this release of readouts, with these settings,
    has not read (another release or spaCy pipeline read them, or none did)."""
    versions = [version for document in store.documents() for version in document.versions]
    found = store.claims([version.id for version in versions], settings)
    return [version for version in versions if version.id not in found]


def reanalyse(
    store: Store, settings: Settings, versions: Sequence[Any], update: Callable[..., None]
) -> IngestReport:
    """Read the claims of ``versions`` again and keep them (:func:`readouts.corpus.claims_for`,
    :data:`REANALYSE_STEP` at a time); a version that cannot be read is reported, the
    others are still done. The report counts them as "unchanged" (no text changed)."""
    from readouts.corpus import claims_for
    from readouts.errors import InputError
    from readouts.ingest import IngestReport, Rejected

    report = IngestReport()
    for start in range(0, len(versions), REANALYSE_STEP):
        step = versions[start : start + REANALYSE_STEP]
        update(current=f"versions {start + 1}-{start + len(step)}", report=_copy(report))
        try:
            claims_for(store, step, settings)
            report.unchanged += len(step)
        except InputError:
            for version in step:
                try:
                    claims_for(store, [version], settings)
                    report.unchanged += 1
                except InputError as error:
                    report.rejected.append(Rejected(error.source, error.problem))
        update(done=start + len(step), report=_copy(report))
    return report


def _copy(report: IngestReport) -> IngestReport:
    """A snapshot of ``report`` (which the job goes on filling)."""
    from readouts.ingest import IngestReport

    return IngestReport(report.added, report.unchanged, report.versions, list(report.rejected))
