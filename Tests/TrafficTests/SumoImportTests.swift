import Foundation
import Testing
@testable import Traffic

/// SUMO network import: stages are the green phases, inter-greens the yellow/all-red between them, and broken input
/// is a problem with a stable code, never a crash.
@Suite struct SumoImportTests {
    @Test func greenPhases_becomeStages_andTheirClearances_interGreens() throws {
        let x = try TrafficFixtures.cross
        #expect(x.id.rawValue == "C")
        #expect(x.stages.map(\.signals) == ["GGrr", "rrGG"])
        #expect(x.signalCount == 4)
        #expect(x.movements.count == 4)
        #expect(x.incomingLanes.map(\.id).sorted() == ["E2C_0", "N2C_0", "S2C_0", "W2C_0"])
        #expect(x.lanes.filter { $0.role == .outgoing }.count == 4)
        #expect(x.interGreen(from: 0, to: 1) == InterGreen(from: 0, to: 1, yellow: 3, allRed: 2))
        #expect(x.interGreen(from: 1, to: 0) == InterGreen(from: 1, to: 0, yellow: 4, allRed: 0))
        // minDur/maxDur when given; otherwise 5 s and max(60 s, the phase's duration).
        #expect(x.stages[1].minGreen == 8 && x.stages[1].maxGreen == 45)
        #expect(x.stages[0].minGreen == 5 && x.stages[0].maxGreen == 60)
        #expect(x.stageMovements[0].map(\.from).sorted() == ["N2C_0", "S2C_0"])
        #expect(x.approaches.sorted() == ["E2C", "N2C", "S2C", "W2C"])
    }

    @Test func programWithoutClearancePhases_getsYellow3AllRed2() throws {
        let net = TrafficFixtures.crossNet
            .replacingOccurrences(of: "<phase duration=\"3\" state=\"yyrr\"/>", with: "")
            .replacingOccurrences(of: "<phase duration=\"2\" state=\"rrrr\"/>", with: "")
        let x = try SumoNetImport.intersections(from: Data(net.utf8))[0]
        #expect(x.interGreen(from: 0, to: 1).yellow == 3 && x.interGreen(from: 0, to: 1).allRed == 2)
        #expect(x.interGreen(from: 1, to: 0).yellow == 4)
    }

    static func code(_ text: String) -> String? {
        do {
            _ = try SumoNetImport.intersections(from: Data(text.utf8))
            return nil
        } catch {
            let problem: TrafficProblem = error
            return problem.code
        }
    }

    @Test func brokenNetworks_areProblems() {
        let net = TrafficFixtures.crossNet
        let cases: [(String, String)] = [
            (String(net.prefix(net.count / 2)), "TRAFFIC_MALFORMED_NETWORK"),
            ("", "TRAFFIC_MALFORMED_NETWORK"),
            ("not xml at all", "TRAFFIC_MALFORMED_NETWORK"),
            (net.replacingOccurrences(of: "linkIndex=\"2\"", with: ""), "TRAFFIC_MISSING_ATTRIBUTE"),
            (net.replacingOccurrences(of: "linkIndex=\"2\"", with: "linkIndex=\"two\""), "TRAFFIC_INVALID_ATTRIBUTE"),
            (net.replacingOccurrences(of: "linkIndex=\"3\"", with: "linkIndex=\"9\""), "TRAFFIC_INVALID_INTERSECTION"),
            (net.replacingOccurrences(of: "to=\"C2E\" fromLane", with: "to=\"C2X\" fromLane"), "TRAFFIC_UNKNOWN_LANE"),
            (net.replacingOccurrences(of: "<phase duration=\"30\" state=\"GGrr\"/>", with: "<phase state=\"GGrr\"/>"),
             "TRAFFIC_MISSING_ATTRIBUTE"),
            (net.replacingOccurrences(of: "state=\"GGrr\"", with: "state=\"GGr\""), "TRAFFIC_INVALID_INTERSECTION"),
            (net.replacingOccurrences(of: "state=\"GGrr\"", with: "state=\"GG!r\""), "TRAFFIC_INVALID_ATTRIBUTE"),
            ("<net></net>", "TRAFFIC_NO_INTERSECTIONS"),
        ]
        for (text, expected) in cases {
            #expect(Self.code(text) == expected, "expected \(expected)")
        }
    }

    @Test func intersectionIDs_codeAsTheirString_andRefuseBadOnes() throws {
        let id = try #require(IntersectionID(rawValue: "B1"))
        #expect(String(decoding: try JSONEncoder().encode([id]), as: UTF8.self) == #"["B1"]"#)
        #expect(try JSONDecoder().decode([IntersectionID].self, from: Data(#"["A0","cluster_1:2#3"]"#.utf8)).map(\.rawValue) == ["A0", "cluster_1:2#3"])
        for bad in [#"[""]"#, #"["a b"]"#, #"[7]"#, "[\"\(String(repeating: "x", count: 65))\"]"] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode([IntersectionID].self, from: Data(bad.utf8)) }
        }
    }
}
