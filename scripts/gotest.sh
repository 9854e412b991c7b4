#!/usr/bin/env bash
# The Go tests, as `make gotest` runs them (under scripts/with-postgres.sh):
#
# 1. go test ./... — every package; store tests on SQLite and PostgreSQL.
# 2. The packages whose tests use a database (they import dbtest or apptest) once more, on
#    PostgreSQL only, with SERIALIZABLE as the test databases' default isolation level
#    (COMMONS_TEST_POSTGRES_ISOLATION=serializable), as PostgreSQL-compatible distributed
#    databases run: every transaction must survive being retried.
#
# Extra arguments go to both go test runs (e.g. -race, -count=1).
set -euo pipefail
GO="${GO:-go}"

"$GO" test "$@" ./...

if [[ -z "${COMMONS_TEST_POSTGRES_URL:-}" ]]; then
	echo "gotest: no PostgreSQL, so no SERIALIZABLE pass" >&2
	exit 0
fi
mapfile -t pkgs < <("$GO" list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... |
	grep -E 'platform/db/dbtest|app/apptest' | cut -d' ' -f1)
echo "gotest: the database tests again, on PostgreSQL at SERIALIZABLE (${#pkgs[@]} packages)" >&2
COMMONS_TEST_POSTGRES_ISOLATION=serializable "$GO" test "$@" "${pkgs[@]}"
