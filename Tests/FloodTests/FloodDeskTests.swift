import Flood
import Foundation
import HubKit
import Testing

/// The desk's files: spill levels computed once, read back after a restart, dropped when the river changes.
@Suite struct FloodDeskTests {
    static func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("flood-desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("terrain"), withIntermediateDirectories: true)
        return root
    }

    @Test func spillLevels_cachedOnFile_andDroppedWhenTheRiverChanges() async throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let terrain = root.appendingPathComponent("terrain")
        let grid = "ncols 4\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 10\nNODATA_value -9999\n1 5 2 9\n1 6 3 9\n1 9 9 9\n"
        try Data(grid.utf8).write(to: terrain.appendingPathComponent("t-dem.asc"))
        try Data(#"{"datumTag":"yellow-sea-1985"}"#.utf8).write(to: terrain.appendingPathComponent("t-dem.json"))
        try Data(#"{"type":"LineString","coordinates":[[5,1],[5,29]]}"#.utf8).write(to: terrain.appendingPathComponent("t-river.geojson"))
        let desk = FloodDesk(dataDirectory: root.path, database: nil, clock: .system)
        #expect(try await desk.resolve(nil) == "t")
        let first = try await desk.prepare("t")
        #expect(first.info.datum == "yellow-sea-1985")
        #expect(first.spill[2, 0] == 5)
        let cache = terrain.appendingPathComponent("t-spill.bin")
        #expect(FileManager.default.fileExists(atPath: cache.path))
        // A restart reads the file: a planted value shows that it was not recomputed.
        var bytes = [UInt8](try Data(contentsOf: cache))
        let plant = Float(4.5).bitPattern
        let at = 24 + 2 * 4
        for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: plant >> (8 * UInt32(k))) }
        try Data(bytes).write(to: cache)
        let restarted = FloodDesk(dataDirectory: root.path, database: nil, clock: .system)
        #expect(try await restarted.prepare("t").spill[2, 0] == 4.5)
        // A new river drops the file; the levels are computed again.
        _ = try await restarted.replace("t", kind: "river", bytes: Array(#"{"type":"Point","coordinates":[35,25]}"#.utf8), actor: "test")
        #expect(!FileManager.default.fileExists(atPath: cache.path))
        let again = try await restarted.prepare("t")
        #expect(again.spill[0, 0] == 9)
        #expect(again.spill[2, 0] == 9)
    }
}
