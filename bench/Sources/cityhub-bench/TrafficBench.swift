import Foundation
import Traffic

/// One decision round for `count` intersections (4 arms, 3 incoming lanes each, 4 stages): decode the gateway's
/// status message, decide every intersection with max-pressure, encode the decisions. Prints the round time's
/// median, p99 and maximum over `rounds` rounds.
func trafficBench(intersections count: Int, rounds: Int) {
    let arms = ["N", "E", "S", "W"]
    var xs: [Intersection] = []
    for k in 0..<count {
        var lanes: [Lane] = [], movements: [Movement] = []
        for (i, arm) in arms.enumerated() {
            for l in 0..<3 { lanes.append(Lane(id: "\(k)\(arm)in_\(l)", approach: "\(k)\(arm)in", role: .incoming)) }
            for l in 0..<2 { lanes.append(Lane(id: "\(k)\(arm)out_\(l)", approach: "\(k)\(arm)out", role: .outgoing)) }
            let opposite = arms[(i + 2) % 4], left = arms[(i + 1) % 4]
            movements.append(Movement(from: "\(k)\(arm)in_0", to: "\(k)\(opposite)out_0", signal: i * 3))
            movements.append(Movement(from: "\(k)\(arm)in_1", to: "\(k)\(opposite)out_1", signal: i * 3 + 1))
            movements.append(Movement(from: "\(k)\(arm)in_2", to: "\(k)\(left)out_0", signal: i * 3 + 2))
        }
        let states = ["GGrrrrGGrrrr", "rrGrrrrrGrrr", "rrrGGrrrrGGr", "rrrrrGrrrrrG"]
        guard let id = IntersectionID(rawValue: "J\(k)") else { return }
        xs.append(Intersection(id: id, name: "J\(k)", lanes: lanes, movements: movements,
                               stages: states.map { Stage(name: $0, signals: $0, minGreen: 5, maxGreen: 50) }, interGreens: [],
                               signalCount: 12))
    }
    var states = xs.map { ControlState(stages: $0.stages.count) }
    let setup = TimingSetup()
    var stage = Array(repeating: 0, count: count)
    var since = Array(repeating: 0.0, count: count)
    var times: [Double] = []
    times.reserveCapacity(rounds)
    var random = UInt64(42)
    func next() -> Double {
        random = random &* 6364136223846793005 &+ 1442695040888963407
        return Double(random >> 40) / Double(1 << 24)
    }
    let decoder = JSONDecoder()
    for round in 0..<rounds {
        let now = Double(round)
        var items: [String] = []
        for (k, x) in xs.enumerated() {
            let detectors = x.lanes.map { lane in
                let halting = Int(next() * 12)
                return #"{"id":"\#(lane.id)","vehicles":\#(halting + 2),"halting":\#(halting),"passed":1,"occupancy":0.3}"#
            }.joined(separator: ",")
            items.append(#"{"id":"\#(x.id)","stage":\#(stage[k]),"stageSince":\#(since[k]),"transition":false,"mode":"hub","detectors":[\#(detectors)]}"#)
        }
        let message = Data(#"{"v":1,"type":"status","seq":\#(round + 2),"time":\#(now),"intersections":[\#(items.joined(separator: ","))]}"#.utf8)
        let start = ContinuousClock.now
        guard let status = try? decoder.decode(GatewayMessage.Status.self, from: message) else { return }
        var commands: [GatewayMessage.Command] = []
        for (k, item) in status.intersections.enumerated() {
            states[k].observe(stage: item.stage, since: item.stageSince, transition: item.transition, now: status.time)
            var readings: [LaneID: DetectorReading] = [:]
            for d in item.detectors ?? [] {
                if let v = d.vehicles, let h = d.halting { readings[d.id] = DetectorReading(vehicles: v, halting: h, passed: d.passed ?? 0) }
            }
            let command = SignalDecider.decide(xs[k], setup: setup, override: nil, readings: readings, now: status.time,
                                               minuteOfDay: 0, state: &states[k], settings: .standard)
            commands.append(GatewayMessage.Command(intersection: item.id, command))
        }
        let out = GatewayMessage.Decisions(seq: round + 2, re: round + 2, commands: commands)
        let encoded = try? JSONEncoder().encode(out)
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        precondition(encoded != nil)
        for (k, c) in commands.enumerated() where c.action == "stage" && c.stage != stage[k] {
            stage[k] = c.stage ?? 0
            since[k] = now + 1
        }
    }
    times.sort()
    let p = { (q: Double) in times[min(times.count - 1, Int(Double(times.count) * q))] }
    print(String(format: "traffic decision round: %d intersections, %d rounds: median %.3f ms, p99 %.3f ms, max %.3f ms",
                 count, rounds, p(0.5), p(0.99), times.last ?? 0))
}
