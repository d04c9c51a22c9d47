#!/usr/bin/env bash
# Start-up time with the demo district, and requests per second of authenticated reads over loopback HTTP.
#
#   bench/http-read.sh [seconds-per-run]        (builds the release binary first; installs wrk when missing)
#
# The hub runs on CPU 0 and wrk on CPU 1 (taskset), so the figures are one server core under a separate load
# generator. Each figure is printed on one line; copy them into docs/PERFORMANCE.md with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product cityhub 2>&1 | grep -E "error|Compiling|Build" | tail -1
BIN=.build/release/cityhub
WORK=$(mktemp -d /tmp/cityhub-bench.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"

start_hub() {  # starts the hub; sets PID and ELAPSED (milliseconds until /readyz answers 200)
    local t0; t0=$(date +%s%N)
    taskset -c 0 "$BIN" serve --demo --data-dir "$WORK/data" --port "$PORT" --log-level warning >>"$WORK/server.log" 2>&1 &
    PID=$!
    until curl -fsS "$URL/readyz" >/dev/null 2>&1; do sleep 0.01; done
    ELAPSED=$(( ($(date +%s%N) - t0) / 1000000 ))
}

start_hub
echo "start-up, fresh data directory (migrate + load demo district): ${ELAPSED} ms"
kill -TERM $PID; wait $PID 2>/dev/null || true
start_hub
echo "start-up, demo already loaded (open + migrate check + grid index): ${ELAPSED} ms"

TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d '{"username":"viewer","password":"viewer-demo-only"}' \
    "$URL/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
for path in "/api/v1/me" "/api/v1/geo/locate?lon=106.5617&lat=29.5625" "/api/v1/geo/grids/$(curl -fsS -H "Authorization: Bearer $TOKEN" "$URL/api/v1/geo/locate?lon=106.5617&lat=29.5625" | python3 -c 'import json,sys; print(json.load(sys.stdin)["grid"])')"; do
    out=$(taskset -c 1 wrk -t1 -c32 -d"${DURATION}s" -H "Authorization: Bearer $TOKEN" "$URL$path")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '/Latency/ {print $2}')
    errors=$(echo "$out" | grep -E "Non-2xx|Socket errors" || true)
    echo "authenticated GET $path: $rps req/s (mean latency $p50, wrk -t1 -c32 -d${DURATION}s) ${errors}"
done
