"""Multi-process (DDP) training support. Only rank 0 writes events and checkpoints.

One machine, N GPUs (or N CPU processes, which use gloo)::

    torchrun --nproc_per_node=4 -m core.cli train path/to/project --level d0 --batch-size 8

Several machines: start the same command on every machine, each with its own node rank::

    torchrun --nnodes=2 --node_rank=0 --nproc_per_node=8 \\
        --master_addr=10.0.0.1 --master_port=29500 -m core.cli train /data/project --sync-bn
    torchrun --nnodes=2 --node_rank=1 --nproc_per_node=8 \\
        --master_addr=10.0.0.1 --master_port=29500 -m core.cli train /data/project --sync-bn

``--batch-size`` is per process, so the global batch is batch size x world size; the learning
rate is used as given (scale it yourself if you change the world size). The data path must be
readable on every machine, and the run folder is written by rank 0's machine only.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import DataLoader, Dataset, DistributedSampler

from core import devices
from core.train.callbacks import TrainingError


@dataclass(frozen=True)
class DistInfo:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def init_distributed(device_type: str) -> DistInfo:
    """Join the process group torchrun describes in the environment (RANK, WORLD_SIZE, ...);
    a single process without those variables gets DistInfo() and no process group."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return DistInfo()
    info = DistInfo(int(os.environ["RANK"]), world, int(os.environ.get("LOCAL_RANK", "0")))
    if not dist.is_initialized():
        backend = "nccl" if device_type == "cuda" else "gloo"
        if device_type == "cuda":
            torch.cuda.set_device(info.local_rank)
        dist.init_process_group(backend=backend, rank=info.rank, world_size=world)
    return info


def wrap_model(model: nn.Module, info: DistInfo, sync_bn: bool, device: torch.device) -> nn.Module:
    if not info.enabled:
        return model
    if sync_bn:
        model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    ids = [device.index] if device.type == "cuda" else None
    return nn.parallel.DistributedDataParallel(model, device_ids=ids)


def unwrap(model: nn.Module) -> nn.Module:
    return model.module if isinstance(model, nn.parallel.DistributedDataParallel) else model


def any_rank(flag: bool, info: DistInfo, device: torch.device) -> bool:
    """True on every rank when ``flag`` is True on any rank (stop / eval requests, errors)."""
    if not info.enabled:
        return flag
    t = torch.tensor([1.0 if flag else 0.0], device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item() > 0)


def barrier(info: DistInfo) -> None:
    if info.enabled:
        dist.barrier()


def cleanup(info: DistInfo) -> None:
    if info.enabled and dist.is_initialized():
        dist.destroy_process_group()


def pick_device(name: str) -> torch.device:
    """ "auto" picks CUDA, then Apple MPS, then the CPU; asking for a missing one is an error."""
    cuda, mps = torch.cuda.is_available(), torch.backends.mps.is_available()
    if name == "auto":
        return torch.device("cuda" if cuda else "mps" if mps else "cpu")
    if (name == "cuda" and not cuda) or (name == "mps" and not mps):
        gpu_seen = bool(devices.nvidia_gpus())
        why = (
            devices.cuda_problem(torch.version.cuda, gpu_seen) if name == "cuda" else devices.NO_MPS
        )
        raise TrainingError("device", why, devices.CPU_HINT)
    return torch.device(name)


def fallback_note(name: str, device: torch.device) -> str | None:
    """Why "auto" did not get the GPU the driver lists (None when there is none to get)."""
    if name != "auto" or device.type == "cuda":
        return None
    gpus = devices.nvidia_gpus()
    if not gpus:
        return None
    return f"training on {device.type}, not {gpus[0].name}: " + devices.cuda_problem(
        torch.version.cuda, True
    )


def amp_dtype(enabled: bool, device: torch.device) -> torch.dtype | None:
    """bf16 on CUDA where supported, else fp16 (which needs a GradScaler); None off CUDA."""
    if not enabled or device.type != "cuda":
        return None
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


def seed_everything(seed: int, epoch: int) -> None:
    """Seed every generator from (seed, epoch): a run resumed at an epoch boundary replays the
    same shuffles, augmentations and drop-path masks as one that never stopped."""
    s = (seed * 1_000_003 + epoch) % 2**31
    random.seed(s)
    np.random.seed(s)
    torch.manual_seed(s)


def _seed_worker(worker_id: int) -> None:
    s = torch.initial_seed() % 2**32  # distinct per worker, derived from the loader's generator
    np.random.seed(s)
    random.seed(s)


def epoch_loader(
    ds: Dataset,
    batch_size: int,
    workers: int,
    seed: int,
    epoch: int,
    info: DistInfo,
    collate,
    skip_batches: int = 0,
) -> DataLoader:
    """This rank's training batches of one epoch, in a shuffle order fixed by (seed, epoch);
    the first ``skip_batches`` are left out without being loaded (mid-epoch resume)."""
    shuffle = not getattr(ds, "ordered", False)  # a tiled set orders itself (core.data.tiled)
    if info.enabled:
        sampler = DistributedSampler(ds, info.world_size, info.rank, shuffle=shuffle, seed=seed)
        sampler.set_epoch(epoch)
        order = list(sampler)
    elif shuffle:
        g = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
        order = torch.randperm(len(ds), generator=g).tolist()
    else:
        order = list(range(len(ds)))
    # BatchNorm cannot train on a batch of one at the 1x1 top level: drop a short remainder.
    drop_last = len(order) > batch_size
    order = order[skip_batches * batch_size :]
    g = torch.Generator().manual_seed(seed * 1_000_003 + epoch + 7)
    return DataLoader(
        ds,
        batch_size=batch_size,
        sampler=order,
        num_workers=workers,
        collate_fn=collate,
        drop_last=drop_last,
        generator=g,
        worker_init_fn=_seed_worker,
        pin_memory=torch.cuda.is_available(),
    )
