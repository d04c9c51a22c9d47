import Foundation

/// Builds intersections from a SUMO network: one per traffic-light program (its first program when several),
/// stages = the program's green phases (no `y`, at least one `G`/`g`) in order, inter-greens = the yellow and
/// all-red phases between two green phases (yellow 3 s + all-red 2 s when there are none).
public enum SumoNetImport {
    /// Seconds used when a static program gives no minimum or maximum duration.
    public static let defaultMinGreen = 5.0
    public static let defaultMaxGreen = 60.0

    public static func intersections(from data: Data) throws(TrafficProblem) -> [Intersection] {
        let net = try SumoNetReader.read(data)
        var seen = Set<String>()
        var result: [Intersection] = []
        let feeders = SumoFeeders(net)
        for program in net.programs where seen.insert(program.id).inserted {
            var x = try intersection(program, net: net)
            for i in x.lanes.indices where x.lanes[i].role == .incoming {
                let found = feeders.of(x.lanes[i].id)
                x.lanes[i].feeders = found.isEmpty ? nil : found
            }
            result.append(x)
        }
        guard !result.isEmpty else { throw .noIntersections }
        return result
    }

    static func intersection(_ program: SumoNet.Program, net: SumoNet) throws(TrafficProblem) -> Intersection {
        guard let id = IntersectionID(rawValue: program.id) else {
            throw .invalidAttribute(element: "tlLogic", attribute: "id", value: program.id, line: nil)
        }
        guard let first = program.phases.first else { throw .invalidIntersection(id: program.id, reason: "program without phases") }
        let signalCount = first.state.count
        guard program.phases.allSatisfy({ $0.state.count == signalCount }) else {
            throw .invalidIntersection(id: program.id, reason: "phases of different lengths")
        }
        var lanes: [LaneID: Lane] = [:]
        var movements: [Movement] = []
        for c in net.connections where c.tl == program.id {
            let from = "\(c.from)_\(c.fromLane)", to = "\(c.to)_\(c.toLane)"
            guard let inLane = net.lanes[from] else { throw .unknownLane(intersection: program.id, lane: from) }
            guard let outLane = net.lanes[to] else { throw .unknownLane(intersection: program.id, lane: to) }
            guard c.linkIndex < signalCount else {
                throw .invalidIntersection(id: program.id, reason: "linkIndex \(c.linkIndex) beyond the \(signalCount) signals")
            }
            lanes[from] = Lane(id: from, approach: inLane.edge, role: .incoming, length: inLane.length)
            lanes[to] = Lane(id: to, approach: outLane.edge, role: .outgoing, length: outLane.length)
            movements.append(Movement(from: from, to: to, signal: c.linkIndex, turn: c.dir.flatMap { Turn(sumo: $0) }))
        }
        let (stages, interGreens) = try stagesAndInterGreens(program)
        let x = Intersection(id: id, name: program.id, lanes: lanes.values.sorted { $0.id < $1.id }, movements: movements,
                             stages: stages, interGreens: interGreens, signalCount: signalCount)
        try IntersectionCheck.check(x)
        return x
    }

    static func isGreen(_ state: String) -> Bool {
        !state.contains("y") && !state.contains("Y") && state.contains { $0 == "G" || $0 == "g" }
    }

    static func stagesAndInterGreens(_ program: SumoNet.Program) throws(TrafficProblem) -> ([Stage], [InterGreen]) {
        let phases = program.phases
        let greens = phases.indices.filter { isGreen(phases[$0].state) }
        guard !greens.isEmpty else { throw .invalidIntersection(id: program.id, reason: "program without a green phase") }
        let stages = greens.enumerated().map { n, i in
            let p = phases[i]
            let minGreen = max(1, p.minDur ?? min(defaultMinGreen, max(1, p.duration)))
            let maxGreen = max(minGreen, p.maxDur.flatMap { $0 > 0 && $0 <= 600 ? $0 : nil } ?? max(defaultMaxGreen, p.duration))
            return Stage(name: "\(program.id)#\(n)", signals: p.state, minGreen: minGreen, maxGreen: min(maxGreen, 600))
        }
        var interGreens: [InterGreen] = []
        for (n, i) in greens.enumerated() {
            let nextN = (n + 1) % greens.count
            guard greens.count > 1 else { break }
            let j = greens[nextN]
            var k = (i + 1) % phases.count
            var yellow = 0.0, allRed = 0.0
            while k != j {
                let state = phases[k].state
                if state.contains("y") || state.contains("Y") { yellow += phases[k].duration } else { allRed += phases[k].duration }
                k = (k + 1) % phases.count
            }
            if yellow + allRed > 0 {
                interGreens.append(InterGreen(from: n, to: nextN, yellow: yellow, allRed: allRed))
            }
        }
        return (stages, interGreens)
    }
}
