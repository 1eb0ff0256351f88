"""Anchors, box coding, anchor matching and post-processing (boxes are xyxy input pixels)."""

from core.boxes.anchors import flatten_outputs, make_anchors
from core.boxes.coder import decode, encode
from core.boxes.matcher import BELOW_THRESHOLD, match, match_batch

__all__ = [
    "BELOW_THRESHOLD",
    "decode",
    "encode",
    "flatten_outputs",
    "make_anchors",
    "match",
    "match_batch",
]
