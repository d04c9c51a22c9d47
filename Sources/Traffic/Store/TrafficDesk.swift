import Crypto
import Foundation
import HubKit

/// The traffic desk: intersections and their timings, police overrides, and the live state the gateways report.
/// Every change is one transaction with its journal event.
public struct TrafficDesk: Sendable {
    public let store: TrafficStore
    public let catalog: TrafficCatalog
    public let live: TrafficLive
    public let hooks: TrafficHooks
    public let settings: TrafficSettings
    public let clock: HubClock

    public static let migrations = TrafficMigrations.all

    public init(database: HubDatabase, settings: TrafficSettings = TrafficSettings(), clock: HubClock) {
        store = TrafficStore(database: database)
        catalog = TrafficCatalog(store: store)
        live = TrafficLive()
        hooks = TrafficHooks()
        self.settings = settings
        self.clock = clock
    }

    public var database: HubDatabase { store.database }

    /// Now, to the whole second: override times are stored as whole seconds.
    var now: Date { Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down)) }

    // MARK: Intersections

    /// Imports intersections (all or nothing); a stored timing that no longer fits its intersection is dropped.
    public func importIntersections(_ xs: [Intersection], format: String, data: Data, by actor: String) async throws -> HubEvent {
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let store = self.store, clock = self.clock
        let event = try await database.write { tx in
            var dropped: [String] = []
            for x in xs {
                try await store.upsert(x, by: actor, at: clock.nowMilliseconds, in: tx)
                if let timing = try await store.timing(x.id, on: tx.sql), (try? PlanCheck.check(timing, for: x)) == nil {
                    try await store.deleteTiming(x.id, in: tx)
                    dropped.append(x.id.rawValue)
                }
            }
            return try await Journal.append(try NewEvent(kind: "traffic.imported", subject: "traffic:network", actor: actor,
                                                         payload: TrafficEvents.Imported(format: format, sha256: sha,
                                                                                         intersections: xs.map(\.id.rawValue),
                                                                                         timingsDropped: dropped)),
                                            in: tx, clock: clock)
        }
        await catalog.invalidate()
        return event
    }

    public func intersections() async throws -> [Intersection] {
        try await database.read { sql in try await store.intersections(on: sql) }
    }

    public func intersection(_ id: IntersectionID) async throws -> Intersection {
        guard let x = try await database.read({ sql in try await store.intersection(id, on: sql) }) else {
            throw TrafficProblem.unknownIntersection(id.rawValue)
        }
        return x
    }

    // MARK: Timings

    public func timing(_ id: IntersectionID) async throws -> TimingSetup {
        _ = try await intersection(id)
        return try await database.read { sql in try await store.timing(id, on: sql) } ?? TimingSetup()
    }

    public func putTiming(_ setup: TimingSetup, for id: IntersectionID, by actor: String) async throws -> TimingSetup {
        let x = try await intersection(id)
        try PlanCheck.check(setup, for: x)
        let store = self.store, clock = self.clock
        try await database.write { tx in
            try await store.putTiming(setup, for: id, by: actor, at: clock.nowMilliseconds, in: tx)
            try await Journal.append(try NewEvent(kind: "traffic.timing.changed", subject: "intersection:\(id)", actor: actor,
                                                  department: x.department,
                                                  payload: TrafficEvents.TimingChanged(intersection: id.rawValue,
                                                                                       plans: setup.plans.map(\.id),
                                                                                       schedule: setup.schedule)),
                                     in: tx, clock: clock)
        }
        await catalog.invalidate()
        return setup
    }

    // MARK: Overrides

    /// Sets a police override; the one it outranks (if any) is suspended, not ended. A caller limited to a
    /// department may override only that department's intersections (`NOT_YOUR_DEPARTMENT`, nothing written).
    public func setOverride(_ request: OverrideRules.Request, on id: IntersectionID, by caller: Principal) async throws -> TrafficOverride {
        let x = try await intersection(id)
        try Self.checkDepartment(x.department, limit: try caller.departmentLimit())
        let actor = caller.actor
        let setup = try await database.read { sql in try await self.store.timing(id, on: sql) } ?? TimingSetup()
        let now = self.now
        let o = try OverrideRules.make(request, id: "ovr_\(UUID().uuidString.lowercased().prefix(12))", x: x, setup: setup,
                                       by: actor, now: now)
        let store = self.store, clock = self.clock
        try await database.write { tx in
            let others = try await store.unended(on: tx.sql).filter { $0.intersection == id && $0.isLive(at: now) }
            let before = OverrideRules.inForce(others, at: now)
            try await store.insert(o, in: tx)
            let suspends = OverrideRules.inForce(others + [o], at: now)?.id == o.id ? before.map { [$0.id] } ?? [] : []
            try await Journal.append(try NewEvent(kind: "traffic.override.set", subject: "intersection:\(id)", actor: actor,
                                                  department: x.department,
                                                  payload: TrafficEvents.OverrideChanged(override: o, suspends: suspends)),
                                     in: tx, clock: clock)
        }
        await catalog.invalidate()
        return o
    }

    /// Ends an override early, under the same department rule as setting one (checked in the transaction that
    /// ends it, against the intersection's department at that moment).
    public func cancelOverride(_ overrideID: String, by caller: Principal) async throws -> TrafficOverride {
        try await end(overrideID, as: .cancelled, by: caller.actor, limit: try caller.departmentLimit())
    }

    /// The department rule for writing overrides: a caller limited to a department (`limit`) acts only on
    /// intersections of that department; nil is a city-wide caller (admins, traffic police, the expiry pass).
    static func checkDepartment(_ department: String?, limit: DepartmentID?) throws(AccessProblem) {
        if let limit, department != limit.rawValue { throw .notYourDepartment }
    }

    func end(_ overrideID: String, as end: TrafficOverride.End, by actor: String, limit: DepartmentID?) async throws -> TrafficOverride {
        let store = self.store, clock = self.clock, now = self.now
        let ended = try await database.write { tx -> TrafficOverride in
            guard var o = try await store.override(overrideID, on: tx.sql) else { throw TrafficProblem.unknownOverride(overrideID) }
            let department = try await store.intersection(o.intersection, on: tx.sql)?.department
            try Self.checkDepartment(department, limit: limit)
            guard o.endedAt == nil else { throw TrafficProblem.overrideEnded(overrideID) }
            if end == .cancelled, o.expiresAt <= now { throw TrafficProblem.overrideEnded(overrideID) }
            o.endedAt = end == .expired ? o.expiresAt : now
            o.end = end
            o.endedBy = actor
            guard try await store.end(o, in: tx) else { throw TrafficProblem.overrideEnded(overrideID) }
            try await Journal.append(try NewEvent(kind: "traffic.override.\(end.rawValue)", subject: "intersection:\(o.intersection)",
                                                  actor: actor, department: department,
                                                  payload: TrafficEvents.OverrideChanged(override: o, suspends: [])),
                                     in: tx, clock: clock)
            return o
        }
        await catalog.invalidate()
        return ended
    }

    /// Ends every live override whose expiry has come, each with its `traffic.override.expired` event; returns how
    /// many. Decisions never apply an override past its expiry, whether or not this has run yet.
    @discardableResult
    public func expireDue() async throws -> Int {
        let due = try await database.read { sql in try await store.expired(by: now, on: sql) }
        var count = 0
        for o in due {
            do {
                _ = try await end(o.id, as: .expired, by: TrafficEvents.actor, limit: nil)
                count += 1
            } catch TrafficProblem.overrideEnded {
                continue
            }
        }
        return count
    }

    /// Overrides newest first, at most `limit`: of one intersection or all, live ones only or every one, and for a
    /// reader limited to a department only those on its intersections (filtered before the limit, so pages are full).
    public func overrides(of id: IntersectionID?, liveOnly: Bool, department: DepartmentID?, limit: Int) async throws -> [TrafficOverride] {
        let liveAt = liveOnly ? now : nil
        return try await database.read { sql in
            try await store.overrides(of: id, liveAt: liveAt, department: department, limit: limit, on: sql)
        }
    }

    // MARK: Gateway links

    /// Journals a gateway taking up (`online`) or losing (`offline`) intersections, once per change of state. A
    /// gateway gone silent past its timeout (`reason` `silent`) also raises a `traffic.gateway-silent` alarm in the
    /// same transaction (a closed connection is the gateway's own doing and is journalled only); the alarm clears
    /// when the gateway takes its intersections up again.
    public func setLinks(_ ids: [IntersectionID], gateway: String, online: Bool, reason: String) async throws {
        let store = self.store, clock = self.clock, alarms = hooks.alarmRaising, owner = settings.alarmDepartment
        let state = online ? "online" : "offline"
        try await database.write { tx in
            var changed: [String] = []
            for id in ids where try await store.setLink(id, gateway: gateway, state: state, at: clock.nowMilliseconds, in: tx) {
                changed.append(id.rawValue)
            }
            guard !changed.isEmpty else { return }
            try await Journal.append(try NewEvent(kind: "traffic.gateway.\(state)", subject: "gateway:\(gateway)", actor: "gateway:\(gateway)",
                                                  payload: TrafficEvents.Link(gateway: gateway, intersections: changed, reason: reason)),
                                     in: tx, clock: clock)
            guard let alarms else { return }
            let list = changed.joined(separator: ", ")
            if online {
                _ = try await alarms.clear(kind: .trafficGatewaySilent, source: "gateway:\(gateway)", value: 0,
                                           reason: LocalizedText(zh: "信号网关 \(gateway) 已恢复连接：\(list)",
                                                                 en: "Signal gateway \(gateway) is back: \(list)"),
                                           actor: "gateway:\(gateway)", in: tx)
            } else if reason == "silent" {
                _ = try await alarms.raise(AlarmRaiseRequest(
                    kind: .trafficGatewaySilent, source: "gateway:\(gateway)", department: owner, level: .orange,
                    value: Double(changed.count), threshold: 1, measure: .count,
                    reason: LocalizedText(zh: "信号网关 \(gateway) 失联，路口转入本地方案：\(list)",
                                          en: "Signal gateway \(gateway) went silent; these intersections run their local plans: \(list)"),
                    actor: "system:traffic"), in: tx)
            }
        }
    }

    public func links() async throws -> [IntersectionID: String] {
        try await database.read { sql in try await store.links(on: sql) }
    }

    /// Journals a fault a controller reported.
    public func recordFault(gateway: String, intersection: String, code: String, message: String) async throws {
        let clock = self.clock
        _ = try await database.write { tx in
            try await Journal.append(try NewEvent(kind: "traffic.gateway.fault", subject: "intersection:\(intersection)",
                                                  actor: "gateway:\(gateway)",
                                                  payload: TrafficEvents.Fault(gateway: gateway, intersection: intersection,
                                                                               code: String(code.prefix(64)), message: String(message.prefix(500)))),
                                     in: tx, clock: clock)
        }
    }
}

extension TrafficDesk {
    /// Ends overrides as they expire, every `interval`, until cancelled; `cityhub serve` runs it.
    public func runExpiry(every interval: Duration, onError: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            do {
                try await expireDue()
            } catch {
                onError(error)
            }
            try? await Task.sleep(for: interval)
        }
    }
}
