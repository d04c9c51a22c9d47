import Foundation
import HubKit
import Logging
import SQLKit

/// Appends journal events to the ledger in journal order, one leaf each (leaf i is event i + 1, the journal
/// being gap-free from 1), and signs a checkpoint for every batch. A batch — its entries, tiles, new state and
/// checkpoint — is one transaction: nothing is called integrated before it is durable.
public struct LedgerSequencer: Sendable {
    public let store: LedgerStore
    public let signer: NoteSigner
    let clock: HubClock
    public let batchLimit: Int
    /// At most one batch per `pacing` while following the journal: under a stream of small commits a batch per
    /// commit would re-write the right edge's partial tiles hundreds of times a second.
    public let pacing: Duration
    /// A signed checkpoint is kept in the history (`ledger_checkpoints`) at most once per `historyInterval`; the
    /// newest is always in the state row. A checkpoint per batch would add a hundred rows a second.
    public let historyInterval: Duration
    /// Told the new size after every committed batch (benchmarks measure time to integrated with it).
    let onIntegrated: (@Sendable (UInt64) -> Void)?

    public init(store: LedgerStore, signer: NoteSigner, clock: HubClock = .system, batchLimit: Int = 4096,
                pacing: Duration = .milliseconds(10), historyInterval: Duration = .seconds(1),
                onIntegrated: (@Sendable (UInt64) -> Void)? = nil) {
        self.store = store
        self.signer = signer
        self.clock = clock
        self.batchLimit = batchLimit
        self.pacing = pacing
        self.historyInterval = historyInterval
        self.onIntegrated = onIntegrated
    }

    /// The same sequencer, telling `observer` the size after every batch.
    public func observed(by observer: @escaping @Sendable (UInt64) -> Void) -> LedgerSequencer {
        LedgerSequencer(store: store, signer: signer, clock: clock, batchLimit: batchLimit, pacing: pacing,
                        historyInterval: historyInterval, onIntegrated: observer)
    }

    /// Integrates the next batch of journal events; returns how many (0 when the ledger is level with the journal,
    /// or when another hub instance integrated them first). The batch is read, encoded, hashed and signed
    /// before the write transaction, which only stores it — after checking that the ledger did not move meanwhile
    /// — so the single writer is held as briefly as possible.
    @discardableResult
    public func integrateNext() async throws -> Int {
        let (before, events, partial) = try await store.database.read { sql in
            let state = try await store.state(on: sql)
            return (state, try await Journal.events(after: Int64(state.size), limit: batchLimit, on: sql),
                    try await partialTiles(size: state.size, on: sql))
        }
        guard !events.isEmpty else { return 0 }
        guard events.first?.seq == Int64(before.size) + 1 else { throw LedgerProblem.damaged("journal") }
        let hashes = try events.map { MerkleTree.leafHash(try LedgerEntry.encode($0, salt: store.salt)) }
        var builder = TileBuilder(size: before.size, partial: partial)
        let tiles = builder.append(hashes)
        var after = before
        for hash in hashes { after.edge.append(hash) }
        after.size += UInt64(events.count)
        let now = clock.nowMilliseconds
        after.checkpoint = try signer.sign(Checkpoint(origin: signer.name, size: after.size, rootHash: Data(after.edge.root)).text).serialized
        let keep = Double(now - before.keptAtMilliseconds) >= historyInterval / .milliseconds(1)
        if keep { after.keptAtMilliseconds = now }

        let count = try await store.database.write { tx in
            guard try await store.size(lockedIn: tx) == before.size else { return 0 }
            for tile in tiles { try await store.insert(tile, in: tx) }
            if keep { try await store.insertCheckpoint(size: after.size, note: after.checkpoint, at: now, in: tx) }
            try await store.save(after, at: now, in: tx)
            return events.count
        }
        if count > 0 { onIntegrated?(after.size) }
        return count
    }

    /// Integrates until level with the journal (a batch smaller than `batchLimit` is the last); returns how many
    /// events. An idle ledger costs a read: `integrateNext` writes nothing when there is nothing to add.
    @discardableResult
    public func catchUp() async throws -> Int {
        var total = 0
        while true {
            let count = try await integrateNext()
            total += count
            if count < batchLimit { return total }
        }
    }

    /// Follows the journal until cancelled: integrates after every local commit, and at least every `poll` for
    /// commits by other hub instances.
    public func run(poll: Duration = .seconds(1), logger: Logger) async {
        let (wakeUps, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let commits = store.database.commits.subscribe()
        let forwarder = Task { for await _ in commits { wake.yield() } }
        let ticker = Task { while (try? await Task.sleep(for: poll)) != nil { wake.yield() } }
        defer {
            forwarder.cancel()
            ticker.cancel()
            wake.finish()
        }
        var iterator = wakeUps.makeAsyncIterator()
        repeat {
            let started = ContinuousClock.now
            do {
                // One batch per `pacing`, except while a backlog fills whole batches.
                try await catchUp()
            } catch {
                logger.error("ledger sequencing failed; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(until: started + pacing)
        } while await iterator.next() != nil && !Task.isCancelled
    }

    /// The hashes of the rightmost partial tile of each level of a tree of `size`.
    private func partialTiles(size: UInt64, on sql: any SQLDatabase) async throws -> [[TreeHash]] {
        var partial: [[TreeHash]] = []
        var level = 0
        while size >> (8 * UInt64(level)) > 0 {
            let width = Int(size >> (8 * UInt64(level)) % 256)
            if width == 0 {
                partial.append([])
            } else {
                let index = size >> (8 * UInt64(level + 1))
                guard let hashes = try await store.hashes(level: level, index: index, atLeast: width, on: sql) else {
                    throw LedgerProblem.damaged(TileAddress(level: level, index: index, width: width).path)
                }
                partial.append(Array(hashes.prefix(width)))
            }
            level += 1
        }
        return partial
    }
}

extension LedgerSequencer {
    /// The sequencer for a data directory: its signing key and salt under `<data-dir>/ledger/`, made on first start.
    public static func open(database: HubDatabase, dataDirectory: String, origin: String, clock: HubClock = .system) throws -> LedgerSequencer {
        let folder = dataDirectory + "/ledger"
        let signer = try SignerKeyFile.loadOrCreate(at: folder + "/signing.key", name: origin)
        let store = LedgerStore(database: database, salt: try SecretFile.salt(at: folder + "/salt"))
        return LedgerSequencer(store: store, signer: signer, clock: clock)
    }
}
