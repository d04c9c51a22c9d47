"""`cityhub flood inundate` outputs: GeoJSON polygons valid per shapely with the exact area before simplification,
and the PNG overlay decoded by PIL (and zlib) to the pixels the mask and depths call for."""
import json
import subprocess
import zlib

import numpy as np
import pytest
from PIL import Image
from shapely.geometry import shape
from shapely.geometry.polygon import orient

CELL = 10.0
RAMP = [(0.5, (189, 231, 255, 170)), (1.5, (107, 174, 214, 190)), (3.0, (49, 130, 189, 205)), (6.0, (8, 81, 156, 220)),
        (float("inf"), (8, 48, 107, 235))]


def write_grid(path, z, cell=CELL, x0=500000.0, y0=3000000.0):
    rows, cols = z.shape
    with open(path, "w") as f:
        f.write(f"ncols {cols}\nnrows {rows}\nxllcorner {x0}\nyllcorner {y0}\ncellsize {cell}\nNODATA_value -9999\n")
        for row in z:
            f.write(" ".join("-9999" if np.isnan(v) else f"{v:.3f}" for v in row) + "\n")


def terrain(seed, rows=60, cols=80):
    rng = np.random.default_rng(seed)
    coarse = rng.random((rows // 6 + 2, cols // 6 + 2)) * 6
    z = np.kron(coarse, np.ones((6, 6)))[:rows, :cols] + rng.random((rows, cols)) * 1.5
    z[:, 0] = 0.0
    return z.astype(np.float32)


def run(cityhub, tmp_path, z, level, tolerance):
    dem, river = tmp_path / "dem.asc", tmp_path / "river.asc"
    write_grid(dem, z)
    mask = np.zeros_like(z)
    mask[:, 0] = 1
    write_grid(river, mask)
    out, png, cells = tmp_path / "flood.geojson", tmp_path / "flood.png", tmp_path / "mask.bin"
    subprocess.run([cityhub, "flood", "inundate", "--dem", str(dem), "--river", str(river), "--level", repr(level),
                    "--out", str(out), "--png", str(png), "--mask-out", str(cells), "--tolerance", str(tolerance)],
                   check=True, capture_output=True)
    flooded = np.fromfile(cells, dtype=np.uint8).reshape(z.shape).astype(bool)
    return json.loads(out.read_text()), png, flooded


@pytest.mark.parametrize("seed", range(8))
def test_polygons_valid_exact_area_and_rfc7946_orientation(cityhub, tmp_path, seed):
    z = terrain(seed)
    level = 3.0 + seed * 0.4
    feature, _, flooded = run(cityhub, tmp_path, z, level, 0)
    geometry = shape(feature["geometry"])
    assert geometry.is_valid, f"seed {seed}"
    assert geometry.area == pytest.approx(flooded.sum() * CELL * CELL, rel=1e-9)
    for polygon in feature["geometry"]["coordinates"]:
        for k, ring in enumerate(polygon):
            assert ring[0] == ring[-1]
            signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2
            assert (signed > 0) == (k == 0), "shells counter-clockwise, holes clockwise"
    simplified, _, _ = run(cityhub, tmp_path, z, level, 0.5)
    simple = shape(simplified["geometry"])
    assert simple.is_valid, f"simplified, seed {seed}"
    assert simple.area == pytest.approx(geometry.area, rel=0.1)
    assert simple.symmetric_difference(geometry).area <= 0.5 * CELL * geometry.length


def test_png_decodes_to_the_depth_colours(cityhub, tmp_path):
    z = terrain(42)
    level = 4.2
    _, png, flooded = run(cityhub, tmp_path, z, level, 0.5)
    z = np.loadtxt(tmp_path / "dem.asc", skiprows=6, dtype=np.float32)  # the values as written, to 3 decimals
    image = np.asarray(Image.open(png).convert("RGBA"))
    expected = np.zeros(z.shape + (4,), dtype=np.uint8)
    depth = np.float32(level) - z
    for r, c in zip(*np.nonzero(flooded)):
        expected[r, c] = next(colour for bound, colour in RAMP if depth[r, c] < bound)
    assert image.shape == expected.shape
    assert np.array_equal(image, expected)
    # The zlib stream on its own, through Python's zlib.
    data = png.read_bytes()
    idat, at = b"", 8
    while at < len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        if kind == b"IDAT":
            idat += data[at + 8:at + 8 + length]
        assert zlib.crc32(data[at + 4:at + 8 + length]) == int.from_bytes(data[at + 8 + length:at + 12 + length], "big")
        at += 12 + length
    raw = zlib.decompress(idat)
    assert len(raw) == z.shape[0] * (z.shape[1] * 4 + 1)


def test_demo_places_story(cityhub, demo_dem, tmp_path):
    import os
    folder = os.path.dirname(demo_dem)
    river, places = os.path.join(folder, "demo-river.geojson"), os.path.join(folder, "demo-places.geojson")
    if not os.path.exists(river):
        pytest.skip("the demo river is written by `cityhub demo`")

    def flooded(level):
        result = subprocess.run([cityhub, "flood", "inundate", "--dem", demo_dem, "--river", river, "--level", level,
                                 "--places", places], check=True, capture_output=True, text=True)
        return {line.split("\t")[0] for line in result.stdout.splitlines() if "\t" in line}

    assert "place-dock-square" not in flooded("176.07")
    assert "place-dock-square-edge" in flooded("176.17")
    high = flooded("176.8")
    assert "place-dock-square-back" in high and "place-upper-steps" not in high and "place-levee-basin" not in high
