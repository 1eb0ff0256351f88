"""The EfficientDet model (D0-D7x) and its weight loading."""

from core.model.efficientdet import EfficientDet
from core.model.weights import convert_effdet_state_dict, load_weights

__all__ = ["EfficientDet", "convert_effdet_state_dict", "load_weights"]
