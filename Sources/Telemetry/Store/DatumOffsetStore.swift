import Foundation
import HubKit
import SQLKit

/// Each river gauge's table of datum offsets (`telemetry_datum_offsets`), edited by administrators; every change
/// is journaled (`telemetry.datum_offset.set`, `telemetry.datum_offset.removed`) with the old and new figure.
public struct DatumOffsetStore: Sendable {
    let database: HubDatabase
    let clock: HubClock

    public init(database: HubDatabase, clock: HubClock) {
        self.database = database
        self.clock = clock
    }

    static let byStation = FixedSQL("""
        SELECT datum, offset_m, note, updated_at_ms, updated_by FROM telemetry_datum_offsets WHERE station_id = ? ORDER BY datum
        """)
    static let one = FixedSQL("SELECT offset_m FROM telemetry_datum_offsets WHERE station_id = ? AND datum = ?")
    static let insert = FixedSQL("""
        INSERT INTO telemetry_datum_offsets (station_id, datum, offset_m, note, updated_at_ms, updated_by) VALUES (?, ?, ?, ?, ?, ?)
        """)
    static let update = FixedSQL("""
        UPDATE telemetry_datum_offsets SET offset_m = ?, note = ?, updated_at_ms = ?, updated_by = ? WHERE station_id = ? AND datum = ?
        """)
    static let delete = FixedSQL("DELETE FROM telemetry_datum_offsets WHERE station_id = ? AND datum = ?")

    /// The gauge's offsets, by datum.
    public func offsets(_ station: StationID) async throws -> [DatumOffset] {
        try await database.read { sql in
            try await sql.all(Self.byStation([station.rawValue])).compactMap { row in
                guard let datum = DatumTag(rawValue: try row.decode(column: "datum", as: String.self)) else { return nil }
                return DatumOffset(datum: datum, offset: try row.decode(column: "offset_m", as: Double.self),
                                   note: try row.decode(column: "note", as: String?.self),
                                   updatedAt: Timestamp.shanghai(try row.decode(column: "updated_at_ms", as: Int64.self)),
                                   updatedBy: try row.decode(column: "updated_by", as: String.self))
            }
        }
    }

    /// The offsets as a look-up table for `DatumConversion`.
    public func table(_ station: StationID) async throws -> [DatumTag: Double] {
        Dictionary(try await offsets(station).map { ($0.datum, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    struct ChangeEvent: Encodable {
        var station: String
        var stationDatum: String
        var datum: String
        var offset: Double?
        var previous: Double?
        var note: String?
    }

    /// Sets (adds or replaces) the offset of `datum` at a gauge whose own datum is `stationDatum`.
    public func set(_ station: StationID, stationDatum: DatumTag, department: DepartmentID, datum: DatumTag, offset: Double, note: String?,
                    actor: String) async throws -> DatumOffset {
        let now = clock.nowMilliseconds
        try await database.write { tx in
            let previous = try await tx.sql.first(Self.one([station.rawValue, datum.rawValue]))?.decode(column: "offset_m", as: Double.self)
            if previous == nil {
                try await tx.sql.run(Self.insert([station.rawValue, datum.rawValue, offset, note, now, actor]))
            } else {
                try await tx.sql.run(Self.update([offset, note, now, actor, station.rawValue, datum.rawValue]))
            }
            try await Journal.append(try NewEvent(kind: "telemetry.datum_offset.set", subject: "station:\(station)", actor: actor,
                                                  department: department.rawValue,
                                                  payload: ChangeEvent(station: station.rawValue, stationDatum: stationDatum.rawValue,
                                                                       datum: datum.rawValue, offset: offset, previous: previous, note: note)),
                                     in: tx, clock: clock)
        }
        return DatumOffset(datum: datum, offset: offset, note: note, updatedAt: Timestamp.shanghai(now), updatedBy: actor)
    }

    /// Removes the offset of `datum`; false when there was none.
    public func remove(_ station: StationID, stationDatum: DatumTag, department: DepartmentID, datum: DatumTag, actor: String) async throws -> Bool {
        try await database.write { tx in
            guard let previous = try await tx.sql.first(Self.one([station.rawValue, datum.rawValue]))?.decode(column: "offset_m", as: Double.self) else {
                return false
            }
            try await tx.sql.run(Self.delete([station.rawValue, datum.rawValue]))
            try await Journal.append(try NewEvent(kind: "telemetry.datum_offset.removed", subject: "station:\(station)", actor: actor,
                                                  department: department.rawValue,
                                                  payload: ChangeEvent(station: station.rawValue, stationDatum: stationDatum.rawValue,
                                                                       datum: datum.rawValue, offset: nil, previous: previous, note: nil)),
                                     in: tx, clock: clock)
            return true
        }
    }
}
