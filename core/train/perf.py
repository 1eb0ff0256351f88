"""CPU training tuning, switched on in one place: ``tune_for_training`` when training starts.

Two things pay on the CPU (docs/benchmarks.md "Training throughput (CPU)"):

- glibc malloc keeps freed memory. By default it hands every large block (activations of tens of
  MB) back to the OS on free and faults the pages in again on the next step: about 400,000 page
  faults (1.6 GB) and ~0.7 s of system time per D0 step at 512 px. Raising the mmap and trim
  thresholds (``mallopt``) keeps the freed blocks in the heap for the next step. Process-wide,
  and the training process is the place for it: its peak memory is reached every step anyway.
- channels_last weights and inputs: oneDNN's convolutions run without reordering every
  activation to its blocked layout and back. Numerically the same model (float rounding aside);
  gradients and optimizer state follow the weights' layout.

Neither changes what is computed, so a resumed run stays bit-identical to one that never
stopped (both are tuned alike).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from dataclasses import dataclass

import torch
from torch import Tensor, nn

# mallopt parameters (glibc malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 1 << 30  # bytes: blocks below 1 GiB come from the heap, not a fresh mmap
TRIM_THRESHOLD = 2**31 - 1  # bytes of free heap top kept before trimming (the int maximum)

_malloc_tuned = False


@dataclass(frozen=True)
class Tuning:
    """What ``tune_for_training`` switched on."""

    malloc_keeps_memory: bool = False
    channels_last: bool = False


def keep_freed_memory() -> bool:
    """Make glibc malloc keep freed memory for reuse (see the module doc). True when set (now or
    before); False off glibc (macOS, Windows, musl), where nothing is changed."""
    global _malloc_tuned
    if _malloc_tuned:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    _malloc_tuned = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
    return _malloc_tuned


def tune_for_training(model: nn.Module, device: torch.device, distributed: bool) -> Tuning:
    """Apply the CPU tuning to a training process and its model (in place); nothing on CUDA.
    Call before the EMA copy and the optimizer are made, so both follow the weights' layout.
    channels_last stays off under DDP (its gradient buckets assume the default strides)."""
    if device.type != "cpu":
        return Tuning()
    malloc = keep_freed_memory()
    cl = not distributed
    if cl:
        model.to(memory_format=torch.channels_last)
    return Tuning(malloc_keeps_memory=malloc, channels_last=cl)


def prepare_images(images: Tensor, tuning: Tuning) -> Tensor:
    """A (B, 3, S, S) batch in the memory layout the tuned model wants."""
    if tuning.channels_last:
        return images.contiguous(memory_format=torch.channels_last)
    return images
