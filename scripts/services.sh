#!/usr/bin/env bash
# Makes sure the servers the tests talk to are up on loopback: PostgreSQL (127.0.0.1:5432, database test,
# trust auth) and Redis (127.0.0.1:6379). Starts them if they are installed but stopped, installs Debian's
# packages if they are missing (needs root), and fails loudly if it cannot.
set -euo pipefail

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "services: need root to run: $*" >&2; return 1; fi
}

wait_for() { # port name
  for _ in $(seq 1 60); do listening "$1" && return 0; sleep 0.5; done
  echo "services: $2 did not come up on 127.0.0.1:$1" >&2; return 1
}

ensure_postgres() {
  listening 5432 && return 0
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "services: installing PostgreSQL (Debian package)..." >&2
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for 5432 PostgreSQL
  # trust auth on loopback and a database named test, as the tests expect
  if ! psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba" 2>/dev/null; then
      as_root sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
    psql -h 127.0.0.1 -U postgres -tc "select 1 from pg_database where datname='test'" | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -c 'create database test' >/dev/null
  fi
}

ensure_redis() {
  listening 6379 && return 0
  if ! command -v redis-server >/dev/null; then
    echo "services: installing Redis (Debian package)..." >&2
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  mkdir -p /tmp/hedge-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp/hedge-redis \
    --logfile /tmp/hedge-redis/redis.log
  wait_for 6379 Redis
}

ensure_postgres
ensure_redis
echo "services: PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 are up" >&2
