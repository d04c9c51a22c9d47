#!/usr/bin/env bash
# Report intake over loopback HTTP with its journal write, durable (SQLite, group commit), with a database that
# already holds N cases (default 1,000,000); then the department inbox and the indicators at that size.
#
#   bench/intake.sh [cases] [seconds]       (builds release binaries; installs wrk and Pillow when missing)
#
# The hub and wrk share the machine's cores (2 on the CI kind), as the issue's target is stated for 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-1000000}
DURATION=${2:-20}
source bench/lib.sh
need_wrk
python3 -c "import PIL" 2>/dev/null || python3 -m pip install -q pillow
build_release cityhub cityhub-bench
BIN=.build/release
WORK=${CITYHUB_BENCH_DIR:-$(mktemp -d /tmp/cityhub-intake.XXXXXX)}
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; [ -z "${CITYHUB_BENCH_DIR:-}" ] && rm -rf "$WORK"' EXIT

if [ ! -f "$WORK/data/.preloaded-$CASES" ]; then
    "$BIN/cityhub" demo --data-dir "$WORK/data" --log-level warning | tail -1
    t0=$(date +%s)
    "$BIN/cityhub-bench" preload-cases "$WORK/data" "$CASES" | tail -1
    echo "preloaded $CASES cases in $(( $(date +%s) - t0 )) s; database $(du -sh "$WORK/data/cityhub.sqlite" | cut -f1)"
    touch "$WORK/data/.preloaded-$CASES"
fi
# A freshly preloaded (or copied) database is still being written back by the kernel; measuring during that
# would time the copy, not the hub.
sync
start_hub --data-dir "$WORK/data"

INSPECTOR=$(login inspector)
OPERATOR=$(login operator)
DISPATCHER=$(login dispatcher)

# One photo (a real JPEG with EXIF time and place) attached to every report.
python3 - "$WORK/photo.jpg" <<'PY'
import sys, datetime
from PIL import Image
image = Image.new("RGB", (64, 48), (120, 140, 160))
exif = Image.Exif()
exif[0x0132] = datetime.datetime.now().strftime("%Y:%m:%d %H:%M:%S")
image.save(sys.argv[1], "JPEG", exif=exif.tobytes())
PY
SHA=$(curl -fsS -H "Authorization: Bearer $INSPECTOR" -H 'Content-Type: image/jpeg' --data-binary @"$WORK/photo.jpg" \
    "$URL/api/v1/photos" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sha256"])')

# 500 points inside grids (grid bounding-box centres), written into the wrk script; each report lands at a random
# spot up to about 30 m from one of them, so that duplicates are flagged now and then, as in a real district.
curl -fsS -H "Authorization: Bearer $INSPECTOR" "$URL/api/v1/geo/grids" | python3 -c '
import json, sys
grids = json.load(sys.stdin)["features"][::4][:500]
points = []
for g in grids:
    ring = g["geometry"]["coordinates"][0]
    xs = [p[0] for p in ring]; ys = [p[1] for p in ring]
    points.append("{%.6f,%.6f}" % ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2))
print("points = {" + ",".join(points) + "}")
' > "$WORK/points.lua"
cat > "$WORK/intake.lua" <<LUA
dofile("$WORK/points.lua")
local categories = {"E0501", "E0101", "E0504", "C0108", "E0103", "E0201", "E0505", "C0303"}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $INSPECTOR"
local n = 0
request = function()
    n = n + 1
    local p = points[(n % #points) + 1]
    local lon = p[1] + (math.random() - 0.5) * 0.0006
    local lat = p[2] + (math.random() - 0.5) * 0.0005
    local body = string.format('{"category":"%s","location":{"lon":%.6f,"lat":%.6f},"description":"bench %d","photos":[{"sha256":"$SHA"}]}',
        categories[(n % #categories) + 1], lon, lat, n)
    return wrk.format(nil, "/api/v1/reports", nil, body)
end
done = function(summary, latency, requests)
    io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
BEFORE=$(curl -fsS "$URL/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["journalHead"])')
echo "== intake: POST /api/v1/reports, $CASES cases stored, wrk -t1 -c64 -d${DURATION}s"
wrk -t1 -c64 -d"${DURATION}s" --latency -s "$WORK/intake.lua" "$URL" | grep -E "Requests/sec|50%|90%|99%|non-2xx|requests in"
AFTER=$(curl -fsS "$URL/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["journalHead"])')
echo "journal grew by $((AFTER - BEFORE)) events"

echo "== inbox: GET /api/v1/cases?box=department (street-001 operator), wrk -t1 -c16 -d10s"
wrk -t1 -c16 -d10s --latency -H "Authorization: Bearer $OPERATOR" "$URL/api/v1/cases?box=department&limit=50" \
    | grep -E "Requests/sec|50%|90%|99%"
echo "== indicators by department and by month over all cases"
for group in department month; do
    t0=$(date +%s%N)
    curl -fsS -o /dev/null -H "Authorization: Bearer $DISPATCHER" "$URL/api/v1/case-indicators?group=$group"
    echo "indicators group=$group: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
done
