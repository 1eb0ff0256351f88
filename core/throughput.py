"""Images per second and time left for a run over many images; torch-free (the GUI imports it)."""

from __future__ import annotations

import time


class Throughput:
    """Counts answered images against a total from the moment it is made."""

    def __init__(self, total: int, clock=time.monotonic) -> None:
        self.total = total
        self.done = 0
        self._clock = clock
        self._start = clock()

    def add(self, n: int) -> None:
        self.done += n

    @property
    def images_per_s(self) -> float:
        elapsed = self._clock() - self._start
        return self.done / elapsed if elapsed > 0 and self.done else 0.0

    @property
    def eta_s(self) -> float:
        rate = self.images_per_s
        return (self.total - self.done) / rate if rate > 0 else 0.0

    def text(self) -> str:
        return progress_text(self.done, self.total, self.images_per_s, self.eta_s)


def format_eta(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def progress_text(done: int, total: int, images_per_s: float, eta_s: float) -> str:
    """e.g. ``123/400 · 5.2 img/s · ETA 1 min`` (rate and ETA once there is a rate)."""
    if images_per_s <= 0:
        return f"{done}/{total}"
    return f"{done}/{total} · {images_per_s:.1f} img/s · ETA {format_eta(eta_s)}"
