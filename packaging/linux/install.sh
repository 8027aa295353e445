#!/usr/bin/env bash
# Install Maturity Workbook's desktop integration (menu entry, icon, AppStream metadata and the
# *.mwb file type) into a prefix, so a double-click on a workbook opens the app.
#
#   packaging/linux/install.sh                       # into ~/.local, for the current user
#   packaging/linux/install.sh --prefix /usr/local   # system-wide (as root)
#   packaging/linux/install.sh --bundle dist/maturity-workbook
#         # also copies a PyInstaller one-folder bundle to PREFIX/lib/maturity-workbook and links
#         # PREFIX/bin/maturity-workbook to it; the menu entry then runs it by absolute path
#   packaging/linux/install.sh --uninstall [--prefix DIR]
#
# Without --bundle the entry runs `maturity-workbook` from PATH (a pip/pipx install provides it).
# DESTDIR is honoured for staging a package (the caches are not updated then).
set -euo pipefail

APP_ID=io.github.maturityworkbook.MaturityWorkbook
MIME_TYPE=application/x-maturity-workbook
MIME_ICON=${MIME_TYPE//\//-}
SIZES="16 32 48 64 128 256 512"

here=$(cd "$(dirname "$0")" && pwd)
icons=$(cd "$here/../../resources/icons" && pwd)
prefix="$HOME/.local"
bundle=""
uninstall=0

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --bundle) bundle=${2:?--bundle needs a directory}; shift 2 ;;
    --bundle=*) bundle=${1#*=}; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

root="${DESTDIR:-}$prefix"
share="$root/share"
files=(
  "$share/applications/$APP_ID.desktop"
  "$share/metainfo/$APP_ID.metainfo.xml"
  "$share/mime/packages/$APP_ID.xml"
  "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
  "$share/icons/hicolor/scalable/mimetypes/$MIME_ICON.svg"
)
for size in $SIZES; do
  files+=("$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
          "$share/icons/hicolor/${size}x${size}/mimetypes/$MIME_ICON.png")
done

refresh_caches() {
  [ -n "${DESTDIR:-}" ] && return 0  # a staged package refreshes them in its own scripts
  if command -v update-mime-database >/dev/null; then update-mime-database "$share/mime"; fi
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$share/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$share/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$share/icons/hicolor" || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "${files[@]}"
  if [ -L "$root/bin/maturity-workbook" ] \
     && [ "$(readlink "$root/bin/maturity-workbook")" = "../lib/maturity-workbook/maturity-workbook" ]; then
    rm -f "$root/bin/maturity-workbook"
    rm -rf "$root/lib/maturity-workbook"
  fi
  refresh_caches
  echo "removed Maturity Workbook's desktop integration from $root"
  exit 0
fi

exec_cmd=maturity-workbook
if [ -n "$bundle" ]; then
  [ -x "$bundle/maturity-workbook" ] || {
    echo "install.sh: $bundle/maturity-workbook is missing: build it with packaging/build_bundle.sh" >&2
    exit 1
  }
  rm -rf "$root/lib/maturity-workbook"
  mkdir -p "$root/lib" "$root/bin"
  cp -a "$bundle" "$root/lib/maturity-workbook"
  ln -sfn ../lib/maturity-workbook/maturity-workbook "$root/bin/maturity-workbook"
  exec_cmd="$prefix/bin/maturity-workbook"
fi

install -Dm644 "$here/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "$here/$APP_ID.xml" "$share/mime/packages/$APP_ID.xml"
install -Dm644 "$icons/maturity-workbook.svg" "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
install -Dm644 "$icons/maturity-workbook.svg" "$share/icons/hicolor/scalable/mimetypes/$MIME_ICON.svg"
for size in $SIZES; do
  install -Dm644 "$icons/maturity-workbook-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  install -Dm644 "$icons/maturity-workbook-$size.png" \
    "$share/icons/hicolor/${size}x${size}/mimetypes/$MIME_ICON.png"
done
mkdir -p "$share/applications"
sed "s|^Exec=maturity-workbook |Exec=$exec_cmd |" "$here/$APP_ID.desktop" \
  > "$share/applications/$APP_ID.desktop"
chmod 644 "$share/applications/$APP_ID.desktop"
refresh_caches

echo "installed Maturity Workbook's desktop integration into $root"
if [ -z "$bundle" ] && ! command -v maturity-workbook >/dev/null; then
  echo "note: 'maturity-workbook' is not on PATH; install the app (pip/pipx) or pass --bundle DIR" >&2
fi
