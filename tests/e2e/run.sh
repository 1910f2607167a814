#!/usr/bin/env bash
# Runs every end-to-end test file in order, in a scratch folder, and ends
# with one "N passed, M failed" line.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
if [ ! -d "$SEEDS" ]; then
    echo "tests: ../shared/corpus/seeds not found (SHARED=$SHARED); the tests read the real articles from there" >&2
    exit 1
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for t in tests/e2e/t[0-9]*.sh; do
    # ONLY: an extended regular expression over the file names (t10|t30).
    [ -n "${ONLY:-}" ] && ! [[ "$t" =~ $ONLY ]] && continue
    echo "== $t"
    . "$t"
done
finish
