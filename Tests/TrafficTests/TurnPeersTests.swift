import Foundation
import Testing
@testable import Traffic

/// Movements carry their turn (SUMO `dir`, optional `turn` in a site file), and a silent lane is estimated from the
/// lanes making the same movement: same main turn, green in a common stage.
@Suite struct TurnPeersTests {
    /// Two stages (north–south, east–west); every approach has a right-turn lane `_0` and a through lane `_1`.
    static func rightAndThrough(turns: Bool) -> Intersection {
        var lanes: [Lane] = [], movements: [Movement] = []
        let arms = ["N", "E", "S", "W"]
        for (i, arm) in arms.enumerated() {
            lanes.append(Lane(id: "\(arm)in_0", approach: "\(arm)in", role: .incoming))
            lanes.append(Lane(id: "\(arm)in_1", approach: "\(arm)in", role: .incoming))
            lanes.append(Lane(id: "\(arm)out_0", approach: "\(arm)out", role: .outgoing))
            let right = arms[(i + 3) % 4], opposite = arms[(i + 2) % 4]
            movements.append(Movement(from: "\(arm)in_0", to: "\(right)out_0", signal: i * 2, turn: turns ? .right : nil))
            movements.append(Movement(from: "\(arm)in_1", to: "\(opposite)out_0", signal: i * 2 + 1,
                                      turn: turns ? .straight : nil))
        }
        // Signals: N 0–1, E 2–3, S 4–5, W 6–7.
        let stages = [Stage(name: "NS", signals: "GGrrGGrr", minGreen: 5, maxGreen: 40, pedestrianMinGreen: 0, maxWait: 90),
                      Stage(name: "EW", signals: "rrGGrrGG", minGreen: 5, maxGreen: 40, pedestrianMinGreen: 0, maxWait: 90)]
        guard let id = IntersectionID(rawValue: "RT") else { fatalError("fixture id") }
        return Intersection(id: id, name: "RT", lanes: lanes, movements: movements, stages: stages, interGreens: [],
                            signalCount: 8)
    }

    @Test func sumoDir_becomesTheMovementsTurn_andAnUnknownLetterNone() throws {
        let x = try TrafficFixtures.cross
        #expect(x.movements.allSatisfy { $0.turn == .straight })
        let net = TrafficFixtures.crossNet
            .replacingOccurrences(of: "linkIndex=\"2\" dir=\"s\"", with: "linkIndex=\"2\" dir=\"L\"")
            .replacingOccurrences(of: "linkIndex=\"3\" dir=\"s\"", with: "linkIndex=\"3\" dir=\"invalid\"")
        let y = try SumoNetImport.intersections(from: Data(net.utf8))[0]
        #expect(y.movements.first { $0.signal == 2 }?.turn == .left)
        #expect(y.movements.first { $0.signal == 3 }?.turn == nil)
        #expect(Turn(sumo: "R") == .right && Turn(sumo: "t") == .uturn && Turn(sumo: "s") == .straight)
    }

    @Test func aSilentThroughLane_isEstimatedFromTheOpposingThroughLane_notTheRightTurnBesideIt() {
        let x = Self.rightAndThrough(turns: true)
        var readings: [LaneID: DetectorReading] = [:]
        for lane in x.lanes { readings[lane.id] = DetectorReading(vehicles: 0, halting: 0) }
        readings["Nin_1"] = nil
        readings["Nin_0"] = DetectorReading(vehicles: 1, halting: 1)     // the right turn beside it: nearly empty
        readings["Sin_1"] = DetectorReading(vehicles: 9, halting: 9)     // the opposing through lane: a queue
        let q = DemandEstimate.queues(x, readings: readings, settings: .standard)
        #expect(q["Nin_1"] == 9)
        // Without turns (old data, a site file without them), lanes green in the same stages stay the peers.
        let old = DemandEstimate.queues(Self.rightAndThrough(turns: false), readings: readings, settings: .standard)
        #expect(old["Nin_1"] == 1)
    }

    @Test func peers_sameTurnOnTheSameApproachFirst_thenAnywhere_thenTheApproach() {
        let x = Self.rightAndThrough(turns: true)
        let sig = DemandEstimate.signatures(x)
        #expect(sig["Nin_1"] == DemandEstimate.Signature(stages: [0], turn: .straight))
        #expect(sig["Ein_0"] == DemandEstimate.Signature(stages: [1], turn: .right))
        guard let nin1 = x.lanes.first(where: { $0.id == "Nin_1" }) else { Issue.record("no Nin_1"); return }
        func peers(_ reporting: Set<LaneID>) -> [LaneID] {
            DemandEstimate.peers(of: nin1, in: x, reporting: reporting, signature: sig).map(\.id).sorted()
        }
        // Through lanes green on another stage (Ein_1, Win_1) are not the same movement.
        #expect(peers(["Nin_0", "Sin_1", "Ein_1", "Win_1"]) == ["Sin_1"])
        #expect(peers(["Nin_0", "Ein_1", "Win_1"]) == ["Nin_0"])                 // no through lane of its stage: its approach
        #expect(peers(["Ein_1", "Win_0"]) == ["Ein_1", "Win_0"])                 // nothing of either: every incoming lane
        #expect(DemandEstimate.mainTurn([.right, .straight]) == .straight)
        #expect(DemandEstimate.mainTurn([.right, .left]) == .left)
        #expect(DemandEstimate.mainTurn([]) == nil)
    }

    @Test func aSiteFilesTurn_isOptional_andAnUnknownOneIsAProblem() throws {
        func site(_ turn: String) -> Data {
            Data("""
            {"intersections": {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": "J1", "geometry": {"type": "Point", "coordinates": [121.47, 31.23]}, "properties": {}}]},
             "sites": [{"id": "J1", "signalCount": 2,
               "lanes": [{"id": "a_0", "approach": "a", "role": "incoming"}, {"id": "b_0", "approach": "b", "role": "outgoing"},
                         {"id": "c_0", "approach": "c", "role": "incoming"}],
               "movements": [{"from": "a_0", "to": "b_0", "signal": 0\(turn)}, {"from": "c_0", "to": "b_0", "signal": 1}],
               "stages": [{"name": "A", "signals": "Gr", "minGreen": 5, "maxGreen": 40, "pedestrianMinGreen": 0, "maxWait": 90},
                          {"name": "C", "signals": "rG", "minGreen": 5, "maxGreen": 40, "pedestrianMinGreen": 0, "maxWait": 90}]}]}
            """.utf8)
        }
        let x = try SiteImport.intersections(from: site(", \"turn\": \"left\""))[0]
        #expect(x.movements.map(\.turn) == [.left, nil])
        #expect(try SiteImport.intersections(from: site(""))[0].movements.allSatisfy { $0.turn == nil })
        #expect(throws: TrafficProblem.self) { try SiteImport.intersections(from: site(", \"turn\": \"north\"")) }
        // Stored intersections without turns still decode, and a movement without a turn encodes none.
        let encoded = try JSONEncoder().encode(Movement(from: "a_0", to: "b_0", signal: 0))
        #expect(!String(decoding: encoded, as: UTF8.self).contains("turn"))
        #expect(try JSONDecoder().decode(Movement.self, from: encoded) == Movement(from: "a_0", to: "b_0", signal: 0))
    }
}
