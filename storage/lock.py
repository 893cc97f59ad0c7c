"""One bot per database: an exclusive lock on ``<database>.lock`` that names its holder.

Two bots on one database would both drain the outbox and post everything twice. The lock is
an ``flock`` on a file beside the database: the kernel releases it when the process ends, even
by kill -9, so a stale file never blocks a restart.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from storage.db import StorageError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextlib.contextmanager
def instance_lock(db_path: Path) -> Iterator[None]:
    """Hold the database's instance lock, or raise StorageError naming the other process."""
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(
            f"Cannot create the lock file {path}: {exc.strerror}. Make its folder writable."
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise StorageError(
                f"Another 5G Policy Watch bot (process {other}) is already running on {db_path}. "
                "Stop it first, or give this one its own [storage] path: two bots on one "
                "database would post every alert twice."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)
