#!/usr/bin/env bash
# Observations in, end to end through HTTP (issue 5): a fresh hub with the demo district registers 1,000 rain
# gauges, 3,000 cameras and 20,000 ranger devices through the GeoJSON import (timed), then wrk posts batches of
# 1,000 readings in the compact JSON format (100 stations × 10 points each, every reading new) as fast as it can.
# Reports the import time, observations/s and the batch latency percentiles. Every batch is one write transaction
# with one journal event, as in production; the ledger sequencer runs.
#
#   bench/observations.sh [seconds] [connections] [rules]   (builds the release binary; installs wrk when missing)
#
# With `rules` (issue 5's Done-when): alarm rules are in force over every gauge (a 1-hour window sum with a severity
# ladder, no data for 30 minutes, 3-of-M gauges in the basin), readings move forward in time, and a probe sends a
# river gauge above and below its warning level five times a second. It reports how long each probe took from
# being sent to its alarm change committed (p50/p99; both clocks are this machine's), and how far the evaluator
# lagged the journal when the load stopped.
#
# The hub, wrk and the body generator share the machine's cores (2 on the CI kind).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=${2:-8}
MODE=${3:-plain}
# Milliseconds each connection waits between batches (0: as fast as the hub answers) — to hold a rate below saturation.
PACE_MS=${PACE_MS:-0}
source bench/lib.sh
need_wrk
build_release
BIN=.build/release/cityhub
WORK=$(mktemp -d /tmp/cityhub-observations.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
start_hub --demo --data-dir "$WORK/data"
TOKEN=$(login dispatcher)

# The registry: 1,000 rain gauges, 3,000 cameras, 20,000 ranger devices, spread over the district's box.
python3 - "$WORK/stations.geojson" <<'PY'
import json, random, sys
random.seed(5)
features = []
def add(prefix, count, kind, department, name, groups):
    for i in range(count):
        features.append({"type": "Feature", "geometry": {"type": "Point",
                         "coordinates": [round(106.40 + random.random() * 0.25, 6), round(29.45 + random.random() * 0.20, 6)]},
                         "properties": {"id": f"{prefix}-{i:05d}", "kind": kind, "name": f"{name} {i}", "nameEn": f"{prefix} {i}",
                                        "department": department, "groups": groups}})
add("bench-rg", 1000, "rain_gauge", "weather", "雨量站", ["bench", "jialing-upper"])
add("bench-cam", 3000, "camera", "traffic-police", "摄像机", ["bench"])
add("bench-ranger", 20000, "ranger_device", "forestry", "护林员终端", ["bench"])
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[1], "w"))
PY
START=$(date +%s%N)
curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/geo+json' --data-binary @"$WORK/stations.geojson" \
    "$URL/api/v1/telemetry/stations/import" > "$WORK/import.json"
END=$(date +%s%N)
echo "== import: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["created"], "stations created")' "$WORK/import.json") in $(( (END - START) / 1000000 )) ms (24,000 features, one transaction, one journal event)"

if [ "$MODE" = rules ]; then
    curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$URL/api/v1/telemetry/stations" --data-binary \
        '{"id": "bench-wl-probe", "kind": "river_gauge", "name": "探针水位站", "nameEn": "Probe gauge", "location": {"type": "Point", "coordinates": [106.58, 29.55]}, "department": "weather", "datum": "yellow-sea-1985", "warningLevel": 175.8, "guaranteedLevel": 176.8}' >/dev/null
    STATUS=$(curl -sS -o "$WORK/rules.out" -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        "$URL/api/v1/telemetry/rules" --data-binary @- <<'JSON'
{"rules": [
  {"id": "bench-rain-1h", "group": "jialing-upper", "quantity": "rainfall", "kind": "windowSum", "windowHours": 1, "hysteresis": 5,
   "levels": [{"severity": "blue", "value": 160}, {"severity": "yellow", "value": 175}]},
  {"id": "bench-rain-silent", "group": "jialing-upper", "quantity": "rainfall", "kind": "noData", "levels": [{"severity": "yellow", "value": 30}]},
  {"id": "bench-basin", "group": "jialing-upper", "quantity": "rainfall", "kind": "nOfM",
   "member": {"kind": "windowSum", "windowHours": 1, "value": 170}, "levels": [{"severity": "orange", "value": 300}]},
  {"id": "bench-probe", "station": "bench-wl-probe", "quantity": "water_level", "kind": "threshold", "hysteresis": 0.1,
   "levels": [{"severity": "orange", "stationLevel": "warning"}]}
]}
JSON
)
    [ "$STATUS" = 200 ] || { echo "rules refused ($STATUS):"; cat "$WORK/rules.out"; exit 1; }
    echo "== rules in force: 1-hour window sum, no data, 3-of-M over the 1,000 gauges; a threshold on the probe gauge"
fi

# Batches: each 100 rain gauges × 10 one-minute readings; every (station, time) appears once over all bodies, and
# there are more bodies than the hub can take in the run (wrk would otherwise send repeats, which are cheaper).
# Plain: readings reach back in time; with rules they move forward to now, as live gauges report.
BODIES=$(( DURATION * 300 ))
python3 - "$WORK/bodies.txt" "$BODIES" "$MODE" <<'PY'
import datetime, random, sys
path, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(7)
tz = datetime.timezone(datetime.timedelta(hours=8))
now = datetime.datetime.now(tz).replace(second=0, microsecond=0)
rounds = count // 10 + 1
times = {}
def time(minutes):
    if mode == "rules":
        minutes = rounds * 10 - minutes
    if minutes not in times:
        times[minutes] = (now - datetime.timedelta(minutes=minutes)).isoformat()
    return times[minutes]
values = [f"{v / 10:.1f}" for v in range(51)]
with open(path, "w") as out:
    for b in range(count):
        group, round_ = b % 10, b // 10
        series = []
        for s in range(100):
            points = ",".join(f'["{time(round_ * 10 + k + 1)}",{values[random.randrange(51)]}]' for k in range(10))
            series.append(f'{{"station":"bench-rg-{group * 100 + s:05d}","quantity":"rainfall","unit":"mm","points":[{points}]}}')
        out.write('{"series":[' + ",".join(series) + "]}\n")
PY

cat > "$WORK/batches.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local bodies = {}
for line in io.lines("$WORK/bodies.txt") do bodies[#bodies + 1] = line end
local n = 0
delay = function() return $PACE_MS end
request = function()
    n = n + 1
    return wrk.format(nil, "/api/v1/telemetry/observations", nil, bodies[((n - 1) % #bodies) + 1])
end
done = function(summary, latency, requests)
    io.write(string.format("observations/s: %.0f (1,000 per batch)\n", summary.requests / (summary.duration / 1e6) * 1000))
    io.write(string.format("batch latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", latency:percentile(50) / 1000,
                           latency:percentile(99) / 1000, latency.max / 1000))
    if summary.requests > #bodies then io.write("warning: bodies were sent twice (repeats are duplicates); raise BODIES\n") end
    io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
echo "== observations: POST /api/v1/telemetry/observations, batches of 1,000, wrk -t1 -c$CONNECTIONS -d${DURATION}s, pace ${PACE_MS} ms ($BODIES distinct bodies)"
HEAD0=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$URL/api/v1/telemetry/rules/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["journalHead"])')
PROBE=""
if [ "$MODE" = rules ]; then
    python3 bench/alarm_probe.py send "$URL" "$TOKEN" "$DURATION" "$WORK/probes.json" &
    PROBE=$!
fi
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$WORK/batches.lua" "$URL" | grep -E "observations/s|batch latency|non-2xx|requests in|warning"
if [ -n "$PROBE" ]; then
    curl -fsS -H "Authorization: Bearer $TOKEN" "$URL/api/v1/telemetry/rules/status" \
        | python3 -c 'import json,sys; s=json.load(sys.stdin); print("evaluator lag when the load stopped:", s["lag"], "journal events;", s["evaluator"]["readingsEvaluated"], "readings evaluated")'
    wait "$PROBE"
    python3 bench/alarm_probe.py report "$WORK/data/cityhub.sqlite" "$HEAD0" "$WORK/probes.json"
fi
# Every batch holds 10 readings of each of its 100 stations: bench-rg-00000 shows how many batches of its group went in.
FROM=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=8)).strftime("%Y-%m-%dT%H:00:00Z"))')
TO=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:00:00Z"))')
curl -fsS -H "Authorization: Bearer $TOKEN" "$URL/api/v1/telemetry/series?station=bench-rg-00000&quantity=rainfall&from=$FROM&to=$TO&period=1d&fn=count" \
    | python3 -c 'import json,sys; b=json.load(sys.stdin)["buckets"]; print("stored readings of bench-rg-00000:", int(sum(x["count"] for x in b)))'
grep -ciE "critical|error" "$WORK/server.log" | sed 's/^/server log errors: /'
