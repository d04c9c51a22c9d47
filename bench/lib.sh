# Shared by the benchmark scripts: `source bench/lib.sh` from the repository root.

# wrk, from Debian, when missing.
need_wrk() {
    command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
}

# Builds the release products named (default cityhub), printing one line each.
build_release() {
    local product
    for product in "${@:-cityhub}"; do
        swift build -c release --product "$product" 2>&1 | grep -E "error|Build" | tail -1
    done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts `.build/release/cityhub serve` on a free loopback port with the arguments given, logging to $WORK/server.log;
# sets PID, PORT and URL and returns once /readyz answers (or fails with the log's end if the hub stops).
start_hub() {
    PORT=$(free_port)
    URL="http://127.0.0.1:$PORT"
    .build/release/cityhub serve --port "$PORT" --log-level warning "$@" >"$WORK/server.log" 2>&1 &
    PID=$!
    until curl -fsS "$URL/readyz" >/dev/null 2>&1; do
        kill -0 "$PID" 2>/dev/null || { echo "the hub did not start:"; tail -20 "$WORK/server.log"; exit 1; }
        sleep 0.05
    done
}

# A bearer token for a demo account (its password is "<name>-demo-only").
login() {
    curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$1-demo-only\"}" "$URL/api/v1/auth/login" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
