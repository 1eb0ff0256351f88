"""The training form's option fields: the labels of core's option values and the combos and
rows built from them (``training_form.TrainingForm`` lays them out)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox

from app.i18n import tr
from core.options import OPTIMIZERS, STARTS
from core.recipes import WEIGHT_DECAY

# Labels below are English sources, translated where shown (tr at the use site).
SUM_NOTE = QT_TRANSLATE_NOOP(
    "",
    'The official D6-D7x configs use plain sums "for training stability", and so does '
    "EfficientDet-Lite; weighted fusion is allowed but may train less stably.",
)
START_LABELS = {
    "none": QT_TRANSLATE_NOOP("", "nothing (random)"),
    "imagenet": QT_TRANSLATE_NOOP("", "ImageNet backbone"),
    "coco": QT_TRANSLATE_NOOP("", "COCO checkpoint file"),
    "run": QT_TRANSLATE_NOOP("", "earlier run"),
}
# combo texts of option values (the values go to core); a value not here shows as it is
FUSION_LABELS = {
    "fast": QT_TRANSLATE_NOOP("", "fast"),
    "softmax": QT_TRANSLATE_NOOP("", "softmax"),
    "sum": QT_TRANSLATE_NOOP("", "sum"),
}
DEVICE_LABELS = {"auto": QT_TRANSLATE_NOOP("", "Auto")}
INIT_VALUES = STARTS
INIT_CHOICES = tuple(START_LABELS[v] for v in STARTS)


FLIP_LABELS = {
    "horizontal": QT_TRANSLATE_NOOP("", "Left-right"),
    "all": QT_TRANSLATE_NOOP("", "Every direction (aerial, microscopy)"),
}
OPTIMIZER_LABELS = {"sgd": QT_TRANSLATE_NOOP("", "SGD, momentum 0.9"), "adamw": "AdamW"}


def option_combo(values: tuple[str, ...], labels: dict[str, str]) -> QComboBox:
    """A combo of option values (item data) shown by their translated labels; a value without
    a label shows as it is."""
    combo = QComboBox()
    for value in values:
        combo.addItem(tr(labels[value]) if value in labels else value, value)
    return combo


def optimizer_combo() -> QComboBox:
    """The optimizers, with the weight decay each one takes in the tooltip."""
    combo = option_combo(OPTIMIZERS, OPTIMIZER_LABELS)
    combo.setToolTip(
        tr("Weight decay follows: {list}").format(
            list=", ".join(
                tr("{wd} for {name}").format(wd=f"{wd:g}", name=OPTIMIZER_LABELS[k].split(",")[0])
                for k, wd in WEIGHT_DECAY.items()
            )
        )
    )
    return combo


def backbone_layout(freeze: QSpinBox, scale: QDoubleSpinBox) -> QHBoxLayout:
    """ "frozen for [N epochs] then at [x S] the learning rate": the backbone's row."""
    scale.setPrefix("× ")
    row = QHBoxLayout()
    row.addWidget(QLabel(tr("frozen for")))
    row.addWidget(freeze)
    row.addWidget(QLabel(tr("then at")))
    row.addWidget(scale)
    row.addWidget(QLabel(tr("the learning rate")), 1)
    tip = tr(
        "A pretrained backbone trains frozen for the first epochs, then slower than "
        "the rest of the detector, so it keeps what it learned on ImageNet."
    )
    for w in (freeze, scale):
        w.setToolTip(tip)
    return row
