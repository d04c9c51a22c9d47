import Foundation
import HubKit
import Testing

private func square(_ x: Double, _ y: Double, _ size: Double = 0.001) -> GeoPolygon {
    GeoPolygon(exterior: [GeoPoint(lon: x, lat: y), GeoPoint(lon: x + size, lat: y), GeoPoint(lon: x + size, lat: y + size),
                          GeoPoint(lon: x, lat: y + size), GeoPoint(lon: x, lat: y)])
}

private func ring(_ pairs: [(Double, Double)]) -> [GeoPoint] { pairs.map { GeoPoint(lon: $0.0, lat: $0.1) } }

@Suite struct PolygonValidatorTests {
    @Test func validSquare_hasNoFaults() {
        #expect(PolygonValidator.validate(square(106.5, 29.55)).isEmpty)
    }

    @Test(arguments: [
        (ring([(0, 0), (1, 0), (1, 1), (0, 1)]), "OPEN_RING"),
        (ring([(0, 0), (1, 0), (0, 0)]), "TOO_FEW_POSITIONS"),
        (ring([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)]), "SELF_INTERSECTION"),
        (ring([(0, 0), (1, 0), (2, 0), (0, 0)]), "ZERO_AREA"),
        (ring([(0, 0), (200, 0), (200, 1), (0, 0)]), "COORDINATE_OUT_OF_RANGE"),
        (ring([(0, 0), (2, 0), (2, 2), (1, 2), (1, 0), (0, 0)]) , "SELF_INTERSECTION"),
    ])
    func brokenRing_isNamed(exterior: [GeoPoint], expected: String) {
        let faults = PolygonValidator.validate(GeoPolygon(exterior: exterior))
        #expect(faults.map(\.code) == [expected])
        #expect(faults.allSatisfy { !$0.message.zh.isEmpty && !$0.message.en.isEmpty })
    }

    @Test func holeOutsideExterior_isRefused() {
        let polygon = GeoPolygon(exterior: square(0, 0, 1).exterior, holes: [square(5, 5, 1).exterior])
        #expect(PolygonValidator.validate(polygon).map(\.code) == ["HOLE_OUTSIDE"])
    }

    @Test func holeInside_isAccepted() {
        let polygon = GeoPolygon(exterior: square(0, 0, 4).exterior, holes: [square(1, 1, 1).exterior])
        #expect(PolygonValidator.validate(polygon).isEmpty)
    }
}

@Suite struct OverlapTests {
    @Test func neighboursSharingAnEdge_doNotOverlap() {
        #expect(!interiorsOverlap(square(0, 0, 1), square(1, 0, 1)))
        #expect(!interiorsOverlap(square(0, 0, 1), square(1, 1, 1)))
    }

    @Test func identicalShiftedAndNestedSquares_overlap() {
        #expect(interiorsOverlap(square(0, 0, 1), square(0, 0, 1)))
        #expect(interiorsOverlap(square(0, 0, 1), square(0.5, 0, 1)))
        #expect(interiorsOverlap(square(0, 0, 1), square(0.25, 0.25, 0.5)))
        #expect(interiorsOverlap(square(0, 0, 1), square(0.5, 0.5, 1)))
    }

    @Test func farApart_doNotOverlap() {
        #expect(!interiorsOverlap(square(0, 0, 1), square(3, 3, 1)))
    }

    @Test func squareInsideAHole_doesNotOverlap() {
        let donut = GeoPolygon(exterior: square(0, 0, 4).exterior, holes: [square(1, 1, 2).exterior])
        #expect(!interiorsOverlap(donut, square(1.5, 1.5, 1)))
        #expect(interiorsOverlap(donut, square(0.5, 0.5, 1)))
    }
}

@Suite struct GridIndexTests {
    /// A 20 × 10 block of 0.001° squares with codes numbered row-major.
    static let grids: [Grid] = (0..<200).compactMap { n in
        let x = 106.5 + Double(n % 20) * 0.001, y = 29.55 + Double(n / 20) * 0.001
        let code = String(format: "500103001001%03d", n)
        return GridCode(rawValue: code).map { Grid(code: $0, boundary: square(x, y), areaSquareMetres: 9_700) }
    }

    @Test func everyGridCentre_findsItsGrid() {
        let index = GridIndex(grids: Self.grids)
        #expect(index.count == 200)
        for grid in Self.grids {
            let box = grid.boundary.boundingBox
            let centre = GeoPoint(lon: ((box?.minLon ?? 0) + (box?.maxLon ?? 0)) / 2, lat: ((box?.minLat ?? 0) + (box?.maxLat ?? 0)) / 2)
            #expect(index.grid(containing: centre) == grid.code)
        }
    }

    @Test func pointOnSharedEdge_belongsToExactlyOneGrid() {
        let index = GridIndex(grids: Self.grids)
        let edge = GeoPoint(lon: 106.501, lat: 29.5505)
        let owners = Self.grids.filter { $0.boundary.contains(edge) }
        #expect(owners.count == 1)
        #expect(index.grid(containing: edge) == owners.first?.code)
    }

    @Test func pointsOutside_findNothing() {
        let index = GridIndex(grids: Self.grids)
        #expect(index.grid(containing: GeoPoint(lon: 106.49, lat: 29.55)) == nil)
        #expect(index.grid(containing: GeoPoint(lon: .nan, lat: 29.55)) == nil)
        #expect(index.grid(containing: GeoPoint(lon: .infinity, lat: 29.55)) == nil)
        #expect(GridIndex(grids: []).grid(containing: GeoPoint(lon: 106.5, lat: 29.55)) == nil)
    }

    @Test func lookupsAgreeWithBruteForce() {
        let index = GridIndex(grids: Self.grids)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let p = GeoPoint(lon: 106.498 + generator.nextUnit() * 0.024, lat: 29.548 + generator.nextUnit() * 0.014)
            let expected = Self.grids.first { $0.boundary.contains(p) }?.code
            #expect(index.grid(containing: p) == expected)
        }
    }

    @Test func boxQuery_returnsCandidatesOnce() {
        let index = GridIndex(grids: Self.grids)
        let box = GeoBox(minLon: 106.5005, minLat: 29.5505, maxLon: 106.5015, maxLat: 29.5506)
        #expect(index.grids(intersecting: box).count == 2)
        #expect(index.grids(intersecting: GeoBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1)).isEmpty)
        #expect(index.grids(intersecting: GeoBox(minLon: -1e300, minLat: -90, maxLon: 1e300, maxLat: 90)).count == 200)
    }
}

@Suite struct GeoJSONTests {
    func parse(_ text: String) throws(GeoJSONError) -> [GeoJSONFeature] {
        try GeoJSON.parseFeatureCollection(Data(text.utf8))
    }

    @Test func featureCollection_isRead() throws {
        let features = try parse("""
        {"type":"FeatureCollection","features":[
          {"type":"Feature","id":7,"properties":{"kind":"camera","n":2.5,"ok":true},"geometry":{"type":"Point","coordinates":[106.5,29.5,180]}},
          {"type":"Feature","properties":null,"geometry":null},
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}
        """)
        #expect(features.count == 3)
        #expect(features[0].id == "7")
        #expect(features[0].geometry == .point(GeoPoint(lon: 106.5, lat: 29.5)))
        #expect(features[0].properties["n"] == .number(2.5))
        #expect(features[0].properties["ok"] == .bool(true))
        #expect(features[1].geometry == nil)
        #expect(features[2].index == 2)
    }

    @Test(arguments: [
        ("", "MALFORMED_GEOJSON"),
        ("{\"type\":\"FeatureCollection\",\"features\":[", "MALFORMED_GEOJSON"),
        ("[1,2]", "INVALID_GEOJSON"),
        ("{\"type\":\"Feature\"}", "INVALID_GEOJSON"),
        ("{\"type\":\"FeatureCollection\",\"features\":{}}", "INVALID_GEOJSON"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Point\"}]}", "INVALID_GEOJSON"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":3,\"geometry\":null}]}", "INVALID_GEOJSON"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"a\",1]}}]}", "INVALID_GEOMETRY"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[500,1]}}]}", "INVALID_GEOMETRY"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}]}", "INVALID_GEOMETRY"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":[]}}]}", "INVALID_GEOMETRY"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,1]]}}]}", "INVALID_GEOMETRY"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\"}}]}", "INVALID_GEOMETRY"),
    ])
    func brokenDocument_isRefusedWithCode(text: String, code: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == code)
            #expect(error.status == (code == "MALFORMED_GEOJSON" ? 400 : 422))
        }
    }

    @Test func invalidGeometry_namesTheFeature() {
        do {
            _ = try parse("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":null},{\"type\":\"Feature\",\"id\":\"g-9\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1]}}]}")
            Issue.record("accepted")
        } catch {
            #expect(error.extensions["feature"] == .int(1))
            #expect(error.extensions["id"] == .string("g-9"))
            #expect(error.message.en.contains("#1"))
        }
    }
}

@Suite struct GeoCellTests {
    @Test func pointsInOneSquare_shareACode_andNeighboursDiffer() {
        let point = GeoPoint(lon: 106.57012, lat: 29.56012)
        #expect(GeoCell.code(of: point) == GeoCell.code(of: GeoPoint(lon: 106.57024, lat: 29.56024)))
        #expect(GeoCell.code(of: GeoPoint(lon: 106.57051, lat: 29.56012)) == GeoCell.code(of: point) + 1)
        #expect(GeoCell.code(of: GeoPoint(lon: 106.57012, lat: 29.56051)) == GeoCell.code(of: point) + 1_000_000)
    }

    @Test func ranges_coverEveryPointOfTheBox_oneRangePerRow() {
        let box = GeoBox(minLon: 106.5699, minLat: 29.5599, maxLon: 106.5712, maxLat: 29.5611)
        let ranges = GeoCell.ranges(covering: box)
        #expect(ranges.count == 4)
        var random = SplitMix64(seed: 7)
        for _ in 0..<1000 {
            let point = GeoPoint(lon: box.minLon + random.nextUnit() * (box.maxLon - box.minLon),
                                 lat: box.minLat + random.nextUnit() * (box.maxLat - box.minLat))
            let code = GeoCell.code(of: point)
            #expect(ranges.contains { $0.contains(code) })
        }
    }

    @Test func edgesOfTheWorld_stayInRange() {
        #expect(GeoCell.code(of: GeoPoint(lon: -180, lat: -90)) == 0)
        #expect(GeoCell.code(of: GeoPoint(lon: 180, lat: 90)) == 360_000 * 1_000_000 + 720_000)
    }
}
