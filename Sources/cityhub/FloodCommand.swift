import ArgumentParser
import Flood
import Foundation
import HubKit

/// `cityhub flood import` and `cityhub flood inundate`: terrain summaries and connected inundation from files.
struct FloodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flood", abstract: "Terrain import and what floods at a river level (防汛决策).",
        subcommands: [Import.self, Inundate.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a GeoTIFF or ESRI ASCII terrain and print a summary.")
        @Option(help: "The terrain (GeoTIFF or ESRI ASCII grid).") var dem: String
        @Option(help: "Also write the cells as raw little-endian Float32, northern row first, NaN for NoData.")
        var dumpFloat32: String?

        func run() throws {
            let terrain = try readTerrain(dem)
            let summary = terrain.summary()
            print("\(dem): \(terrain.columns) × \(terrain.rows) cells, \(summary.dataCells) with data")
            if let low = summary.minimum, let high = summary.maximum { print("elevation \(low) … \(high)") }
            if let noData = terrain.noData { print("NoData \(noData)") }
            if let geo = terrain.georeference {
                print("EPSG \(geo.epsg.map(String.init) ?? "unknown"), origin (\(geo.originX), \(geo.originY)), cell \(geo.a) × \(-geo.e)")
            }
            if let dumpFloat32 {
                let data = terrain.values.withUnsafeBufferPointer { Data(buffer: $0) }
                try data.write(to: URL(fileURLWithPath: dumpFloat32))
            }
        }
    }

    struct Inundate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The cells a river at a level floods (connected to the river).")
        @Option(help: "The terrain (GeoTIFF or ESRI ASCII grid).") var dem: String
        @Option(help: "A grid of the same size whose non-zero cells are the river.") var riverMask: String
        @Option(help: "The river level, in the terrain's datum (metres).") var level: Float
        @Option(help: "Neighbours water passes to: 8 or 4.") var connectivity: Int = 8
        @Option(help: "direct (flood fill) or spill (precomputed spill levels).") var method: String = "direct"
        @Option(help: "Write one byte per cell (1 flooded, 0 dry), northern row first.") var maskOut: String?

        func run() throws {
            guard let neighbours = Connectivity(rawValue: connectivity) else { throw ValidationError("--connectivity is 4 or 8") }
            let terrain = try readTerrain(dem)
            let riverGrid = try readTerrain(riverMask)
            guard riverGrid.columns == terrain.columns, riverGrid.rows == terrain.rows else {
                throw ValidationError("the river mask is \(riverGrid.columns) × \(riverGrid.rows), the terrain \(terrain.columns) × \(terrain.rows)")
            }
            let river = CellMask(columns: terrain.columns, rows: terrain.rows) { c, r in
                let v = riverGrid.values[r * terrain.columns + c]
                return !v.isNaN && v != 0
            }
            let result: Inundation
            switch method {
            case "direct": result = ConnectedInundation.flood(terrain, river: river, level: level, connectivity: neighbours)
            case "spill": result = SpillLevels(terrain: terrain, river: river, connectivity: neighbours).flooded(at: level)
            default: throw ValidationError("--method is direct or spill")
            }
            print("level \(level): \(result.floodedCells) cells flooded")
            if let maskOut {
                var bytes = [UInt8](repeating: 0, count: terrain.count)
                for index in result.flooded.indices() { bytes[index] = 1 }
                try Data(bytes).write(to: URL(fileURLWithPath: maskOut))
            }
        }
    }
}

private func readTerrain(_ path: String) throws -> Raster {
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("无法读取 / cannot read \(path)") }
    do {
        return try TerrainReader.read([UInt8](data))
    } catch {
        throw ValidationError("[\(error.code)] \(error.message.zh)\n[\(error.code)] \(error.message.en)")
    }
}
