import HubKit

/// The pure alarm rules engine: `evaluate(state, event) -> (state, intents)`.
///
/// It holds valid rules (see `RuleCheck`) and the stations they watch, both values; it reads no clock, draws no
/// random numbers and does no I/O, so the same events from the same state give the same intents, in the same order
/// (rules in definition order, sources in id order). How it treats time and late data is in docs/ARCHITECTURE.md.
public struct RuleEngine: Sendable {
    public let rules: [AlarmRule]
    /// A reading older than its source's clock by more than this is not evaluated (counted in `lateIgnored`).
    public let lateTolerance: Int64

    /// A rule bound to one station: the levels and projection resolved in that station's datum.
    struct Binding: Sendable {
        var rule: Int
        var levels: [Double]
        var projectTo: Double?
        var levelNames: [(zh: String, en: String)?]
    }

    struct SeriesKey: Hashable, Sendable {
        var station: StationID
        var quantity: Quantity
    }

    /// For each station and quantity, the rules it feeds, in rule order.
    let bindings: [SeriesKey: [Binding]]
    /// For each rule, its sources in id order (stations, or the group for `nOfM`) with their bindings.
    let sources: [[(source: String, binding: Binding)]]
    /// For each `nOfM` rule, how many gauges it counts among.
    let memberCounts: [Int]

    /// The default tolerance for late readings: 10 minutes.
    public static let defaultLateTolerance: Int64 = 10 * 60_000

    public init(rules: [AlarmRule], stations: [StationID: RuleStation], lateTolerance: Int64 = RuleEngine.defaultLateTolerance) {
        self.rules = rules
        self.lateTolerance = lateTolerance
        var bindings: [SeriesKey: [Binding]] = [:]
        var sources: [[(source: String, binding: Binding)]] = []
        var memberCounts: [Int] = []
        let ordered = stations.values.sorted { $0.id < $1.id }
        for (index, rule) in rules.enumerated() {
            var own: [(source: String, binding: Binding)] = []
            var members = 0
            for station in ordered {
                let targeted = rule.station.map { $0 == station.id } ?? rule.group.map { station.groups.contains($0) } ?? false
                guard targeted, let binding = Self.bind(rule, index: index, to: station) else { continue }
                bindings[SeriesKey(station: station.id, quantity: rule.quantity), default: []].append(binding)
                if rule.kind == .nOfM { members += 1 } else { own.append((station.id.rawValue, binding)) }
            }
            if rule.kind == .nOfM, let group = rule.group {
                own.append((group, Binding(rule: index, levels: rule.levels.compactMap(\.value), projectTo: nil,
                                           levelNames: rule.levels.map { _ in nil })))
            }
            sources.append(own)
            memberCounts.append(members)
        }
        self.bindings = bindings
        self.sources = sources
        self.memberCounts = memberCounts
    }

    /// The rule's levels at `station`, or nil when the rule cannot apply there (no station levels, another datum).
    static func bind(_ rule: AlarmRule, index: Int, to station: RuleStation) -> Binding? {
        if rule.quantity == .waterLevel, let datum = rule.datum, station.river?.datum != datum { return nil }
        var levels: [Double] = []
        var names: [(zh: String, en: String)?] = []
        for level in rule.levels {
            guard let value = level.reference.resolve(station.river) else { return nil }
            levels.append(value)
            names.append(level.stationLevel.map { $0.label })
        }
        var projection: Double?
        if let target = rule.projectTo {
            guard let value = target.resolve(station.river) else { return nil }
            projection = value
        }
        return Binding(rule: index, levels: levels, projectTo: projection, levelNames: names)
    }

    /// Evaluates one event: the new state and what the alarms should do.
    public func evaluate(_ state: AlarmState, _ event: RuleEvent) -> (AlarmState, [AlarmIntent]) {
        var next = state
        let intents = evaluate(&next, event)
        return (next, intents)
    }

    /// Evaluates one event in place (no copy of the state); the intents in rule order, then source order.
    public func evaluate(_ state: inout AlarmState, _ event: RuleEvent) -> [AlarmIntent] {
        var intents: [AlarmIntent] = []
        switch event {
        case .observation(let observation):
            guard let feeds = bindings[SeriesKey(station: observation.station, quantity: observation.quantity)] else { return [] }
            var late = 0
            defer { state.lateIgnored += late }
            for binding in feeds {
                let rule = rules[binding.rule]
                let source = rule.kind == .nOfM ? (rule.group ?? "") : observation.station.rawValue
                let fresh = SourceState(heldSince: Array(repeating: nil, count: binding.levels.count))
                let intent = observe(observation, rule: rule, binding: binding, source: source,
                                     state: &state.sources[rule.id.rawValue, default: [:]][source, default: fresh],
                                     late: &late)
                if let intent { intents.append(intent) }
            }
        case .tick(let now):
            if let clock = state.clock, now <= clock { return [] }
            state.clock = now
            for (index, rule) in rules.enumerated() {
                for (source, binding) in sources[index] {
                    if rule.kind != .noData, state.sources[rule.id.rawValue]?[source] == nil { continue }
                    let fresh = SourceState(heldSince: Array(repeating: nil, count: binding.levels.count), watchedSince: now)
                    let intent = tick(now, rule: rule, binding: binding, source: source,
                                      state: &state.sources[rule.id.rawValue, default: [:]][source, default: fresh])
                    if let intent { intents.append(intent) }
                }
            }
        }
        return intents
    }

    // MARK: - Readings in

    func observe(_ o: Observation, rule: AlarmRule, binding: Binding, source: String, state s: inout SourceState,
                 late: inout Int) -> AlarmIntent? {
        if rule.kind != .noData, let clock = s.evaluatedAt, o.at < clock - lateTolerance {
            late += 1
            return nil
        }
        let now = max(s.evaluatedAt ?? o.at, o.at)
        switch rule.kind {
        case .threshold:
            if s.newest.map({ o.at >= $0 }) ?? true { s.readings = [RuleReading(at: o.at, value: o.value)] }
        case .windowSum, .rateOfRise:
            Self.insert(RuleReading(at: o.at, value: o.value), into: &s.readings)
        case .noData:
            break
        case .nOfM:
            guard let member = rule.member else { return nil }
            let reading = RuleReading(at: o.at, value: o.value)
            var m = s.members.removeValue(forKey: o.station.rawValue) ?? MemberState()
            if member.kind == .windowSum {
                Self.insert(reading, into: &m.readings)
                if let first = m.readings.first {
                    let expiry = first.at + Int64(member.windowHours ?? 1) * 3_600_000
                    s.memberExpiry = min(s.memberExpiry ?? expiry, expiry)
                }
            } else if let last = m.readings.last, last.at > o.at {
                // an older reading does not replace the newest
            } else {
                m.readings = [reading]
            }
            let before = m.meets
            Self.assess(&m, member)
            s.meeting += (m.meets ? 1 : 0) - (before ? 1 : 0)
            s.members[o.station.rawValue] = m
        }
        s.newest = max(s.newest ?? o.at, o.at)
        return step(rule: rule, binding: binding, source: source, state: &s, now: now)
    }

    func tick(_ now: Int64, rule: AlarmRule, binding: Binding, source: String, state s: inout SourceState) -> AlarmIntent? {
        step(rule: rule, binding: binding, source: source, state: &s, now: max(s.evaluatedAt ?? now, now))
    }

    /// Inserts in time order; a reading at a time already held replaces it (a correction or a re-send).
    static func insert(_ reading: RuleReading, into readings: inout [RuleReading]) {
        if let last = readings.last, last.at < reading.at {
            readings.append(reading)
            return
        }
        var low = 0
        var high = readings.count
        while low < high {
            let mid = (low + high) / 2
            if readings[mid].at < reading.at { low = mid + 1 } else { high = mid }
        }
        if low < readings.count, readings[low].at == reading.at {
            readings[low] = reading
        } else {
            readings.insert(reading, at: low)
        }
    }

    static func dropBefore(_ cutoff: Int64, inclusive: Bool, _ readings: inout [RuleReading]) {
        let drop = readings.prefix { inclusive ? $0.at <= cutoff : $0.at < cutoff }.count
        if drop > 0 { readings.removeFirst(drop) }
    }

    // MARK: - Measures

    struct Measure {
        var value: Double?
        var projectedAt: Int64?
    }

    func measure(_ rule: AlarmRule, binding: Binding, state s: inout SourceState, now: Int64) -> Measure {
        switch rule.kind {
        case .threshold:
            return Measure(value: s.readings.last?.value)
        case .windowSum:
            let window = Int64(rule.windowHours ?? 1) * 3_600_000
            Self.dropBefore(now - window, inclusive: true, &s.readings)
            return Measure(value: s.readings.reduce(0) { $0 + $1.value })
        case .rateOfRise:
            let window = Int64(rule.windowMinutes ?? 60) * 60_000
            Self.dropBefore(now - window, inclusive: false, &s.readings)
            guard let first = s.readings.first, let last = s.readings.last, (last.at - first.at) * 2 >= window else {
                return Measure(value: nil)
            }
            let rate = (last.value - first.value) / (Double(last.at - first.at) / 3_600_000)
            var projected: Int64?
            if let target = binding.projectTo, rate > 0 {
                projected = last.value >= target ? last.at : last.at + Int64(((target - last.value) / rate * 3_600_000).rounded())
            }
            return Measure(value: rate, projectedAt: projected)
        case .noData:
            guard let since = s.newest ?? s.watchedSince else { return Measure(value: nil) }
            return Measure(value: Double(now - since) / 60_000)
        case .nOfM:
            guard let member = rule.member else { return Measure(value: nil) }
            if member.kind == .windowSum, let expiry = s.memberExpiry, expiry <= now {
                // Some gauge's oldest reading left its window: drop what is out everywhere and count again.
                let window = Int64(member.windowHours ?? 1) * 3_600_000
                var meeting = 0
                var next: Int64?
                for key in Array(s.members.keys) {
                    guard var m = s.members.removeValue(forKey: key) else { continue }
                    Self.dropBefore(now - window, inclusive: true, &m.readings)
                    Self.assess(&m, member)
                    if m.meets { meeting += 1 }
                    if let first = m.readings.first { next = min(next ?? first.at + window, first.at + window) }
                    s.members[key] = m
                }
                s.meeting = meeting
                s.memberExpiry = next
            }
            return Measure(value: Double(s.meeting))
        }
    }

    /// A gauge's sum (window-sum members) and whether it meets the member condition, from its readings.
    static func assess(_ m: inout MemberState, _ member: MemberCondition) {
        if member.kind == .windowSum {
            m.sum = m.readings.reduce(0) { $0 + $1.value }
            m.meets = m.sum >= member.value
        } else {
            let sign: Double = (member.direction ?? .above) == .above ? 1 : -1
            m.meets = m.readings.last.map { sign * $0.value >= sign * member.value } ?? false
        }
    }

    // MARK: - Severity

    /// The severity ladder with hysteresis and minimum duration: the index of the level now in force, or nil.
    ///
    /// A level comes into force once its condition (`measure` at or beyond it) has held `minDuration` without a
    /// break; a level in force stays while the measure is at or beyond level − hysteresis.
    static func ladder(levels: [Double], sign: Double, hysteresis: Double, minDuration: Int64, measure: Double?, now: Int64,
                       current: Int?, heldSince: inout [Int64?]) -> Int? {
        var reached: Int?
        for i in levels.indices {
            if let m = measure, sign * m >= sign * levels[i] {
                let since = heldSince[i] ?? now
                heldSince[i] = since
                if now - since >= minDuration { reached = i }
            } else {
                heldSince[i] = nil
            }
        }
        var held: Int?
        if let current, let m = measure {
            for j in stride(from: min(current, levels.count - 1), through: 0, by: -1) where sign * m >= sign * levels[j] - hysteresis {
                held = j
                break
            }
        }
        switch (reached, held) {
        case (let r?, let h?): return max(r, h)
        case (let r?, nil): return r
        case (nil, let h): return h
        }
    }

    func step(rule: AlarmRule, binding: Binding, source: String, state s: inout SourceState, now: Int64) -> AlarmIntent? {
        s.evaluatedAt = now
        let measured = measure(rule, binding: binding, state: &s, now: now)
        if s.heldSince.count != binding.levels.count { s.heldSince = Array(repeating: nil, count: binding.levels.count) }
        let sign: Double = (rule.direction ?? .above) == .above ? 1 : -1
        let current = s.severity.flatMap { severity in rule.levels.firstIndex { $0.severity == severity } }
        let next = Self.ladder(levels: binding.levels, sign: sign, hysteresis: rule.hysteresis ?? 0,
                               minDuration: Int64(rule.minDurationMinutes ?? 0) * 60_000, measure: measured.value, now: now,
                               current: current, heldSince: &s.heldSince)
        guard next != current else { return nil }
        s.severity = next.map { rule.levels[$0].severity }
        let value = measured.value ?? 0
        let action: AlarmIntent.Action
        let severity: Severity
        let threshold: Double
        switch (current, next) {
        case (nil, let n?):
            action = .raise
            severity = rule.levels[n].severity
            threshold = binding.levels[n]
        case (let c?, let n?):
            action = .changeSeverity
            severity = rule.levels[n].severity
            threshold = n > c ? binding.levels[n] : binding.levels[c] - sign * (rule.hysteresis ?? 0)
        case (let c?, nil):
            action = .clear
            severity = rule.levels[c].severity
            threshold = binding.levels[0] - sign * (rule.hysteresis ?? 0)
        case (nil, nil):
            return nil
        }
        let previous = current.map { rule.levels[$0].severity }
        let reason = RuleReasons.text(action: action, rule: rule, binding: binding, source: source, severity: severity,
                                      previous: previous, value: value, threshold: threshold, next: next,
                                      projectedAt: measured.projectedAt, members: rule.kind == .nOfM ? memberCounts[binding.rule] : 0)
        return AlarmIntent(action: action, rule: rule.id, kind: rule.kind, source: source, quantity: rule.quantity,
                           severity: severity, previous: previous, value: value, threshold: threshold, at: now,
                           projectedAt: action == .clear ? nil : measured.projectedAt, reason: reason)
    }
}
