"""Checkpoints: self-describing dicts of tensors and plain values, written atomically.

A checkpoint holds "model", "ema", "optimizer", "scheduler" ({"step": n}: the schedule is a pure
function of the step), "scaler", "epoch" (epochs completed), "epoch_step" (steps done inside the
unfinished epoch, 0 at an epoch boundary), "step" (optimizer steps over the run), "classes",
"model_config", "train_config", "metrics", "best_metric" and "rng". Everything inside is a tensor,
dict, list, tuple, number, bool, None or string, so ``torch.load(weights_only=True)`` reads it.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import torch

from core.fileio import clean_stale_temps, write_atomic
from core.model.torch_file import CheckpointError, load_torch_file


def save_checkpoint(path: str | Path, state: dict) -> Path:
    """Serialize, then write with core.fileio.write_atomic (temp file in the same folder,
    fsync, rename; the umask's permissions); the temp files of writes that were killed
    half-way are removed first, so a run folder never keeps them."""
    path = Path(path)
    clean_stale_temps(path.parent)
    buf = io.BytesIO()
    torch.save(state, buf)
    write_atomic(path, buf.getvalue())
    return path


def load_checkpoint(path: str | Path, map_location: str | torch.device = "cpu") -> dict:
    """Load one of our checkpoints; a run folder means its last.pt. A file that cannot be read
    raises CheckpointError (a ValueError) naming it; a missing one FileNotFoundError."""
    path = Path(path)
    if path.is_dir():
        path = path / "last.pt"
    if not path.is_file():
        raise FileNotFoundError(f"checkpoint not found: {path}")
    state = load_torch_file(path, map_location)
    if not isinstance(state, dict) or "model" not in state:
        raise CheckpointError(
            f"{path} is not a training checkpoint (no 'model' entry); use best.pt or last.pt "
            "of a run"
        )
    return state


def rng_state() -> dict:
    """Python, NumPy, torch (and CUDA) generator states in weights_only-loadable form."""
    version, internal, gauss = random.getstate()
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    state = {
        "python": {"version": version, "state": list(internal), "gauss": gauss},
        "numpy": {
            "kind": kind,
            "keys": torch.from_numpy(keys.astype(np.int64)),
            "pos": int(pos),
            "has_gauss": int(has_gauss),
            "cached": float(cached),
        },
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    py = state["python"]
    random.setstate((py["version"], tuple(py["state"]), py["gauss"]))
    n = state["numpy"]
    keys = n["keys"].numpy().astype(np.uint32)
    np.random.set_state((n["kind"], keys, n["pos"], n["has_gauss"], n["cached"]))
    torch.set_rng_state(state["torch"].cpu())
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])


def init_source(path: str) -> str | dict:
    """A run folder means its best.pt (else last.pt); a checkpoint of ours gives its EMA
    weights, the ones that were evaluated. Anything else goes to load_weights as it is."""
    p = Path(path)
    if p.is_dir():
        p = next((p / n for n in ("best.pt", "last.pt") if (p / n).is_file()), p)
    if p.suffix == ".pt" and p.is_file():
        state = load_torch_file(p)
        if isinstance(state, dict) and isinstance(state.get("ema"), dict):
            return state["ema"]["module"]
        return state
    return str(p)
