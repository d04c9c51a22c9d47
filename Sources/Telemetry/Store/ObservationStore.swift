import Foundation
import HubKit
import SQLKit

/// What one accepted batch did.
public struct IngestResult: Sendable, Codable {
    /// The batch's id (16 hex digits), also the journal subject `telemetry-batch:<id>`; empty when nothing was new.
    public var batch: String
    /// Valid observations in the batch (after removing repeats within it).
    public var received: Int
    public var inserted: Int
    /// Already stored with the same value: idempotent re-sends.
    public var duplicates: Int
    public var corrected: Int
    public var from: String?
    public var to: String?
    /// SHA-256 of the batch's canonical content (`BatchDigest`).
    public var sha256: String
    /// The journal event of the batch; nil when nothing was written.
    public var event: Int64?
}

/// Raw observations and their hourly summaries: all-or-nothing batches, idempotent re-sends, corrections,
/// and one journal event per batch that changed anything.
public struct ObservationStore: Sendable {
    public let database: HubDatabase
    let clock: HubClock
    /// Where accepted readings go for the alarm rules.
    let feed: ObservationFeed?

    public init(database: HubDatabase, clock: HubClock, feed: ObservationFeed? = nil) {
        self.database = database
        self.clock = clock
        self.feed = feed
    }

    static let hour: Int64 = 3_600_000

    /// Writes checked observations in one transaction. Readings already stored with the same value are skipped;
    /// with a different value they are refused together (409) unless `correction`, when they replace the stored
    /// value and are listed in the journal event. Summaries of hours whose raw data was purged cannot change.
    public func ingest(_ observations: [Observation], correction: Bool, format: String, actor: String) async throws -> IngestResult {
        let sorted = observations.sorted(by: Observation.inKeyOrder)
        let digest = BatchDigest.sha256(sorted)
        let range = (sorted.map(\.at).min(), sorted.map(\.at).max())
        let result = IngestResult(batch: "", received: sorted.count, inserted: 0, duplicates: 0, corrected: 0,
                                  from: range.0.map(Timestamp.shanghai), to: range.1.map(Timestamp.shanghai), sha256: digest, event: nil)
        guard !sorted.isEmpty else { return result }
        let batchID = Int64.random(in: 1...Int64.max)
        let batchHex = String(UInt64(batchID), radix: 16).leftPadded(to: 16)
        let clock = self.clock
        feed?.expect(batchHex, now: clock.nowMilliseconds)
        let written: (IngestResult, [Observation])
        do {
            written = try await write(sorted, batchID: batchID, batchHex: batchHex, result: result, digest: digest,
                                      correction: correction, format: format, actor: actor)
        } catch {
            feed?.withdraw(batchHex)
            throw error
        }
        if written.0.event == nil { feed?.withdraw(batchHex) } else { feed?.deliver(batchHex, written.1, now: clock.nowMilliseconds) }
        return written.0
    }

    /// The transaction of `ingest`: the result and the readings that are new or changed, in key order.
    private func write(_ sorted: [Observation], batchID: Int64, batchHex: String, result: IngestResult, digest: String,
                       correction: Bool, format: String, actor: String) async throws -> (IngestResult, [Observation]) {
        var result = result
        let clock = self.clock
        return try await database.write { tx -> (IngestResult, [Observation]) in
            let statements = ObservationStatements.on(tx.engine)
            var inserted = 0
            var index = 0
            while index < sorted.count {
                let size = ObservationStatements.sizes.first { $0 <= sorted.count - index } ?? 1
                var values: [any Encodable & Sendable] = []
                values.reserveCapacity(size * 5)
                for o in sorted[index..<index + size] {
                    values.append(o.stationKey); values.append(o.quantity.storageCode); values.append(o.at)
                    values.append(o.value); values.append(batchID)
                }
                guard let statement = statements.insert[size] else { break }
                if let count = statements.insertedCount {
                    try await tx.sql.run(statement(values))
                    inserted += try await tx.sql.first(count([]))?.decode(column: "n", as: Int.self) ?? 0
                } else {
                    inserted += try await tx.sql.first(statement(values))?.decode(column: "n", as: Int.self) ?? 0
                }
                index += size
            }
            var fresh = sorted
            var changed: [(Observation, Double)] = []
            if inserted < sorted.count {
                let old = try await storedBefore(sorted, batchID: batchID, in: tx)
                fresh = []
                for o in sorted {
                    guard let stored = old[o.key] else { fresh.append(o); continue }
                    if stored == o.value { result.duplicates += 1 } else { changed.append((o, stored)) }
                }
            }
            if !changed.isEmpty, !correction {
                throw TelemetryProblem.conflictingObservations(changed.map { o, stored in
                    TelemetryFault(item: "\(o.quantity.rawValue)@\(Timestamp.shanghai(o.at))", station: o.station.rawValue,
                                   code: "VALUE_DIFFERS", zh: "已存数值 \(stored)，本次 \(o.value)", en: "stored \(stored), sent \(o.value)")
                })
            }
            try await refuseSealedHours(fresh: fresh, corrected: changed.map(\.0), in: tx)
            try await addHourly(fresh, statements: statements, in: tx)
            var rebuilt = Set<Observation.Key>()
            for (o, _) in changed {
                try await tx.sql.run(ObservationStatements.correct([o.value, batchID, o.stationKey, o.quantity.storageCode, o.at]))
            }
            for (o, _) in changed {
                let hour = Timestamp.floorDiv(o.at, Self.hour) * Self.hour
                guard rebuilt.insert(Observation.Key(stationKey: o.stationKey, quantity: o.quantity, at: hour)).inserted else { continue }
                try await tx.sql.run(ObservationStatements.dropHour([o.stationKey, o.quantity.storageCode, hour]))
                try await tx.sql.run(ObservationStatements.rebuildHour([hour, o.stationKey, o.quantity.storageCode, hour, hour + Self.hour]))
            }
            result.inserted = fresh.count
            result.corrected = changed.count
            guard !fresh.isEmpty || !changed.isEmpty else { return (result, []) }
            result.batch = batchHex
            let payload = BatchPayload(batch: result.batch, format: format, count: sorted.count, inserted: fresh.count,
                                       duplicates: result.duplicates, from: result.from, to: result.to,
                                       stations: Array(Set(sorted.map(\.station.rawValue))).sorted(), sha256: digest,
                                       corrections: changed.prefix(1000).map { o, stored in
                                           BatchPayload.Correction(station: o.station.rawValue, quantity: o.quantity.rawValue,
                                                                   at: Timestamp.shanghai(o.at), old: stored, new: o.value)
                                       }, correctionCount: changed.count)
            let event = try await Journal.append(try NewEvent(kind: "telemetry.observations.accepted", subject: "telemetry-batch:\(result.batch)",
                                                              actor: actor, payload: payload), in: tx, clock: clock)
            result.event = event.seq
            let accepted = changed.isEmpty ? fresh : (fresh + changed.map(\.0)).sorted(by: Observation.inKeyOrder)
            return (result, accepted)
        }
    }

    struct BatchPayload: Encodable {
        struct Correction: Encodable {
            var station: String
            var quantity: String
            var at: String
            var old: Double
            var new: Double
        }
        var batch: String
        var format: String
        var count: Int
        var inserted: Int
        var duplicates: Int
        var from: String?
        var to: String?
        var stations: [String]
        var sha256: String
        var corrections: [Correction]
        var correctionCount: Int
    }

    /// Values stored by earlier batches at the keys of `observations`.
    private func storedBefore(_ observations: [Observation], batchID: Int64, in tx: Transaction) async throws -> [Observation.Key: Double] {
        var ranges: [Observation.Key: (Int64, Int64)] = [:]
        for o in observations {
            let series = Observation.Key(stationKey: o.stationKey, quantity: o.quantity, at: 0)
            let r = ranges[series] ?? (o.at, o.at)
            ranges[series] = (min(r.0, o.at), max(r.1, o.at))
        }
        var stored: [Observation.Key: Double] = [:]
        for (series, range) in ranges {
            let rows = try await tx.sql.all(ObservationStatements.existing([series.stationKey, series.quantity.storageCode, range.0, range.1, batchID]))
            for row in rows {
                let at = try row.decode(column: "at_ms", as: Int64.self)
                stored[Observation.Key(stationKey: series.stationKey, quantity: series.quantity, at: at)] = try row.decode(column: "value", as: Double.self)
            }
        }
        return stored
    }

    /// Refuses new readings, and corrections, in hours older than the purge line that already have a summary: their
    /// raw data is gone, so a repeat could not be told from a new reading.
    private func refuseSealedHours(fresh: [Observation], corrected: [Observation], in tx: Transaction) async throws {
        let purged = try await tx.sql.first(ObservationStatements.purgedBefore([]))?.decode(column: "purged_before_ms", as: Int64.self) ?? 0
        guard purged > 0 else { return }
        var faults: [TelemetryFault] = []
        var checked: [Observation.Key: Bool] = [:]
        for o in fresh + corrected where o.at < purged {
            let hour = Timestamp.floorDiv(o.at, Self.hour) * Self.hour
            let key = Observation.Key(stationKey: o.stationKey, quantity: o.quantity, at: hour)
            let sealed: Bool
            if let known = checked[key] {
                sealed = known
            } else {
                sealed = try await tx.sql.first(ObservationStatements.hourExists([o.stationKey, o.quantity.storageCode, hour])) != nil
                checked[key] = sealed
            }
            if sealed {
                faults.append(TelemetryFault(item: "\(o.quantity.rawValue)@\(Timestamp.shanghai(o.at))", station: o.station.rawValue,
                                             code: "HOUR_SEALED", zh: "该小时的原始数据已过保留期，小时汇总不再接收新数据",
                                             en: "the raw data of this hour is past retention; its hourly summary takes no more readings"))
            }
        }
        if !faults.isEmpty { throw TelemetryProblem.conflictingObservations(faults) }
    }

    private func addHourly(_ observations: [Observation], statements: ObservationStatements, in tx: Transaction) async throws {
        var hours: [Observation.Key: Summary] = [:]
        var order: [Observation.Key] = []
        for o in observations {
            let key = Observation.Key(stationKey: o.stationKey, quantity: o.quantity, at: Timestamp.floorDiv(o.at, Self.hour) * Self.hour)
            if hours[key] == nil {
                hours[key] = Summary(o.value)
                order.append(key)
            } else {
                hours[key]?.add(Summary(o.value))
            }
        }
        var index = 0
        while index < order.count {
            let size = ObservationStatements.sizes.first { $0 <= order.count - index } ?? 1
            var values: [any Encodable & Sendable] = []
            values.reserveCapacity(size * 7)
            for key in order[index..<index + size] {
                guard let s = hours[key] else { continue }
                values.append(key.stationKey); values.append(key.quantity.storageCode); values.append(key.at)
                values.append(s.count); values.append(s.sum); values.append(s.min); values.append(s.max)
            }
            guard let statement = statements.addHourly[size] else { break }
            try await tx.sql.run(statement(values))
            index += size
        }
    }

    /// The newest reading of each (station, quantity), in one read: index `i` of the answer is `series[i]`'s, nil when
    /// it has none.
    public func latest(_ series: [(stationKey: Int64, quantity: Quantity)]) async throws -> [(at: Int64, value: Double)?] {
        try await database.read { sql in
            var found: [(at: Int64, value: Double)?] = []
            found.reserveCapacity(series.count)
            for s in series {
                let row = try await sql.first(ObservationStatements.latest([s.stationKey, s.quantity.storageCode]))
                found.append(try row.map { (try $0.decode(column: "at_ms", as: Int64.self), try $0.decode(column: "value", as: Double.self)) })
            }
            return found
        }
    }

    /// The newest reading of a station's quantity, or the newest at or before `at` (Unix milliseconds).
    public func latest(stationKey: Int64, quantity: Quantity, atOrBefore at: Int64? = nil) async throws -> (at: Int64, value: Double)? {
        let statement = at.map { ObservationStatements.latestAtOrBefore([stationKey, quantity.storageCode, $0]) }
            ?? ObservationStatements.latest([stationKey, quantity.storageCode])
        return try await database.read { sql in
            guard let row = try await sql.first(statement) else { return nil }
            return (try row.decode(column: "at_ms", as: Int64.self), try row.decode(column: "value", as: Double.self))
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
