#!/usr/bin/env bash
# Build the one-folder desktop bundle with PyInstaller and smoke-test it.
#
#   bash packaging/build_bundle.sh          # -> dist/maturity-workbook/maturity-workbook
#
# It makes its own build venv (build/bundle-venv, reused by later runs; MW_BUNDLE_VENV overrides),
# installs the project and PyInstaller there, builds from packaging/maturity-workbook.spec, prints
# the bundle's size and start-up times, and runs `--version` and (when the command and the sample
# exist) `export-pdf` on the bundled sample, headless. PyInstaller does not cross-compile: run it
# on each target system (Linux, Windows, macOS) for that system's bundle.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
venv=${MW_BUNDLE_VENV:-$root/build/bundle-venv}
dist=$root/dist
bundle=$dist/maturity-workbook
exe=$bundle/maturity-workbook
pyinstaller_spec=${MW_PYINSTALLER:-pyinstaller>=6.10,<7}

step() { printf '\n== %s\n' "$*"; }

step "build venv: $venv"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" "$pyinstaller_spec" "$root"
# a plain (not editable) install of this tree, refreshed on every run, so PyInstaller freezes
# exactly what a wheel would carry
"${pip[@]}" --force-reinstall --no-deps "$root"

step "pyinstaller"
rm -rf "$bundle"
(cd "$root" && "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$root/build/pyinstaller" packaging/maturity-workbook.spec)

step "strip debug symbols"
# The interpreter and several extension modules carry debug info (tens of MB). Strip it, but leave
# alone what auditwheel vendored or patched (*.libs/ folders, an $ORIGIN run path): strip can
# break files that patchelf rewrote. The smoke test below runs the stripped bundle.
if command -v strip >/dev/null; then
  before=$(du -sm "$bundle" | cut -f1)
  find "$bundle/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) -not -path '*.libs/*' \
    -print0 | while IFS= read -r -d '' lib; do
      readelf -d "$lib" 2>/dev/null | grep -q 'R.*PATH.*\$ORIGIN' && continue
      strip --strip-debug "$lib" 2>/dev/null || echo "note: could not strip $lib"
    done
  echo "$before MB -> $(du -sm "$bundle" | cut -f1) MB"
else
  echo "strip (binutils) not found: left as built"
fi

step "size"
du -sh "$bundle"

step "smoke test"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export QT_QPA_PLATFORM=offscreen MATURITY_WORKBOOK_DATA_DIR="$scratch/data"
seconds() {  # wall-clock seconds of a command, its output kept in $scratch/out
  local start end
  start=$(date +%s.%N)
  "$@" >"$scratch/out" 2>&1 || { cat "$scratch/out" >&2; echo "FAILED: $*" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$start $end" | awk '{printf "%.2f", $2 - $1}'
}

t=$(seconds "$exe" --version)
echo "$(cat "$scratch/out")  (--version: ${t}s, first run)"
t=$(seconds "$exe" --version)
echo "--version again: ${t}s"
"$exe" frameworks

sample=$bundle/_internal/maturity_workbook/resources/samples/sample.mwb
if [ -f "$sample" ] && "$exe" --help | grep -q export-pdf; then
  cp "$sample" "$scratch/sample.mwb"
  t=$(seconds "$exe" export-pdf "$scratch/sample.mwb" -o "$scratch/sample.pdf")
  head -c 5 "$scratch/sample.pdf" | grep -q '%PDF-' || { echo "FAILED: no PDF written" >&2; exit 1; }
  echo "export-pdf of the bundled sample: ${t}s, $(du -h "$scratch/sample.pdf" | cut -f1)"
else
  echo "export-pdf: skipped (the command or the bundled sample is not there yet)"
fi
echo
echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"
