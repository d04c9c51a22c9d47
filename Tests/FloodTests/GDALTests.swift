import Foundation
import Testing
@testable import Flood

/// GeoTIFF variants written by GDAL (`gdal_translate`, Debian's gdal-bin) at test time from an ESRI ASCII grid,
/// read back and compared cell by cell. Skipped when gdal_translate is missing, unless CITYHUB_REQUIRE_GDAL=1
/// (scripts/test sets it and installs gdal-bin), in which case its absence fails.
@Suite("GeoTIFF files written by GDAL")
struct GDALTests {
    static let gdal: String? = ["/usr/bin/gdal_translate", "/usr/local/bin/gdal_translate"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["CITYHUB_REQUIRE_GDAL"] == "1"

    /// Options and output type of each variant; the source is the decimal terrain for floats, the integer one
    /// (decimetres) for integers, so every conversion is exact.
    static let variants: [(name: String, type: String, options: [String])] = [
        ("Float32 plain strips", "Float32", []),
        ("Float32 plain strips, big-endian", "Float32", ["ENDIANNESS=BIG"]),
        ("Float32 DEFLATE predictor 3 tiled", "Float32", ["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=16"]),
        ("Float32 DEFLATE level 1 strips of 7 rows", "Float32", ["COMPRESS=DEFLATE", "ZLEVEL=1", "BLOCKYSIZE=7"]),
        ("Float32 LZW predictor 3 big-endian", "Float32", ["COMPRESS=LZW", "PREDICTOR=3", "ENDIANNESS=BIG"]),
        ("Float32 LZW tiled", "Float32", ["COMPRESS=LZW", "TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"]),
        ("Float32 BigTIFF DEFLATE", "Float32", ["BIGTIFF=YES", "COMPRESS=DEFLATE", "TILED=YES"]),
        ("Float64 DEFLATE predictor 3", "Float64", ["COMPRESS=DEFLATE", "PREDICTOR=3"]),
        ("Float64 LZW big-endian", "Float64", ["COMPRESS=LZW", "ENDIANNESS=BIG"]),
        ("Int16 DEFLATE predictor 2 tiled", "Int16", ["COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=32"]),
        ("Int16 LZW predictor 2", "Int16", ["COMPRESS=LZW", "PREDICTOR=2"]),
        ("Int16 plain big-endian", "Int16", ["ENDIANNESS=BIG"]),
        ("Int32 DEFLATE predictor 2 big-endian", "Int32", ["COMPRESS=DEFLATE", "PREDICTOR=2", "ENDIANNESS=BIG"]),
        ("Int32 LZW predictor 2 BigTIFF", "Int32", ["COMPRESS=LZW", "PREDICTOR=2", "BIGTIFF=YES", "TILED=YES"]),
    ]

    /// A 150 × 97 terrain (not a multiple of any block size) with NoData corners, centimetre values, and its
    /// integer twin in decimetres.
    static func terrains() -> (decimal: String, integer: String, values: [Float], integers: [Float]) {
        let (columns, rows) = (150, 97)
        var random = Terrains.Random(state: 7)
        var decimal = "ncols \(columns)\nnrows \(rows)\nxllcorner 106.485\nyllcorner 29.536\ncellsize 0.0001\nNODATA_value -9999\n"
        var integer = decimal
        var values: [Float] = [], integers: [Float] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let edge = min(r, c, rows - 1 - r, columns - 1 - c) < 2 && (r + c) % 3 == 0
                let cm = 17_000 + (r * 37 + c * 11) % 900 + random.below(60)
                let sep = c == 0 ? "" : " "
                if edge {
                    decimal += sep + "-9999"
                    integer += sep + "-9999"
                    values.append(.nan)
                    integers.append(.nan)
                } else {
                    decimal += sep + "\(cm / 100).\(cm % 100 < 10 ? "0" : "")\(cm % 100)"
                    integer += sep + "\(cm / 10)"
                    values.append(Float(Double(cm) / 100))
                    integers.append(Float(cm / 10))
                }
            }
            decimal += "\n"
            integer += "\n"
        }
        return (decimal, integer, values, integers)
    }

    static func translate(_ source: URL, to target: URL, type: String, options: [String]) throws {
        guard let gdal else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gdal)
        process.arguments = ["-q", "-of", "GTiff", "-ot", type, "-a_srs", "EPSG:4326"]
            + options.flatMap { ["-co", $0] } + [source.path, target.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gdal_translate \(options)")
    }

    @Test("every variant equals the source cell for cell, with its georeference and NoData")
    func variantsEqualSource() throws {
        guard Self.gdal != nil else {
            #expect(!Self.required, "gdal_translate is required (CITYHUB_REQUIRE_GDAL=1) but missing")
            print("GDALTests: gdal_translate not found, GDAL comparisons skipped (install gdal-bin)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cityhub-gdal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let terrain = Self.terrains()
        let decimal = folder.appendingPathComponent("decimal.asc"), integer = folder.appendingPathComponent("integer.asc")
        try Data(terrain.decimal.utf8).write(to: decimal)
        try Data(terrain.integer.utf8).write(to: integer)
        let ascii = try ESRIASCIIGrid.read(Array(terrain.decimal.utf8))
        #expect(ascii.values.elementsEqual(terrain.values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        for (k, variant) in Self.variants.enumerated() {
            let isInteger = variant.type.hasPrefix("Int")
            let target = folder.appendingPathComponent("v\(k).tif")
            try Self.translate(isInteger ? integer : decimal, to: target, type: variant.type, options: variant.options)
            let bytes = try [UInt8](Data(contentsOf: target))
            let raster = try GeoTIFF.read(bytes)
            let expected = isInteger ? terrain.integers : terrain.values
            #expect(raster.columns == 150 && raster.rows == 97, "\(variant.name)")
            let mismatches = zip(raster.values, expected).filter { !($0 == $1 || ($0.isNaN && $1.isNaN)) }.count
            #expect(mismatches == 0, "\(variant.name): \(mismatches) cells differ")
            #expect(raster.noData == -9999, "\(variant.name)")
            let geo = try #require(raster.georeference)
            #expect(geo.epsg == 4326, "\(variant.name)")
            #expect(abs(geo.originX - 106.485) < 1e-9 && abs(geo.originY - (29.536 + 97 * 0.0001)) < 1e-9, "\(variant.name)")
            #expect(abs(geo.a - 0.0001) < 1e-12 && abs(geo.e + 0.0001) < 1e-12, "\(variant.name)")
            if variant.options.contains(where: { $0.hasPrefix("COMPRESS") }) {
                try truncationsAndDamage(bytes, expected: raster.values, name: variant.name)
            }
        }
    }

    /// Cut at every third offset of the first 600 bytes and at 60 more across the file; flip bytes 60 times. A cut
    /// file is an error (or, if only unused bytes went, the same grid); nothing crashes.
    func truncationsAndDamage(_ bytes: [UInt8], expected: [Float], name: String) throws {
        var random = Terrains.Random(state: UInt64(bytes.count))
        let cuts = Array(stride(from: 0, to: min(600, bytes.count), by: 3)) + (0..<60).map { _ in random.below(bytes.count) }
        for cut in cuts {
            do {
                let raster = try GeoTIFF.read(Array(bytes[..<cut]))
                #expect(raster.values.elementsEqual(expected) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name) cut at \(cut)")
            } catch {
                #expect(error.code.hasPrefix("TERRAIN_"))
            }
        }
        for _ in 0..<60 {
            var damaged = bytes
            for _ in 0..<3 { damaged[random.below(bytes.count)] ^= UInt8(truncatingIfNeeded: random.next() | 1) }
            _ = try? GeoTIFF.read(damaged)
        }
    }
}
