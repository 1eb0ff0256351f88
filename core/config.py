"""The EfficientDet level table (D0-D7x) and the model configuration built from it.

Torch-free: the GUI reads this module too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

FUSION_METHODS = ("fast", "softmax", "sum")


@dataclass(frozen=True)
class LevelSpec:
    """One row of the compound-scaling table (paper Table 1 plus the official configs)."""

    name: str  # "d0" ... "d7x"
    backbone: str  # timm model name
    input_size: int  # native square input, pixels
    fpn_channels: int  # BiFPN width
    fpn_cells: int  # BiFPN depth
    head_convs: int  # separable convs per head before the output conv
    min_level: int = 3
    max_level: int = 7
    anchor_scale: float = 4.0
    fusion: str = "fast"  # the official default


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
    )
}

# Anchor shapes shared by every level: 3 octave scales x 3 aspect ratios (w, h multipliers).
NUM_SCALES = 3
ASPECT_RATIOS: tuple[tuple[float, float], ...] = ((1.0, 1.0), (1.4, 0.7), (0.7, 1.4))


def level_spec(level: str) -> LevelSpec:
    """Look a level up by name ('d0', 'D0', '0' all work)."""
    key = level.lower()
    if not key.startswith("d"):
        key = "d" + key
    if key not in LEVELS:
        raise ValueError(f"unknown EfficientDet level {level!r}; choose one of {', '.join(LEVELS)}")
    return LEVELS[key]


@dataclass(frozen=True)
class ModelConfig:
    """Everything needed to build one EfficientDet. Defaults come from the level table."""

    level: str = "d0"
    num_classes: int = 90
    image_size: int | None = None  # None: the level's native size; must divide by 2**max_level
    fusion: str | None = None  # None: the level's official method
    pretrained_backbone: bool = False
    backbone_weights: str | None = None  # local file with timm backbone weights
    drop_path_rate: float = 0.2
    aspect_ratios: tuple[tuple[float, float], ...] = field(default=ASPECT_RATIOS)
    num_scales: int = NUM_SCALES

    def __post_init__(self) -> None:
        spec = level_spec(self.level)
        object.__setattr__(self, "level", spec.name)
        if self.fusion is not None and self.fusion not in FUSION_METHODS:
            raise ValueError(f"fusion must be one of {FUSION_METHODS}, not {self.fusion!r}")
        stride = 2**spec.max_level
        if self.size % stride:
            raise ValueError(
                f"image size {self.size} must be divisible by {stride} for {spec.name.upper()}"
            )
        if self.num_classes < 1:
            raise ValueError("num_classes must be at least 1")

    @property
    def spec(self) -> LevelSpec:
        return LEVELS[self.level]

    @property
    def size(self) -> int:
        return self.image_size or self.spec.input_size

    @property
    def fusion_method(self) -> str:
        return self.fusion or self.spec.fusion

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
