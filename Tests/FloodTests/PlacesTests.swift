import HubKit
import Testing
@testable import Flood

@Suite("Places and the level at which each first floods")
struct PlacesTests {
    /// 10 columns, 1 row, 1-unit cells from x = 0: a slope rising eastwards from the river at column 0.
    let terrain = Raster(columns: 10, rows: 1, values: (0..<10).map { 170 + Float($0) * 0.5 },
                         georeference: Georeference(originX: 0, originY: 1, a: 1, e: -1))
    var river: CellMask { CellMask(columns: 10, rows: 1) { c, _ in c == 0 } }

    @Test("a place floods from the lowest spill level of its cells; the list at a level is a prefix")
    func firstFlood() {
        let spill = SpillLevels(terrain: terrain, river: river)
        let places = FloodPlaces([("steps", [2, 3]), ("square", [6, 7, 8]), ("outside", [99])], spill: spill)
        #expect(places.place("steps")?.firstFlood == 171)
        #expect(places.place("square")?.firstFlood == 173)
        #expect(places.place("outside")?.firstFlood == .infinity)
        #expect(places.flooded(at: 171).map(\.id) == [])
        #expect(places.flooded(at: 171.01).map(\.id) == ["steps"])
        #expect(places.flooded(at: 180).map(\.id) == ["steps", "square"])
    }

    @Test("geometries become the cells they cover")
    func geometryCells() {
        #expect(PlaceCells.cells(of: .point(GeoPoint(lon: 3.5, lat: 0.5)), in: terrain) == [3])
        #expect(PlaceCells.cells(of: .lineString([GeoPoint(lon: 1.2, lat: 0.5), GeoPoint(lon: 4.7, lat: 0.5)]), in: terrain) == [1, 2, 3, 4])
        let square = GeoPolygon(exterior: [GeoPoint(lon: 5.9, lat: 0), GeoPoint(lon: 8.1, lat: 0), GeoPoint(lon: 8.1, lat: 1),
                                           GeoPoint(lon: 5.9, lat: 1), GeoPoint(lon: 5.9, lat: 0)])
        #expect(PlaceCells.cells(of: .polygon(square), in: terrain) == [6, 7])
        let tiny = GeoPolygon(exterior: [GeoPoint(lon: 9.1, lat: 0.1), GeoPoint(lon: 9.2, lat: 0.1), GeoPoint(lon: 9.2, lat: 0.2),
                                         GeoPoint(lon: 9.1, lat: 0.1)])
        #expect(PlaceCells.cells(of: .polygon(tiny), in: terrain) == [9])
        #expect(PlaceCells.cells(of: .point(GeoPoint(lon: 30, lat: 0.5)), in: terrain) == [])
    }
}
