"""Load weights into an EfficientDet: our own state dicts, training checkpoints, or the
``effdet`` port's COCO state dicts (``tf_efficientdet_d0`` .. ``d7x``), whose keys are renamed.
"""

from __future__ import annotations

import re
from pathlib import Path

import torch
from torch import Tensor, nn

from core.model.backbone import BackboneWeightsError, read_state_dict

# effdet key pattern -> our key (``{lvl}`` is filled in from an index + min_level).
_EFFDET_RULES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"^fpn\.resample\.(\d+)\.conv\.(conv|bn)\.", "fpn.extra.P{lvl1}.proj.{2}."),
        (
            r"^fpn\.cell\.(\d+)\.fnode\.(\d+)\.combine\.edge_weights$",
            "fpn.cells.{1}.nodes.{2}.weight",
        ),
        (
            r"^fpn\.cell\.(\d+)\.fnode\.(\d+)\.combine\.resample\.(\d+)\.conv\.(conv|bn)\.",
            "fpn.cells.{1}.nodes.{2}.lateral.P{lvl3}_in.{4}.",
        ),
        (
            r"^fpn\.cell\.(\d+)\.fnode\.(\d+)\.after_combine\.conv\.(?:conv_)?(dw|pw|bn)\.",
            "fpn.cells.{1}.nodes.{2}.conv.{3}.",
        ),
        (r"^(class|box)_net\.conv_rep\.(\d+)\.conv_(dw|pw)\.", "{1}_head.convs.{2}.{3}."),
        (r"^(class|box)_net\.bn_rep\.(\d+)\.(\d+)\.bn\.", "{1}_head.norms.{2}.{3}."),
        (r"^(class|box)_net\.predict\.conv_(dw|pw)\.", "{1}_head.out.{2}."),
    )
)
_CLASS_OUT = ("class_head.out.pw.weight", "class_head.out.pw.bias")


class WeightsError(ValueError):
    """A state dict that does not fit the model; the message lists what differs."""


def is_effdet_state_dict(sd: dict) -> bool:
    return any(k.startswith(("fpn.cell.", "class_net.", "box_net.")) for k in sd)


def convert_effdet_state_dict(sd: dict[str, Tensor], min_level: int = 3) -> dict[str, Tensor]:
    """Rename an ``effdet`` EfficientDet state dict to this package's names (values shared).

    Backbone keys are the same (both are timm features models). Raises WeightsError for a key
    it cannot place.
    """
    out: dict[str, Tensor] = {}
    unknown = []
    for key, value in sd.items():
        if key.startswith("backbone."):
            out[key] = value
            continue
        for pattern, template in _EFFDET_RULES:
            m = pattern.match(key)
            if m is None:
                continue
            # "{1}" is group 1; "{lvl1}" is group 1 read as a level index + min_level.
            lvls = {f"lvl{i}": int(g) + min_level for i, g in enumerate(m.groups(), 1)
                    if g.isdigit()}  # fmt: skip
            out[template.format(None, *m.groups(), **lvls) + key[m.end() :]] = value
            break
        else:
            unknown.append(key)
    if unknown:
        raise WeightsError(
            f"{len(unknown)} effdet keys have no counterpart here, e.g. {unknown[:5]} "
            "(an unsupported effdet variant?)"
        )
    return out


def _read(source: str | Path | dict) -> dict[str, Tensor]:
    if isinstance(source, (str, Path)):
        try:
            return read_state_dict(source)
        except BackboneWeightsError as exc:
            raise WeightsError(str(exc)) from None
    if not isinstance(source, dict):
        raise WeightsError(f"expected a path or a dict of tensors, got {type(source).__name__}")
    for key in ("model", "state_dict"):
        if isinstance(source.get(key), dict):
            return source[key]
    return source


def load_weights(model: nn.Module, source: str | Path | dict) -> list[str]:
    """Load ``source`` into ``model`` (an EfficientDet) and return notes for the user.

    ``source``: a file (``torch.load(weights_only=True)`` or .safetensors), a state dict of ours
    or of effdet's, or a checkpoint dict with a ``"model"`` key. A different number of classes
    keeps everything but the final class layer (noted in the returned messages); any other
    difference (another level, width, fusion method ...) raises WeightsError naming some keys.
    """
    sd = _read(source)
    notes: list[str] = []
    if sd and all(k.startswith("module.") for k in sd):  # saved from DistributedDataParallel
        sd = {k[len("module.") :]: v for k, v in sd.items()}
    if is_effdet_state_dict(sd):
        sd = convert_effdet_state_dict(sd, model.config.spec.min_level)
        notes.append("converted an effdet state dict")
    own = model.state_dict()
    missing, unexpected, wrong = _differences(own, sd)
    class_only = [k for k in wrong if k in _CLASS_OUT]
    wrong = [k for k in wrong if k not in _CLASS_OUT]
    if missing or unexpected or wrong:
        raise WeightsError(_describe(model, sd, missing, unexpected, wrong))
    if class_only:
        anchors = getattr(model, "num_anchors", 9)
        theirs = sd[_CLASS_OUT[1]].shape[0] // anchors
        notes.append(
            f"the weights have {theirs} classes and the model {model.config.num_classes}: "
            "everything was loaded except the final class layer, which keeps its initial values"
        )
        sd = {k: v for k, v in sd.items() if k not in _CLASS_OUT}
    result = model.load_state_dict(sd, strict=False)
    assert set(result.missing_keys) <= set(class_only), result.missing_keys
    return notes


def fit_problem(model: nn.Module, sd: dict) -> str:
    """ "" when the state dict ``sd`` fits ``model`` exactly, else what differs (one sentence)."""
    if not isinstance(sd, dict) or not all(isinstance(v, Tensor) for v in sd.values()):
        return "the file holds no state dict of tensors where the weights should be"
    missing, unexpected, wrong = _differences(model.state_dict(), sd)
    return (
        _describe(model, sd, missing, unexpected, wrong) if missing or unexpected or wrong else ""
    )


def _differences(own: dict, sd: dict) -> tuple[list[str], list[str], list[str]]:
    missing = [k for k in own if k not in sd]
    unexpected = [k for k in sd if k not in own]
    wrong = [k for k in own if k in sd and tuple(sd[k].shape) != tuple(own[k].shape)]
    return missing, unexpected, wrong


def _describe(model: nn.Module, sd: dict, missing: list, unexpected: list, wrong: list) -> str:
    level = model.config.level.upper()
    text = f"the weights do not fit this {level} model ({model.config.fusion_method} fusion)"
    guess = guess_levels(sd)
    if guess and level not in guess:
        text += f": they look like a {' or '.join(guess)} model's"
    parts = [
        f"{len(keys)} {what}, e.g. {keys[0]}"
        for keys, what in (
            (missing, "missing"),
            (unexpected, "unexpected"),
            (wrong, "of other shape"),
        )
        if keys
    ]
    if wrong:
        parts[-1] += f" {tuple(sd[wrong[0]].shape)} vs {tuple(model.state_dict()[wrong[0]].shape)}"
    text += f" ({'; '.join(parts)})"
    return text + "; choose weights of the same level and fusion method, or pick that level"


def guess_levels(sd: dict) -> list[str]:
    """The levels whose BiFPN depth and width match a state dict of ours ([] when unknown)."""
    from core.config import LEVELS

    cells = {int(k.split(".")[2]) for k in sd if k.startswith("fpn.cells.")}
    out = sd.get(_CLASS_OUT[0])
    if not cells or not isinstance(out, Tensor) or out.ndim < 2:
        return []
    width = out.shape[1]
    return [
        n.upper()
        for n, s in LEVELS.items()
        if (s.fpn_cells, s.fpn_channels) == (max(cells) + 1, width)
    ]


def save_state_dict(model: nn.Module, path: str | Path) -> None:
    """Plain ``torch.save`` of the state dict (loadable by load_weights with weights_only)."""
    torch.save(model.state_dict(), Path(path))
