"""The GPUs this machine has, found without torch, and the plain words for a missing one.

Torch-free and Qt-free: the GUI uses it before any worker starts (a GPU asked of a machine
without one is refused with ``NO_GPU``), and ``efficientdet doctor`` and the training loop say
the same words.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass

NO_GPU = "CUDA is not available: no NVIDIA GPU with a working driver was found on this machine"
CPU_HINT = "choose the device auto or cpu to train on the CPU, or install an NVIDIA GPU driver"
NO_MPS = "MPS is not available: Apple GPUs (MPS) exist only on macOS with Apple silicon"


@dataclass(frozen=True)
class GpuInfo:
    name: str
    memory_gb: float


def nvidia_gpus(timeout: float = 5.0) -> list[GpuInfo]:
    """The GPUs ``nvidia-smi`` lists (name, memory); empty without the tool or a driver."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return []
    try:
        out = subprocess.run(
            [exe, "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    gpus = []
    for line in out.stdout.strip().splitlines() if out.returncode == 0 else []:
        name, _, mem = line.rpartition(",")
        try:
            gpus.append(GpuInfo(name.strip(), float(mem) / 1024))
        except ValueError:
            continue
    return gpus


def cuda_problem(torch_cuda: str | None, gpu_seen: bool) -> str:
    """Why CUDA is not available, in words: ``torch_cuda`` is the CUDA version this torch was
    built with (None: a CPU-only build); ``gpu_seen``: nvidia-smi lists a GPU."""
    if not gpu_seen:
        return NO_GPU + ("" if torch_cuda else " (and this torch is a CPU-only build)")
    if torch_cuda is None:
        return (
            "CUDA is not available: this torch was built without CUDA (a CPU-only build), "
            "though an NVIDIA GPU is present; install a CUDA build of torch"
        )
    return (
        f"CUDA is not available: an NVIDIA GPU is present, but this torch (built with CUDA "
        f"{torch_cuda}) cannot use it; the driver may be older than that CUDA"
    )


def refusal(requested: str, gpus: list[GpuInfo] | int) -> str | None:
    """Why a run asking for ``requested`` cannot start here (None: it can, as far as the GUI
    can tell without torch). ``gpus``: the GPUs seen, or their count."""
    count = gpus if isinstance(gpus, int) else len(gpus)
    if requested.startswith("cuda") and count == 0:
        return NO_GPU
    if requested == "mps" and sys.platform != "darwin":
        return NO_MPS
    return None
