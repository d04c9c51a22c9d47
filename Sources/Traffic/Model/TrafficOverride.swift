import Foundation

/// What a police override does to an intersection.
public enum OverrideKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Keep one stage green.
    case hold
    /// Run a named fixed-time plan.
    case forcePlan
    /// Give green to one approach (the stage serving most of its movements).
    case release
    /// Never serve the stages that let one approach go (unless no other stage is left).
    case restrict
    /// Every signal red.
    case allRed
    /// Yellow flashing.
    case flash

    /// Which override wins when two are active: all-red and flash over hold and force, over release and restrict.
    public var priority: Int {
        switch self {
        case .allRed, .flash: 3
        case .hold, .forcePlan: 2
        case .release, .restrict: 1
        }
    }
}

/// A police override of one intersection, with the reason given and when it ends by itself.
///
/// Invariant: `setAt < expiresAt ≤ setAt + OverrideRules.maxDuration`; `endedAt` is set once, when it is cancelled
/// or expires.
public struct TrafficOverride: Sendable, Hashable, Codable {
    public enum End: String, Sendable, Hashable, Codable {
        case cancelled, expired
    }

    public var id: String
    public var intersection: IntersectionID
    public var kind: OverrideKind
    public var stage: Int?
    public var plan: String?
    public var approach: String?
    public var reason: String
    public var setBy: String
    public var setAt: Date
    public var expiresAt: Date
    public var endedAt: Date?
    public var end: End?
    public var endedBy: String?

    public init(id: String, intersection: IntersectionID, kind: OverrideKind, stage: Int? = nil, plan: String? = nil,
                approach: String? = nil, reason: String, setBy: String, setAt: Date, expiresAt: Date) {
        self.id = id
        self.intersection = intersection
        self.kind = kind
        self.stage = stage
        self.plan = plan
        self.approach = approach
        self.reason = reason
        self.setBy = setBy
        self.setAt = setAt
        self.expiresAt = expiresAt
    }

    /// Valid at `now`: not ended and not yet expired.
    public func isLive(at now: Date) -> Bool { endedAt == nil && expiresAt > now }
}
