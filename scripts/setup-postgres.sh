#!/usr/bin/env bash
# Installs PostgreSQL 15 and pgvector on this machine if they are missing, then
# starts a private cluster for the tests on its own port (55432 by default) so it
# can never collide with a system cluster. Prints the DATABASE_URL to use.
#
# pgvector is not packaged for bookworm, so it is built from Debian trixie's
# source package against the PG15 server headers (extracted with dpkg-deb to
# avoid pulling clang/llvm in as dependencies of postgresql-server-dev-15).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PGPORT="${PRELOOP_TEST_PGPORT:-55432}"
PGDIR="${PRELOOP_TEST_PGDIR:-$ROOT/target/test-pg}"
PGBIN=/usr/lib/postgresql/15/bin
WORK="$ROOT/target/setup"
mkdir -p "$WORK"

log() { echo "[setup-postgres] $*" >&2; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
}

if [ ! -x "$PGBIN/postgres" ]; then
  log "installing postgresql-15"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-client-15 >&2
fi

if [ ! -f /usr/share/postgresql/15/extension/vector.control ]; then
  log "building pgvector from Debian trixie source"
  apt_update_once
  if [ ! -f /usr/include/postgresql/15/server/postgres.h ] || [ ! -f "$PGBIN/../lib/pgxs/src/makefiles/pgxs.mk" ]; then
    (cd "$WORK" && apt-get download -qq postgresql-server-dev-15 >&2)
    dpkg-deb -x "$WORK"/postgresql-server-dev-15_*.deb /
  fi
  command -v make >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make >&2
  APTDIR="$WORK/apt-trixie"
  mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
  echo "deb-src http://deb.debian.org/debian trixie main" > "$APTDIR/sources.list"
  APTOPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
           -o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache::Archives=$APTDIR/cache/archives"
           -o "APT::Get::List-Cleanup=0")
  apt-get "${APTOPTS[@]}" update -qq >&2
  SRC="$WORK/pgvector-src"
  rm -rf "$SRC" && mkdir -p "$SRC"
  (cd "$SRC" && apt-get "${APTOPTS[@]}" source --download-only -qq pgvector >&2)
  tarball=$(ls "$SRC"/pgvector_*.orig.tar.* | head -n1)
  mkdir -p "$SRC/build" && tar -xf "$tarball" -C "$SRC/build" --strip-components=1
  make -s -C "$SRC/build" with_llvm=no PG_CONFIG="$PGBIN/pg_config" >&2
  make -s -C "$SRC/build" with_llvm=no PG_CONFIG="$PGBIN/pg_config" install >&2
fi

# Run the cluster as an unprivileged user: postgres refuses to run as root.
RUNAS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  RUNAS=(runuser -u postgres --)
fi

if [ ! -f "$PGDIR/PG_VERSION" ]; then
  log "initialising a private cluster in $PGDIR"
  rm -rf "$PGDIR" && mkdir -p "$PGDIR"
  [ "${#RUNAS[@]}" -gt 0 ] && chown postgres "$PGDIR"
  "${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDIR" -U preloop --auth=trust -E UTF8 >/dev/null
fi

# A server answering on the port may be another checkout's cluster (a
# second clone's test run, or one whose directory was deleted under it,
# which answers every connection with an error). So this checkout's own
# cluster is found by its directory, and started, when it is not running,
# on the first port from $PGPORT that no server answers on; the URL
# printed below says which.
if "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
  PGPORT=$(sed -n 4p "$PGDIR/postmaster.pid")
else
  while "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" >/dev/null 2>&1 || [ $? = 1 ]; do
    log "port $PGPORT is another server's"
    PGPORT=$((PGPORT + 1))
  done
  log "starting the private cluster on port $PGPORT"
  [ "${#RUNAS[@]}" -gt 0 ] && chown -R postgres "$PGDIR"
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w -t 60 \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=200 -c fsync=off" start >&2
fi

for db in preloop_test; do
  if ! "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U preloop -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U preloop "$db"
  fi
done
echo "postgres://preloop@127.0.0.1:$PGPORT/preloop_test"
