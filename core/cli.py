"""`efficientdet` command line: train|eval|predict|export|info|demo-data|weights|doctor.

Each subcommand lives in its own module, which provides ``add_arguments(parser)`` and
``run(args) -> int``; modules are imported only when their subcommand runs, so
``efficientdet info`` and ``demo-data`` start without loading the training code.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from core.cpu_threads import wait_passively

# name -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "train": ("core.train.cli", "train a detector on a COCO-format dataset"),
    "eval": ("core.evaluate_cli", "evaluate a checkpoint with the COCO metric"),
    "predict": ("core.predict_cli", "run a checkpoint on images; write COCO results JSON"),
    "export": ("core.export", "export a checkpoint to ONNX and TorchScript, verified"),
    "info": ("core.model.info", "print the D0-D7x, Lite0-Lite4 table: sizes, parameters, GMACs"),
    "demo-data": ("core.data.demo", "write the deterministic demo dataset"),
    "weights": ("core.store_cli", "list, download or import pretrained weights"),
    "doctor": ("core.doctor", "check torch, CUDA, the GPUs, cuDNN, bf16/fp16 and MPS"),
}


class _VersionAction(argparse.Action):
    """``--version``: the app, torch, timm and CUDA versions (torch loads only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the versions and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from core.versions import version_text

        print(version_text(), flush=True)
        parser.exit()


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="efficientdet",
        description="Train, evaluate and run EfficientDet (D0-D7x) detectors. "
        "Run `efficientdet COMMAND --help` for the options of one command.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = next((a for a in (argv or []) if not a.startswith("-")), None)
    for name, (module, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == wanted:  # only the chosen command's module is imported
            importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wait_passively()  # before torch loads (core.cpu_threads)
    args = build_parser(argv).parse_args(argv)
    module = importlib.import_module(SUBCOMMANDS[args.command][0])
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
