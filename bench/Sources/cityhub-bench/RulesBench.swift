import Foundation
import Telemetry

/// The alarm rules engine alone (no storage, no HTTP): 1,000 gauges, a few rules each, readings every 5 minutes
/// and a clock tick every simulated minute (each re-evaluates every rule-source). Prints one line: readings and
/// rule evaluations per second (reading time only), and the time of one tick.
///
/// 700 rain gauges in 28 basins of 25 (24-hour and 1-hour sums, no data for 30 minutes, 3 of 25 with 50 mm in
/// 24 hours) and 300 river gauges (warning and guaranteed levels with hysteresis and a 10-minute duration, rate
/// of rise over 3 hours with the projected time to the warning level, no data for 30 minutes).
func rulesBench(observations: Int) {
    let datum = DatumTag(rawValue: "yellow-sea-1985")
    var stations: [StationID: RuleStation] = [:]
    var rain: [StationID] = []
    var river: [StationID] = []
    for i in 0..<700 {
        guard let id = StationID(rawValue: "rg-\(i)") else { continue }
        stations[id] = RuleStation(id: id, groups: ["basin-\(i / 25)"])
        rain.append(id)
    }
    for i in 0..<300 {
        guard let id = StationID(rawValue: "wl-\(i)"), let datum else { continue }
        let base = 170 + Double(i % 10)
        stations[id] = RuleStation(id: id, groups: ["rivers"], river: RiverLevels(datum: datum, warningLevel: base + 5, guaranteedLevel: base + 6.5))
        river.append(id)
    }
    var rules: [AlarmRule] = []
    func ruleID(_ s: String) -> RuleID? { RuleID(rawValue: s) }
    for basin in 0..<28 {
        let group = "basin-\(basin)"
        if let id = ruleID("\(group)-24h") {
            rules.append(AlarmRule(id: id, group: group, quantity: .rainfall, kind: .windowSum,
                                   levels: [SeverityLevel(.blue, value: 50), SeverityLevel(.yellow, value: 100)], hysteresis: 5, windowHours: 24))
        }
        if let id = ruleID("\(group)-1h") {
            rules.append(AlarmRule(id: id, group: group, quantity: .rainfall, kind: .windowSum,
                                   levels: [SeverityLevel(.yellow, value: 30), SeverityLevel(.red, value: 50)], windowHours: 1))
        }
        if let id = ruleID("\(group)-silent") {
            rules.append(AlarmRule(id: id, group: group, quantity: .rainfall, kind: .noData, levels: [SeverityLevel(.yellow, value: 30)]))
        }
        if let id = ruleID("\(group)-3-of-25") {
            rules.append(AlarmRule(id: id, group: group, quantity: .rainfall, kind: .nOfM, levels: [SeverityLevel(.orange, value: 3)],
                                   member: MemberCondition(kind: .windowSum, windowHours: 24, value: 50)))
        }
    }
    if let id = ruleID("rivers-levels") {
        rules.append(AlarmRule(id: id, group: "rivers", quantity: .waterLevel, kind: .threshold,
                               levels: [SeverityLevel(.orange, stationLevel: .warning), SeverityLevel(.red, stationLevel: .guaranteed)],
                               hysteresis: 0.1, minDurationMinutes: 10))
    }
    if let id = ruleID("rivers-rise") {
        rules.append(AlarmRule(id: id, group: "rivers", quantity: .waterLevel, kind: .rateOfRise, levels: [SeverityLevel(.yellow, value: 0.1)],
                               windowMinutes: 180, projectTo: LevelReference(stationLevel: .warning)))
    }
    if let id = ruleID("rivers-silent") {
        rules.append(AlarmRule(id: id, group: "rivers", quantity: .waterLevel, kind: .noData, levels: [SeverityLevel(.yellow, value: 30)]))
    }
    if case .failure(let faults) = RuleCheck.check(rules, stations: stations) {
        print("rules refused: \(faults.faults.map(\.code))")
        return
    }
    let engine = RuleEngine(rules: rules, stations: stations)

    // Readings every 5 minutes from every gauge; rain heavier in some basins, rivers rising and falling.
    let start: Int64 = 1_719_763_200_000
    var events: [RuleEvent] = []
    events.reserveCapacity(observations + observations / 1000 + 10)
    var step = 0
    while events.count < observations {
        let at = start + Int64(step) * 300_000
        for (i, id) in rain.enumerated() {
            let wet = (i / 25) % 3 == 0 && (step / 288) % 2 == 0
            let value = wet ? Double((i + step) % 7) * 0.5 : 0
            events.append(.observation(Observation(stationKey: 0, station: id, quantity: .rainfall, at: at, value: value)))
        }
        for (i, id) in river.enumerated() {
            let phase = Double((step + i * 7) % 576) / 576
            let value = 170 + Double(i % 10) + 6 * (phase < 0.5 ? phase : 1 - phase) * 2
            events.append(.observation(Observation(stationKey: 0, station: id, quantity: .waterLevel, at: at, value: (value * 100).rounded() / 100)))
        }
        for minute in 0..<5 { events.append(.tick(at + Int64(minute) * 60_000 + 30_000)) }
        step += 1
    }
    var state = AlarmState()
    var intents = 0
    var readings = 0
    var evaluations = 0
    var ticks = 0
    var readingTime = Duration.zero
    var tickTime = Duration.zero
    let clock = ContinuousClock()
    for event in events {
        let started = clock.now
        intents += engine.evaluate(&state, event).count
        let spent = clock.now - started
        if case .observation(let o) = event {
            readings += 1
            evaluations += o.quantity == .rainfall ? 4 : 3
            readingTime += spent
        } else {
            ticks += 1
            tickTime += spent
        }
    }
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    let sources = state.sources.values.reduce(0) { $0 + $1.count }
    print("rules: \(rules.count) rules on 1000 gauges (\(sources) rule-sources): \(readings) readings in "
          + String(format: "%.2f", seconds(readingTime)) + " s = " + String(format: "%.0f", Double(readings) / seconds(readingTime))
          + " readings/s (" + String(format: "%.0f", Double(evaluations) / seconds(readingTime)) + " rule evaluations/s); \(ticks) ticks at "
          + String(format: "%.2f", seconds(tickTime) / Double(max(ticks, 1)) * 1000) + " ms each; \(intents) intents, \(state.lateIgnored) late")
}
