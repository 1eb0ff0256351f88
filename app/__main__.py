"""Start-up of EfficientDet Studio. The frozen bundle has one executable, so it also dispatches:
``--worker ARGS`` (core.worker), ``--cli ARGS`` (the ``efficientdet`` CLI: demo-data, doctor,
...), ``--image-helper DIR`` (the image decoding helper) and ``--version``."""

from __future__ import annotations

import importlib
import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    multiprocessing.freeze_support()  # frozen Windows/macOS: spawned loader processes start here
    flag = argv[0] if argv else ""
    if flag == "--worker":  # never imported by the GUI itself: it loads torch
        return int(importlib.import_module("core.worker").main(argv[1:]) or 0)
    if flag in ("--cli", "--version"):
        cli = importlib.import_module("core.cli")
        return int(cli.main(argv[1:] if flag == "--cli" else ["--version"]) or 0)
    if flag == "--image-helper":
        from app.services.image_io import serve

        return serve(argv[1])
    from app.main_window import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
