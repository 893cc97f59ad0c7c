#!/usr/bin/env bash
# Make sure PostgreSQL's server programs (initdb, pg_ctl) are installed, for the tests that run
# the storage suite on PostgreSQL (tests/pgserver.py starts a throwaway server per test run).
# Installs Debian's package where they are missing and we may (root, apt-get); otherwise says
# what to do and fails, so CI never quietly skips the PostgreSQL tests.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL (apt-get install postgresql) for the storage tests..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    # The packaged cluster is not needed: the tests start their own server.
    if command -v pg_lsclusters >/dev/null 2>&1; then
        pg_lsclusters -h 2>/dev/null | while read -r ver name _; do
            pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true
        done
    fi
    exit 0
fi
echo "PostgreSQL is not installed and cannot be installed from here: install it" \
     "(Debian: apt-get install postgresql), or set POLICYWATCH_PG_URL to a server's admin URL," \
     "or POLICYWATCH_SKIP_PG=1 to skip the PostgreSQL tests on this machine." >&2
if [ -n "${POLICYWATCH_PG_URL:-}" ] || [ "${POLICYWATCH_SKIP_PG:-}" = 1 ]; then
    exit 0
fi
exit 1
