#!/bin/sh
# Refresh the French catalogue after UI strings change, then compile it.
#
#   scripts/update_translations.sh
#
# 1. makemessages collects every marked string of the project (Python and templates)
#    into the one catalogue dci_portal/locale/fr/LC_MESSAGES/django.po (LOCALE_PATHS):
#    existing translations are kept, new strings arrive with an empty msgstr, and
#    strings close to an old one arrive marked "#, fuzzy" with a guessed translation.
# 2. It lists what still needs a translator: untranslated and fuzzy entries. Fuzzy
#    entries are NOT used at run time: check each guess, fix it, delete the flag.
# 3. compilemessages writes django.mo, which is committed (a machine without GNU
#    gettext can then still serve French).
# tests/test_translations.py fails while any entry is empty or fuzzy, or the .mo is stale.
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
PO=dci_portal/locale/fr/LC_MESSAGES/django.po
IGNORES="--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=scripts --ignore=.cache"

mkdir -p dci_portal/locale/fr/LC_MESSAGES
# shellcheck disable=SC2086  # IGNORES is a list of options
DEBUG=1 "$PY" manage.py makemessages -l fr --no-obsolete $IGNORES
# The portal has no JavaScript strings to translate; if static/js/ ever gets some
# (gettext() in a .js file), add: makemessages -d djangojs -l fr $IGNORES

# What is left for a translator: untranslated first, then fuzzy.
msgattrib --untranslated --no-fuzzy --no-obsolete "$PO" > /tmp/dci-untranslated.po || true
msgattrib --only-fuzzy --no-obsolete "$PO" > /tmp/dci-fuzzy.po || true
untranslated=$(grep -c '^msgid ' /tmp/dci-untranslated.po || true)
fuzzy=$(grep -c '^msgid ' /tmp/dci-fuzzy.po || true)
# Each non-empty file also holds the header entry (msgid "").
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
echo "Untranslated: $untranslated (see /tmp/dci-untranslated.po); fuzzy: $fuzzy (see /tmp/dci-fuzzy.po)"

msgfmt --check-format --check-header --statistics -o /dev/null "$PO"
DEBUG=1 "$PY" manage.py compilemessages -l fr --ignore=.venv
