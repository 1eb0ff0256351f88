"""Annotation import/export: COCO, Pascal VOC, YOLO (also ultralytics data.yaml), labelme.

Qt-free and torch-free pure functions. Every ``import_*`` returns an :class:`ImportResult` (a
COCO dict with ``bbox = [x, y, w, h]`` in pixels of the EXIF-oriented image, warnings, and the
image root its ``file_name`` values are relative to) and raises :class:`FormatError`, naming
the file and the place, for malformed input. Every ``export_*`` takes such a COCO dict and
writes all its files or none, never through a symbolic link or outside its folder
(core.formats.writer); :func:`plan_export` says beforehand what an export would replace.
:func:`load_dataset` reads a dataset in any of them from one path.
"""

from __future__ import annotations

from core.formats.coco import export_coco, import_coco
from core.formats.coco_pair import find_coco_pair, import_coco_pair
from core.formats.common import FormatError, ImportResult
from core.formats.dataset import KINDS, LoadedDataset, load_dataset
from core.formats.detect import FORMATS, detect_format
from core.formats.export import ExportPlan, plan_export
from core.formats.labelme import export_labelme, import_labelme
from core.formats.voc import export_voc, import_voc, read_image_sets
from core.formats.writer import ExportError, ExportFile, write_files
from core.formats.yolo import export_yolo, guess_yolo_layout, import_yolo, read_classes
from core.formats.yolo_yaml import import_yolo_yaml, label_path, read_data_yaml

__all__ = [
    "FORMATS",
    "KINDS",
    "ExportError",
    "ExportFile",
    "ExportPlan",
    "FormatError",
    "ImportResult",
    "LoadedDataset",
    "detect_format",
    "export_coco",
    "export_labelme",
    "export_voc",
    "export_yolo",
    "find_coco_pair",
    "guess_yolo_layout",
    "import_coco",
    "import_coco_pair",
    "import_labelme",
    "import_voc",
    "import_yolo",
    "import_yolo_yaml",
    "label_path",
    "load_dataset",
    "plan_export",
    "read_classes",
    "read_data_yaml",
    "read_image_sets",
    "write_files",
]
