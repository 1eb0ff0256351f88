"""How the CPU threads of a training or inference process wait for work: passively.

torch's CPU kernels run on OpenMP threads (libgomp in the PyPI wheels). By default an idle
OpenMP thread spins for a while before it sleeps, and a parallel region ends at a barrier that
waits for every thread. When another program keeps one of the cores busy, the thread on that core
is descheduled, every barrier waits a scheduler time slice for it, and a step made of thousands
of small kernels slows down many times over. Measured on a 2-core machine, Lite0 at 320 px,
batch 8 (docs/benchmarks.md, "Training beside a busy core"): 6.8 images/s alone and 1.5 beside one
busy process with spinning threads, against 7.6 and 5.1 with ``OMP_WAIT_POLICY=PASSIVE``.

libgomp reads its environment once, when it is loaded (on ``import torch``), so the policy is
set at the start of the worker and of the CLI, before anything imports torch. A value the user
set wins. Torch-free.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

WAIT_POLICY = "OMP_WAIT_POLICY"
PASSIVE = "PASSIVE"


def wait_passively(environ: MutableMapping[str, str] | None = None) -> bool:
    """Set ``OMP_WAIT_POLICY=PASSIVE`` unless ``environ`` (default ``os.environ``) has a policy.
    True when the policy in force is passive. Too late once torch is loaded in this process
    (libgomp has read its environment): then nothing is changed and the answer says what holds."""
    env = os.environ if environ is None else environ
    if environ is None and "torch" in sys.modules:
        return env.get(WAIT_POLICY, "").upper() == PASSIVE
    env.setdefault(WAIT_POLICY, PASSIVE)
    return env[WAIT_POLICY].upper() == PASSIVE


def thread_settings() -> dict[str, str | int]:
    """What a run records about its CPU threads: torch's intra-op thread count and the wait
    policy of this process (empty: libgomp's own default, spinning)."""
    import torch

    return {"torch_threads": torch.get_num_threads(), WAIT_POLICY: os.environ.get(WAIT_POLICY, "")}
