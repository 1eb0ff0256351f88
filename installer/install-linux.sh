#!/usr/bin/env bash
# Install the built bundle for the current user (or PREFIX=/usr/local, as root, for everyone):
#   PREFIX/opt/efficientdet-studio/      the bundle (dist/efficientdet-studio/)
#   PREFIX/bin/efficientdet-studio       a link to its executable
#   PREFIX/share/applications/           the desktop entry (menus, "Open with")
#   PREFIX/share/icons/hicolor/          the icon (PNG 256 px and the SVG)
# `installer/install-linux.sh --uninstall` removes them again.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-$HOME/.local}
NAME=efficientdet-studio
DEST=$PREFIX/opt/$NAME
APPS=$PREFIX/share/applications
ICONS=$PREFIX/share/icons/hicolor
if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$DEST"
    rm -f "$PREFIX/bin/$NAME" "$APPS/$NAME.desktop" \
        "$ICONS/256x256/apps/$NAME.png" "$ICONS/scalable/apps/$NAME.svg"
    echo "removed $NAME from $PREFIX"
    exit 0
fi
[ -x "dist/$NAME/$NAME" ] || { echo "no bundle: run 'make bundle' first" >&2; exit 1; }
mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$APPS" "$ICONS/256x256/apps" "$ICONS/scalable/apps"
rm -rf "$DEST"
cp -a "dist/$NAME" "$DEST"
ln -sfn "$DEST/$NAME" "$PREFIX/bin/$NAME"
sed "s|^Exec=.*|Exec=$DEST/$NAME %F|" "installer/$NAME.desktop" > "$APPS/$NAME.desktop"
cp "resources/icons/$NAME.png" "$ICONS/256x256/apps/"
cp "resources/icons/$NAME.svg" "$ICONS/scalable/apps/"
command -v update-desktop-database >/dev/null && update-desktop-database "$APPS" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$ICONS" || true
echo "installed $NAME in $DEST; start it from the menu or with $PREFIX/bin/$NAME"
