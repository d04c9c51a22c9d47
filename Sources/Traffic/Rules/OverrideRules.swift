import Foundation

/// The rules of police overrides: what a valid one is, and which one is in force when several meet.
public enum OverrideRules {
    /// The longest an override may last: 4 hours.
    public static let maxDuration: TimeInterval = 4 * 3600

    /// What a police officer asks for.
    public struct Request: Sendable, Decodable {
        public var kind: OverrideKind
        public var stage: Int?
        public var plan: String?
        public var approach: String?
        public var reason: String?
        /// How long it holds, in minutes (1–240); or `expiresAt`.
        public var minutes: Double?
        public var expiresAt: Date?

        public init(kind: OverrideKind, stage: Int? = nil, plan: String? = nil, approach: String? = nil, reason: String?,
                    minutes: Double? = nil, expiresAt: Date? = nil) {
            self.kind = kind
            self.stage = stage
            self.plan = plan
            self.approach = approach
            self.reason = reason
            self.minutes = minutes
            self.expiresAt = expiresAt
        }
    }

    /// A new override from `request`, checked against the intersection and its plans.
    public static func make(_ request: Request, id: String, x: Intersection, setup: TimingSetup, by actor: String,
                            now: Date) throws(TrafficProblem) -> TrafficOverride {
        let reason = (request.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .invalidOverride(field: "reason", reason: "required / 必须说明理由") }
        guard reason.count <= 500 else { throw .invalidOverride(field: "reason", reason: "at most 500 characters") }
        let expiresAt: Date
        switch (request.minutes, request.expiresAt) {
        case (let minutes?, nil):
            guard minutes.isFinite, minutes > 0 else { throw .invalidOverride(field: "minutes", reason: "must be > 0") }
            expiresAt = now.addingTimeInterval(minutes * 60)
        case (nil, let at?): expiresAt = at
        case (nil, nil): throw .invalidOverride(field: "minutes", reason: "an expiry is required: minutes or expiresAt / 必须设定时限")
        case (_?, _?): throw .invalidOverride(field: "expiresAt", reason: "give minutes or expiresAt, not both")
        }
        guard expiresAt > now else { throw .invalidOverride(field: "expiresAt", reason: "already past") }
        guard expiresAt.timeIntervalSince(now) <= maxDuration + 0.001 else {
            throw .invalidOverride(field: "expiresAt", reason: "at most 4 hours / 最长 4 小时")
        }
        var o = TrafficOverride(id: id, intersection: x.id, kind: request.kind, reason: reason, setBy: actor, setAt: now,
                                expiresAt: expiresAt)
        switch request.kind {
        case .hold:
            guard let stage = request.stage, x.stages.indices.contains(stage) else {
                throw .invalidOverride(field: "stage", reason: "a stage 0..<\(x.stages.count) is required")
            }
            o.stage = stage
        case .forcePlan:
            guard let plan = request.plan, setup.plan(plan) != nil else {
                throw .invalidOverride(field: "plan", reason: "a known plan of this intersection is required")
            }
            o.plan = plan
        case .release, .restrict:
            guard let approach = request.approach, x.approaches.contains(approach) else {
                throw .invalidOverride(field: "approach", reason: "one of \(x.approaches.joined(separator: ", "))")
            }
            guard !stages(serving: approach, in: x).isEmpty else {
                throw .invalidOverride(field: "approach", reason: "no stage serves it")
            }
            o.approach = approach
        case .allRed, .flash:
            break
        }
        return o
    }

    /// The override in force at `now`: the live one of highest priority, the newest among equals. The others
    /// live are suspended and come back when it ends.
    public static func inForce(_ overrides: [TrafficOverride], at now: Date) -> TrafficOverride? {
        overrides.filter { $0.isLive(at: now) }.max { a, b in
            (a.kind.priority, a.setAt, a.id) < (b.kind.priority, b.setAt, b.id)
        }
    }

    /// The override in force on a simulator's clock (a gateway that said `clock: "sim"`): an override lasts its
    /// duration (`expiresAt − setAt`) in simulated seconds from `anchors[id]`, the simulated instant it was first
    /// seen live, so a 5-minute hold ends after 300 simulated seconds however fast the simulation runs. An override
    /// ended (cancelled, or expired on the wall clock) never applies. `anchors` is the caller's memory between
    /// statuses (see `forget`).
    public static func inForce(_ overrides: [TrafficOverride], simNow: Double, wallNow: Date,
                               anchors: inout [String: Double]) -> TrafficOverride? {
        var running: [TrafficOverride] = []
        for o in overrides where o.isLive(at: wallNow) {
            let anchor = anchors[o.id] ?? simNow
            anchors[o.id] = anchor
            if simNow < anchor + o.expiresAt.timeIntervalSince(o.setAt) { running.append(o) }
        }
        return running.max { a, b in (a.kind.priority, a.setAt, a.id) < (b.kind.priority, b.setAt, b.id) }
    }

    /// `anchors` without the overrides that are no longer live on the wall clock (`all` = every intersection's).
    public static func forget(_ anchors: [String: Double], keeping all: [TrafficOverride], wallNow: Date) -> [String: Double] {
        let live = Set(all.filter { $0.isLive(at: wallNow) }.map(\.id))
        return anchors.filter { live.contains($0.key) }
    }

    /// Stages with a green movement from `approach`, most such movements first.
    public static func stages(serving approach: String, in x: Intersection) -> [Int] {
        let lanes = Set(x.incomingLanes.filter { $0.approach == approach }.map(\.id))
        let counts = x.stageMovements.map { $0.filter { lanes.contains($0.from) }.count }
        return counts.indices.filter { counts[$0] > 0 }.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
    }
}
