import Foundation
import Testing
@testable import Traffic

/// A silent lane's arrivals from its feeders: the outgoing lanes of other intersections that reach it with no signal
/// between, read from a SUMO net, and the vehicles over their exit loops their free-flow seconds late.
@Suite struct FeederTests {
    /// Two lights, U and C. U2C leaves U and enters C (272.8 m: zones at both ends, 72.8 m between); U2S leaves U and
    /// is split 84 m on into S2C, whose inner lane S2C_1 is fed by U2S_0 as well as S2C_0.
    static let net = """
    <net version="1.20">
        <edge id="A2U"><lane id="A2U_0" index="0" length="200" speed="13.89"/></edge>
        <edge id="U2C"><lane id="U2C_0" index="0" length="272.8" speed="13.89"/></edge>
        <edge id="U2S"><lane id="U2S_0" index="0" length="84" speed="13.89"/></edge>
        <edge id="S2C"><lane id="S2C_0" index="0" length="84" speed="13.89"/><lane id="S2C_1" index="1" length="84" speed="13.89"/></edge>
        <edge id="C2B"><lane id="C2B_0" index="0" length="200" speed="13.89"/></edge>
        <tlLogic id="U" type="static" programID="0" offset="0">
            <phase duration="30" state="GG"/><phase duration="3" state="yy"/>
        </tlLogic>
        <tlLogic id="C" type="static" programID="0" offset="0">
            <phase duration="30" state="Grr"/><phase duration="3" state="yrr"/><phase duration="30" state="rGG"/><phase duration="3" state="ryy"/>
        </tlLogic>
        <connection from="A2U" to="U2C" fromLane="0" toLane="0" tl="U" linkIndex="0" dir="s"/>
        <connection from="A2U" to="U2S" fromLane="0" toLane="0" tl="U" linkIndex="1" dir="r"/>
        <connection from="U2S" to="S2C" fromLane="0" toLane="0" dir="s"/>
        <connection from="U2S" to="S2C" fromLane="0" toLane="1" dir="s"/>
        <connection from="U2C" to="C2B" fromLane="0" toLane="0" tl="C" linkIndex="0" dir="s"/>
        <connection from="S2C" to="C2B" fromLane="0" toLane="0" tl="C" linkIndex="1" dir="l"/>
        <connection from="S2C" to="C2B" fromLane="1" toLane="0" tl="C" linkIndex="2" dir="l"/>
    </net>
    """

    static func intersections() throws -> [IntersectionID: Intersection] {
        let xs = try SumoNetImport.intersections(from: Data(net.utf8))
        return Dictionary(uniqueKeysWithValues: xs.map { ($0.id, $0) })
    }

    @Test func feeders_areTheLaneItself_orTheLanesBeforeASplit_withTheirFreeFlowSeconds() throws {
        let c = try #require(try Self.intersections()[IntersectionID(rawValue: "C")!])
        let lanes = Dictionary(uniqueKeysWithValues: c.lanes.map { ($0.id, $0) })
        let direct = try #require(lanes["U2C_0"]?.feeders)
        #expect(direct.map(\.lane) == ["U2C_0"])
        #expect(abs(direct[0].seconds - 72.8 / 13.89) < 1e-6)
        #expect(lanes["S2C_1"]?.feeders?.map(\.lane) == ["U2S_0"])
        #expect(lanes["S2C_0"]?.feeders?.map(\.lane) == ["U2S_0"])
        #expect((lanes["S2C_1"]?.feeders?[0].seconds ?? 99) < 0.1)      // the zones meet at the split
        #expect(lanes["C2B_0"]?.feeders == nil)                          // outgoing lanes have none
        let u = try #require(try Self.intersections()[IntersectionID(rawValue: "U")!])
        #expect(u.lanes.first { $0.id == "A2U_0" }?.feeders == nil)      // nothing signalised upstream
        // A link so long that its feeder's exits would be older than the history kept: none (the peers' rate).
        let far = Self.net.replacingOccurrences(of: #"length="272.8""#, with: #"length="700""#)
        let farC = try #require(try SumoNetImport.intersections(from: Data(far.utf8)).first { $0.id.rawValue == "C" })
        #expect(farC.lanes.first { $0.id == "U2C_0" }?.feeders == nil)
    }

    @Test func aSiteFile_mayGiveFeeders_andBrokenOnesAreAProblem() throws {
        func site(_ feeders: String, role: String = "incoming") -> Data {
            Data("""
            {"intersections": {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": "J1", "geometry": {"type": "Point", "coordinates": [106.55, 29.56]}, "properties": {}}]},
             "sites": [{"id": "J1", "signalCount": 1,
               "lanes": [{"id": "a_0", "approach": "a", "role": "\(role)"\(feeders)}, {"id": "b_0", "approach": "b", "role": "outgoing"},
                         {"id": "c_0", "approach": "c", "role": "incoming"}],
               "movements": [{"from": "c_0", "to": "b_0", "signal": 0}],
               "stages": [{"name": "C", "signals": "G", "minGreen": 5, "maxGreen": 40, "pedestrianMinGreen": 0, "maxWait": 90}]}]}
            """.utf8)
        }
        let x = try SiteImport.intersections(from: site(#", "feeders": [{"lane": "u_0", "seconds": 4.5}]"#))[0]
        #expect(x.lanes.first { $0.id == "a_0" }?.feeders == [Feeder(lane: "u_0", seconds: 4.5)])
        #expect(try SiteImport.intersections(from: site(""))[0].lanes.allSatisfy { $0.feeders == nil })
        for broken in [#", "feeders": [{"lane": "u_0", "seconds": -1}]"#, #", "feeders": [{"lane": "", "seconds": 1}]"#,
                       #", "feeders": [{"lane": "u_0", "seconds": 30}]"#, #", "feeders": [{"lane": "u_0"}]"#,
                       #", "feeders": "u_0""#] {
            #expect(throws: TrafficProblem.self) { try SiteImport.intersections(from: site(broken)) }
        }
        #expect(throws: TrafficProblem.self) {
            try SiteImport.intersections(from: site(#", "feeders": [{"lane": "u_0", "seconds": 1}]"#, role: "outgoing"))
        }
    }

    @Test func aSilentLane_receivesItsShareOfWhatItsFeederSent_secondsLate_andFallsBackWhenItIsDark() throws {
        let c = try #require(try Self.intersections()[IntersectionID(rawValue: "C")!])
        // S2C_1 silent; S2C_0 reports with nothing passing (no rate learnt yet): each takes half of U2S_0's exits.
        var readings: [LaneID: DetectorReading] = [:]
        for lane in c.lanes where lane.id != "S2C_1" { readings[lane.id] = DetectorReading(vehicles: 0, halting: 0, passed: 0) }
        var model = SilentLaneModel()
        var exits = ExitCounts()
        var state = ControlState(stages: c.stages.count)
        for t in 1...10 {
            exits.append(["U2S_0": 1, "U2C_0": 0])          // a vehicle a second leaves U's zone towards the split
            state.observe(stage: 0, since: 0, transition: false, now: Double(t))   // S2C's stage is red
            model.update(c, readings: readings, state: state, now: Double(t), exits: exits)
        }
        #expect(abs((model.queue["S2C_1"] ?? 0) - 10 * 0.5) < 1e-9)
        // The feeder's exit loop goes dark: the lane falls back to its peers' rate (nothing passed: no growth).
        exits.append(["U2C_0": 0])
        state.observe(stage: 0, since: 0, transition: false, now: 11)
        model.update(c, readings: readings, state: state, now: 11, exits: exits)
        #expect(abs((model.queue["S2C_1"] ?? 0) - 10 * 0.5) < 1e-9)
        // A feeder 5 s upstream (U2C_0 into C): its exits count 5 statuses later.
        var history = ExitCounts()
        for t in 0..<6 { history.append(["U2C_0": t == 0 ? 3 : 0]) }
        #expect(history.count("U2C_0", statusesAgo: 5) == 3 && history.count("U2C_0", statusesAgo: 0) == 0)
        #expect(history.count("U2C_0", statusesAgo: 6) == nil && history.count("X_0", statusesAgo: 0) == nil)
        // A gateway without exit loops that sends 0 for ever: no data, not "nothing arrives".
        var zeros = ExitCounts()
        for _ in 0..<10 { zeros.append(["U2C_0": 0]) }
        #expect(zeros.count("U2C_0", statusesAgo: 0) == nil)
    }
}
