import Foundation
import HubKit
import HubTestSupport
import SQLKit
import Telemetry
import Testing

/// Ingest and time series on both engines: idempotent re-sends, late and out-of-order readings, corrections,
/// all-or-nothing batches, aggregation against a pure reference across retention and Shanghai days, retention.
@Suite struct TelemetryStoreTests {
    /// 2024-07-10T16:26:40+08:00.
    static let start = Date(timeIntervalSince1970: 1_720_600_000)

    struct Fixture {
        let database: HubDatabase
        let clock: TestClock
        let desk: TelemetryDesk

        static func make(_ engine: DatabaseEngine) async throws -> Fixture {
            let database = try await TestDatabases.open(engine, migrations: [Journal.migration] + TelemetryMigrations.all)
            let clock = TestClock(TelemetryStoreTests.start)
            let desk = try await TelemetryDesk.start(database: database, retentionDays: 30, clock: clock.clock, departmentExists: { _ in true })
            let point = GeoPoint(lon: 106.58, lat: 29.55)
            let stations = [
                Station(id: StationID(rawValue: "rg-1")!, kind: .rainGauge, name: "雨量站", nameEn: "Rain gauge", location: point,
                        department: DepartmentID(rawValue: "weather")!, groups: ["jialing-upper"], status: .active, river: nil, version: 1, updatedAt: start),
                Station(id: StationID(rawValue: "wl-1")!, kind: .riverGauge, name: "水位站", nameEn: "Level gauge", location: point,
                        department: DepartmentID(rawValue: "water-resources")!, groups: [], status: .active,
                        river: RiverLevels(datum: DatumTag(rawValue: "yellow-sea-1985")!, warningLevel: 175.8, guaranteedLevel: 176.8),
                        version: 1, updatedAt: start),
            ]
            _ = try await desk.stations.importStations(stations, sha256: "test", actor: "test")
            return Fixture(database: database, clock: clock, desk: desk)
        }

        func rain(_ pairs: [(Int64, Double)], correction: Bool = false) async throws -> IngestResult {
            let raws = pairs.enumerated().map { i, p in
                RawObservation(item: "observations[\(i)]", station: "rg-1", quantity: "rainfall", time: Timestamp.shanghai(p.0), value: p.1)
            }
            return try await desk.accept(raws, correction: correction, format: "json", actor: "test")
        }

        func rawCount() async throws -> Int {
            try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM telemetry_observations").first()?.decode(column: "n", as: Int.self) ?? -1
            }
        }

        func journalHead() async throws -> Int64 { try await database.read { try await Journal.head(on: $0) } }
    }

    static let t0: Int64 = 1_720_580_400_000   // 2024-07-10T11:00:00+08:00

    @Test(arguments: TestDatabases.engines)
    func resends_areIdempotent_lateReadingsAccepted_andChangesNeedACorrection(engine: DatabaseEngine) async throws {
        let f = try await Fixture.make(engine)
        defer { Task { await f.database.close() } }
        let first = try await f.rain([(Self.t0, 1.5), (Self.t0 + 300_000, 2.0), (Self.t0 - 300_000, 0.5)])
        #expect(first.inserted == 3 && first.duplicates == 0 && first.event != nil && first.sha256.count == 64)
        let head = try await f.journalHead()
        let again = try await f.rain([(Self.t0 + 300_000, 2.0), (Self.t0, 1.5), (Self.t0 - 300_000, 0.5)])
        #expect(again.inserted == 0 && again.duplicates == 3 && again.event == nil && again.sha256 == first.sha256)
        #expect(try await f.journalHead() == head)
        let late = try await f.rain([(Self.t0 - 7_200_000, 4.0), (Self.t0, 1.5)])
        #expect(late.inserted == 1 && late.duplicates == 1)

        await #expect {
            _ = try await f.rain([(Self.t0 + 600_000, 9.0), (Self.t0, 1.7)])
        } throws: { error in
            guard let problem = error as? TelemetryProblem, problem.code == "CONFLICTING_OBSERVATIONS" else { return false }
            return problem.status == 409
        }
        #expect(try await f.rawCount() == 4)   // nothing of the refused batch, not even its new reading

        let corrected = try await f.rain([(Self.t0, 1.7)], correction: true)
        #expect(corrected.corrected == 1 && corrected.event != nil)
        let event = try await f.database.read { sql in try await Journal.events(after: head, limit: 10, on: sql) }.last
        #expect(event?.kind == "telemetry.observations.accepted")
        #expect(event?.payload.contains(#""old":1.5"#) == true && event?.payload.contains(#""new":1.7"#) == true)
        let hour = try #require(Period("1h"))
        let answer = try await f.desk.series.aggregate(stationKey: 1, quantity: .rainfall, from: Self.t0 - 7_200_000, to: Self.t0 + 3_600_000, period: hour)
        #expect(answer.buckets.map(\.summary.sum) == [4.0, 0.5, 3.7])
        let latest = try await f.desk.observations.latest(stationKey: 1, quantity: .rainfall)
        #expect(latest?.at == Self.t0 + 300_000 && latest?.value == 2.0)
    }

    @Test(arguments: TestDatabases.engines)
    func aBatchWithOneBadReading_writesNothing(engine: DatabaseEngine) async throws {
        let f = try await Fixture.make(engine)
        defer { Task { await f.database.close() } }
        let raws = [
            RawObservation(item: "observations[0]", station: "rg-1", quantity: "rainfall", time: "2024-07-10T11:00:00+08:00", value: 1),
            RawObservation(item: "observations[1]", station: "wl-1", quantity: "water_level", time: "2024-07-10T11:00:00+08:00", value: 176.17, unit: "m"),
            RawObservation(item: "observations[2]", station: "wl-1", quantity: "water_level", time: "2024-07-10T12:00:00+08:00", value: 17617, unit: "ft"),
            RawObservation(item: "observations[3]", station: "ghost", quantity: "rainfall", time: "2024-07-10T11:00:00+08:00", value: 1),
        ]
        await #expect {
            _ = try await f.desk.accept(raws, correction: false, format: "json", actor: "test")
        } throws: { error in
            guard case .badObservations(let faults)? = error as? TelemetryProblem else { return false }
            return faults.map(\.item) == ["observations[2]", "observations[3]"] && faults.map(\.code) == ["UNSUPPORTED_UNIT", "UNKNOWN_STATION"]
        }
        #expect(try await f.rawCount() == 0)
    }

    @Test(arguments: TestDatabases.engines)
    func aggregates_matchAPureReference_acrossRetentionAndShanghaiDays(engine: DatabaseEngine) async throws {
        let f = try await Fixture.make(engine)
        defer { Task { await f.database.close() } }
        var random = SplitMix64(seed: 20240710)
        let now = Self.start.milliseconds
        let span: Int64 = 40 * 86_400_000
        var readings: [(at: Int64, value: Double)] = []
        var seen = Set<Int64>()
        while readings.count < 1500 {
            let at = now - Int64(random.next() % UInt64(span)) / 1000 * 1000
            guard seen.insert(at).inserted else { continue }
            readings.append((at, Double(random.next() % 500) / 10))
        }
        for chunk in stride(from: 0, to: readings.count, by: 400) {
            _ = try await f.rain(readings[chunk..<min(chunk + 400, readings.count)].map { ($0.at, $0.value) })
        }
        let line = try await f.desk.retention.run()
        #expect(line == (now - 30 * 86_400_000) / 3_600_000 * 3_600_000)
        #expect(try await f.rawCount() == readings.filter { $0.at >= line }.count)

        let from = try Timestamp.milliseconds("2024-05-31T00:00:00+08:00")
        let to = now + 3_600_000
        for periodText in ["1h", "3h", "1d"] {
            let period = try #require(Period(periodText))
            let answer = try await f.desk.series.aggregate(stationKey: 1, quantity: .rainfall, from: from, to: to, period: period)
            #expect(answer.rawFrom > from)
            let expected = ReferenceAggregation.buckets(readings, period: period, from: from, to: to)
            #expect(answer.buckets.map(\.start) == expected.map(\.start), "\(periodText)")
            for (got, want) in zip(answer.buckets, expected) {
                for fn in AggregateFunction.allCases {
                    #expect(abs(got.summary.value(fn) - want.summary.value(fn)) < 1e-6, "\(periodText) \(fn) at \(Timestamp.shanghai(got.start))")
                }
            }
        }
        let recent = now - 2 * 86_400_000
        let fine = try #require(Period("5m"))
        let answer = try await f.desk.series.aggregate(stationKey: 1, quantity: .rainfall, from: recent, to: to, period: fine)
        let expected = ReferenceAggregation.buckets(readings, period: fine, from: recent, to: to)
        #expect(answer.buckets.map(\.start) == expected.map(\.start) && answer.buckets.map(\.summary.count) == expected.map(\.summary.count))
        #expect(zip(answer.buckets, expected).allSatisfy { abs($0.summary.sum - $1.summary.sum) < 1e-6 && $0.summary.max == $1.summary.max })
        await #expect(throws: TelemetryProblem.self) {
            _ = try await f.desk.series.aggregate(stationKey: 1, quantity: .rainfall, from: from, to: to, period: fine)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func pastRetention_aSummarisedHourTakesNoMoreReadings_butAnEmptyOneDoes(engine: DatabaseEngine) async throws {
        let f = try await Fixture.make(engine)
        defer { Task { await f.database.close() } }
        let old = Self.start.milliseconds - 40 * 86_400_000
        _ = try await f.rain([(old, 3.0)])
        try await f.desk.retention.run()
        #expect(try await f.rawCount() == 0)
        await #expect {
            _ = try await f.rain([(old + 60_000, 1.0)])
        } throws: { error in
            guard case .conflictingObservations(let faults)? = error as? TelemetryProblem else { return false }
            return faults.map(\.code) == ["HOUR_SEALED"]
        }
        let history = try await f.rain([(old + 86_400_000, 2.0)])
        #expect(history.inserted == 1)
        let day = try #require(Period("1d"))
        let answer = try await f.desk.series.aggregate(stationKey: 1, quantity: .rainfall, from: day.bucket(old), to: day.bucket(old) + 3 * 86_400_000, period: day)
        #expect(answer.buckets.map(\.summary.sum) == [3.0, 2.0])
    }
}
