"""Issue 6, checked against the peers: the flooded set of `cityhub flood inundate` (direct fill and spill levels)
equals scipy.ndimage.label plus a label look-up, cell for cell, on several terrains and levels; and the demo
terrain, written by GDAL as GeoTIFF variants, reads back as GDAL itself reads it."""
import shutil
import subprocess

import numpy as np
import pytest
from scipy import ndimage

NODATA = -9999.0


def write_grid(path, values):
    rows, columns = values.shape
    with open(path, "w") as f:
        f.write(f"ncols {columns}\nnrows {rows}\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -9999\n")
        # %.9g round-trips float32 exactly.
        np.savetxt(f, np.where(np.isnan(values), NODATA, values.astype(np.float64)), fmt="%.9g")


def read_grid(path):
    with open(path) as f:
        header = {}
        for _ in range(6):
            key, value = f.readline().split()
            header[key.lower()] = float(value)
    data = np.loadtxt(path, skiprows=6, dtype=np.float64).reshape(int(header["nrows"]), int(header["ncols"]))
    nodata = header.get("nodata_value")
    out = data.astype(np.float32)
    if nodata is not None:
        out[data == nodata] = np.nan
    return out


def scipy_flood(terrain, river, level, connectivity):
    below = np.nan_to_num(terrain, nan=np.inf) < level
    structure = np.ones((3, 3), bool) if connectivity == 8 else ndimage.generate_binary_structure(2, 1)
    labels, _ = ndimage.label(below, structure=structure)
    wet = np.unique(labels[river & below])
    lookup = np.zeros(labels.max() + 1, bool)
    lookup[wet] = True
    lookup[0] = False
    return lookup[labels]


def cityhub_flood(cityhub, tmp_path, terrain, river, level, connectivity, method):
    dem, mask, out = tmp_path / "t.asc", tmp_path / "r.asc", tmp_path / "out.u8"
    if not dem.exists():
        write_grid(dem, terrain)
        write_grid(mask, river.astype(np.float32))
    subprocess.run([cityhub, "flood", "inundate", "--dem", str(dem), "--river-mask", str(mask), "--level", repr(float(level)),
                    "--connectivity", str(connectivity), "--method", method, "--mask-out", str(out)],
                   check=True, capture_output=True)
    return np.fromfile(out, dtype=np.uint8).reshape(terrain.shape).astype(bool)


def smooth(rng, rows, columns):
    out = np.zeros((rows, columns))
    for cells, amplitude in [(4, 6.0), (12, 2.0), (40, 0.6)]:
        coarse = rng.random((cells, cells))
        out += amplitude * ndimage.zoom(coarse, (rows / cells, columns / cells), order=1)[:rows, :columns]
    return (170 + out + 0.3 * rng.random((rows, columns))).astype(np.float32)


def terrains():
    rng = np.random.default_rng(6)
    random = (170 + 10 * rng.random((60, 90))).round(2).astype(np.float32)
    plateaus = np.repeat(np.repeat(rng.choice(np.array([174, 175, 176, 176.5, 177], np.float32), (20, 30)), 3, 0), 3, 1)
    hills = smooth(rng, 120, 170)
    walled = hills.copy()
    walled[40, 5:] = np.nan                      # a NoData wall with a gap at the river
    walled[60:80, 60:90] = 178                   # a levee ring ...
    walled[63:77, 63:87] = 171                   # ... around a basin below every tested level
    return {"random": random, "plateaus": plateaus, "hills": hills, "levee and NoData wall": walled}


@pytest.mark.parametrize("name", list(terrains()))
def test_flooded_set_equals_scipy_label(cityhub, tmp_path, name):
    terrain = terrains()[name]
    river = np.zeros(terrain.shape, bool)
    river[:, 0] = True
    data = terrain[~np.isnan(terrain)]
    levels = sorted(set(np.quantile(data, [0.05, 0.3, 0.5, 0.7, 0.95]).astype(np.float32).tolist())
                    | {float(data[17]), float(data[len(data) // 2])})
    for level in levels:
        for connectivity in (8, 4):
            expected = scipy_flood(terrain, river, np.float32(level), connectivity)
            for method in ("direct", "spill"):
                got = cityhub_flood(cityhub, tmp_path, terrain, river, level, connectivity, method)
                assert np.array_equal(got, expected), f"{name}, level {level}, {connectivity}-connected, {method}: " \
                    f"{int((got != expected).sum())} cells differ"
    if name == "levee and NoData wall":
        got = cityhub_flood(cityhub, tmp_path, terrain, river, 177.5, 8, "direct")
        assert not got[63:77, 63:87].any(), "the basin behind the levee flooded"
        assert not got[40, 5:].any(), "a NoData cell flooded"


def test_demo_terrain_levels(cityhub, demo_dem, tmp_path):
    """The demo district at the story's levels: scipy agrees, and the basin behind the levee stays dry at 176.8 m."""
    terrain = read_grid(demo_dem)
    river = np.nan_to_num(terrain, nan=np.inf) < 165       # the river bed, well below any bank
    assert river.sum() > 1000
    for level in (176.07, 176.17, 176.8):
        expected = scipy_flood(terrain, river, np.float32(level), 8)
        got = cityhub_flood(cityhub, tmp_path, terrain, river, level, 8, "direct")
        assert np.array_equal(got, expected), f"demo terrain at {level}"
        basin = np.isin(terrain, np.array([174.0, 174.1, 174.2, 174.3, 174.4], np.float32)) & ~got
        assert basin.sum() >= 60, "the levee basin (12 × 5 cells at 174.0–174.4 m) should stay dry"


VARIANTS = [
    ("Int16", ["COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES"]),
    ("Int16", ["COMPRESS=LZW", "PREDICTOR=2"]),
    ("Int32", ["COMPRESS=DEFLATE", "PREDICTOR=2", "ENDIANNESS=BIG"]),
    ("Float32", []),
    ("Float32", ["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES"]),
    ("Float32", ["COMPRESS=LZW", "PREDICTOR=3", "BIGTIFF=YES"]),
    ("Float64", ["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=64"]),
    ("Float64", ["COMPRESS=LZW", "ENDIANNESS=BIG"]),
]


@pytest.mark.parametrize("data_type,options", VARIANTS, ids=[f"{t} {' '.join(o) or 'plain'}" for t, o in VARIANTS])
def test_demo_terrain_geotiff_variants(cityhub, demo_dem, tmp_path, data_type, options):
    """gdal_translate writes the demo terrain as a GeoTIFF variant; we read it; GDAL reads the same file back
    to an ASCII grid; every cell agrees (NoData included)."""
    assert shutil.which("gdal_translate"), "gdal_translate (Debian gdal-bin) is required"
    tif, back, dump = tmp_path / "demo.tif", tmp_path / "back.asc", tmp_path / "ours.f32"
    co = [arg for option in options for arg in ("-co", option)]
    subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-ot", data_type, "-a_srs", "EPSG:4326", *co, demo_dem, str(tif)], check=True)
    subprocess.run(["gdal_translate", "-q", "-of", "AAIGrid", "-co", "DECIMAL_PRECISION=9", str(tif), str(back)], check=True)
    summary = subprocess.run([cityhub, "flood", "import", "--dem", str(tif), "--dump-float32", str(dump)],
                             check=True, capture_output=True, text=True).stdout
    assert "EPSG 4326" in summary and "1100 × 470" in summary
    expected = read_grid(back)
    ours = np.fromfile(dump, dtype="<f4").reshape(expected.shape)
    same = (ours == expected) | (np.isnan(ours) & np.isnan(expected))
    assert same.all(), f"{int((~same).sum())} cells differ, first at {np.argwhere(~same)[0]}"
