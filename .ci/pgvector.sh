#!/usr/bin/env bash
# Makes sure a local PostgreSQL with the pgvector extension runs, for the pgvector store's tests.
# Idempotent; run as root on Debian (CI, the development machines). Prints nothing on success but
# progress lines; the caller exports TEST_PG_URL itself.
#   PG_VERSION  PostgreSQL major version to use (default: the newest installed, else 15)
#   PG_DATABASE database the tests use (default: test)
set -euo pipefail

log() { echo "[pgvector.sh] $*"; }

apt_ready=0
apt_install() {
  if [ "$apt_ready" = 0 ]; then
    apt-get update -qq
    apt_ready=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  log "installing PostgreSQL"
  apt_install postgresql
fi
PG_VERSION="${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}"
PG_DATABASE="${PG_DATABASE:-test}"
PG_CONFIG="/usr/lib/postgresql/${PG_VERSION}/bin/pg_config"

if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  log "starting PostgreSQL ${PG_VERSION}"
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
fi

if [ ! -f "/usr/share/postgresql/${PG_VERSION}/extension/vector.control" ]; then
  log "building pgvector from Debian's source package"
  # Debian bookworm has no pgvector package for PostgreSQL 15; trixie's source package builds against it.
  # Reuse the mirror this machine's apt sources already name.
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
    > /etc/apt/sources.list.d/pgvector-src.sources
  apt_ready=0
  apt_install dpkg-dev build-essential "postgresql-server-dev-${PG_VERSION}"
  work=$(mktemp -d)
  (cd "$work" && apt-get source -qq pgvector >/dev/null 2>&1 && cd pgvector-*/ \
    && make -s PG_CONFIG="$PG_CONFIG" >/dev/null && make -s install PG_CONFIG="$PG_CONFIG" >/dev/null)
  rm -rf "$work"
fi

if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${PG_DATABASE}'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE \"${PG_DATABASE}\""
fi
psql -h 127.0.0.1 -U postgres -d "$PG_DATABASE" -qc 'CREATE EXTENSION IF NOT EXISTS vector' 2>&1 | grep -v NOTICE || true
log "pgvector $(psql -h 127.0.0.1 -U postgres -d "$PG_DATABASE" -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'") on PostgreSQL ${PG_VERSION}, database ${PG_DATABASE}"
