#!/usr/bin/env bash
# Connected inundation of a 10,000 × 10,000 Float32 terrain (issue 6), CityHub against its peers in the same run:
# scipy.ndimage.label (8-connectivity) + label look-up, and OpenCV connectedComponents (8-connectivity) + look-up,
# both on the `< level` mask. The same terrain file and level for all; each peer is timed from the loaded terrain
# to the flooded mask (compare, label, look-up), never the file I/O. The flooded sets are compared cell for cell.
#
#   bench/flood.sh [size] [runs]      (builds the release cityhub-bench; installs scipy, OpenCV, numpy when missing)
#
# The terrain: 170 m plus three octaves of bilinear value noise (6, 2 and 0.6 m) and 0.3 m of cell-level roughness,
# river along the western column, level 176 m.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-10000}
RUNS=${2:-7}
LEVEL=176
source bench/lib.sh
python3 -c "import scipy, cv2, numpy" 2>/dev/null || python3 -m pip install -q scipy opencv-python-headless numpy
# CITYHUB_BENCH_BIN names an already built release cityhub-bench (or a binary built the same way) to skip the build.
BENCH=${CITYHUB_BENCH_BIN:-.build/release/cityhub-bench}
[ -n "${CITYHUB_BENCH_BIN:-}" ] || build_release cityhub-bench
WORK=$(mktemp -d /tmp/cityhub-flood.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK/terrain.f32" "$SIZE" <<'PY'
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
while [ -e /tmp/bench.lock ]; do sleep 15; done
touch /tmp/bench.lock
trap 'rm -rf "$WORK"; rm -f /tmp/bench.lock' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
OURS=$("$BENCH" flood "$WORK/terrain.f32" "$SIZE" "$SIZE" "$LEVEL" "$RUNS" "$WORK/cityhub.mask")
echo "$OURS"
OURS_MS=$(echo "$OURS" | sed -E 's/.*median ([0-9.]+) ms.*/\1/')
python3 - "$WORK/terrain.f32" "$SIZE" "$LEVEL" "$OURS_MS" "$WORK/cityhub.mask" <<'PY'
import sys, time, numpy as np, cv2, scipy
from scipy import ndimage
path, n, level, ours_ms, ours = sys.argv[1], int(sys.argv[2]), np.float32(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
t = np.fromfile(path, dtype=np.float32).reshape(n, n)

def with_scipy():
    below = t < level
    labels, _ = ndimage.label(below, structure=np.ones((3, 3), bool))
    lookup = np.zeros(labels.max() + 1, bool)
    lookup[np.unique(labels[:, 0][below[:, 0]])] = True
    return lookup[labels]

def with_opencv():
    below = (t < level).view(np.uint8)
    count, labels = cv2.connectedComponents(below, connectivity=8, ltype=cv2.CV_32S)
    lookup = np.zeros(count, bool)
    lookup[np.unique(labels[:, 0][below[:, 0] == 1])] = True
    return lookup[labels]

def measure(name, f, repeat):
    times, result = [], None
    for _ in range(repeat):
        result = None
        start = time.perf_counter()
        result = f()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{name}: best {times[0]:.1f} ms, median {times[len(times) // 2]:.1f} ms over {repeat} runs; {int(result.sum())} cells flooded")
    return result, times[len(times) // 2]

print(f"peers: scipy {scipy.__version__}, OpenCV {cv2.__version__} (threads {cv2.getNumThreads()}), numpy {np.__version__}")
expected, scipy_ms = measure("scipy ndimage.label + look-up", with_scipy, 3)
opencv, opencv_ms = measure("OpenCV connectedComponents + look-up", with_opencv, 3)
words = (n + 63) // 64
bits = np.unpackbits(np.fromfile(ours, dtype="<u8").reshape(n, words).view(np.uint8), axis=1, bitorder="little")[:, :n].astype(bool)
assert np.array_equal(opencv, expected), "OpenCV and scipy disagree"
assert np.array_equal(bits, expected), f"cityhub differs from scipy in {int((bits != expected).sum())} cells"
print("flooded sets equal cell for cell: cityhub = scipy = OpenCV")
print(f"cityhub median {ours_ms:.1f} ms: {scipy_ms / ours_ms:.1f}x faster than scipy, {opencv_ms / ours_ms:.1f}x faster than OpenCV")
PY
