import Testing
@testable import Flood

@Suite("GeoTIFF reader: hand-made files and broken ones")
struct GeoTIFFTests {
    @Test("reads Int16 strips in both byte orders", arguments: [false, true])
    func reads(_ bigEndian: Bool) throws {
        for rowsPerStrip in [1, 2, 5] {
            let file = TinyTIFF(bigEndian: bigEndian, rowsPerStrip: rowsPerStrip)
            let raster = try GeoTIFF.read(file.bytes())
            #expect(raster.columns == 3 && raster.rows == 2)
            #expect(raster.values == [1, 2, 3, 4, 5, -6])
        }
    }

    @Test("GDAL_NODATA marks NaN; GeoKeys give the EPSG code; tie point and scale the georeference")
    func geoTags() throws {
        var file = TinyTIFF()
        file.extra = [
            TinyTIFF.Entry(tag: 42113, type: 2, values: Array("-6\0".utf8).map(Int.init)),
            TinyTIFF.Entry(tag: 34735, type: 3, values: [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32648]),
        ]
        let raster = try GeoTIFF.read(file.bytes())
        #expect(raster.values[5].isNaN && raster.noData == -6)
        #expect(raster.georeference?.epsg == 32648)
    }

    @Test("every truncation is a named error, never a crash")
    func truncations() {
        let bytes = TinyTIFF(rowsPerStrip: 1).bytes()
        for cut in 0..<bytes.count {
            #expect(throws: TerrainError.self) { _ = try GeoTIFF.read(Array(bytes[..<cut])) }
        }
    }

    static let broken: [(String, TinyTIFF, String)] = {
        func with(_ change: (inout TinyTIFF) -> Void) -> TinyTIFF {
            var file = TinyTIFF()
            change(&file)
            return file
        }
        return [
            ("strip offset past the end", with { $0.extra = [.init(tag: 273, type: 4, values: [10_000_000, 8])] }, "TERRAIN_TRUNCATED"),
            ("one strip offset for two strips", with { $0.extra = [.init(tag: 273, type: 4, values: [200])] }, "TERRAIN_MALFORMED"),
            ("absurd width", with { $0.extra = [.init(tag: 256, type: 4, values: [2_000_000_000])] }, "TERRAIN_TOO_LARGE"),
            ("no width", with { $0.omit = [256] }, "TERRAIN_MALFORMED"),
            ("zero height", with { $0.extra = [.init(tag: 257, type: 3, values: [0])] }, "TERRAIN_MALFORMED"),
            ("JPEG compression", with { $0.extra = [.init(tag: 259, type: 3, values: [7])] }, "TERRAIN_UNSUPPORTED"),
            ("12-bit samples", with { $0.extra = [.init(tag: 258, type: 3, values: [12])] }, "TERRAIN_UNSUPPORTED"),
            ("no strip byte counts", with { $0.omit = [279] }, "TERRAIN_MALFORMED"),
            ("byte counts too small", with { $0.extra = [.init(tag: 279, type: 4, values: [2, 2])] }, "TERRAIN_TRUNCATED"),
        ]
    }()

    @Test("broken directories are named errors", arguments: broken)
    func brokenFiles(_ name: String, _ file: TinyTIFF, _ code: String) {
        #expect {
            _ = try GeoTIFF.read(file.bytes())
        } throws: { ($0 as? TerrainError)?.code == code }
    }

    @Test("a value count larger than the file, and a directory offset outside it")
    func countsAndOffsets() {
        var bytes = TinyTIFF().bytes()
        // The first entry's count (bytes 14...17 in a little-endian file) set to 2^31.
        bytes[14...17] = [0, 0, 0, 0x80]
        #expect(throws: TerrainError.self) { _ = try GeoTIFF.read(bytes) }
        var header = TinyTIFF().bytes()
        header[4...7] = [0xFF, 0xFF, 0xFF, 0x7F]
        #expect(throws: TerrainError.self) { _ = try GeoTIFF.read(header) }
        #expect(throws: TerrainError.self) { _ = try GeoTIFF.read(Array("II+\0\u{8}\0\0\0\u{8}\0\0\0\0\0\0\0".utf8)) }
        #expect(throws: TerrainError.self) { _ = try GeoTIFF.read(Array("GIF89a..".utf8)) }
    }

    @Test("random byte changes never crash the reader")
    func mutations() {
        var random = Terrains.Random(state: 42)
        let original = TinyTIFF(columns: 8, rows: 4, samples: (0..<32).map { Int16($0) }, rowsPerStrip: 2).bytes()
        for _ in 0..<3_000 {
            var bytes = original
            for _ in 0...random.below(4) { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
            _ = try? GeoTIFF.read(bytes)
        }
    }
}
