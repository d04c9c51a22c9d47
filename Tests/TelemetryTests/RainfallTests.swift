import Foundation
import HubKit
import Telemetry
import Testing

/// Rainfall grades (GB/T 28592-2012 table 1; the CMA hourly grading), map colours and accumulations, by table.
@Suite struct RainfallClassTests {
    @Test(arguments: [
        (0.0, RainfallClass.trace), (0.04, .trace), (0.1, .light), (9.9, .light), (9.95, .moderate), (10.0, .moderate),
        (24.9, .moderate), (25.0, .heavy), (49.9, .heavy), (50.0, .rainstorm), (99.9, .rainstorm), (100.0, .heavyRainstorm),
        (249.9, .heavyRainstorm), (250.0, .extremeRainstorm), (612.0, .extremeRainstorm),
    ])
    func grades24h_followTheStandardsBounds(mm: Double, grade: RainfallClass) {
        #expect(RainfallClass.classify(mm, windowHours: 24) == grade)
    }

    @Test(arguments: [
        (4.9, RainfallClass.light), (5.0, .moderate), (14.9, .moderate), (15.0, .heavy), (29.9, .heavy), (30.0, .rainstorm),
        (69.9, .rainstorm), (70.0, .heavyRainstorm), (139.9, .heavyRainstorm), (140.0, .extremeRainstorm),
    ])
    func grades12h_followTheStandardsBounds(mm: Double, grade: RainfallClass) {
        #expect(RainfallClass.classify(mm, windowHours: 12) == grade)
    }

    @Test(arguments: [(1.9, RainfallClass.light), (2.0, .moderate), (5.0, .heavy), (10.0, .rainstorm), (19.9, .rainstorm), (20.0, .heavyRainstorm), (80.0, .heavyRainstorm)])
    func grades1h_followTheHourlyTable_withoutAnExtremeClass(mm: Double, grade: RainfallClass) {
        #expect(RainfallClass.classify(mm, windowHours: 1) == grade)
    }

    @Test func windowsWithoutATable_haveNoGrade() {
        for hours in [3, 6, 72] { #expect(RainfallClass.classify(60, windowHours: hours) == nil) }
    }

    @Test(arguments: [
        (0.0, RainfallColour.none), (0.04, .none), (0.1, .lightGreen), (9.9, .lightGreen), (10.0, .green), (24.9, .green),
        (25.0, .yellow), (50.0, .yellow), (50.04, .yellow), (50.1, .red), (100.0, .red), (100.1, .purple), (300, .purple),
    ])
    func colours_over100Purple_over50Red(mm: Double, colour: RainfallColour) {
        #expect(RainfallColour.of(mm) == colour)
    }
}

@Suite struct RainfallAccumulationTests {
    static let t0: Int64 = 1_720_540_800_000   // 2024-07-10T00:00:00+08:00
    static func hour(_ h: Int) -> Int64 { t0 + Int64(h) * 3_600_000 }
    static func hourly(_ values: [Double], from first: Int = 1) -> [RainReading] {
        values.enumerated().map { RainReading(at: hour(first + $0.offset), millimetres: $0.element) }
    }

    @Test func window_sumsTheReadingsOfTheLastHours_theOneExactlyAWindowOldIsOut() {
        let readings = Self.hourly([1, 2, 3, 4, 5, 6])
        let three = RainfallAccumulation.at(Self.hour(6), window: .hours(3), readings: readings)
        #expect(three.millimetres == 15 && three.readings == 3)
        let one = RainfallAccumulation.at(Self.hour(6) + 1_800_000, window: .hours(1), readings: readings)
        #expect(one.millimetres == 6)
        let later = RainfallAccumulation.at(Self.hour(4), window: .hours(24), readings: readings)
        #expect(later.millimetres == 10)   // readings after `at` do not count
    }

    @Test func sinceTheRainBegan_startsAfterTheLastDrySpell() {
        // Wet 1–3, dry 4–9 (6 h), wet 10–12 with one dry hour at 11: the rain began at 10.
        let readings = Self.hourly([2, 2, 2, 0, 0, 0, 0, 0, 0, 5, 0, 7])
        let event = RainfallAccumulation.at(Self.hour(12), window: .sinceRainBegan(dryHours: 6), readings: readings)
        #expect(event.millimetres == 12 && event.rainBegan == Self.hour(10) && !event.truncated)
        // With a 7-hour dry spell required, the six dry hours do not end the first rain.
        let longer = RainfallAccumulation.at(Self.hour(12), window: .sinceRainBegan(dryHours: 7), readings: readings)
        #expect(longer.millimetres == 18 && longer.rainBegan == Self.hour(1))
    }

    @Test func sinceTheRainBegan_isZeroOnceTheDrySpellHasPassed() {
        let readings = Self.hourly([3, 3])
        #expect(RainfallAccumulation.at(Self.hour(7), window: .sinceRainBegan(dryHours: 6), readings: readings).millimetres == 3 + 3)
        let over = RainfallAccumulation.at(Self.hour(8), window: .sinceRainBegan(dryHours: 6), readings: readings)
        #expect(over.millimetres == 0 && over.rainBegan == nil)
    }

    @Test func windows_parse() {
        #expect(RainfallWindow("24h") == .hours(24))
        #expect(RainfallWindow("event", dryHours: 3) == .sinceRainBegan(dryHours: 3))
        #expect(RainfallWindow("2h") == nil && RainfallWindow("event", dryHours: 0) == nil && RainfallWindow("h") == nil)
    }
}

/// Thiessen weights against layouts computed by hand, and the weights' sum.
@Suite struct ThiessenTests {
    static func square(_ size: Double = 1, at origin: GeoPoint = GeoPoint(lon: 0, lat: 0)) -> [GeoPoint] {
        [origin, GeoPoint(lon: origin.lon + size, lat: origin.lat), GeoPoint(lon: origin.lon + size, lat: origin.lat + size),
         GeoPoint(lon: origin.lon, lat: origin.lat + size), origin]
    }

    @Test func twoGauges_splitAtTheirBisector_andAGaugeWhoseCellMissesTheBasinWeighsNothing() {
        let basin = GeoPolygon(exterior: Self.square(at: GeoPoint(lon: 106, lat: 29)))
        let weights = Thiessen.weights(gauges: [("a", GeoPoint(lon: 106.2, lat: 29.5)), ("b", GeoPoint(lon: 106.6, lat: 29.5)),
                                                ("far", GeoPoint(lon: 106.6, lat: 32))], basin: basin)
        #expect(abs(weights[0].weight - 0.4) < 1e-9 && abs(weights[1].weight - 0.6) < 1e-9 && weights[2].weight == 0)
    }

    @Test func threeGauges_atCorners_matchTheHandComputedCells() {
        // Gauges at (0,0), (1,0), (0,1) of a unit square near the equator: A's cell is [0,½]² (¼); B and C split the
        // rest along the diagonal, ⅜ each.
        let basin = GeoPolygon(exterior: Self.square(0.01))
        let w = Thiessen.weights(gauges: [("a", GeoPoint(lon: 0, lat: 0)), ("b", GeoPoint(lon: 0.01, lat: 0)), ("c", GeoPoint(lon: 0, lat: 0.01))],
                                 basin: basin)
        #expect(abs(w[0].weight - 0.25) < 1e-6 && abs(w[1].weight - 0.375) < 1e-6 && abs(w[2].weight - 0.375) < 1e-6)
        let total = w.reduce(0) { $0 + $1.areaKm2 }
        #expect(abs(total - LocalProjection(origin: GeoPoint(lon: 0.005, lat: 0.005)).area(of: basin) / 1e6) < 1e-6)
        #expect(abs(Thiessen.arealRainfall(w, millimetres: ["a": 40, "b": 80, "c": 0]) - (10 + 30)) < 1e-6)
    }

    @Test func aHole_isLeftOut_andTheWeightsStillSumToOne() {
        // A hole [0.6,0.9]×[0.2,0.8] (in hundredths of a degree) in a unit square; the gauges split at x = 0.5.
        let hole = [GeoPoint(lon: 0.006, lat: 0.002), GeoPoint(lon: 0.006, lat: 0.008), GeoPoint(lon: 0.009, lat: 0.008),
                    GeoPoint(lon: 0.009, lat: 0.002), GeoPoint(lon: 0.006, lat: 0.002)]
        let basin = GeoPolygon(exterior: Self.square(0.01), holes: [hole])
        let w = Thiessen.weights(gauges: [("west", GeoPoint(lon: 0.0025, lat: 0.005)), ("east", GeoPoint(lon: 0.0075, lat: 0.005))], basin: basin)
        // West: 0.5 of the square; east: 0.5 − 0.18 = 0.32; basin 0.82.
        #expect(abs(w[0].weight - 0.5 / 0.82) < 1e-6 && abs(w[1].weight - 0.32 / 0.82) < 1e-6)
    }

    @Test func randomGauges_overANonConvexBasin_weightsSumToOne() {
        // An L-shaped basin; gauges inside and around it.
        let l = [GeoPoint(lon: 106, lat: 29), GeoPoint(lon: 107, lat: 29), GeoPoint(lon: 107, lat: 29.4), GeoPoint(lon: 106.4, lat: 29.4),
                 GeoPoint(lon: 106.4, lat: 30), GeoPoint(lon: 106, lat: 30), GeoPoint(lon: 106, lat: 29)]
        var seed: UInt64 = 42
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        for count in [1, 2, 7, 50, 300] {
            let gauges = (0..<count).map { ("g\($0)", GeoPoint(lon: 105.8 + 1.4 * next(), lat: 28.8 + 1.4 * next())) }
            let w = Thiessen.weights(gauges: gauges, basin: GeoPolygon(exterior: l))
            #expect(abs(w.reduce(0) { $0 + $1.weight } - 1) < 1e-9)
            #expect(w.allSatisfy { $0.weight >= 0 })
        }
    }

    @Test func gaugesAtOnePlace_shareTheirCell() {
        let w = Thiessen.weights(gauges: [("a", GeoPoint(lon: 0.002, lat: 0.005)), ("b", GeoPoint(lon: 0.002, lat: 0.005)),
                                          ("c", GeoPoint(lon: 0.008, lat: 0.005))], basin: GeoPolygon(exterior: Self.square(0.01)))
        #expect(abs(w[0].weight - 0.25) < 1e-9 && abs(w[1].weight - 0.25) < 1e-9 && abs(w[2].weight - 0.5) < 1e-9)
    }
}
