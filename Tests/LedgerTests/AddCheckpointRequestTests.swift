import Foundation
import HubTestSupport
import Testing
@testable import Ledger

/// The `add-checkpoint` body and the witness's consistency rules, without a server: every malformed body is a
/// 400 with its own code, and every consistency verdict of C2SP tlog-witness comes from one pure function.
@Suite struct AddCheckpointRequestTests {
    static let log: TestLog = {
        guard let log = try? TestLog(origin: "example.com/log", leaves: 20) else { preconditionFailure("test log") }
        return log
    }()

    @Test func aWellFormedBody_parses_andIsWrittenBackTheSame() throws {
        let body = try Self.log.body(old: 7, size: 20)
        let request = try AddCheckpointRequest(parsing: Array(body.utf8))
        #expect(request.oldSize == 7 && request.checkpoint.size == 20 && request.checkpoint.origin == "example.com/log")
        #expect(request.proof == Self.log.proof(from: 7, to: 20) && !request.proof.isEmpty)
        #expect(request.body == body)
        let empty = try AddCheckpointRequest(parsing: Array(try Self.log.body(old: 0, size: 0).utf8))
        #expect(empty.oldSize == 0 && empty.proof.isEmpty && empty.checkpoint.size == 0)
    }

    static func broken() throws -> [(String, [UInt8], String)] {
        let good = try log.body(old: 7, size: 20)
        let note = try log.note(size: 20).serialized
        let proof = log.proof(from: 7, to: 20).map { Data($0).base64EncodedString() + "\n" }.joined()
        let hash = Data(repeating: 1, count: 32).base64EncodedString() + "\n"
        return [
            ("missing blank line", Array(("old 7\n" + proof + note).utf8), "MISSING_BLANK_LINE"),
            ("nothing after the old size", Array("old 7\n".utf8), "MISSING_BLANK_LINE"),
            ("no newline at all", Array("old 7".utf8), "MISSING_BLANK_LINE"),
            ("leading zero", Array(good.replacingOccurrences(of: "old 7\n", with: "old 07\n").utf8), "INVALID_OLD_SIZE"),
            ("old 01", Array(("old 01\n" + "\n" + note).utf8), "INVALID_OLD_SIZE"),
            ("negative", Array(("old -1\n\n" + note).utf8), "INVALID_OLD_SIZE"),
            ("plus sign", Array(("old +1\n\n" + note).utf8), "INVALID_OLD_SIZE"),
            ("two spaces", Array(("old  1\n\n" + note).utf8), "INVALID_OLD_SIZE"),
            ("no number", Array(("old \n\n" + note).utf8), "INVALID_OLD_SIZE"),
            ("beyond 64 bits", Array(("old 18446744073709551616\n\n" + note).utf8), "INVALID_OLD_SIZE"),
            ("carriage return", Array(good.replacingOccurrences(of: "old 7\n", with: "old 7\r\n").utf8), "INVALID_OLD_SIZE"),
            ("wrong keyword", Array(good.replacingOccurrences(of: "old 7\n", with: "new 7\n").utf8), "INVALID_OLD_SIZE"),
            ("64 proof lines", Array(("old 7\n" + String(repeating: hash, count: 64) + "\n" + note).utf8), "TOO_MANY_PROOF_LINES"),
            ("bad base64", Array(("old 7\n" + "not*base64\n\n" + note).utf8), "INVALID_PROOF_LINE"),
            ("short hash", Array(("old 7\n" + Data(repeating: 1, count: 31).base64EncodedString() + "\n\n" + note).utf8), "INVALID_PROOF_LINE"),
            ("truncated checkpoint", Array(good.dropLast(30).utf8), "INVALID_CHECKPOINT"),
            ("checkpoint without signature", Array(("old 7\n" + proof + "\n" + (try log.note(size: 20).text)).utf8), "INVALID_CHECKPOINT"),
            ("checkpoint with two lines", Array(("old 0\n\nexample.com/log\n20\n\n— example.com/log AAAAAAAA\n").utf8), "INVALID_CHECKPOINT"),
            ("non-UTF-8", Array("old 7\n".utf8) + [0xff, 0xfe, 0x0a, 0x0a] + Array(note.utf8), "NOT_UTF8"),
            ("old beyond the checkpoint", Array(try log.body(old: 21, size: 20, proof: []).utf8), "OLD_SIZE_TOO_LARGE"),
        ]
    }

    @Test func brokenBodies_are400_withAStableCode() throws {
        for (what, body, code) in try Self.broken() {
            let parsed = Result<AddCheckpointRequest, WitnessProblem> { () throws(WitnessProblem) in try AddCheckpointRequest(parsing: body) }
            guard case .failure(let problem) = parsed else {
                Issue.record("\(what) was accepted")
                continue
            }
            #expect(problem.code == code, "\(what): \(problem.code)")
            #expect(problem.status == 400, "\(what)")
        }
    }

    @Test func sixtyThreeProofLines_areAllowed() throws {
        let hash = Data(repeating: 1, count: 32).base64EncodedString() + "\n"
        let body = "old 7\n" + String(repeating: hash, count: 63) + "\n" + (try Self.log.note(size: 20).serialized)
        #expect(try AddCheckpointRequest(parsing: Array(body.utf8)).proof.count == 63)
    }
}

/// The witness's rules, one verdict per line of C2SP tlog-witness.
@Suite struct WitnessRulesTests {
    static let log = AddCheckpointRequestTests.log

    static func request(old: Int, size: Int, proof: [TreeHash]? = nil, root: Data? = nil) throws -> AddCheckpointRequest {
        try AddCheckpointRequest(oldSize: UInt64(old), proof: proof ?? log.proof(from: old, to: size),
                                 note: try log.note(size: size, root: root))
    }

    static func record(_ size: Int) -> WitnessRules.Record {
        WitnessRules.Record(size: UInt64(size), rootHash: log.root(size: size))
    }

    @Test func verdicts() throws {
        let other = Data(repeating: 7, count: 32)
        let cases: [(String, AddCheckpointRequest, WitnessRules.Record?, WitnessRules.Verdict)] = [
            ("first checkpoint", try Self.request(old: 0, size: 5), nil, .cosign),
            ("extends the record", try Self.request(old: 5, size: 12), Self.record(5), .cosign),
            ("the same checkpoint again", try Self.request(old: 12, size: 12), Self.record(12), .cosign),
            ("the empty tree", try Self.request(old: 0, size: 0), nil, .cosign),
            ("from the empty tree", try Self.request(old: 0, size: 3), WitnessRules.Record(size: 0, rootHash: WitnessRules.emptyRoot), .cosign),
            ("stale old size", try Self.request(old: 5, size: 12), Self.record(8), .conflict(recordedSize: 8, fork: false)),
            ("never cosigned, old size given", try Self.request(old: 5, size: 12), nil, .conflict(recordedSize: 0, fork: false)),
            ("another root at the recorded size, old 0", try Self.request(old: 0, size: 8, root: other), Self.record(8),
             .conflict(recordedSize: 8, fork: true)),
            ("size 0 with a wrong root", try Self.request(old: 0, size: 0, root: other), nil, .refuse(.emptyTreeRoot, evidence: true)),
            ("a proof with old size 0", try Self.request(old: 0, size: 5, proof: Self.log.proof(from: 2, to: 5)), nil,
             .refuse(.unexpectedProof, evidence: false)),
            ("a proof that fails", try Self.request(old: 5, size: 12, proof: Self.log.proof(from: 6, to: 12)), Self.record(5),
             .refuse(.inconsistent(old: 5, size: 12), evidence: true)),
            ("a root that does not extend", try Self.request(old: 5, size: 12, root: other), Self.record(5),
             .refuse(.inconsistent(old: 5, size: 12), evidence: true)),
            ("same size, different root", try Self.request(old: 8, size: 8, root: other), Self.record(8),
             .refuse(.rootMismatch(size: 8), evidence: true)),
            ("same size with a proof", try Self.request(old: 8, size: 8, proof: Self.log.proof(from: 3, to: 8)), Self.record(8),
             .refuse(.inconsistent(old: 8, size: 8), evidence: false)),
        ]
        for (what, request, record, verdict) in cases {
            #expect(WitnessRules.judge(request, record: record) == verdict, "\(what)")
        }
    }

    @Test func problemStatuses_followTheSpecification() {
        let statuses: [(WitnessProblem, Int)] = [
            (.missingBlankLine, 400), (.oldSizeBeyondCheckpoint(old: 2, size: 1), 400), (.untrustedCheckpoint(origin: "o"), 403),
            (.badLogSignature(key: "k"), 403), (.unknownLog(origin: "o"), 404), (.notCosigned, 404), (.emptyTreeRoot, 422),
            (.unexpectedProof, 422), (.inconsistent(old: 1, size: 2), 422), (.rootMismatch(size: 2), 422),
        ]
        for (problem, status) in statuses {
            #expect(problem.status == status, "\(problem.code)")
            #expect(!problem.message.zh.isEmpty && !problem.message.en.isEmpty)
        }
    }
}
