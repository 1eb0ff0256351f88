"""The one way the project writes a file. Standard library only: the GUI uses it too.

``write_atomic(path, data, backup=..., inside=..., inputs=...)``:
- atomic: a temp file in the same folder, fsync, ``os.replace``, fsync of the folder; a reader,
  or a process killed mid-save, sees the old file or the new one, never half of either;
- never through a symbolic link: a link at ``path`` is refused (``os.replace`` would break it
  and writing into it would change a file somewhere else);
- never outside ``inside`` (the folder the user chose), links in the parents resolved;
- never over one of ``inputs`` (a command's own input files);
- ``backup=True`` keeps what it replaces as ``<name>.bak``;
- a new file gets the permissions the umask gives (0666 & ~umask); a replaced file keeps its own;
- the temp file is removed when the write fails; ``clean_stale_temps(folder)`` removes those a
  killed process left behind (their names carry the writer's pid).
Failures raise ``WriteError`` (an OSError) whose text names the file and says what to do;
``WriteRefused`` when nothing was attempted.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
_TEMP = re.compile(r"^\.(?P<name>.+?)(?:\.(?P<pid>\d+))?\.[A-Za-z0-9_]{8}\.tmp$")
_OLD_TEMP_AGE_S = 3600.0  # temps without a pid (older versions) are stale after an hour
_umask_lock = threading.Lock()

_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, then save again",
    errno.EDQUOT: "the disk quota is used up: free some space, then save again",
    errno.EACCES: "no permission to write there: check the folder's permissions",
    errno.EPERM: "no permission to write there: check the folder's permissions",
    errno.EROFS: "the disk is read-only: choose a folder on a writable disk",
}


class WriteError(OSError):
    """A file that could not be written; ``str()`` names it and says what to do."""

    def __init__(self, message: str, code: int = 0) -> None:
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WriteRefused(WriteError):
    """A write refused before anything was written (a link, outside the folder, an input)."""


def write_atomic(
    path: str | os.PathLike,
    payload: bytes,
    backup: bool = False,
    *,
    inside: str | os.PathLike | None = None,
    inputs: Iterable[str | os.PathLike] = (),
) -> Path:
    """Write ``payload`` to ``path`` as described in the module text; returns the path."""
    path = Path(path)
    check_target(path, inside=inside, inputs=inputs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _error(path, e) from None
    old = _lstat(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with contextlib.suppress(AttributeError, OSError):  # Windows: no fchmod, no modes
            os.fchmod(fd, (old.st_mode & 0o7777) if old else new_file_mode())
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        if backup and old is not None:
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException as e:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        if isinstance(e, OSError) and not isinstance(e, WriteError):
            raise _error(path, e) from None
        raise
    _fsync_dir(path.parent)
    return path


def check_target(
    path: str | os.PathLike,
    *,
    inside: str | os.PathLike | None = None,
    inputs: Iterable[str | os.PathLike] = (),
) -> Path:
    """Raise WriteRefused when ``path`` may not be written (see the module text)."""
    path = Path(path)
    if path.is_symlink():
        raise WriteRefused(
            f"{path} is a symbolic link (to {os.readlink(path)}); files are never written "
            "through links: replace the link with the file itself, or choose another path",
            errno.ELOOP,
        )
    if inside is not None:
        root = Path(inside).expanduser().resolve()
        real = path.expanduser().parent.resolve() / path.name
        if real != root and root not in real.parents:
            raise WriteRefused(
                f"{path} is outside {root}, the folder being written to; "
                "nothing is written outside it: move the file into that folder",
                errno.EPERM,
            )
    for given in inputs:
        if same_file(path, given):
            raise WriteRefused(
                f"{path} is one of the inputs ({given}); writing there would replace it: "
                "choose another output path",
                errno.EEXIST,
            )
    return path


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when both paths name one existing file (or resolve to the same path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def new_file_mode() -> int:
    """The permissions a new file gets: 0666 minus the process umask."""
    return 0o666 & ~_umask()


def fingerprint(path: str | os.PathLike) -> str | None:
    """SHA-256 of the file's bytes, None when there is no such file (changed-on-disk checks)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except FileNotFoundError:
        return None
    return h.hexdigest()


def clean_stale_temps(folder: str | os.PathLike) -> list[Path]:
    """Remove the temp files of writes that never finished, directly in ``folder``: those whose
    writer (the pid in the name) is gone, and those of older versions (no pid) over an hour old
    beside the file they were for. Returns the removed paths."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for e in entries:
        m = _TEMP.match(e.name)
        if m is None or not e.is_file(follow_symlinks=False):
            continue
        pid = m.group("pid")
        try:
            if pid is not None:
                stale = int(pid) != os.getpid() and not pid_alive(int(pid))
            else:  # an older writer's name: only beside its file, and only when old
                old = now - e.stat(follow_symlinks=False).st_mtime > _OLD_TEMP_AGE_S
                stale = old and os.path.exists(os.path.join(folder, m.group("name")))
            if stale:
                os.unlink(e.path)
                removed.append(Path(e.path))
        except OSError:
            continue
    return removed


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFO
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _write_all(fd: int, payload: bytes) -> None:
    with os.fdopen(fd, "wb", closefd=False) as fh:
        fh.write(payload)
        fh.flush()


def _keep_backup(path: Path) -> None:
    """``path`` -> ``path.bak`` atomically: a hard link when the disk allows, else a copy."""
    bak = path.with_name(path.name + BACKUP_SUFFIX)
    check_target(bak)
    tmp = bak.with_name(f".{bak.name}.{os.getpid()}.{os.urandom(4).hex()[:8]}{TEMP_SUFFIX}")
    try:
        try:
            os.link(path, tmp)
        except OSError:
            shutil.copy2(path, tmp)
        os.replace(tmp, bak)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _error(path: Path, e: OSError) -> WriteError:
    hint = _HINTS.get(e.errno or 0, "")
    reason = e.strerror or str(e)
    text = f"cannot write {path}: {reason}" + (f" ({hint})" if hint else "")
    return WriteError(text, e.errno or 0)
