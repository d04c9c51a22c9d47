import Foundation
import HubKit
import SQLKit

/// The evaluator's lost lease: another instance evaluates now, or the progress row moved under it.
struct EvaluatorLeaseLost: Error {}

/// The evaluator's reads and writes: the lease, recovery from snapshot and journal, the commit of a round.
extension AlarmEvaluator {
    /// Takes (or renews) the lease when it is free, expired or ours.
    func acquire(now: Int64) async throws -> Bool {
        let holder = self.holder
        let until = now + Self.leaseLength
        let taken = try await database.write { tx in
            try await tx.sql.raw("""
                UPDATE telemetry_rule_progress SET holder = \(bind: holder), lease_until_ms = \(bind: until)
                WHERE id = 1 AND (holder IS NULL OR holder = \(bind: holder) OR lease_until_ms < \(bind: now)) RETURNING id
                """).first() != nil
        }
        if taken { leaseUntil = until }
        return taken
    }

    /// Loads the snapshot and replays the journal and recorded ticks up to the saved progress, writing nothing.
    func recover() async throws {
        let (snapshot, progress, ticks) = try await database.read { sql in
            guard let s = try await sql.raw("SELECT through_seq, next_tick_id, rules, state, saved_at_ms FROM telemetry_rule_snapshot WHERE id = 1").first(),
                  let p = try await sql.raw("SELECT through_seq, next_tick_id FROM telemetry_rule_progress WHERE id = 1").first() else {
                throw EvaluatorLeaseLost()
            }
            let from = try s.decode(column: "next_tick_id", as: Int64.self)
            let ticks = try await sql.raw("""
                SELECT tick_id, after_seq, at_ms FROM telemetry_rule_ticks WHERE tick_id >= \(bind: from) ORDER BY tick_id
                """).all().map { (after: try $0.decode(column: "after_seq", as: Int64.self), at: try $0.decode(column: "at_ms", as: Int64.self),
                                  id: try $0.decode(column: "tick_id", as: Int64.self)) }
            return ((seq: try s.decode(column: "through_seq", as: Int64.self), tick: from,
                     rules: try s.decode(column: "rules", as: String.self), state: try s.decode(column: "state", as: String.self),
                     savedAt: try s.decode(column: "saved_at_ms", as: Int64.self)),
                    (seq: try p.decode(column: "through_seq", as: Int64.self), tick: try p.decode(column: "next_tick_id", as: Int64.self)),
                    ticks)
        }
        install(try JSONDecoder().decode([AlarmRule].self, from: Data(snapshot.rules.utf8)))
        state = snapshot.state.isEmpty ? AlarmState() : try JSONDecoder().decode(AlarmState.self, from: Data(snapshot.state.utf8))
        let applied = ticks.filter { $0.id < progress.tick }
        var next = 0
        var position = snapshot.seq
        while position < progress.seq {
            let events = try await database.read { sql in try await Journal.events(after: position, limit: Self.pageSize, on: sql) }
            guard !events.isEmpty else { break }
            for event in events where event.seq <= progress.seq {
                while next < applied.count, applied[next].after < event.seq {
                    _ = engine.evaluate(&state, .tick(applied[next].at))
                    next += 1
                }
                let readings: [Observation]
                if let taken = try await take(event, now: clock.nowMilliseconds) { readings = taken } else { readings = try await stored(event) }
                _ = apply(event, readings: readings)
                position = event.seq
            }
            if events.last.map({ $0.seq >= progress.seq }) ?? true { break }
        }
        while next < applied.count {
            _ = engine.evaluate(&state, .tick(applied[next].at))
            next += 1
        }
        cursor = progress.seq
        persistedCursor = progress.seq
        nextTickID = progress.tick
        lastTickAt = applied.last?.at ?? max(lastTickAt, 0)
        lastSnapshotAt = snapshot.savedAt
        readingsSinceSnapshot = 0
    }

    /// The readings of a batch's journal event, read back from the database (a batch another instance wrote, or
    /// one written before a restart), in the order ingest gives them.
    func stored(_ event: HubEvent) async throws -> [Observation] {
        struct Payload: Decodable {
            var batch: String
            var from: String?
            var to: String?
            var stations: [String]
        }
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(event.payload.utf8)),
              let batchID = UInt64(payload.batch, radix: 16),
              let from = payload.from.flatMap({ try? Timestamp.milliseconds($0) }),
              let to = payload.to.flatMap({ try? Timestamp.milliseconds($0) }) else { return [] }
        let entries = directory.snapshot
        let codes = Quantity.allCases.map(\.storageCode)
        let batch = Int64(bitPattern: batchID)
        return try await database.read { sql in
            var out: [Observation] = []
            for id in payload.stations.sorted() {
                guard let entry = entries[id] else { continue }
                let rows = try await sql.raw("""
                    SELECT quantity, at_ms, value FROM telemetry_observations WHERE station_key = \(bind: entry.key)
                    AND quantity IN (\(binds: codes)) AND at_ms >= \(bind: from) AND at_ms <= \(bind: to) AND batch_id = \(bind: batch)
                    """).all()
                for row in rows {
                    guard let quantity = Quantity(storageCode: try row.decode(column: "quantity", as: Int64.self)) else { continue }
                    out.append(Observation(stationKey: entry.key, station: entry.id, quantity: quantity,
                                           at: try row.decode(column: "at_ms", as: Int64.self), value: try row.decode(column: "value", as: Double.self)))
                }
            }
            return out.sorted(by: Observation.inKeyOrder)
        }
    }

    /// The engine's state and rules as saved in a snapshot.
    func snapshotText() throws -> (rules: String, state: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (String(decoding: try encoder.encode(rules), as: UTF8.self), String(decoding: try encoder.encode(state), as: UTF8.self))
    }

    /// Writes a round: the alarm changes with their events, the tick, the progress and lease, and a snapshot when due.
    func commit(_ intents: [AlarmIntent], tick: (id: Int64, at: Int64)?, snapshot: (rules: String, state: String)?,
                now: Int64) async throws -> [AlarmLifecycle.Change] {
        let owners = intents.map(owner)
        let newIDs = intents.map { _ in AlarmID.random(using: &ids) }
        let actions = rulesByID.compactMapValues(\.actions)
        let (holder, cursor, persisted, nextTick, clock) = (self.holder, self.cursor, self.persistedCursor, self.nextTickID, self.clock)
        let until = now + Self.leaseLength
        let changes = try await database.write { tx -> [AlarmLifecycle.Change] in
            let moved = try await tx.sql.raw("""
                UPDATE telemetry_rule_progress SET through_seq = \(bind: cursor), next_tick_id = \(bind: nextTick),
                lease_until_ms = \(bind: until) WHERE id = 1 AND holder = \(bind: holder) AND through_seq = \(bind: persisted) RETURNING id
                """).first()
            guard moved != nil else { throw EvaluatorLeaseLost() }
            if let tick {
                try await tx.sql.raw("INSERT INTO telemetry_rule_ticks (tick_id, after_seq, at_ms) VALUES (\(bind: tick.id), \(bind: cursor), \(bind: tick.at))").run()
            }
            if let snapshot {
                try await tx.sql.raw("""
                    UPDATE telemetry_rule_snapshot SET through_seq = \(bind: cursor), next_tick_id = \(bind: nextTick), rules = \(bind: snapshot.rules),
                    state = \(bind: snapshot.state), saved_at_ms = \(bind: now) WHERE id = 1
                    """).run()
                try await tx.sql.raw("DELETE FROM telemetry_rule_ticks WHERE tick_id < \(bind: nextTick)").run()
            }
            return try await AlarmStore.apply(intents, owners: owners, newIDs: newIDs, actions: actions, in: tx, clock: clock)
        }
        persistedCursor = cursor
        leaseUntil = until
        return changes
    }
}
