"""`efficientdet predict`: a checkpoint and images in, COCO results JSON and drawn images out.

The model work is core.predict's ``Predictor``; this module only finds the images, maps their
file names and the model's classes to COCO ids, prints a line per image and draws boxes. Images
go through in batches (``--batch-size``), decoded ahead on threads (``--workers``), with a
progress line (count, images/s, ETA) on stderr; Ctrl-C stops after the batch in hand and writes
what is done.
Boxes are [x, y, w, h] in pixels of the EXIF-oriented image, as the Predictor returns them.
A checkpoint of a tiled run predicts large images tile by tile (core.sliced); ``--tile``,
``--overlap``, ``--no-tile`` and ``--merge`` override that.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import cv2
import numpy as np

from core.data.imageio import ImageReadError
from core.data.prefetch import batches, load_ahead
from core.fileio import WriteRefused, check_target, same_file, write_atomic
from core.options import IMAGE_SUFFIXES
from core.predict import DEFAULT_SCORE, PRECISIONS, Predictor
from core.sliced import MERGES
from core.throughput import Throughput
from core.tiling import TileSpec


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("checkpoint", help="training checkpoint (.pt) or a run folder (last.pt)")
    parser.add_argument("images", nargs="+", help="image files, or folders of images")
    parser.add_argument("--out", help="write COCO results JSON here")
    parser.add_argument("--draw", metavar="OUT_DIR", help="write images with boxes drawn here")
    parser.add_argument(
        "--score",
        type=float,
        default=DEFAULT_SCORE,
        help=f"minimum score to keep a detection (default {DEFAULT_SCORE})",
    )
    parser.add_argument(
        "--coco", metavar="FILE", help="COCO file giving image ids (by file name) and category ids"
    )
    parser.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:1 ...")
    parser.add_argument(
        "--precision",
        choices=list(PRECISIONS),
        default="fp32",
        help="fp16 / bf16 autocast (CUDA only)",
    )
    parser.add_argument("--image-size", type=int, help="input size instead of the trained one")
    parser.add_argument(
        "--batch-size", type=int, help="images per forward pass (default 8 on CUDA, 4 on the CPU)"
    )
    parser.add_argument(
        "--workers", type=int, help="threads decoding the next images (default: up to 4)"
    )
    parser.add_argument("--no-ema", action="store_true", help="use the raw, not the EMA, weights")
    tiles = parser.add_argument_group(
        "large images", "sliced prediction (default: as the checkpoint's run trained)"
    )
    tiles.add_argument("--tile", type=int, metavar="SIZE", help="predict on tiles of SIZE px")
    tiles.add_argument(
        "--overlap", type=float, help="fraction of a tile side neighbours share (default 0.2)"
    )
    tiles.add_argument("--no-tile", action="store_true", help="one pass on each whole image")
    tiles.add_argument(
        "--merge", choices=MERGES, default="nms", help="merge the tiles' boxes by NMS or WBF"
    )


def run(args: argparse.Namespace) -> int:
    """0: all images done; 1: some images skipped (reported); 2: nothing could be done;
    130: stopped by Ctrl-C after a batch (what was done is written)."""
    try:
        paths = _expand_images(args.images)
        _check_outputs(args, paths)
        ids = _CocoIds(args.coco) if args.coco else None
        predictor = Predictor.from_checkpoint(
            args.checkpoint, device=args.device, use_ema=not args.no_ema,
            image_size=args.image_size, precision=args.precision, batch_size=args.batch_size,
        )  # fmt: skip
        predictor.tiling = _tiling(args, predictor.tiling)
        predictor.merge = args.merge
        category_ids = ids.category_ids(predictor.classes) if ids else None
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results, images, skipped = [], [], 0
    drawn_names: set[str] = set()
    rate = Throughput(len(paths))
    loaded = contextlib.closing(load_ahead(paths, args.workers, ahead=2 * predictor.batch_size))
    with loaded as todo, _interrupt_after_batch() as interrupted, _ProgressLine(sys.stderr) as line:
        for group in batches(todo, predictor.batch_size):
            line.clear()
            batch = []  # (path, image id, image) of the readable ones; one model call per batch
            for item in group:
                try:
                    if item.image is None:
                        raise ImageReadError(item.error)
                    image_id = ids.image_id(item.path) if ids else len(images) + len(batch) + 1
                    batch.append((item.path, image_id, item.image))
                except (ImageReadError, LookupError) as exc:
                    line.print(f"skipped: {exc}")
                    skipped += 1
            found = predictor([img for _, _, img in batch], args.score) if batch else []
            for (path, image_id, img), dets in zip(batch, found, strict=True):
                images.append({"id": image_id, "file_name": str(path),
                               "width": img.shape[1], "height": img.shape[0]})  # fmt: skip
                for d in dets:
                    cat = category_ids[d["label"]] if category_ids else d["label"] + 1
                    results.append({"image_id": image_id, "category_id": cat, "bbox": d["box"],
                                    "score": d["score"]})  # fmt: skip
                best = ", ".join(f"{d['category']} {d['score']:.2f}" for d in dets[:3])
                more = ", ..." if len(dets) > 3 else ""
                print(f"{path}: {len(dets)} detections" + (f" ({best}{more})" if dets else ""))
                if args.draw:
                    try:
                        _write_drawn(img, dets, path, Path(args.draw), drawn_names, paths)
                    except OSError as exc:
                        line.print(f"error: {exc}")
                        return 2
            rate.add(len(group))
            line.show(rate.text())
            if interrupted.is_set() and rate.done < rate.total:
                line.print(f"interrupted: {rate.done} of {rate.total} images done; writing those")
                break
    stopped = rate.done < rate.total
    if not images:
        print("error: no image could be read", file=sys.stderr)
        return 2
    if args.out:
        out = Path(args.out)
        try:
            write_atomic(out, json.dumps(results).encode("utf-8"), backup=True)
            if not ids:  # sequential ids: say which image and category each id means
                cats = [{"id": k + 1, "name": n} for k, n in enumerate(predictor.classes)]
                text = json.dumps({"images": images, "categories": cats}, indent=1,
                                  ensure_ascii=False)  # fmt: skip
                write_atomic(_mapping_of(out), text.encode("utf-8"), backup=True)
        except OSError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        where = "" if ids else f"; image ids in {_mapping_of(out)}"
        print(f"wrote {len(results)} detections to {out}{where}")
    if skipped:
        print(f"{skipped} of {len(paths)} images skipped (see above)", file=sys.stderr)
    if stopped:
        return 130
    return 1 if skipped else 0


def _tiling(args: argparse.Namespace, trained: TileSpec | None) -> TileSpec | None:
    """The tiles asked for: --no-tile, else --tile / --overlap over the checkpoint's tiling."""
    if args.no_tile:
        if args.tile is not None or args.overlap is not None:
            raise ValueError("--no-tile goes with neither --tile nor --overlap")
        return None
    size = args.tile if args.tile is not None else (trained.size if trained else None)
    if size is None:
        if args.overlap is not None:
            raise ValueError("--overlap needs --tile (the checkpoint's run did not tile)")
        return None
    overlap = args.overlap if args.overlap is not None else (trained or TileSpec(size)).overlap
    spec = TileSpec(size, overlap)
    if spec.problems():
        raise ValueError("; ".join(spec.problems()))
    return spec


@contextlib.contextmanager
def _interrupt_after_batch() -> Iterator[threading.Event]:
    """A first Ctrl-C sets the event (the loop ends after its batch); a second one stops at once."""
    flag = threading.Event()

    def on_sigint(signum, frame) -> None:
        if flag.is_set():
            raise KeyboardInterrupt
        flag.set()
        print("\nstopping after this batch (Ctrl-C again to quit now)", file=sys.stderr)

    try:
        previous = signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread: Ctrl-C keeps its default
        yield flag
        return
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


class _ProgressLine:
    """``done/total · img/s · ETA`` on stderr: redrawn in place on a terminal, else a line every
    few seconds and one at the end."""

    def __init__(self, stream: IO[str], every_s: float = 5.0) -> None:
        self.stream, self.every_s = stream, every_s
        self.tty = stream.isatty()
        self.text, self._shown, self._last = "", "", 0.0

    def __enter__(self) -> _ProgressLine:
        return self

    def show(self, text: str) -> None:
        self.text = text
        sys.stdout.flush()  # the lines of the batch come first
        if self.tty:
            self.stream.write("\r" + text + "\x1b[K")
            self.stream.flush()
            self._shown = text
        elif time.monotonic() - self._last >= self.every_s:
            self._last = time.monotonic()
            self._write(text)

    def clear(self) -> None:
        """Take the line off a terminal before other output."""
        if self.tty and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = ""

    def print(self, message: str) -> None:
        self.clear()
        self._write(message)

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
        self._shown = "" if self.tty else text

    def __exit__(self, *exc: object) -> None:
        if self.tty and self._shown:
            self.stream.write("\n")
        elif not self.tty and self.text and self.text != self._shown:
            self._write(self.text)
        self.stream.flush()


def _mapping_of(out: Path) -> Path:
    return out.with_name(out.stem + ".images.json")


def _check_outputs(args: argparse.Namespace, images: list[Path]) -> None:
    """Refuse, before any work, outputs that would replace an input or someone's labels."""
    inputs = [*images, Path(args.checkpoint)] + ([Path(args.coco)] if args.coco else [])
    if args.out:
        out, mapping = Path(args.out), _mapping_of(Path(args.out))
        for path, kind in ((out, "results"), (mapping, "mapping")):
            check_target(path, inputs=inputs)
            if (kind == "results" or not args.coco) and not _ours(path, kind):
                raise WriteRefused(
                    f"{path} exists and is not a file that `efficientdet predict` wrote (it "
                    "holds annotations or other data); writing would replace it: choose "
                    "another --out name"
                )
    if args.draw:
        draw = Path(args.draw)
        for folder in {p.parent for p in images}:
            if same_file(folder, draw):
                raise WriteRefused(
                    f"--draw {draw}: the drawn copies would replace the input images there: "
                    "choose another folder (e.g. a new 'drawn' folder)"
                )


def _ours(path: Path, kind: str) -> bool:
    """Whether ``path`` is absent or a file this command writes: a detections list
    (``"results"``) or the image ids beside it (``"mapping"``)."""
    if not path.exists():
        return True
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if kind == "results":
        return isinstance(data, list)
    return isinstance(data, dict) and set(data) <= {"images", "categories"}


def _expand_images(items: Sequence[str]) -> list[Path]:
    """Files as given (existence is checked when read); folders -> their image files, sorted."""
    paths: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in IMAGE_SUFFIXES)
            if not found:
                print(f"skipped: {p}: folder holds no images", file=sys.stderr)
            paths.extend(found)
        else:
            paths.append(p)
    if not paths:
        raise ValueError("no images given")
    return paths


class _CocoIds:
    """Image ids by file name and category ids by class name, from a COCO annotation file."""

    def __init__(self, path: str) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            self.by_name = {im["file_name"].replace("\\", "/"): im["id"] for im in data["images"]}
            self.categories = {c["name"]: c["id"] for c in data["categories"]}
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not a COCO file with images and categories: {exc}") from None
        self.path = path

    def image_id(self, image: Path) -> int:
        """Longest COCO file_name that the path ends with (a/b.jpg beats b.jpg)."""
        parts = image.as_posix().split("/")
        for k in range(len(parts)):
            key = "/".join(parts[k:])
            if key in self.by_name:
                return self.by_name[key]
        raise LookupError(f"{image}: no image with this file name in {self.path}")

    def category_ids(self, classes: list[str]) -> list[int]:
        missing = [c for c in classes if c not in self.categories]
        if missing:
            raise ValueError(f"{self.path}: no categories named {missing} (the model's classes)")
        return [self.categories[c] for c in classes]


def _color(label: int) -> tuple[int, int, int]:
    """A distinct, stable BGR colour per class (hues spread by the golden angle)."""
    hsv = np.uint8([[[int(label * 137.508) % 180, 200, 255]]])
    return tuple(int(v) for v in cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0])


def _write_drawn(
    img: np.ndarray,
    dets: list[dict],
    path: Path,
    out_dir: Path,
    used: set[str],
    inputs: Sequence[Path] = (),
) -> None:
    """Boxes and 'name score' labels on a copy; written via imencode so any path works."""
    canvas = np.ascontiguousarray(img[:, :, ::-1])  # RGB -> BGR for OpenCV
    thick = max(1, round(max(img.shape[:2]) / 400))
    for d in dets:
        x, y, w, h = d["box"]
        color = _color(d["label"])
        p1, p2 = (round(x), round(y)), (round(x + w), round(y + h))
        cv2.rectangle(canvas, p1, p2, color, thick)
        text = f"{d['category']} {d['score']:.2f}"
        (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thick, thick)
        top = max(p1[1] - th - base, 0)
        cv2.rectangle(canvas, (p1[0], top), (p1[0] + tw, top + th + base), color, -1)
        cv2.putText(canvas, text, (p1[0], top + th), cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thick,
                    (0, 0, 0), thick, cv2.LINE_AA)  # fmt: skip
    suffix = path.suffix.lower() if path.suffix.lower() in IMAGE_SUFFIXES else ".png"
    name, n = path.stem + suffix, 1
    while name in used:  # two inputs with the same name from different folders
        name, n = f"{path.stem}_{n}{suffix}", n + 1
    used.add(name)
    ok, data = cv2.imencode(suffix, canvas)
    if not ok:
        ok, data = cv2.imencode(".png", canvas)
        name = Path(name).with_suffix(".png").name
    write_atomic(out_dir / name, data.tobytes(), inside=out_dir, inputs=inputs)
