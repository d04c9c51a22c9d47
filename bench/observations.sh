#!/usr/bin/env bash
# Observations in, end to end through HTTP (issue 5): a fresh hub with the demo district registers 1,000 rain
# gauges, 3,000 cameras and 20,000 ranger devices through the GeoJSON import (timed), then wrk posts batches of
# 1,000 readings in the compact JSON format (100 stations × 10 points each, every reading new) as fast as it can.
# Reports the import time, observations/s and the batch latency percentiles. Every batch is one write transaction
# with one journal event, as in production; the ledger sequencer runs.
#
#   bench/observations.sh [seconds] [connections]      (builds the release binary; installs wrk when missing)
#
# The hub, wrk and the body generator share the machine's cores (2 on the CI kind).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=${2:-8}
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

# Batches: each 100 rain gauges × 10 one-minute readings; every (station, time) appears once over all bodies, and
# there are more bodies than the hub can take in the run (wrk would otherwise send repeats, which are cheaper).
BODIES=$(( DURATION * 300 ))
python3 - "$WORK/bodies.txt" "$BODIES" <<'PY'
import datetime, random, sys
path, count = sys.argv[1], int(sys.argv[2])
random.seed(7)
tz = datetime.timezone(datetime.timedelta(hours=8))
now = datetime.datetime.now(tz).replace(second=0, microsecond=0)
times = {}
def time(minutes):
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
echo "== observations: POST /api/v1/telemetry/observations, batches of 1,000, wrk -t1 -c$CONNECTIONS -d${DURATION}s ($BODIES distinct bodies)"
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$WORK/batches.lua" "$URL" | grep -E "observations/s|batch latency|non-2xx|requests in|warning"
# Every batch holds 10 readings of each of its 100 stations: bench-rg-00000 shows how many batches of its group went in.
FROM=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:00:00Z"))')
TO=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:00:00Z"))')
curl -fsS -H "Authorization: Bearer $TOKEN" "$URL/api/v1/telemetry/series?station=bench-rg-00000&quantity=rainfall&from=$FROM&to=$TO&period=1d&fn=count" \
    | python3 -c 'import json,sys; b=json.load(sys.stdin)["buckets"]; print("stored readings of bench-rg-00000:", int(sum(x["count"] for x in b)))'
grep -ciE "critical|error" "$WORK/server.log" | sed 's/^/server log errors: /'
