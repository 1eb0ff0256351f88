#!/usr/bin/env bash
# Build a one-folder desktop bundle with PyInstaller: dist/efficientdet-studio/.
# The bundle's executable is also the worker (`efficientdet-studio --worker train|serve ...`).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install --quiet "pyinstaller>=6.3"
.venv/bin/pyinstaller --noconfirm --clean installer/studio.spec
echo "built: dist/efficientdet-studio/efficientdet-studio"
