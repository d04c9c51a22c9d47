import Flood
import Foundation

/// Connected inundation of a terrain given as raw little-endian Float32 (`columns` × `rows`, northern row first),
/// with the western column as the river, at `level`, 8 neighbours. Prints the best and median of `runs` timed
/// runs (the fill from terrain to flooded bitset, nothing else), the flooded cells, and the peak memory the
/// first run took beyond the loaded terrain (maximum resident size after it minus before). Writes the flooded
/// bitset (the `CellMask` words, little-endian) to `maskOut` for the peers to compare.
func floodBench(terrainFile: String, columns: Int, rows: Int, level: Float, runs: Int, maskOut: String?) {
    guard let data = FileManager.default.contents(atPath: terrainFile), data.count == columns * rows * 4 else {
        print("flood bench: \(terrainFile) is not \(columns) × \(rows) Float32")
        exit(2)
    }
    var values = [Float](repeating: 0, count: columns * rows)
    _ = values.withUnsafeMutableBytes { data.copyBytes(to: $0) }
    let terrain = Raster(columns: columns, rows: rows, values: values)
    values = []
    let river = CellMask(columns: columns, rows: rows) { c, _ in c == 0 }
    let before = maxResidentBytes()
    var times: [Double] = []
    var result: Inundation?
    var extra = 0.0
    for run in 0..<runs {
        result = nil
        let start = DispatchTime.now().uptimeNanoseconds
        result = ConnectedInundation.flood(terrain, river: river, level: level, connectivity: .eight)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        // The first run's peak: later runs reuse memory the allocator kept from freed masks, which blurs it.
        if run == 0 { extra = Double(maxResidentBytes() - before) / 1_048_576 }
    }
    times.sort()
    guard let result else { return }
    print(String(format: "cityhub: best %.1f ms, median %.1f ms over %d runs; %d cells flooded; peak memory beyond terrain and river mask %.1f MiB (cores %d)",
                 times[0], times[times.count / 2], runs, result.floodedCells, extra, ProcessInfo.processInfo.activeProcessorCount))
    if let maskOut {
        let bytes = result.flooded.words.withUnsafeBufferPointer { Data(buffer: $0) }
        try? bytes.write(to: URL(fileURLWithPath: maskOut))
    }
}

private func maxResidentBytes() -> Int {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return usage.ru_maxrss * 1024
}
