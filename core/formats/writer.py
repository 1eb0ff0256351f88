"""Writing the files of one export: all of them or none, each one whole, only inside the chosen
folder, never through a symbolic link and never over a file the export must not replace.

Every file is first written to a temporary file beside it and flushed to disk; only when all of
them are there do renames put them in place. A full disk (or any other write error) on the way
removes the temporary files and the folders this run created, so the folder is as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.fileio import TEMP_SUFFIX, WriteRefused, check_target, same_file
from core.formats.common import FormatError, PathLike
from core.project import ANNOTATIONS_FILE, PROJECT_FILE

RESERVED = (ANNOTATIONS_FILE, PROJECT_FILE)  # a folder holding one of these opens as a project


@dataclass(frozen=True)
class ExportFile:
    """One file of an export: where it goes and its bytes; ``merged`` when it keeps content
    of the file already there (labelme shapes the studio did not write)."""

    path: Path
    payload: bytes
    merged: bool = False


class ExportError(FormatError):
    """An export that stopped part-way; ``written`` of ``total`` files were put in place."""

    def __init__(self, path: PathLike, problem: str, written: int, total: int) -> None:
        super().__init__(path, "", problem)
        self.written, self.total = written, total


def check_files(
    out_dir: PathLike,
    files: Sequence[ExportFile],
    protect: Iterable[PathLike] = (),
    *,
    reserved: bool = True,
) -> None:
    """FormatError, naming the file, for the first target the export may not write.

    Refused (core.fileio.check_target): a symbolic link, a file outside ``out_dir`` (also by
    way of a linked sub-folder), any file of ``protect`` (the project's own files, the inputs
    of the export); and here a folder, and a project file name at the top of ``out_dir`` (when
    ``reserved``).
    """
    protect = list(protect)
    for f in files:
        try:
            check_target(f.path, inside=out_dir, inputs=protect)
        except WriteRefused as exc:
            raise FormatError(None, "", str(exc)) from None
        if f.path.is_dir():
            raise FormatError(f.path, "", "is a folder; not replaced")
        if reserved and f.path.name in RESERVED and same_file(f.path.parent, out_dir):
            raise FormatError(
                f.path,
                "",
                f"{f.path.name} is a project file name (the folder would open as a project); "
                "rename the image or export to another folder",
            )


def replaced_files(files: Sequence[ExportFile]) -> list[Path]:
    """The targets that exist already (what the export would replace or merge into)."""
    return [f.path for f in files if os.path.lexists(f.path)]


def write_files(
    out_dir: PathLike,
    files: Sequence[ExportFile],
    protect: Iterable[PathLike] = (),
    *,
    backup: bool = False,
    reserved: bool = True,
) -> list[Path]:
    """Check (see :func:`check_files`), then write every file or none; the targets.

    With ``backup`` each replaced file is kept as ``<name>.bak``. ExportError says how many
    files were written when it stops (0 unless a rename itself fails).
    """
    protect = list(protect)
    check_files(out_dir, files, protect, reserved=reserved)
    if backup:
        check_files(out_dir, [ExportFile(_backup_path(f.path), b"") for f in files], reserved=False)
    jobs = [
        (_backup_path(f.path), f.path.read_bytes()) for f in files if backup and f.path.is_file()
    ]
    jobs += [(f.path, f.payload) for f in files]
    targets = {f.path for f in files}
    created: list[Path] = []
    staged: list[tuple[str, Path]] = []
    try:
        for target, payload in jobs:
            created += _make_parents(target.parent)
            staged.append((_stage(target, payload), target))
    except OSError as exc:
        _discard(staged, created)
        raise ExportError(
            target,
            f"cannot write ({exc.strerror or exc}); export stopped and nothing was changed "
            f"(0 of {len(files)} files written, the folder is as it was)",
            0,
            len(files),
        ) from None
    done = 0
    for i, (tmp, target) in enumerate(staged):
        try:
            os.replace(tmp, target)
        except OSError as exc:
            _discard(staged[i:], [])
            raise ExportError(
                target,
                f"cannot put in place ({exc.strerror or exc}); export stopped after "
                f"{done} of {len(files)} files (each file is whole)",
                done,
                len(files),
            ) from None
        done += target in targets
    _sync_folders({t.parent for _, t in staged})
    return [f.path for f in files]


def _backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for p in reversed(missing):
        p.mkdir()
    return list(reversed(missing))


def _stage(target: Path, payload: bytes) -> str:
    """A flushed temporary file beside ``target`` that holds ``payload``."""
    tmp = str(target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.is_file():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _discard(staged: Sequence[tuple[str, Path]], created: list[Path]) -> None:
    for tmp, _ in staged:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: another program's file stays


def _sync_folders(folders: Iterable[Path]) -> None:
    if os.name != "posix":
        return
    for folder in folders:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
