"""`efficientdet weights list|get|import`: the model store from the command line.

``get`` draws a progress bar on stderr; with ``--json`` it prints ``download`` and ``error``
events (core.events) on stdout instead and stops, keeping the partial file for a resume, when a
``stop`` command arrives on stdin (the GUI's Cancel).
"""

from __future__ import annotations

import argparse
import sys
import threading

from core import events as ev
from core import store


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="every level's weights and whether they are here")
    ls.add_argument("--urls", action="store_true", help="show where each would download from")
    ls.add_argument("--mirror", help=f"mirror base URL (default: ${store.MIRROR_ENV})")
    get = sub.add_parser("get", help="download weights (verified) into the cache")
    get.add_argument("names", nargs="+", help="e.g. d0 (COCO), imagenet:d0, tf_efficientnet_b3")
    get.add_argument("--mirror", help=f"mirror base URL (default: ${store.MIRROR_ENV})")
    get.add_argument("--json", action="store_true", help="JSON-lines events, no progress bar")
    imp = sub.add_parser("import", help="verify and file a weights file downloaded elsewhere")
    imp.add_argument("file")
    imp.add_argument("--as", dest="name", help="which weights it is (default: from its hash)")
    imp.add_argument("--json", action="store_true", help="JSON-lines events")


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


class Bar:
    """A one-line terminal progress bar on stderr."""

    def __init__(self, key: str, width: int = 30) -> None:
        self.key, self.width = key, width

    def __call__(self, done: int, total: int, speed: float) -> None:
        frac = done / total if total else 0.0
        fill = int(frac * self.width)
        size = f"{_mb(done)} / {_mb(total)}" if total else _mb(done)
        bar = "#" * fill + "-" * (self.width - fill)
        sys.stderr.write(f"\r{self.key} [{bar}] {frac:4.0%} {size} {_mb(speed)}/s  ")
        sys.stderr.flush()

    def end(self, text: str) -> None:
        clear = "\033[K" if sys.stderr.isatty() else ""
        sys.stderr.write(f"\r{self.key}: {text}{clear}\n")


def _emit(event: ev.Event) -> None:
    sys.stdout.write(ev.encode(event) + "\n")
    sys.stdout.flush()


def _watch_stdin(stop: threading.Event) -> None:
    for line in sys.stdin:
        try:
            cmd, _ = ev.decode_command(line)
        except ev.EventError:
            continue
        if cmd in ("stop", "quit"):
            stop.set()
            return


def _get(args: argparse.Namespace) -> int:
    stop = threading.Event()
    if args.json:
        threading.Thread(target=_watch_stdin, args=(stop,), daemon=True).start()
    for name in args.names:
        try:
            entry = store.resolve(name)
        except store.StoreError as exc:
            return _fail(args, "unknown_weights", str(exc), exc.hint)
        code = _get_one(args, entry, stop)
        if code:
            return code
    return 0


def _get_one(args: argparse.Namespace, entry: store.Entry, stop: threading.Event) -> int:
    bar = Bar(entry.key)
    state = {"done": 0, "total": 0}

    def progress(done: int, total: int, speed: float) -> None:
        state.update(done=done, total=total)
        if args.json:
            _emit(ev.Download(entry.key, "running", done, total, speed))
        else:
            bar(done, total, speed)

    def verifying() -> None:
        if args.json:
            _emit(ev.Download(entry.key, "verifying", state["done"], state["total"]))

    try:
        path = store.get(entry, progress, stop.is_set, args.mirror, verifying)
    except store.Cancelled:
        if args.json:
            _emit(ev.Download(entry.key, "cancelled", state["done"], state["total"]))
        else:
            bar.end("cancelled (run again to resume)")
        return 130
    except store.DownloadError as exc:
        kind = "offline" if isinstance(exc, store.OfflineError) else "download"
        if not args.json:
            bar.end("failed")
        return _fail(args, kind, str(exc), exc.hint)
    if args.json:
        size = path.stat().st_size
        _emit(ev.Download(entry.key, "done", size, size, path=str(path)))
    else:
        bar.end(f"{path}")
    return 0


def _fail(args: argparse.Namespace, kind: str, message: str, hint: str) -> int:
    if getattr(args, "json", False):
        _emit(ev.Error(kind=kind, message=message, hint=hint))
    else:
        print(f"error: {message}" + (f"\n  what to do: {hint}" if hint else ""), file=sys.stderr)
    return 1


def _import(args: argparse.Namespace) -> int:
    try:
        entry, path = store.import_file(args.file, args.name)
    except store.DownloadError as exc:
        return _fail(args, "import", str(exc), exc.hint)
    if args.json:
        size = path.stat().st_size
        _emit(ev.Download(entry.key, "done", size, size, path=str(path)))
    else:
        print(f"{entry.key}: verified and filed as {path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    for entry in store.catalog():
        size = f"{entry.size_mb:.0f} MB" if entry.size_mb else ""
        where = store.cached(entry) or store.bundled(entry)
        line = f"{entry.key:32} {store.status(entry):15} {size:>7}  {where or ''}"
        if args.urls:
            line += f"\n{'':32} {store.url_of(entry, args.mirror)}"
        print(line.rstrip())
    return 0


def run(args: argparse.Namespace) -> int:
    return {"list": _list, "get": _get, "import": _import}[args.action](args)
