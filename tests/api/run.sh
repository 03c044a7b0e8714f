#!/usr/bin/env bash
# Fuzzes the API against its own OpenAPI document with schemathesis (see README.md here): the
# release server on fresh demo data, signed in as a person with every role, loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

venv=target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ] || [ tests/api/requirements.txt -nt "$venv/bin/schemathesis" ]; then
    python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/api/requirements.txt
    touch "$venv/bin/schemathesis"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/touchstone-fuzz.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"${TOUCHSTONE_BIN:-target/release/touchstone}" --demo --insecure-cookies --log warn --listen "127.0.0.1:$port" \
    --data-dir "$work/data" --static-dir "$work/none" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
    curl -fsS "$base/api/health" >/dev/null 2>&1 && break
    sleep 0.2
done

# The session cookie for `$1` signed in with password `$2`.
sign_in() {
    curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$base/api/auth/sign-in" \
        | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(touchstone_session=[^;]*\).*/\1/p'
}
admin=$(sign_in admin@touchstone.example touchstone-demo)
[ -n "$admin" ] || { echo "error: could not sign in as the demo administrator" >&2; exit 1; }

# A person with every role, in a team, so that no route answers only "not yours to see".
team=$(curl -fsS -H "Cookie: $admin" "$base/api/teams" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
password="fuzzing $(od -An -N12 -tx1 /dev/urandom | tr -d ' \n') lantern"
curl -fsS -o /dev/null -H "Cookie: $admin" -H "Origin: $base" -H 'content-type: application/json' \
    -d "{\"email\":\"fuzz@touchstone.example\",\"display_name\":\"Fuzz Everyrole\",\"team_id\":\"$team\",
         \"pcf_level\":\"social_worker\",\"password\":\"$password\",
         \"roles\":[\"practitioner\",\"team_manager\",\"commissioner\",\"workforce_lead\",\"admin\"]}" \
    "$base/api/users"
first=$(sign_in fuzz@touchstone.example "$password")
[ -n "$first" ] || { echo "error: could not sign in as the fuzzing user" >&2; exit 1; }
# The administrator chose that password: until the person chooses their own, the API answers
# only /api/auth/. They choose one, as the app makes them, and sign in with it.
own="fuzzing $(od -An -N12 -tx1 /dev/urandom | tr -d ' \n') heron"
curl -fsS -o /dev/null -H "Cookie: $first" -H "Origin: $base" -H 'content-type: application/json' \
    -d "{\"current\":\"$password\",\"new\":\"$own\"}" "$base/api/auth/password"
cookie=$(sign_in fuzz@touchstone.example "$own")
[ -n "$cookie" ] || { echo "error: could not sign in as the fuzzing user" >&2; exit 1; }

# Left out: signing out, ending sessions and changing users (they would end this run's own
# session or lock its administrator out part-way).
"$venv/bin/schemathesis" run "$base/api/openapi.json" \
    --header "Cookie: $cookie" --header "Origin: $base" \
    --exclude-path-regex '^/api/(auth/sign-out|auth/sessions|auth/password|users/)' \
    --exclude-checks positive_data_acceptance \
    --seed 1 --max-examples 20 --max-time 300 --request-timeout 30 \
    --workers 1 --no-color | tee "$work/fuzz.log"
# A run whose every answer was "sign in" or "not allowed" tested nothing: that fails too.
if grep -q "Authentication failed" "$work/fuzz.log"; then
    echo "error: schemathesis was refused everywhere; the fuzzing person is not signed in properly" >&2
    exit 1
fi
