/// Which outgoing lanes of signalised junctions feed each lane entering one, from a SUMO network: the lane itself when
/// it leaves one light and enters the next, else walking back through unsignalised nodes (a lane split, a priority
/// junction) up to four lanes. Seconds are free-flow, from the end of the feeder's detector zone to the start of the
/// fed lane's, with zones of `zoneLength` at each end of a lane as the simulator gateway places them
/// (docs/TRAFFIC-GATEWAY.md).
struct SumoFeeders {
    static let zoneLength = 100.0
    static let defaultSpeed = 13.89

    let net: SumoNet
    private let signalisedOut: Set<String>
    private var before: [String: [String]] = [:]

    init(_ net: SumoNet) {
        self.net = net
        signalisedOut = Set(net.connections.map { "\($0.to)_\($0.toLane)" })
        for link in net.plainLinks { before[link.to, default: []].append(link.from) }
    }

    /// The lane's feeders; none when one is further than the exit history reaches (`ExitCounts.depth` seconds): the
    /// lane then grows at its peers' rate.
    func of(_ lane: String) -> [Feeder] {
        let found = all(lane)
        return found.allSatisfy { $0.seconds < Double(ExitCounts.depth) } ? found : []
    }

    private func all(_ lane: String) -> [Feeder] {
        guard let info = net.lanes[lane], let length = info.length else { return [] }
        let speed = info.speed ?? Self.defaultSpeed
        let beforeZone = length - Self.zone(length)
        if signalisedOut.contains(lane) {
            return [Feeder(lane: lane, seconds: max(0, beforeZone - Self.zone(length)) / speed)]
        }
        return (before[lane] ?? []).flatMap { walk($0, metres: 0, depth: 1) }.map { hit in
            Feeder(lane: hit.lane, seconds: (hit.metres + beforeZone) / speed)
        }
    }

    /// Upstream from `lane`, `metres` of lanes passed since the fed lane.
    private func walk(_ lane: String, metres: Double, depth: Int) -> [(lane: String, metres: Double)] {
        guard let length = net.lanes[lane]?.length else { return [] }
        if signalisedOut.contains(lane) { return [(lane, metres + length - Self.zone(length))] }
        guard depth < 4 else { return [] }
        return (before[lane] ?? []).flatMap { walk($0, metres: metres + length, depth: depth + 1) }
    }

    static func zone(_ length: Double) -> Double { max(0, min(zoneLength, length - 0.1)) }
}
