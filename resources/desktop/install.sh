#!/bin/sh
# Installs the desktop entry, icon and MIME association for the current user (no root).
# Uses the frozen build in dist/ when it exists, else `python main.py` from this checkout.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
if [ -x "$here/dist/DeliverabilityInspector/DeliverabilityInspector" ]; then
  exec_line="$here/dist/DeliverabilityInspector/DeliverabilityInspector"
else
  exec_line="$here/.venv/bin/python $here/main.py"
fi
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps" "$data/icons/hicolor/scalable/apps" "$data/mime/packages"
sed "s|@EXEC@|$exec_line|" "$here/resources/desktop/deliverability-inspector.desktop" \
  > "$data/applications/deliverability-inspector.desktop"
cp "$here/resources/icons/app.png" "$data/icons/hicolor/256x256/apps/deliverability-inspector.png"
cp "$here/resources/icons/app.svg" "$data/icons/hicolor/scalable/apps/deliverability-inspector.svg"
cp "$here/resources/desktop/deliverability-inspector-mime.xml" "$data/mime/packages/"
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
command -v xdg-mime >/dev/null 2>&1 && xdg-mime default deliverability-inspector.desktop message/rfc822 || true
echo "Installed: $data/applications/deliverability-inspector.desktop (runs: $exec_line)"
