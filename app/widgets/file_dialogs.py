"""Where a file dialog starts: the folder of the field's current path, else the project."""

from __future__ import annotations

from pathlib import Path


def start_dir(*candidates: str | Path | None) -> str:
    """The first candidate that names a folder (a file: its folder) that exists, or ""."""
    for c in candidates:
        if not c:
            continue
        p = Path(c).expanduser()
        for folder in (p, p.parent):
            if folder.is_dir() and str(folder) not in ("", "."):
                return str(folder)
    return ""
