#!/usr/bin/env bash
# Issue 6 outputs and what-if figures, with the peer in the same run:
#  1. GeoJSON extent of a SIZE × SIZE flood (default 4,000): CityHub's exact outline (polygons with holes along cell
#     edges) written as GeoJSON, and the same simplified, against rasterio.features.shapes on the same flooded mask
#     (8-connected, as the flood) turned into GeoJSON with json.dumps; both checked valid and of equal area by shapely.
#  2. Spill levels of a SPILL × SPILL terrain (default 10,000: 10^8 cells), then a level's mask and depth grid, then
#     the flooded-places list for 100,000 places.
#
#   bench/flood-outputs.sh [size=4000] [spill=10000] [runs=5]
# CITYHUB_BENCH_BIN names an already built release cityhub-bench (or one built the same way) to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-4000}
SPILL=${2:-10000}
RUNS=${3:-5}
LEVEL=176
source bench/lib.sh
python3 -c "import scipy, numpy, rasterio, shapely" 2>/dev/null || python3 -m pip install -q scipy numpy rasterio shapely
BENCH=${CITYHUB_BENCH_BIN:-.build/release/cityhub-bench}
[ -n "${CITYHUB_BENCH_BIN:-}" ] || build_release cityhub-bench
WORK=$(mktemp -d /tmp/cityhub-flood-outputs.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
terrain() {
python3 - "$1" "$2" <<'PY'
import sys, numpy as np
from scipy import ndimage
path, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(6)
t = np.full((n, n), 170, np.float32)
for cells, amplitude in [(20, 6.0), (80, 2.0), (400, 0.6)]:
    coarse = rng.random((cells + 1, cells + 1)).astype(np.float32)
    t += amplitude * ndimage.zoom(coarse, n / (cells + 1), order=1)[:n, :n]
t += 0.3 * rng.random((n, n), dtype=np.float32)
t.tofile(path)
PY
}
terrain "$WORK/outline.f32" "$SIZE"
while [ -e /tmp/bench.lock ]; do sleep 15; done
touch /tmp/bench.lock
trap 'rm -rf "$WORK"; rm -f /tmp/bench.lock' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
OURS=$("$BENCH" flood-outline "$WORK/outline.f32" "$SIZE" "$LEVEL" "$RUNS" "$WORK/mask.u8" "$WORK/cityhub.geojson")
echo "$OURS"
OURS_MS=$(echo "$OURS" | sed -E 's/.*exact GeoJSON best [0-9.]+ ms, median ([0-9.]+) ms.*/\1/')
python3 - "$WORK/mask.u8" "$SIZE" "$OURS_MS" "$WORK/cityhub.geojson" "$RUNS" <<'PY'
import sys, time, json, numpy as np, rasterio
from rasterio import features
from rasterio.transform import Affine
from shapely.geometry import shape
path, n, ours_ms, ours_file, runs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
mask = np.fromfile(path, dtype=np.uint8).reshape(n, n)
transform = Affine(1, 0, 500000, 0, -1, 3300000)

def peer():
    shapes = [{"type": "Feature", "properties": {}, "geometry": g}
              for g, v in features.shapes(mask, mask=mask.astype(bool), connectivity=8, transform=transform) if v == 1]
    return json.dumps({"type": "FeatureCollection", "features": shapes})

times, text = [], None
for _ in range(runs):
    start = time.perf_counter()
    text = peer()
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"rasterio {rasterio.__version__} features.shapes + json.dumps: best {times[0]:.1f} ms, median {times[len(times) // 2]:.1f} ms; {len(text)} bytes")
ours = shape(json.load(open(ours_file))["geometry"])
theirs_area = sum(shape(f["geometry"]).area for f in json.loads(text)["features"])
assert ours.is_valid, "cityhub's outline is not valid"
simple = shape(json.load(open(ours_file + ".simplified"))["geometry"])
assert simple.is_valid, "cityhub's simplified outline is not valid"
assert abs(ours.area - mask.sum()) < 1e-6 * mask.sum() and abs(theirs_area - ours.area) < 1e-6 * ours.area, "areas differ"
print(f"areas equal ({int(mask.sum())} cells); cityhub exact and simplified valid; "
      f"cityhub median {ours_ms:.1f} ms: {times[len(times) // 2] / ours_ms:.1f}x faster than rasterio")
PY
rm -f "$WORK/outline.f32" "$WORK/mask.u8" "$WORK"/cityhub.geojson*
rm -f /tmp/bench.lock
terrain "$WORK/spill.f32" "$SPILL"
while [ -e /tmp/bench.lock ]; do sleep 15; done
touch /tmp/bench.lock
"$BENCH" flood-spill "$WORK/spill.f32" "$SPILL" "$LEVEL" "$RUNS" 100000
