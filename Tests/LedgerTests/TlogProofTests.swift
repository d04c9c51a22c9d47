import Crypto
import Foundation
import HubKit
import Testing
@testable import Ledger

/// C2SP tlog-proofs as CityHub writes them: they verify offline, and any altered part is named.
@Suite struct TlogProofTests {
    static let origin = "test.example/ledger"

    static func proofOfEntry(_ index: Int, of count: Int, signer: NoteSigner) throws -> (TlogProof, [[UInt8]]) {
        let entries = (0..<count).map { Array("{\"seq\":\($0 + 1)}".utf8) }
        let leaves = entries.map(MerkleTree.leafHash)
        let checkpoint = Checkpoint(origin: origin, size: UInt64(count), rootHash: Data(MerkleTree.root(leaves[...])))
        let note = try signer.sign(checkpoint.text)
        return (TlogProof(extra: entries[index], index: UInt64(index), proof: MerkleTree.inclusionProof(index: index, leaves[...]),
                          checkpoint: note), entries)
    }

    @Test func aProof_roundTripsThroughText_andVerifies() throws {
        let signer = try NoteSigner(name: Self.origin, privateKey: .init())
        let (proof, entries) = try Self.proofOfEntry(5, of: 13, signer: signer)
        #expect(proof.text.hasPrefix("c2sp.org/tlog-proof@v1\nextra "))
        let parsed = try TlogProof(parsing: proof.text)
        #expect(parsed == proof)
        let verified = try parsed.verify(keys: [signer.verifierKey])
        #expect(verified.entry == entries[5] && verified.checkpoint.size == 13)
    }

    @Test func alteredEntries_proofs_orKeys_areNamed() throws {
        let signer = try NoteSigner(name: Self.origin, privateKey: .init())
        let stranger = try NoteSigner(name: "other.example/log", privateKey: .init())
        let (proof, entries) = try Self.proofOfEntry(5, of: 13, signer: signer)
        #expect { try proof.verify(keys: [signer.verifierKey], entry: entries[6]) } throws: { ($0 as? NoteFault)?.code == "INCLUSION_FAILED" }
        var path = proof.proof
        path[1][0] ^= 1
        let bent = TlogProof(extra: proof.extra, index: proof.index, proof: path, checkpoint: proof.checkpoint)
        #expect { try bent.verify(keys: [signer.verifierKey]) } throws: { ($0 as? NoteFault)?.code == "INCLUSION_FAILED" }
        let moved = TlogProof(extra: proof.extra, index: 6, proof: proof.proof, checkpoint: proof.checkpoint)
        #expect { try moved.verify(keys: [signer.verifierKey]) } throws: { ($0 as? NoteFault)?.code == "INCLUSION_FAILED" }
        #expect { try proof.verify(keys: [stranger.verifierKey]) } throws: { ($0 as? NoteFault)?.code == "NOTE_NOT_VERIFIED" }
        // Signed by a trusted key, but not the log's own (the witness's alone is not enough).
        var witnessed = try stranger.sign(proof.checkpoint.text)
        witnessed = try SignedNote(text: witnessed.text, signatures: witnessed.signatures)
        let foreign = TlogProof(extra: proof.extra, index: proof.index, proof: proof.proof, checkpoint: witnessed)
        #expect { try foreign.verify(keys: [stranger.verifierKey]) } throws: { ($0 as? NoteFault)?.code == "NOT_SIGNED_BY_LOG" }
    }

    @Test(arguments: [
        "c2sp.org/tlog-proof@v2\nindex 1\n\norigin\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— a AAAAAAAA\n",
        "c2sp.org/tlog-proof@v1\nindex 01\n\norigin\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— a AAAAAAAA\n",
        "c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\norigin\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— a AAAAAAAA\n",
        "c2sp.org/tlog-proof@v1\nindex 1\nshort=\n\norigin\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n— a AAAAAAAA\n",
        "c2sp.org/tlog-proof@v1\nindex 1\n",
        "c2sp.org/tlog-proof@v1\n\norigin\n",
    ])
    func brokenProofs_areRefusedWithACode(text: String) {
        #expect { try TlogProof(parsing: text) } throws: { ["MALFORMED_PROOF", "MALFORMED_NOTE"].contains(($0 as? NoteFault)?.code ?? "") }
    }
}

@Suite struct TrailAccessTests {
    static func event(_ department: String?, actor: String = "user:someone") -> HubEvent {
        HubEvent(seq: 1, id: "e", at: Date(), kind: "case.reported", subject: "case:1", actor: actor, department: department, payload: "{}")
    }
    static func person(_ role: Role, _ department: String? = nil, id: String = "p") -> Principal {
        Principal(kind: .user, id: id, name: id, role: role, departmentID: department.flatMap(DepartmentID.init(rawValue:)))
    }

    @Test func theCentre_reads_departmentsTheirOwn_inspectorsTheirReports_viewersNothing() {
        let events = [Self.event(nil, actor: "user:insp"), Self.event("roads")]
        #expect(TrailAccess.mayRead(Self.person(.dispatcher), events: events))
        #expect(TrailAccess.mayRead(Self.person(.auditor), events: events))
        #expect(TrailAccess.mayRead(Self.person(.departmentHead, "roads"), events: events))
        #expect(!TrailAccess.mayRead(Self.person(.departmentHead, "parks"), events: events))
        #expect(!TrailAccess.mayRead(Self.person(.departmentOperator), events: events))
        #expect(TrailAccess.mayRead(Self.person(.inspector, id: "insp"), events: events))
        #expect(!TrailAccess.mayRead(Self.person(.inspector, id: "other"), events: events))
        #expect(!TrailAccess.mayRead(Self.person(.viewer), events: events))
    }
}
