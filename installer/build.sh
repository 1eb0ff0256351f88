#!/usr/bin/env bash
# Build the one-folder desktop bundle with PyInstaller: dist/efficientdet-studio/.
# The bundle's executable is also the worker and the CLI (`--worker train|serve`, `--cli ...`).
# Linux, macOS (also writes dist/EfficientDet Studio.app) and Windows (Git Bash); see
# docs/install.md. PYTHON names the interpreter of the environment to freeze.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
    PYTHON=.venv/bin/python
    [ -x "$PYTHON" ] || PYTHON=.venv/Scripts/python.exe
fi
start=$(date +%s)
"$PYTHON" -m pip install --quiet "pyinstaller>=6.3"
# The translations the app loads (resources/ is bundled whole, the .qm files are not in git).
for ts in resources/i18n/*.ts; do
    "$PYTHON" -c "import sys; from PySide6.scripts.pyside_tool import lrelease; sys.exit(lrelease())" \
        -silent "$ts" -qm "${ts%.ts}.qm"
done
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/studio.spec
size=$(du -sh dist/efficientdet-studio | cut -f1)
echo "built dist/efficientdet-studio/ ($size) in $(( $(date +%s) - start )) s"
