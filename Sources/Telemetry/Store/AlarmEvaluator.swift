import Foundation
import HubKit
import Logging
import SQLKit

/// Runs the alarm rules over accepted observations, in journal order, and keeps the alarms.
///
/// The evaluator follows the journal: each `telemetry.observations.accepted` event feeds its batch's readings to the
/// pure `RuleEngine`, each `telemetry.rules.changed` event switches to the rules it carries, and a clock tick each
/// minute lets windows slide and silent sources count. The engine's intents become alarm changes written, with their
/// journal events and the evaluator's progress, in one transaction.
///
/// Restart: the engine's state is saved now and then (a snapshot, with the journal position and tick it stands at);
/// every tick applied is recorded with the journal position it followed. Recovery loads the snapshot and replays the
/// journal and the recorded ticks up to the saved progress, without writing — the engine is deterministic, so it
/// arrives at the state the alarms were written from — then carries on live. One hub instance evaluates at a time
/// (a lease in `telemetry_rule_progress`); the others wait and take over when the lease runs out.
public actor AlarmEvaluator {
    let database: HubDatabase
    let clock: HubClock
    let feed: ObservationFeed
    let directory: StationDirectory
    let logger: Logger
    /// Who holds the lease: this instance, for as long as it runs.
    let holder: String
    /// Called after alarm changes commit (actions, duty calls).
    var onChanges: (@Sendable ([AlarmLifecycle.Change]) async -> Void)?

    var rules: [AlarmRule] = []
    var rulesByID: [RuleID: AlarmRule] = [:]
    var engine = RuleEngine(rules: [], stations: [:])
    var state = AlarmState()
    var stationsStale = false
    /// The journal position processed in memory, and the one last written.
    public internal(set) var cursor: Int64 = 0
    var persistedCursor: Int64 = 0
    var nextTickID: Int64 = 1
    var lastTickAt: Int64 = 0
    var leaseUntil: Int64 = 0
    var holding = false
    var lastSnapshotAt: Int64 = 0
    var readingsSinceSnapshot = 0
    var ids = SystemRandomNumberGenerator()
    var readingsEvaluated = 0

    static let tickInterval: Int64 = 60_000
    static let leaseLength: Int64 = 30_000
    static let snapshotInterval: Int64 = 300_000
    static let snapshotReadings = 2_000_000
    static let pageSize = 2000

    public init(database: HubDatabase, clock: HubClock, feed: ObservationFeed, directory: StationDirectory, logger: Logger) {
        self.database = database
        self.clock = clock
        self.feed = feed
        self.directory = directory
        self.logger = logger
        // SQLite has one hub process, so a restarted hub is the same holder and resumes at once; on PostgreSQL each
        // process is its own, and a crashed holder's lease runs out within `leaseLength`.
        self.holder = database.engine == .sqlite ? "sqlite" : "hub-" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
    }

    /// Gives the lease up (on shutdown), so another instance takes over at once.
    public func release() async {
        holding = false
        let holder = self.holder
        _ = try? await database.write { tx in
            try await tx.sql.raw("UPDATE telemetry_rule_progress SET holder = NULL, lease_until_ms = 0 WHERE id = 1 AND holder = \(bind: holder)").run()
        }
    }

    public func setOnChanges(_ handler: @escaping @Sendable ([AlarmLifecycle.Change]) async -> Void) {
        onChanges = handler
    }

    /// Evaluates until cancelled: on each hand-over from ingest, and at least once a second.
    public func run() async {
        let ticker = Task { [feed] in
            while (try? await Task.sleep(for: .seconds(1))) != nil { feed.nudge() }
        }
        defer { ticker.cancel() }
        for await _ in feed.wakeUps {
            do {
                _ = try await pass()
            } catch is CancellationError {
                break
            } catch {
                logger.error("alarm evaluation failed; recovering", metadata: ["error": "\(error)"])
                holding = false
            }
            if Task.isCancelled { break }
        }
        await release()
    }

    /// One round: takes the lease if needed, evaluates what the journal holds past the cursor, ticks when due, and
    /// writes the changes. Returns the alarm changes made. Tests call it directly.
    @discardableResult
    public func pass() async throws -> [AlarmLifecycle.Change] {
        let now = clock.nowMilliseconds
        if !holding {
            guard try await acquire(now: now) else { return [] }
            try await recover()
            holding = true
        }
        var intents: [AlarmIntent] = []
        var advanced = cursor
        var readings = 0
        page: while true {
            let events = try await database.read { sql in try await Journal.events(after: advanced, limit: Self.pageSize, on: sql) }
            for event in events {
                guard let batch = try await take(event, now: now) else { break page }
                readings += batch.count
                intents += apply(event, readings: batch)
                advanced = event.seq
            }
            if events.count < Self.pageSize { break }
        }
        cursor = advanced
        readingsSinceSnapshot += readings
        readingsEvaluated += readings
        var tick: (id: Int64, at: Int64)?
        let tickAt = now - now % Self.tickInterval
        if tickAt > lastTickAt {
            intents += engine.evaluate(&state, .tick(tickAt))
            tick = (nextTickID, tickAt)
            nextTickID += 1
            lastTickAt = tickAt
        }
        let snapshot = now - lastSnapshotAt >= Self.snapshotInterval || readingsSinceSnapshot >= Self.snapshotReadings
        guard !intents.isEmpty || tick != nil || snapshot || leaseUntil - now < Self.leaseLength / 2 else { return [] }
        let changes = try await commit(intents, tick: tick, snapshot: snapshot ? try snapshotText() : nil, now: now)
        if snapshot {
            lastSnapshotAt = now
            readingsSinceSnapshot = 0
        }
        if !changes.isEmpty, let onChanges { await onChanges(changes) }
        return changes
    }

    /// The readings an event brings to the engine: none for most events, the batch's for accepted observations;
    /// nil when the batch is still being handed over (stop here and wait).
    func take(_ event: HubEvent, now: Int64) async throws -> [Observation]? {
        guard event.kind == "telemetry.observations.accepted" else { return [] }
        let batch = String(event.subject.dropFirst("telemetry-batch:".count))
        switch feed.take(batch, now: now) {
        case .ready(let observations): return observations
        case .pending: return nil
        case .unknown: return try await stored(event)
        }
    }

    /// Applies one journal event to the engine (rules switch, readings evaluated); returns the intents.
    func apply(_ event: HubEvent, readings: [Observation]) -> [AlarmIntent] {
        if event.kind == RuleStore.eventKind {
            if let payload = try? JSONDecoder().decode(RuleStore.ChangedPayload.self, from: Data(event.payload.utf8)) {
                install(payload.rules)
            } else {
                logger.error("a rules event cannot be read; keeping the rules in force", metadata: ["seq": "\(event.seq)"])
            }
            return []
        }
        if event.kind.hasPrefix("telemetry.station") { stationsStale = true }
        guard !readings.isEmpty else { return [] }
        if stationsStale { install(rules) }
        var intents: [AlarmIntent] = []
        for o in readings { intents += engine.evaluate(&state, .observation(o)) }
        return intents
    }

    func install(_ rules: [AlarmRule]) {
        self.rules = rules
        rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var stations: [StationID: RuleStation] = [:]
        for entry in directory.snapshot.values { stations[entry.id] = RuleStation(id: entry.id, groups: entry.groups, river: entry.river) }
        engine = RuleEngine(rules: rules, stations: stations)
        stationsStale = false
    }

    /// What the evaluator is doing, for operators: whether this instance evaluates, how far it got in the journal.
    public struct Status: Sendable, Codable {
        public var evaluating: Bool
        public var holder: String
        public var cursor: Int64
        public var rules: Int
        public var readingsEvaluated: Int
        public var lateReadingsIgnored: Int
        public var lastTick: String?
    }

    public func status() -> Status {
        Status(evaluating: holding, holder: holder, cursor: cursor, rules: rules.count, readingsEvaluated: readingsEvaluated,
               lateReadingsIgnored: state.lateIgnored, lastTick: lastTickAt > 0 ? Timestamp.shanghai(lastTickAt) : nil)
    }

    /// Which department owns a (rule, source)'s alarm, and its group; nil for a group without stations.
    func owner(_ intent: AlarmIntent) -> (DepartmentID, String)? {
        let rule = rulesByID[intent.rule]
        let group = rule?.group ?? intent.rule.rawValue
        if let department = rule?.department { return (department, group) }
        let stations = directory.snapshot
        if let station = stations[intent.source] { return (station.department, group) }
        let member = stations.values.filter { $0.groups.contains(intent.source) }.min { $0.id < $1.id }
        return member.map { ($0.department, group) }
    }
}
