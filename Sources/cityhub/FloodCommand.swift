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
        static let configuration = CommandConfiguration(
            abstract: "The cells a river at a level floods (connected to the river); GeoJSON, PNG and places.")
        @Option(help: "The terrain (GeoTIFF or ESRI ASCII grid).") var dem: String
        @Option(help: "The river: GeoJSON (lines with a width, polygons) or a grid of the terrain's size, non-zero = river.")
        var river: String?
        @Option(help: "A grid of the same size whose non-zero cells are the river (same as --river with a grid).")
        var riverMask: String?
        @Option(help: "Width of river lines in metres (a feature's width property overrides it).") var riverWidth: Double = 0
        @Option(help: "The river level, in the terrain's datum (metres).") var level: Float
        @Option(help: "Neighbours water passes to: 8 or 4.") var connectivity: Int = 8
        @Option(help: "direct (flood fill) or spill (precomputed spill levels).") var method: String = "spill"
        @Option(help: "Write one byte per cell (1 flooded, 0 dry), northern row first.") var maskOut: String?
        @Option(help: "Write the flooded area as GeoJSON polygons with holes.") var out: String?
        @Option(help: "Simplification of the GeoJSON, in cells (0: exact cell edges).") var tolerance: Double = 0.5
        @Option(help: "Write a PNG overlay coloured by depth (one pixel per cell, transparent where dry).") var png: String?
        @Option(help: "Named places (GeoJSON features): print those flooded, with depth and first-flood level.") var places: String?

        func run() throws {
            guard let neighbours = Connectivity(rawValue: connectivity) else { throw ValidationError("--connectivity is 4 or 8") }
            guard let riverFile = river ?? riverMask else { throw ValidationError("--river (or --river-mask) is required") }
            let importing = ProgressBar("导入地形 / import")
            let terrain = try readTerrain(dem, progress: importing)
            importing.finish()
            let riverCells: CellMask
            do {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: riverFile)))
                if let first = bytes.first(where: { $0 > 0x20 }), first == UInt8(ascii: "{") {
                    riverCells = try RiverCells.fromGeoJSON(bytes, terrain: terrain, width: riverWidth)
                } else {
                    riverCells = try RiverCells.fromMask(try readTerrain(riverFile), terrain: terrain)
                }
            } catch let problem as FloodInputError {
                throw ValidationError("[\(problem.code)] \(problem.message.zh)\n[\(problem.code)] \(problem.message.en)")
            }
            let result: Inundation
            var spill: SpillLevels?
            switch method {
            case "direct":
                result = ConnectedInundation.flood(terrain, river: riverCells, level: level, connectivity: neighbours)
            case "spill":
                let bar = ProgressBar("预计算溢出水位 / spill levels")
                let levels = SpillLevels(terrain: terrain, river: riverCells, connectivity: neighbours, progress: bar.update)
                bar.finish()
                spill = levels
                result = levels.flooded(at: level)
            default: throw ValidationError("--method is direct or spill")
            }
            let stats = FloodStatistics(result, terrain: terrain)
            print("level \(level): \(result.floodedCells) cells flooded")
            print("area \(String(format: "%.0f", stats.areaSquareMetres)) m²"
                  + (stats.maxDepth.map { String(format: ", depth min %.2f mean %.2f max %.2f m", stats.minDepth ?? 0, stats.meanDepth ?? 0, $0) } ?? ""))
            if let maskOut {
                var bytes = [UInt8](repeating: 0, count: terrain.count)
                for index in result.flooded.indices() { bytes[index] = 1 }
                try Data(bytes).write(to: URL(fileURLWithPath: maskOut))
            }
            if let out {
                let outline = OutlineSimplifier.simplify(MaskOutline(result.flooded), mask: result.flooded, tolerance: tolerance)
                let properties = "{\"level\":\(level),\"floodedCells\":\(stats.floodedCells),\"areaSquareMetres\":\(stats.areaSquareMetres),\"toleranceCells\":\(tolerance)}"
                let bytes = OutlineGeoJSON.feature(outline, georeference: terrain.georeference,
                                                   geographic: CellGeometry(terrain).isGeographic, properties: properties)
                try Data(bytes).write(to: URL(fileURLWithPath: out))
            }
            if let png { try Data(DepthOverlay.png(result, terrain: terrain)).write(to: URL(fileURLWithPath: png)) }
            if let places {
                let levels = spill ?? SpillLevels(terrain: terrain, river: riverCells, connectivity: neighbours)
                let features: [FloodFeature]
                do {
                    features = try FloodGeoJSON.features(try [UInt8](Data(contentsOf: URL(fileURLWithPath: places))))
                } catch let problem as FloodInputError {
                    throw ValidationError("[\(problem.code)] \(problem.message.zh)\n[\(problem.code)] \(problem.message.en)")
                }
                let index = FloodPlaces(features.map { ($0.id, $0.parts.flatMap { PlaceCells.cells(of: $0, in: terrain) }) }, spill: levels)
                let names = Dictionary(features.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
                for place in index.flooding(at: level, spill: levels, terrain: terrain) {
                    print(String(format: "%@\t%@\tfloods from %.2f m\tdepth %.2f m\t%d/%d cells", place.id, names[place.id] ?? "",
                                 place.firstFlood, place.maxDepth, place.floodedCells, place.cells))
                }
            }
        }
    }
}

private func readTerrain(_ path: String, progress: ProgressBar? = nil) throws -> Raster {
    let bytes: [UInt8]
    if let progress {
        guard let read = try? readWithProgress(path, bar: progress) else { throw ValidationError("无法读取 / cannot read \(path)") }
        bytes = read
    } else {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("无法读取 / cannot read \(path)") }
        bytes = [UInt8](data)
    }
    do {
        return try TerrainReader.read(bytes)
    } catch {
        throw ValidationError("[\(error.code)] \(error.message.zh)\n[\(error.code)] \(error.message.en)")
    }
}
