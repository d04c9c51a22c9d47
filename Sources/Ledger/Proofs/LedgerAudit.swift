import Foundation
import HubKit
import SQLKit

/// Recomputes the ledger from the journal and checks it against what is stored: every leaf (so every event
/// row, from which entries are made) against the hash tiles of the final tree, every stored checkpoint's root
/// and signature, and the recorded state; then each slice's stored state against its events.
/// Names what differs and where; nothing is trusted because it is stored.
public struct LedgerAudit: Sendable {
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public let code: String
        /// Where: `journal seq 42`, `tile/0/001`, `checkpoint 300`…
        public let location: String
        public let zh: String
        public let en: String
        public var description: String { "[\(code)] \(location): \(en)" }
    }

    public struct Report: Sendable {
        public var entries: UInt64 = 0
        public var checkpoints = 0
        public var notYetIntegrated: Int64 = 0
        /// Subjects whose stored state was replayed from their events, by slice (`cases`).
        public var replayed: [String: Int] = [:]
        public fileprivate(set) var findings: [Finding] = []
        /// Findings past `findingLimit`, counted only (a damaged database could otherwise fill the memory).
        public fileprivate(set) var omitted = 0
        public static let findingLimit = 10_000

        mutating func add(_ finding: Finding) {
            if findings.count < Self.findingLimit { findings.append(finding) } else { omitted += 1 }
        }
    }

    let store: LedgerStore
    let key: VerifierKey

    /// Checks the ledger, then each slice's stored state against its events (`replays`).
    public func run(replays: [any StateReplay] = []) async throws -> Report {
        var report = Report()
        let state = try await store.state()
        // The kept history, then the newest (in the state row) — each checked against the recomputed root.
        var checkpoints = try await store.database.read { sql in
            try await sql.raw("SELECT size, note FROM ledger_checkpoints ORDER BY size").all().map {
                let size = UInt64(try $0.decode(column: "size", as: Int64.self))
                return (size: size, note: try $0.decode(column: "note", as: String.self), place: "checkpoint \(size)")
            }
        }
        if !state.checkpoint.isEmpty {
            checkpoints.append((size: state.size, note: state.checkpoint, place: "checkpoint \(state.size) (ledger_state)"))
        }
        let newest = checkpoints.last.flatMap { stored -> Checkpoint? in
            guard let note = try? SignedNote(parsing: stored.note), (try? note.verified(by: [key])) != nil else { return nil }
            return try? Checkpoint(parsing: note.text)
        }
        var nextCheckpoint = checkpoints.startIndex
        var edge = LogEdge()
        var builder = TileBuilder()
        var after: Int64 = 0

        func check(_ checkpoint: (size: UInt64, note: String, place: String), root: TreeHash) {
            report.checkpoints += 1
            let location = checkpoint.place
            guard let note = try? SignedNote(parsing: checkpoint.note), (try? note.verified(by: [key])) != nil else {
                report.add(Finding(code: "CHECKPOINT_SIGNATURE", location: location, zh: "检查点签名无效或已被改动",
                                   en: "The checkpoint's signature does not verify (the stored note was altered)"))
                return
            }
            guard let parsed = try? Checkpoint(parsing: note.text), parsed.size == checkpoint.size, parsed.rootHash == Data(root) else {
                report.add(Finding(code: "CHECKPOINT_ROOT", location: location, zh: "检查点的根与从日志重算的不符",
                                   en: "The checkpoint's root is not the root recomputed from the journal"))
                return
            }
        }

        while UInt64(after) < state.size {
            let events = try await store.database.read { sql in
                try await Journal.events(after: after, limit: 4096, on: sql)
            }
            guard !events.isEmpty else { break }
            for event in events where UInt64(event.seq) <= state.size {
                let leaf = MerkleTree.leafHash(try LedgerEntry.encode(event, salt: store.salt))
                edge.append(leaf)
                for tile in builder.append([leaf]) where !tile.address.isPartial {
                    try await compare(tile, signed: newest, into: &report)
                }
                while nextCheckpoint < checkpoints.endIndex, checkpoints[nextCheckpoint].size == edge.size {
                    check(checkpoints[nextCheckpoint], root: edge.root)
                    nextCheckpoint += 1
                }
                after = event.seq
            }
        }
        report.entries = edge.size
        // The right edge as it stands: the partial tiles of the current size.
        for (level, hashes) in builder.partial.enumerated() where !hashes.isEmpty {
            let address = TileAddress(level: level, index: state.size >> (8 * UInt64(level + 1)), width: hashes.count)
            try await compare(TileBuilder.Tile(address: address, hashes: hashes), signed: newest, into: &report)
        }
        if edge != state.edge {
            report.add(Finding(code: "STATE_EDGE", location: "ledger_state", zh: "账本状态与重算结果不符",
                               en: "The ledger's recorded state is not what the journal gives"))
        }
        for orphan in checkpoints[nextCheckpoint...] {
            report.add(Finding(code: "CHECKPOINT_BEYOND_LOG", location: orphan.place,
                               zh: "检查点的大小超出账本", en: "A checkpoint names more entries than the ledger holds"))
        }
        let head = try await store.database.read { try await Journal.head(on: $0) }
        report.notYetIntegrated = max(0, head - Int64(state.size))
        for replay in replays {
            let replayed = try await replay.run()
            report.replayed[replay.name] = replayed.checked
            report.omitted += replayed.omitted
            for divergence in replayed.divergences {
                report.add(Finding(
                    code: "STATE_DIFFERS", location: "\(divergence.subject) \(divergence.field) (last event journal seq \(divergence.lastSeq))",
                    zh: "存储的状态与日志事件重放结果不符：存储为「\(divergence.stored)」，事件给出「\(divergence.replayed)」",
                    en: "The stored state is not what its journal events give: stored '\(divergence.stored)', the events give '\(divergence.replayed)'"))
            }
        }
        return report
    }

    /// `signed`: the newest checkpoint, when its signature verifies, to tell an edited event from an edited tile.
    private func compare(_ tile: TileBuilder.Tile, signed: Checkpoint?, into report: inout Report) async throws {
        if let level = tile.address.level, let interior = tile.interior {
            let kept = try await store.database.read { sql in
                try await sql.raw("""
                    SELECT interior FROM ledger_tiles WHERE level = \(bind: level) AND idx = \(bind: Int64(tile.address.index)) AND width = 256
                    """).first()?.decode(column: "interior", as: Data?.self)
            }
            if let kept, Array(kept) != interior {
                report.add(Finding(code: "TILE_INTERIOR_DIFFERS", location: tile.address.path,
                                   zh: "瓦片内部节点被改动（证明将无法验证）",
                                   en: "The tile's interior nodes were altered (proofs from it would not verify)"))
            }
        }
        let stored = try await store.tile(tile.address)
        let expected = tile.hashes.flatMap { $0 }
        guard stored != expected else { return }
        var location = tile.address.path
        if tile.address.level == 0, let stored {
            let first = (0..<tile.hashes.count).first { i in stored.count < (i + 1) * 32 || Array(stored[(i * 32)..<(i * 32 + 32)]) != tile.hashes[i] }
            if let first { location += ", leaf \(tile.address.index * 256 + UInt64(first)) (journal seq \(tile.address.index * 256 + UInt64(first) + 1))" }
            if try await stillHashesUp(tile.address, stored: stored, signed: signed) {
                report.add(Finding(code: "EVENT_DIFFERS", location: location,
                                   zh: "日志事件被改动：与其账本叶子不符",
                                   en: "The journal event was altered: it no longer matches its ledger leaf"))
                return
            }
        }
        report.add(Finding(code: stored == nil ? "TILE_MISSING" : "TILE_DIFFERS", location: location,
                           zh: "瓦片与从日志重算的不符（日志事件或瓦片被改动）",
                           en: "The tile differs from the one recomputed from the journal (an event row or the tile was altered)"))
    }

    /// Whether a stored leaf tile still hashes up as the sequencer wrote it — a full one to its entry in the tile
    /// above, the right edge's partial one (with the rest of the stored tree) to the newest signed root — so that
    /// what changed is the event row it no longer matches.
    private func stillHashesUp(_ address: TileAddress, stored: [UInt8], signed: Checkpoint?) async throws -> Bool {
        if address.isPartial {
            guard let signed else { return false }
            let root = try? await store.database.read { sql in
                // From the tiles alone: the stored edge is not what is being checked here.
                var tree = TiledTree(size: signed.size) { level, index, count in
                    try await store.tileHashes(level: level, index: index, atLeast: count, on: sql)
                }
                return try await tree.root()
            }
            return root.map { Data($0) == signed.rootHash } ?? false
        }
        guard stored.count == TileAddress.width * 32 else { return false }
        let hashes = stride(from: 0, to: stored.count, by: 32).map { Array(stored[$0..<($0 + 32)]) }
        let position = Int(address.index % UInt64(TileAddress.width))
        guard let parent = try await store.database.read({ sql in
            try await store.hashes(level: 1, index: address.index / UInt64(TileAddress.width), atLeast: position + 1, on: sql)
        }) else { return false }
        return parent[position] == MerkleTree.root(hashes[...])
    }
}

extension LedgerSequencer {
    /// An audit of this ledger with its own key and salt.
    public var audit: LedgerAudit { LedgerAudit(store: store, key: signer.verifierKey) }
}
