"""One writer per project: a lock file in the project folder that names who holds it.

``ProjectLock.acquire(folder)`` creates ``.studio.lock`` (JSON: pid, host, user, since, token)
with O_EXCL and returns the lock, or raises ``ProjectLocked`` naming the holder. A lock whose
process is gone (same host, pid not running) is stale and taken over. Standard library only.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from core.fileio import new_file_mode, pid_alive

LOCK_FILE = ".studio.lock"


class ProjectLocked(RuntimeError):
    """The project is open for writing elsewhere; ``holder`` says where."""

    def __init__(self, folder: Path, holder: dict) -> None:
        self.folder, self.holder = folder, holder
        super().__init__(
            f"{folder} is open in another EfficientDet Studio window ({describe(holder)}). "
            "This window opened it read-only: your edits go to a conflict copy beside "
            "annotations.json, never over the other window's. To edit here, close the project "
            "in the other window and open it again."
        )


def describe(holder: dict) -> str:
    since = holder.get("since")
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(since)) if since else "unknown time"
    return (
        f"process {holder.get('pid', '?')} of {holder.get('user', '?')} on "
        f"{holder.get('host', '?')}, since {when}"
    )


@dataclass
class ProjectLock:
    path: Path
    token: str
    released: bool = False

    @classmethod
    def acquire(cls, folder: str | os.PathLike) -> ProjectLock:
        folder = Path(folder)
        path = folder / LOCK_FILE
        me = {
            "pid": os.getpid(), "host": socket.gethostname(), "user": _user(),
            "since": time.time(), "token": uuid.uuid4().hex,
        }  # fmt: skip
        for _ in range(3):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, new_file_mode())
            except FileExistsError:
                holder = read_holder(path)
                if holder is not None and not is_stale(holder):
                    raise ProjectLocked(folder, holder) from None
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)  # stale: its process is gone
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(me, f)
            return cls(path, me["token"])
        raise ProjectLocked(folder, read_holder(path) or {})

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        if self.released:
            return
        self.released = True
        holder = read_holder(self.path)
        if holder is not None and holder.get("token") == self.token:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


def read_holder(path: Path) -> dict | None:
    """The lock file's contents; None when it is gone or is not ours to read (taken as stale
    once it is over a minute old, since a holder writes it at once)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        pass
    try:
        young = time.time() - path.stat().st_mtime < 60
    except OSError:
        return None
    return {"pid": "?", "host": "?", "since": None} if young else None


def is_stale(holder: dict) -> bool:
    pid = holder.get("pid")
    if holder.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False
    return not pid_alive(pid)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
