"""Start-up of EfficientDet Studio; in a frozen build, ``--worker`` runs the core worker instead."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":  # frozen builds: the same executable is the worker
        import importlib

        worker = importlib.import_module("core.worker")  # never imported by the GUI itself
        return int(worker.main(argv[1:]) or 0)
    if argv and argv[0] == "--image-helper":  # frozen builds: the image decoding helper
        from app.services.image_io import serve

        return serve(argv[1])
    from app.main_window import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
