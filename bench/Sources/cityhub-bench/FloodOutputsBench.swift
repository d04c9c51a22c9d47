#if canImport(Flood)
import Flood
#endif
import Foundation

/// Loads a raw little-endian Float32 terrain, `columns` × `rows`, northern row first.
func loadFloat32Terrain(_ file: String, columns: Int, rows: Int) -> Raster {
    guard let data = FileManager.default.contents(atPath: file), data.count == columns * rows * 4 else {
        print("flood bench: \(file) is not \(columns) × \(rows) Float32")
        exit(2)
    }
    var values = [Float](repeating: 0, count: columns * rows)
    _ = values.withUnsafeMutableBytes { data.copyBytes(to: $0) }
    return Raster(columns: columns, rows: rows, values: values,
                  georeference: Georeference(originX: 500_000, originY: 3_300_000, a: 1, e: -1, epsg: 32648))
}

func millisecondsOf<T>(_ body: () -> T) -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}

/// The GeoJSON extent of a flood (western column the river, `level`, 8 neighbours): exact outline written as
/// GeoJSON, and the same simplified (0.5 cell). Best and median of `runs`; writes the flooded mask (one byte a cell)
/// and the exact GeoJSON (and the simplified one beside it) for the peer and the check.
func floodOutlineBench(terrainFile: String, size: Int, level: Float, runs: Int, maskOut: String, geojsonOut: String) {
    let terrain = loadFloat32Terrain(terrainFile, columns: size, rows: size)
    let river = CellMask(columns: size, rows: size) { c, _ in c == 0 }
    let flood = ConnectedInundation.flood(terrain, river: river, level: level)
    var exact: [Double] = [], simplified: [Double] = []
    var bytes: [UInt8] = [], simpleBytes: [UInt8] = []
    var rings = 0
    for _ in 0..<runs {
        let (out, ms) = millisecondsOf { () -> [UInt8] in
            let outline = MaskOutline(flood.flooded)
            rings = outline.polygons.reduce(0) { $0 + 1 + $1.holes.count }
            return OutlineGeoJSON.feature(outline, georeference: terrain.georeference, geographic: false)
        }
        bytes = out
        exact.append(ms)
        let (simpleOut, simple) = millisecondsOf { () -> [UInt8] in
            let outline = OutlineSimplifier.simplify(MaskOutline(flood.flooded), mask: flood.flooded, tolerance: 0.5)
            return OutlineGeoJSON.feature(outline, georeference: terrain.georeference, geographic: false)
        }
        simpleBytes = simpleOut
        simplified.append(simple)
    }
    exact.sort()
    simplified.sort()
    print(String(format: "cityhub outline: exact GeoJSON best %.1f ms, median %.1f ms; simplified (0.5 cell) best %.1f ms, median %.1f ms; %d cells flooded, %d rings, %d bytes",
                 exact[0], exact[exact.count / 2], simplified[0], simplified[simplified.count / 2], flood.floodedCells, rings, bytes.count))
    var mask = [UInt8](repeating: 0, count: size * size)
    for index in flood.flooded.indices() { mask[index] = 1 }
    try? Data(mask).write(to: URL(fileURLWithPath: maskOut))
    try? Data(bytes).write(to: URL(fileURLWithPath: geojsonOut))
    try? Data(simpleBytes).write(to: URL(fileURLWithPath: geojsonOut + ".simplified"))
}

/// Spill levels of a `size` × `size` terrain (western column the river), then one level's mask and depths, then
/// the flooded-places list of `placeCount` places of 1–9 cells each.
func floodSpillBench(terrainFile: String, size: Int, level: Float, runs: Int, placeCount: Int) {
    let terrain = loadFloat32Terrain(terrainFile, columns: size, rows: size)
    let river = CellMask(columns: size, rows: size) { c, _ in c == 0 }
    let (spill, precompute) = millisecondsOf { SpillLevels(terrain: terrain, river: river) }
    print(String(format: "cityhub spill levels: %d cells in %.2f s", terrain.count, precompute / 1000))
    var maskTimes: [Double] = [], statsTimes: [Double] = [], depthTimes: [Double] = []
    var flooded = 0
    for run in 0..<runs {
        let at = level - 1 + Float(run) * 0.3
        let (inundation, ms) = millisecondsOf { spill.flooded(at: at) }
        maskTimes.append(ms)
        let (_, sms) = millisecondsOf { FloodStatistics(inundation, terrain: terrain).floodedCells }
        statsTimes.append(ms + sms)
        let (depths, dms) = millisecondsOf { inundation.depths(in: terrain) }
        depthTimes.append(ms + dms)
        flooded = depths.isEmpty ? 0 : inundation.floodedCells
    }
    maskTimes.sort()
    depthTimes.sort()
    statsTimes.sort()
    print(String(format: "cityhub level from spill: mask best %.1f ms, median %.1f ms; mask + depth statistics best %.1f ms, median %.1f ms; mask + full depth grid best %.1f ms, median %.1f ms (%d cells flooded at the last level)",
                 maskTimes[0], maskTimes[runs / 2], statsTimes[0], statsTimes[runs / 2], depthTimes[0], depthTimes[runs / 2], flooded))
    var state: UInt64 = 6
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    let entries: [(id: String, cells: [Int])] = (0..<placeCount).map { k in
        let (c, r) = (next(size - 3), next(size - 3))
        let side = 1 + next(3)
        return ("place-\(k)", (0..<side).flatMap { dr in (0..<side).map { dc in (r + dr) * size + c + dc } })
    }
    let places = FloodPlaces(entries, spill: spill)
    var listTimes: [Double] = []
    var count = 0
    for _ in 0..<max(runs, 21) {
        let (list, ms) = millisecondsOf { places.flooded(at: level) }
        count = list.count
        listTimes.append(ms)
    }
    listTimes.sort()
    let (_, withDepth) = millisecondsOf { places.flooding(at: level, spill: spill, terrain: terrain).count }
    print(String(format: "cityhub places: %d of %d flood at %.2f; list best %.4f ms, median %.4f ms; with each place's depth %.1f ms",
                 count, placeCount, level, listTimes[0], listTimes[listTimes.count / 2], withDepth))
}
