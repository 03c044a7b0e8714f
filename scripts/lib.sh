# Shared helpers for scripts/run, scripts/test and .ci/run. Source it; do not run it.
# Everything here installs only from the package registries this project may use.

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "error: '$*' needs root; install it yourself or use sudo" >&2; return 1
    fi
}

apt_install() {
    if [ -z "${TOUCHSTONE_APT_UPDATED:-}" ]; then
        as_root apt-get update -qq
        export TOUCHSTONE_APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The Rust toolchain named in rust-toolchain.toml, with its wasm32 target.
ensure_rust() {
    command -v cargo >/dev/null || { echo "error: install Rust with rustup first (https://rustup.rs)" >&2; return 1; }
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
        || rustup target add wasm32-unknown-unknown
}

# npm packages pinned by package-lock.json: govuk-frontend, binaryen (wasm-opt), playwright-core, axe-core.
ensure_npm() {
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
}

# Debian's Chromium (never a browser downloaded by a test tool).
ensure_chromium() {
    [ -x /usr/bin/chromium ] || apt_install chromium
}

# wrk, the HTTP load tool the directory benchmark drives the feed with.
ensure_wrk() {
    command -v wrk >/dev/null || apt_install wrk
}

# A running local PostgreSQL: started if it is down, installed if it is absent.
ensure_postgres() {
    command -v pg_lsclusters >/dev/null || apt_install postgresql
    local version cluster status
    read -r version cluster _ status _ < <(pg_lsclusters --no-header | head -n 1)
    if [ -z "${version:-}" ]; then
        version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
        cluster=main
        as_root pg_createcluster "$version" "$cluster"
        status=down
    fi
    if [ "$status" != online ]; then
        as_root pg_ctlcluster "$version" "$cluster" start
    fi
    for _ in $(seq 1 30); do
        pg_isready -q -h localhost && return 0
        sleep 1
    done
    echo "error: PostgreSQL did not become ready" >&2
    return 1
}

as_postgres() { as_root runuser -u postgres -- "$@"; }

# Makes a throwaway role (allowed to create databases) and database for this run, and exports
# TOUCHSTONE_TEST_POSTGRES_URL. Each test then creates its own database under that role.
make_test_postgres() {
    TEST_PG_ROLE="touchstone_test_$(date +%s)_$$"
    local password
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    as_postgres psql -q -v ON_ERROR_STOP=1 -c "create role $TEST_PG_ROLE login createdb password '$password'" >/dev/null
    as_postgres createdb -O "$TEST_PG_ROLE" "$TEST_PG_ROLE"
    export TOUCHSTONE_TEST_POSTGRES_URL="postgres://$TEST_PG_ROLE:$password@localhost:5432/$TEST_PG_ROLE"
    echo "PostgreSQL: throwaway role and database $TEST_PG_ROLE"
}

# Drops every database the throwaway role owns, then the role.
drop_test_postgres() {
    [ -n "${TEST_PG_ROLE:-}" ] || return 0
    local db
    for db in $(as_postgres psql -Atc "select datname from pg_database d join pg_roles r on r.oid = d.datdba where r.rolname = '$TEST_PG_ROLE'"); do
        as_postgres dropdb --if-exists --force "$db" || true
    done
    as_postgres dropuser --if-exists "$TEST_PG_ROLE" || true
}
