"""Reading .pt / .pth files with torch's weights-only loader, and saying plainly why one failed.

Only tensors and plain values are ever loaded: a file that holds Python objects (classes,
functions) is refused, since unpickling those can run code from the file. The messages name the
file and what to use instead; they never suggest loading without the weights-only safeguard.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import torch

_GLOBAL = re.compile(r"GLOBAL ([\w.]+)")
_OPERAND = re.compile(r"Unsupported operand \d+")

USE_INSTEAD = (
    "use a checkpoint written by training here (best.pt or last.pt of a run), an effdet "
    ".pth state dict, or weights saved as a plain state dict (torch.save(model.state_dict(), "
    "path)) or as .safetensors"
)


class CheckpointError(ValueError):
    """A weights or checkpoint file that cannot be used; the message names it."""


def load_torch_file(path: str | Path, map_location: str | torch.device = "cpu") -> object:
    """``torch.load(path, weights_only=True)``; any failure is a CheckpointError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"{path}: no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # pickle protocol notes
            return torch.load(path, map_location=map_location, weights_only=True)
    except MemoryError:
        raise CheckpointError(f"{path}: not enough memory to load this file") from None
    except Exception as exc:  # noqa: BLE001 - whatever the loader says, it is this file's fault
        raise CheckpointError(describe_load_error(path, exc)) from None


def describe_load_error(path: str | Path, exc: BaseException) -> str:
    """What a failed weights-only load of ``path`` means for the user, in one sentence."""
    text = str(exc)
    found = _GLOBAL.search(text)
    if found:
        return (
            f"{path} holds Python objects ({found.group(1)}), not only tensors and plain values, "
            f"so it is not loaded (unpickling objects can run code from the file); {USE_INSTEAD}"
        )
    if isinstance(exc, EOFError) or not text.strip():
        why = "the file is empty or cut short"
    elif "zip archive" in text or "central directory" in text:
        why = "the file is damaged or cut short (not a complete PyTorch zip archive)"
    elif _OPERAND.search(text) or "load key" in text:
        why = "the file is not a PyTorch weights file (or is damaged)"
    else:
        lines = [ln for ln in text.splitlines() if ln.strip() and "weights_only" not in ln]
        why = f"{type(exc).__name__}: {lines[0].strip()[:200]}" if lines else type(exc).__name__
    return f"{path} cannot be read as a checkpoint: {why}; {USE_INSTEAD}"
