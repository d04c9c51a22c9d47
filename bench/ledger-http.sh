#!/usr/bin/env bash
# Events end to end through the HTTP API into the ledger: notarisations (POST /api/v1/notary, each one journal
# event, durable before the 201) over loopback as fast as wrk sends them, with the ledger sequencer integrating
# them as the hub runs it. Reports requests/s, how long after the load the ledger is level with the journal,
# and, from a probe that notarises one document every 100 ms during the load, the time from the 201 until the
# lookup says it is in a signed checkpoint. Finally one receipt is checked offline with `cityhub ledger verify`.
#
#   bench/ledger-http.sh [seconds] [connections]      (builds release binaries; installs wrk when missing)
#
# The hub and wrk share the machine's cores (2 on the CI kind).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=${2:-64}
source bench/lib.sh
need_wrk
build_release
BIN=.build/release/cityhub
WORK=$(mktemp -d /tmp/cityhub-ledger-http.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
start_hub --demo --data-dir "$WORK/data"
TOKEN=$(login dispatcher)
head_of_journal() { curl -fsS "$URL/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["journalHead"])'; }
size_of_ledger() { curl -fsS "$URL/ledger/checkpoint" | sed -n 2p; }

cat > "$WORK/notary.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
math.randomseed(os.time())
local prefix = string.format("%08x%08x%08x%08x%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff),
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
local n = 0
request = function()
    n = n + 1
    local body = string.format('{"sha256":"%s%016x","title":"bench document %d","metadata":{"kind":"bench"}}', prefix, n, n)
    return wrk.format(nil, "/api/v1/notary", nil, body)
end
done = function(summary, latency, requests)
    io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

# The probe: one document every 100 ms during the load; the time from its 201 until its lookup says integrated.
python3 - "$URL" "$TOKEN" "$DURATION" > "$WORK/probe.txt" <<'PY' &
import hashlib, json, sys, time, urllib.request
url, token, duration = sys.argv[1], sys.argv[2], float(sys.argv[3])
waits = []
end = time.time() + duration - 1
n = 0
while time.time() < end:
    n += 1
    sha = hashlib.sha256(f"probe {time.time()} {n}".encode()).hexdigest()
    body = json.dumps({"sha256": sha, "title": f"probe {n}"}).encode()
    request = urllib.request.Request(url + "/api/v1/notary", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    urllib.request.urlopen(request).read()
    acknowledged = time.time()
    while not json.load(urllib.request.urlopen(url + "/api/v1/notary/" + sha))["integrated"]:
        time.sleep(0.002)
    waits.append((time.time() - acknowledged) * 1000)
    time.sleep(0.1)
waits.sort()
print(f"probe: {len(waits)} documents; 201 → integrated p50 {waits[len(waits) // 2]:.1f} ms, "
      f"p99 {waits[min(len(waits) - 1, int(len(waits) * 0.99))]:.1f} ms, max {waits[-1]:.1f} ms (polled every 2 ms)")
PY
PROBE=$!
BEFORE=$(head_of_journal)
echo "== notarisations: POST /api/v1/notary, wrk -t1 -c$CONNECTIONS -d${DURATION}s, ledger sequencer running"
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/notary.lua" "$URL" | grep -E "Requests/sec|50%|99%|non-2xx|requests in"
STOPPED=$(date +%s%N)
AFTER=$(head_of_journal)
until [ "$(size_of_ledger)" -ge "$AFTER" ]; do sleep 0.005; done
echo "journal grew by $((AFTER - BEFORE)) events; the ledger was level with it $(( ($(date +%s%N) - STOPPED) / 1000000 )) ms after the load stopped"
wait $PROBE
cat "$WORK/probe.txt"

# One receipt, checked offline against the ledger's key.
SHA=$(printf 'probe receipt %s' "$(date +%s%N)" | sha256sum | cut -d' ' -f1)
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"sha256\":\"$SHA\",\"title\":\"receipt check\"}" "$URL/api/v1/notary"
until curl -fsS -o "$WORK/receipt.tlog-proof" "$URL/api/v1/notary/$SHA/receipt" 2>/dev/null; do sleep 0.01; done
"$BIN" ledger verify "$WORK/receipt.tlog-proof" --key "$("$BIN" ledger key --data-dir "$WORK/data")" | head -1
