#!/usr/bin/env bash
# Run a command with COMMONS_TEST_POSTGRES_URL pointing at a PostgreSQL server.
#
#   scripts/with-postgres.sh go test ./...
#
# 1. If COMMONS_TEST_POSTGRES_URL is set and the server answers, use it as is.
# 2. Otherwise, if PostgreSQL's server programs are installed
#    (/usr/lib/postgresql/*/bin/initdb; COMMONS_POSTGRESQL_LIB overrides the
#    /usr/lib/postgresql part), start a throwaway cluster in a temp
#    folder, listening only on 127.0.0.1 on a free port with trust auth, create
#    the database commons_test, run the command, then stop and delete it.
# 3. With no PostgreSQL at all: fail under CI=true; elsewhere warn that the
#    PostgreSQL store tests will be skipped and run the command anyway.
#
# The Go tests create a fresh database per test from the URL, so the database
# named in it only has to exist and accept connections.
set -euo pipefail

if [[ $# -eq 0 ]]; then
	echo "usage: $0 COMMAND [ARG...]" >&2
	exit 2
fi

log() { echo "with-postgres: $*" >&2; }

# answers URL: true when a server accepts connections at URL.
answers() {
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -t 5 -d "$1"
	elif command -v psql >/dev/null 2>&1; then
		psql "$1" -qAtc 'select 1' >/dev/null 2>&1
	else
		return 1
	fi
}

if [[ -n "${COMMONS_TEST_POSTGRES_URL:-}" ]]; then
	if answers "$COMMONS_TEST_POSTGRES_URL"; then
		log "using the server in COMMONS_TEST_POSTGRES_URL"
		exec "$@"
	fi
	log "COMMONS_TEST_POSTGRES_URL is set but its server does not answer; starting a local one instead"
	unset COMMONS_TEST_POSTGRES_URL
fi

# The newest installed major version, if any.
bindir=""
while IFS= read -r d; do
	if [[ -x "$d/initdb" && -x "$d/postgres" ]]; then bindir="$d"; fi
done < <(ls -d "${COMMONS_POSTGRESQL_LIB:-/usr/lib/postgresql}"/*/bin 2>/dev/null | sort -V)

if [[ -z "$bindir" ]]; then
	if [[ "${CI:-}" == "true" ]]; then
		log "no PostgreSQL server found (/usr/lib/postgresql/*/bin/initdb) and no COMMONS_TEST_POSTGRES_URL that answers."
		log "CI must test both databases: install the 'postgresql' package (.ci/run does) or set COMMONS_TEST_POSTGRES_URL."
		exit 1
	fi
	log "WARNING: no PostgreSQL found; the PostgreSQL store tests will be skipped (SQLite only)."
	log "Install Debian's 'postgresql' package or set COMMONS_TEST_POSTGRES_URL to test both databases."
	exec "$@"
fi

# As root, PostgreSQL refuses to run: use the postgres account (or nobody).
as_db_user() { "$@"; }
db_user="$(id -un)"
if [[ "$(id -u)" -eq 0 ]]; then
	if id postgres >/dev/null 2>&1; then db_user=postgres; else db_user=nobody; fi
	as_db_user() { runuser -u "$db_user" -- "$@"; }
fi

# A free TCP port on 127.0.0.1, from the kernel.
free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
		python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/commons-pg.XXXXXX")"
chmod 700 "$tmp"
if [[ "$db_user" != "$(id -un)" ]]; then chown "$db_user" "$tmp"; fi
data="$tmp/data"
pg_log="$tmp/postgres.log"
pg_pid=""

cleanup() {
	local status=$?
	if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
		# Fast shutdown: roll back open transactions, close connections, exit.
		as_db_user "$bindir/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 || kill -TERM "$pg_pid" 2>/dev/null || true
		wait "$pg_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting a throwaway PostgreSQL ($("$bindir/postgres" --version)) in $tmp"
as_db_user "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 ||
	as_db_user "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$tmp/initdb.log" 2>&1 || {
	log "initdb failed:"
	cat "$tmp/initdb.log" >&2
	exit 1
}

# Another process may take the port between choosing it and binding it; try a few.
started=""
for attempt in 1 2 3 4 5; do
	port="$(free_port)"
	# -k: the Unix socket goes in our temp folder, not /var/run/postgresql.
	# fsync off: a throwaway cluster need not survive a crash, and tests run faster.
	as_db_user "$bindir/postgres" -D "$data" -h 127.0.0.1 -p "$port" -k "$tmp" \
		-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
		-c max_connections=200 >"$pg_log" 2>&1 &
	pg_pid=$!
	for _ in $(seq 1 100); do
		if ! kill -0 "$pg_pid" 2>/dev/null; then break; fi
		if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
			started=yes
			break
		fi
		sleep 0.1
	done
	[[ -n "$started" ]] && break
	wait "$pg_pid" 2>/dev/null || true
	pg_pid=""
	log "PostgreSQL did not start on port $port (attempt $attempt)"
done
if [[ -z "$started" ]]; then
	log "could not start PostgreSQL; its log:"
	cat "$pg_log" >&2
	exit 1
fi

"$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
	-c 'CREATE DATABASE commons_test' >/dev/null

export COMMONS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/commons_test?sslmode=disable"
log "COMMONS_TEST_POSTGRES_URL=$COMMONS_TEST_POSTGRES_URL"

# Not exec: the trap must stop the cluster after the command ends.
set +e
"$@"
status=$?
set -e
exit "$status"
