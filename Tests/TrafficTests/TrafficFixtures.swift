import Foundation
@testable import Traffic

/// Small networks and intersections the traffic tests share.
enum TrafficFixtures {
    /// A four-arm junction `C` with one lane per arm: north–south through on stage 0, east–west on stage 1.
    static let crossNet = """
    <?xml version="1.0" encoding="UTF-8"?>
    <net version="1.20">
        <edge id=":C_0" function="internal"><lane id=":C_0_0" index="0" length="5.0"/></edge>
        <edge id="N2C" from="N" to="C"><lane id="N2C_0" index="0" length="200.0"/></edge>
        <edge id="S2C" from="S" to="C"><lane id="S2C_0" index="0" length="200.0"/></edge>
        <edge id="E2C" from="E" to="C"><lane id="E2C_0" index="0" length="200.0"/></edge>
        <edge id="W2C" from="W" to="C"><lane id="W2C_0" index="0" length="200.0"/></edge>
        <edge id="C2N" from="C" to="N"><lane id="C2N_0" index="0" length="200.0"/></edge>
        <edge id="C2S" from="C" to="S"><lane id="C2S_0" index="0" length="200.0"/></edge>
        <edge id="C2E" from="C" to="E"><lane id="C2E_0" index="0" length="200.0"/></edge>
        <edge id="C2W" from="C" to="W"><lane id="C2W_0" index="0" length="200.0"/></edge>
        <tlLogic id="C" type="static" programID="0" offset="0">
            <phase duration="30" state="GGrr"/>
            <phase duration="3" state="yyrr"/>
            <phase duration="2" state="rrrr"/>
            <phase duration="25" state="rrGG" minDur="8" maxDur="45"/>
            <phase duration="4" state="rryy"/>
        </tlLogic>
        <junction id="C" type="traffic_light" x="0" y="0" incLanes="N2C_0 S2C_0 E2C_0 W2C_0"/>
        <junction id="N" type="dead_end" x="0" y="200"/>
        <connection from="N2C" to="C2S" fromLane="0" toLane="0" via=":C_0_0" tl="C" linkIndex="0" dir="s" state="O"/>
        <connection from="S2C" to="C2N" fromLane="0" toLane="0" tl="C" linkIndex="1" dir="s" state="O"/>
        <connection from="E2C" to="C2W" fromLane="0" toLane="0" tl="C" linkIndex="2" dir="s" state="o"/>
        <connection from="W2C" to="C2E" fromLane="0" toLane="0" tl="C" linkIndex="3" dir="s" state="o"/>
        <connection from=":C_0" to="C2S" fromLane="0" toLane="0" dir="s" state="M"/>
    </net>
    """

    static var cross: Intersection {
        get throws { try SumoNetImport.intersections(from: Data(crossNet.utf8))[0] }
    }

    /// A four-stage intersection (through and left turns of each axis), two lanes per approach, for property tests.
    static func fourStage(minGreen: Double = 5, maxGreen: Double = 40, pedestrian: Double = 0, maxWait: Double = 90) -> Intersection {
        var lanes: [Lane] = []
        var movements: [Movement] = []
        let arms = ["N", "E", "S", "W"]
        for (i, arm) in arms.enumerated() {
            lanes.append(Lane(id: "\(arm)in_0", approach: "\(arm)in", role: .incoming))
            lanes.append(Lane(id: "\(arm)in_1", approach: "\(arm)in", role: .incoming))
            lanes.append(Lane(id: "\(arm)out_0", approach: "\(arm)out", role: .outgoing))
            let opposite = arms[(i + 2) % 4], left = arms[(i + 1) % 4]
            movements.append(Movement(from: "\(arm)in_0", to: "\(opposite)out_0", signal: i * 2))
            movements.append(Movement(from: "\(arm)in_1", to: "\(left)out_0", signal: i * 2 + 1))
        }
        // Signals: N through 0, N left 1, E through 2, E left 3, S through 4, S left 5, W through 6, W left 7.
        let states = ["GrrrGrrr", "rGrrrGrr", "rrGrrrGr", "rrrGrrrG"]
        let stages = states.enumerated().map { i, s in
            Stage(name: "S\(i)", signals: s, minGreen: minGreen, maxGreen: maxGreen, pedestrianMinGreen: i == 0 ? pedestrian : 0,
                  maxWait: maxWait)
        }
        guard let id = IntersectionID(rawValue: "X4") else { fatalError("fixture id") }
        return Intersection(id: id, name: "X4", lanes: lanes, movements: movements, stages: stages,
                            interGreens: [InterGreen(from: 0, to: 1, yellow: 3, allRed: 1)], signalCount: 8)
    }
}
