import Foundation
import HubKit

/// What a case's journal events say about it, folded in order: the facts every transition records (state and
/// version in its payload) or implies (the department set by dispatch, cleared by return, recategorisation and
/// reopening). Compared with the stored row by `CaseReplayAudit`.
public struct ReplayedCase: Sendable, Hashable {
    public var state = ""
    public var version = 0
    public var category = ""
    public var grid = ""
    public var department = ""
    public var lon = ""
    public var lat = ""
    public var mergedInto = ""
    public var lastSeq: Int64 = 0

    public init() {}

    /// Events that leave the case as it is (a camera sighting folded into it, a refused attempt).
    static let unchanging: Set<String> = ["case.camera_event_folded", "case.access_denied"]
    /// Transitions after which no department is responsible until the next dispatch.
    static let clearingDepartment: Set<String> = ["case.returned", "case.recategorised", "case.reopened"]

    /// Folds one event of the case in; the payload is the event's JSON object of strings.
    public mutating func apply(kind: String, payload: [String: String], seq: Int64) {
        lastSeq = seq
        if kind == "case.reported" {
            state = CaseState.reported.rawValue
            version = 1
            category = payload["category"] ?? ""
            grid = payload["grid"] ?? ""
            lon = payload["lon"] ?? ""
            lat = payload["lat"] ?? ""
            return
        }
        guard !Self.unchanging.contains(kind), let next = payload["state"], let number = payload["version"].flatMap({ Int($0) })
        else { return }
        state = next
        version = number
        if let code = payload["category"], kind == "case.filed" || kind == "case.recategorised" { category = code }
        if let code = payload["grid"], kind == "case.filed" { grid = code }
        if kind == "case.dispatched" { department = payload["department"] ?? "" }
        if Self.clearingDepartment.contains(kind) { department = "" }
        if kind == "case.merged" { mergedInto = payload["into"] ?? "" }
    }

    /// The stored facts of a record, in the same form.
    public static func facts(of record: CaseRecord) -> [String: String] {
        ["state": record.state.rawValue, "version": String(record.version), "category": record.category?.rawValue ?? "",
         "grid": record.grid?.rawValue ?? "", "department": record.department?.rawValue ?? "",
         "lon": String(record.location.lon), "lat": String(record.location.lat), "mergedInto": record.mergedInto?.rawValue ?? ""]
    }

    public var facts: [String: String] {
        ["state": state, "version": String(version), "category": category, "grid": grid, "department": department,
         "lon": lon, "lat": lat, "mergedInto": mergedInto]
    }

    public static let fields = ["state", "version", "department", "category", "grid", "lon", "lat", "mergedInto"]
    /// The facts a case row also keeps in columns (the merge target is only in the record).
    public static let columnFields = Array(fields.dropLast())

    /// The fields that differ, in a fixed order, each with the stored and the replayed value.
    public func differences(from stored: [String: String], in fields: [String] = Self.fields) -> [(field: String, stored: String, replayed: String)] {
        let replayed = facts
        return fields.compactMap { field in
            let have = stored[field] ?? "", want = replayed[field] ?? ""
            return have == want ? nil : (field, have, want)
        }
    }
}
