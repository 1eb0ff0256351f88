"""Time left of a training run, from its recent step rate; Qt-free.

The worker's own ETA averages over the whole run so far (slow first steps included), so it
barely moves for many steps. Here seconds per step is an exponential moving average of the
intervals between progress reports, measured on the GUI's clock; the worker's ETA is the first
estimate, until two reports give a measured interval.
"""

from __future__ import annotations

import time
from collections.abc import Callable

ALPHA = 0.3  # weight of the newest interval: about the last 5-6 reports count


class StepEta:
    """Seconds left for ``total`` steps, fed the number of steps done at each report."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, alpha: float = ALPHA) -> None:
        self._clock = clock
        self.alpha = alpha
        self.reset()

    def reset(self) -> None:
        """Forget the rate (a new launch: another process, maybe another device)."""
        self.seconds_per_step: float | None = None
        self._last: tuple[int, float] | None = None  # (steps done, clock) at the last new step

    def update(self, done: int, total: int, worker_eta_s: float = 0.0) -> float:
        """Seconds left after ``done`` of ``total`` steps (global steps over all epochs)."""
        now = self._clock()
        left = max(total - done, 0)
        if self._last is not None and done < self._last[0]:
            self.reset()  # counted from further back (a resumed run): start over
        if self._last is not None and done > self._last[0]:
            sample = (now - self._last[1]) / (done - self._last[0])
            prev = self.seconds_per_step
            self.seconds_per_step = (
                sample if prev is None else self.alpha * sample + (1 - self.alpha) * prev
            )
        elif self.seconds_per_step is None and left and worker_eta_s > 0:
            self.seconds_per_step = worker_eta_s / left
        if self._last is None or done != self._last[0]:
            self._last = (done, now)
        if self.seconds_per_step is None:
            return max(worker_eta_s, 0.0)
        return left * self.seconds_per_step
