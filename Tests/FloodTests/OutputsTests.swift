import Flood
import Foundation
import HubKit
import Testing

/// Outputs of an inundation: outlines, statistics, the PNG encoder, rivers from GeoJSON.
@Suite struct OutputsTests {
    static func randomMask(columns: Int, rows: Int, seed: UInt64, density: Double) -> CellMask {
        var state = seed
        return CellMask(columns: columns, rows: rows) { _, _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) < density
        }
    }

    @Test func outline_areaEqualsCells_shellsCounterClockwise_holesClockwise_noRepeatedVertex() {
        for seed in 1...40 as ClosedRange<UInt64> {
            let mask = Self.randomMask(columns: 23, rows: 17, seed: seed, density: 0.3 + Double(seed % 5) * 0.1)
            let outline = MaskOutline(mask)
            var area: Int64 = 0
            for polygon in outline.polygons {
                let shell = doubleArea(polygon.shell)
                #expect(shell > 0)
                area += shell
                for hole in polygon.holes {
                    #expect(doubleArea(hole) < 0)
                    area += doubleArea(hole)
                    #expect(Set(hole).count == hole.count)
                }
                #expect(Set(polygon.shell).count == polygon.shell.count)
            }
            #expect(area == Int64(2 * mask.count), "seed \(seed)")
            let simple = OutlineSimplifier.simplify(outline, mask: mask, tolerance: 0.5)
            #expect(simple.polygons.count == outline.polygons.count)
        }
    }

    @Test func outline_ofABlockWithAHole() {
        let mask = CellMask(columns: 5, rows: 5) { c, r in (1...3).contains(c) && (1...3).contains(r) && !(c == 2 && r == 2) }
        let outline = MaskOutline(mask)
        #expect(outline.polygons.count == 1)
        #expect(outline.polygons[0].shell.count == 4)
        #expect(outline.polygons[0].holes.count == 1)
        #expect(outline.polygons[0].holes[0].count == 4)
    }

    @Test func outline_diagonalCellsAreSeparatePolygons() {
        let mask = CellMask(columns: 2, rows: 2) { c, r in c == r }
        #expect(MaskOutline(mask).polygons.count == 2)
    }

    @Test func png_crcAndAdlerMatchKnownValues() {
        #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let png = PNGEncoder.encode(width: 2, height: 1, rgba: [255, 0, 0, 255, 0, 0, 0, 0])
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func statistics_geographicAreaAndDepths() {
        let geo = Georeference(originX: 106.5, originY: 29.6, a: 0.0001, e: -0.0001)
        let terrain = Raster(columns: 4, rows: 1, values: [1, 2, 3, 9], georeference: geo)
        let flooded = CellMask(columns: 4, rows: 1) { c, _ in c < 3 }
        let stats = FloodStatistics(Inundation(level: 5, flooded: flooded), terrain: terrain)
        #expect(stats.floodedCells == 3)
        #expect(stats.maxDepth == 4 && stats.minDepth == 2 && stats.meanDepth == 3)
        #expect(stats.percentiles["p50"] == 3)
        // A 0.0001° cell at 29.6° N is about 9.68 m × 11.12 m.
        #expect(abs(stats.areaSquareMetres / 3 - 107.6) < 1)
    }

    /// The parallel tally (full words by SIMD, the rest bit by bit) against a plain sort: exact on a small grid,
    /// percentiles sampled within a centimetre on a grid above four million cells.
    @Test(arguments: [(317, 211), (640, 300), (3_001, 2_999)])
    func statistics_equalAPlainSort(columns: Int, rows: Int) {
        var state: UInt64 = 11
        let values = (0..<(columns * rows)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) * 10
        }
        let terrain = Raster(columns: columns, rows: rows, values: values)
        let flooded = CellMask(columns: columns, rows: rows) { c, r in values[r * columns + c] < 7 && (r % 5 != 0 || c % 3 == 0) }
        let stats = FloodStatistics(Inundation(level: 7, flooded: flooded), terrain: terrain)
        let depths = flooded.indices().map { Double(7 - values[$0]) }.sorted()
        #expect(stats.floodedCells == depths.count)
        #expect(stats.minDepth == depths.first && stats.maxDepth == depths.last)
        #expect(abs((stats.meanDepth ?? 0) - depths.reduce(0, +) / Double(depths.count)) < 1e-4)
        let exact = stats.percentileStride == 1
        #expect(exact == (columns * rows <= 4_000_000))
        for rank in FloodStatistics.percentileRanks {
            let k = Int((Double(rank) / 100 * Double(depths.count)).rounded(.up)) - 1
            let expected = (depths[k] * 1000).rounded() / 1000
            let got = stats.percentiles["p\(rank)"] ?? -1
            #expect(exact ? got == expected : abs(got - expected) < 0.01, "p\(rank)")
        }
    }

    @Test func river_lineWithWidth_polygon_andRefusals() throws {
        let geo = Georeference(originX: 0, originY: 100, a: 10, e: -10)
        let terrain = Raster(columns: 10, rows: 10, values: [Float](repeating: 1, count: 100), georeference: geo)
        let line = #"{"type":"LineString","coordinates":[[5,55],[95,55]]}"#
        let thin = try RiverCells.fromGeoJSON(Array(line.utf8), terrain: terrain)
        #expect(thin.count == 10)
        let wide = try RiverCells.fromGeoJSON(Array(line.utf8), terrain: terrain, width: 30)
        #expect(wide.count == 30)
        let polygon = #"{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[30,0],[30,30],[0,30],[0,0]]]]}}"#
        #expect(try RiverCells.fromGeoJSON(Array(polygon.utf8), terrain: terrain).count == 9)
        #expect(throws: FloodInputError.riverOutsideTerrain) {
            try RiverCells.fromGeoJSON(Array(#"{"type":"Point","coordinates":[500,500]}"#.utf8), terrain: terrain)
        }
        #expect(throws: FloodInputError.self) { try RiverCells.fromGeoJSON(Array("{".utf8), terrain: terrain) }
        #expect(throws: FloodInputError.self) {
            try RiverCells.fromGeoJSON(Array(#"{"type":"Polygon","coordinates":[[[0,0],[30,0],[30,30]]]}"#.utf8), terrain: terrain)
        }
    }

    func doubleArea(_ ring: [MaskOutline.Vertex]) -> Int64 {
        var sum: Int64 = 0
        var p = ring[ring.count - 1]
        for q in ring {
            sum += Int64(p.i) * Int64(-q.j) - Int64(q.i) * Int64(-p.j)
            p = q
        }
        return sum
    }
}
