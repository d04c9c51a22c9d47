import SQLKit

/// Table-backed leases: the one small piece of shared machinery for background work that must run in one hub
/// instance at a time per unit (a webhook subscription's delivery, a scan). A lease is a row `hub_leases(name,
/// owner, until_ms)`; an owner holds it until `until_ms` and keeps it by renewing it, ideally in the same
/// transaction that records the work done, so work is only ever recorded under a lease still held.
///
/// Invariant: at any instant of the database's clock at most one owner holds a name; another owner takes it only
/// once it has expired. Wall clocks of instances are assumed to agree within a small fraction of `duration`.
public struct Leases: Sendable {
    public static let migration = Migration(id: "hubkit.0002.leases", portable: [
        "CREATE TABLE hub_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until_ms BIGINT NOT NULL)",
    ])

    static let take = FixedSQL("""
        INSERT INTO hub_leases (name, owner, until_ms) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms
        WHERE hub_leases.owner = excluded.owner OR hub_leases.until_ms < ?
        RETURNING until_ms
        """)
    static let renew = FixedSQL("UPDATE hub_leases SET until_ms = ? WHERE name = ? AND owner = ? RETURNING until_ms")
    static let drop = FixedSQL("DELETE FROM hub_leases WHERE name = ? AND owner = ?")

    /// Who holds leases taken through this value: unique per process run.
    public let owner: String
    /// How long a lease lasts after it is taken or renewed, in milliseconds.
    public let durationMilliseconds: Int64
    let clock: HubClock

    public init(owner: String, durationMilliseconds: Int64 = 30_000, clock: HubClock) {
        self.owner = owner
        self.durationMilliseconds = durationMilliseconds
        self.clock = clock
    }

    /// Takes `name` when it is free or expired, or renews it when this owner holds it; returns when it now
    /// expires, or nil when another owner holds it.
    public func take(_ name: String, in tx: Transaction) async throws -> Int64? {
        let now = clock.nowMilliseconds
        let row = try await tx.sql.first(Self.take([name, owner, now + durationMilliseconds, now]))
        return try row?.decode(column: "until_ms", as: Int64.self)
    }

    /// `take` in a transaction of its own.
    public func take(_ name: String, on database: HubDatabase) async throws -> Int64? {
        try await database.write { tx in try await take(name, in: tx) }
    }

    /// Renews `name` only if this owner still holds it (even past its expiry, as long as nobody took it
    /// meanwhile); nil when it was lost. Call it in the transaction that records the work done under the lease.
    public func renew(_ name: String, in tx: Transaction) async throws -> Int64? {
        let row = try await tx.sql.first(Self.renew([clock.nowMilliseconds + durationMilliseconds, name, owner]))
        return try row?.decode(column: "until_ms", as: Int64.self)
    }

    /// Gives `name` up at once (on an orderly stop), so another instance need not wait for it to expire.
    public func release(_ name: String, on database: HubDatabase) async throws {
        try await database.write { tx in try await tx.sql.run(Self.drop([name, owner])) }
    }
}
