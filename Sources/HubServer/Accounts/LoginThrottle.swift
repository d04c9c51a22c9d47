import Foundation

/// Limits failed sign-ins per user name and per client address within a sliding window.
///
/// Kept in memory per hub instance: with several instances each enforces its own limit, so the effective
/// limit is at most `instances × limit` — still a brake on guessing, and nothing is written per attempt.
public actor LoginThrottle {
    public struct Policy: Sendable {
        public var perUsername: Int
        public var perAddress: Int
        public var window: TimeInterval

        public init(perUsername: Int = 5, perAddress: Int = 20, window: TimeInterval = 15 * 60) {
            self.perUsername = perUsername
            self.perAddress = perAddress
            self.window = window
        }
    }

    private let policy: Policy
    private var failures: [String: [Date]] = [:]

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Seconds to wait before another attempt is allowed, or nil when allowed now.
    public func retryAfter(username: String, address: String?, now: Date) -> Int? {
        let checks = [("u:" + username, policy.perUsername)] + (address.map { [("a:" + $0, policy.perAddress)] } ?? [])
        var wait: TimeInterval = 0
        for (key, limit) in checks {
            let recent = prune(key, now: now)
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait, oldest.addingTimeInterval(policy.window).timeIntervalSince(now))
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    public func recordFailure(username: String, address: String?, now: Date) {
        failures["u:" + username, default: []].append(now)
        if let address { failures["a:" + address, default: []].append(now) }
    }

    public func recordSuccess(username: String) {
        failures["u:" + username] = nil
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < policy.window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
