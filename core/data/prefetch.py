"""Decode the next images on a thread pool while the model runs (cv2 releases the GIL)."""

from __future__ import annotations

import collections
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from core.data.imageio import ImageReadError, read_image


@dataclass
class Loaded:
    index: int  # position in the paths given
    path: str | os.PathLike
    image: np.ndarray | None  # None when it could not be read
    error: str = ""


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _read(read: Callable[[str | os.PathLike], np.ndarray], i: int, path) -> Loaded:
    try:
        return Loaded(i, path, read(path))
    except ImageReadError as exc:
        return Loaded(i, path, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - one image's failure, never the run's
        return Loaded(i, path, None, f"{path}: cannot read: {type(exc).__name__}: {exc}")


def load_ahead(
    paths: Sequence[str | os.PathLike],
    workers: int | None = None,
    ahead: int = 16,
    read: Callable[[str | os.PathLike], np.ndarray] = read_image,
) -> Iterator[Loaded]:
    """Every path's image (or its error), in order, with up to ``ahead`` decoded in advance.

    Closing the iterator early (a cancel, Ctrl-C) drops the images not yet handed out.
    """
    workers = workers or default_workers()
    pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="load")
    queue: collections.deque[Future[Loaded]] = collections.deque()
    todo = iter(enumerate(paths))
    try:
        while True:
            while len(queue) < max(ahead, workers):
                nxt = next(todo, None)
                if nxt is None:
                    break
                queue.append(pool.submit(_read, read, *nxt))
            if not queue:
                return
            yield queue.popleft().result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def batches(loaded: Iterator[Loaded], size: int) -> Iterator[list[Loaded]]:
    """Consecutive groups of ``size`` (the last one may be shorter)."""
    group: list[Loaded] = []
    for item in loaded:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group
