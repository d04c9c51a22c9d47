import Testing
@testable import Flood

@Suite("ESRI ASCII grid")
struct ESRIASCIIGridTests {
    @Test("reads the header, the values row by row from the north, and NoData as NaN")
    func reads() throws {
        let text = "ncols 3\nNROWS 2\nxllcorner 106.5\nyllcorner 29.5\ncellsize 0.5\nNODATA_value -9999\n176.17 176.8 -9999\n1e2 -3.25 0\n"
        let raster = try ESRIASCIIGrid.read(Array(text.utf8))
        #expect(raster.columns == 3 && raster.rows == 2)
        #expect(raster[0, 0] == 176.17 && raster[1, 0] == 176.8 && raster[2, 0] == nil)
        #expect(raster[0, 1] == 100 && raster[1, 1] == -3.25 && raster[2, 1] == 0)
        #expect(raster.noData == -9999)
        let geo = try #require(raster.georeference)
        #expect(geo.originX == 106.5 && geo.originY == 30.5 && geo.a == 0.5 && geo.e == -0.5)
    }

    @Test("centre registration shifts the corner by half a cell")
    func centre() throws {
        let raster = try ESRIASCIIGrid.read(Array("ncols 1\nnrows 1\nxllcenter 10\nyllcenter 20\ncellsize 2\n5\n".utf8))
        #expect(raster.georeference?.originX == 9 && raster.georeference?.originY == 21)
    }

    @Test("broken grids are named errors", arguments: [
        ("ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n", "TERRAIN_TRUNCATED"),
        ("ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 x\n", "TERRAIN_MALFORMED"),
        ("ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n", "TERRAIN_MALFORMED"),
        ("ncols 2\nnrows 1\nxllcorner 0\ncellsize 1\n1 2\n", "TERRAIN_MALFORMED"),
        ("ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize -1\n1 2\n", "TERRAIN_MALFORMED"),
        ("ncols 100000\nnrows 100000\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n", "TERRAIN_TOO_LARGE"),
        ("ncols 2.5\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n", "TERRAIN_MALFORMED"),
        ("", "TERRAIN_MALFORMED"),
    ])
    func broken(_ text: String, _ code: String) {
        #expect {
            _ = try ESRIASCIIGrid.read(Array(text.utf8))
        } throws: { ($0 as? TerrainError)?.code == code }
    }

    @Test("every truncation of a grid is an error, never a crash")
    func truncations() throws {
        let text = Array("ncols 4\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -9999\n1 2 3 4\n5 6 7 8\n9 10 11 12\n".utf8)
        for cut in 0...(text.count - 3) {
            #expect(throws: TerrainError.self) { _ = try ESRIASCIIGrid.read(Array(text[..<cut])) }
        }
    }
}
