#!/bin/sh
# Refresh the translation catalogue after changing user-visible text, then rebuild the .qm files.
#
#   tools/update_translations.sh
#
# pyside6-lupdate reads every tr()/translate()/QT_TRANSLATE_NOOP() call in desktop/maturity_workbook/ui
# and desktop/maturity_workbook/report and updates resources/translations/maturity-workbook_*.ts,
# keeping the translations already made (messages whose source text is gone are dropped). The
# English catalogue holds only the English plural forms of "%n ..." messages; fill new ones in
# with pyside6-linguist or a text editor (tests/ui/test_translations.py says which are missing).
# pyside6-lrelease then writes the .qm files the app loads at start-up.
set -eu
cd "$(dirname "$0")/.."
bin_dir=$(dirname "$(command -v python3)")
[ -x .venv/bin/pyside6-lupdate ] && bin_dir=.venv/bin
lupdate=${PYSIDE6_LUPDATE:-$bin_dir/pyside6-lupdate}
lrelease=${PYSIDE6_LRELEASE:-$bin_dir/pyside6-lrelease}
sources=$(find desktop/maturity_workbook/ui desktop/maturity_workbook/report -name '*.py' | sort)
for ts in resources/translations/maturity-workbook_*.ts; do
    language=$(basename "$ts" .ts | sed 's/^maturity-workbook_//')
    # shellcheck disable=SC2086 # one argument per source file
    "$lupdate" -locations relative -no-obsolete -source-language en -target-language "$language" \
        $sources -ts "$ts"
    "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
