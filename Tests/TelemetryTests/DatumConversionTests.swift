import HubKit
import Telemetry
import Testing

/// Converting levels between datums at one gauge: through the gauge's own datum, refused without an offset.
@Suite struct DatumConversionTests {
    static let yellowSea = DatumTag(rawValue: "yellow-sea-1985")!
    static let wusong = DatumTag(rawValue: "wusong")!
    static let local = DatumTag(rawValue: "chongqing-local")!
    static let offsets: [DatumTag: Double] = [wusong: 1.8, local: -0.35]

    @Test func ownDatum_isNoShift_andAnOffsetConvertsBothWays() {
        #expect(DatumConversion.shift(from: Self.yellowSea, to: Self.yellowSea, station: Self.yellowSea, offsets: [:]) == 0)
        #expect(DatumConversion.shift(from: Self.yellowSea, to: Self.wusong, station: Self.yellowSea, offsets: Self.offsets) == 1.8)
        #expect(DatumConversion.shift(from: Self.wusong, to: Self.yellowSea, station: Self.yellowSea, offsets: Self.offsets) == -1.8)
        let across = DatumConversion.shift(from: Self.wusong, to: Self.local, station: Self.yellowSea, offsets: Self.offsets)
        #expect(across.map { abs($0 - (-2.15)) < 1e-12 } == true)
    }

    @Test func roundTrip_returnsTheLevel() throws {
        for level in [176.17, 168.0, 0, -3.25] {
            let there = try #require(DatumConversion.shift(from: Self.yellowSea, to: Self.wusong, station: Self.yellowSea, offsets: Self.offsets))
            let back = try #require(DatumConversion.shift(from: Self.wusong, to: Self.yellowSea, station: Self.yellowSea, offsets: Self.offsets))
            #expect(abs(level + there + back - level) < 1e-12)
        }
    }

    @Test func noOffset_orAnUnknownDatum_isRefused_notGuessed() {
        let unknown = DatumTag(rawValue: "pearl-river")!
        #expect(DatumConversion.shift(from: Self.yellowSea, to: unknown, station: Self.yellowSea, offsets: Self.offsets) == nil)
        #expect(DatumConversion.shift(from: unknown, to: Self.wusong, station: Self.yellowSea, offsets: Self.offsets) == nil)
        #expect(DatumConversion.shift(from: Self.yellowSea, to: Self.wusong, station: Self.yellowSea, offsets: [:]) == nil)
        #expect(DatumTag(rawValue: "Wusong") == nil && DatumTag(rawValue: "w") == nil)
    }

    @Test func stationLevels_moveWithTheOffset() throws {
        let river = RiverLevels(datum: Self.yellowSea, warningLevel: 175.8, guaranteedLevel: 176.8)
        let moved = try #require(DatumConversion.levels(river, in: Self.wusong, offsets: Self.offsets))
        #expect(moved.datum == Self.wusong && abs(moved.warningLevel - 177.6) < 1e-9 && abs(moved.guaranteedLevel - 178.6) < 1e-9)
        #expect(DatumConversion.levels(river, in: DatumTag(rawValue: "pearl-river")!, offsets: Self.offsets) == nil)
    }

    @Test func aggregates_shiftAsTheirFunctionDemands() {
        #expect(DatumConversion.shifted(176.0, fn: .avg, count: 4, by: 2) == 178)
        #expect(DatumConversion.shifted(700.0, fn: .sum, count: 4, by: 2) == 708)
        #expect(DatumConversion.shifted(4, fn: .count, count: 4, by: 2) == 4)
    }
}
