import Foundation
import HubKit
import Hummingbird

/// Each river gauge's datum offset table: read by staff, edited by administrators (every change journaled).
public struct DatumRoutes: Sendable {
    let desk: TelemetryDesk
    let offsets: DatumOffsetStore

    public init(desk: TelemetryDesk) {
        self.desk = desk
        self.offsets = DatumOffsetStore(database: desk.stations.database, clock: desk.clock)
    }

    static let write = Access.roles(.admin, apiKeyScope: "stations:write")

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(DatumSchemas.all)
        hub.add(Endpoint(.get, "/api/v1/telemetry/stations/:id/datums", access: StationRoutes.read,
                         summary: "A river gauge's own datum, its levels, and its offsets to other datums", tag: "telemetry",
                         response: "DatumTable"), table)
        hub.add(Endpoint(.put, "/api/v1/telemetry/stations/:id/datums/:datum", access: Self.write,
                         summary: "Set a gauge's offset to another datum (level there = own level + offset); journaled", tag: "telemetry",
                         request: "DatumOffsetInput", response: "DatumOffset"), set)
        hub.add(Endpoint(.delete, "/api/v1/telemetry/stations/:id/datums/:datum", access: Self.write,
                         summary: "Remove a gauge's offset to a datum; journaled", tag: "telemetry", response: "DatumTable"), remove)
    }

    struct TableView: ResponseEncodable, Sendable {
        var station: String
        var datum: String
        var warningLevel: Double
        var guaranteedLevel: Double
        var offsets: [DatumOffset]
    }

    struct OffsetInput: Decodable, Sendable {
        var offset: Double
        var note: String?
    }

    /// The gauge (visible to the caller) and its levels; 422 when it has no datum.
    func gauge(_ context: HubRequestContext) throws -> (StationEntry, RiverLevels) {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard let entry = desk.stations.directory.snapshot[id] else { throw TelemetryProblem.stationNotFound(id) }
        if let limited = try principal.departmentLimit(), limited != entry.department { throw AccessProblem.notYourDepartment }
        guard let river = entry.river else { throw TelemetryProblem.notARiverGauge(id) }
        return (entry, river)
    }

    func datum(_ context: HubRequestContext, own: DatumTag) throws -> DatumTag {
        let text = try context.parameters.require("datum")
        guard let tag = DatumTag(rawValue: text) else { throw InputProblem.invalidField(field: "datum", reason: DatumTag.syntax) }
        guard tag != own else {
            throw InputProblem.invalidField(field: "datum", reason: "这是该站自身的基面，偏差恒为 0 / this is the station's own datum; its offset is 0")
        }
        return tag
    }

    func view(_ entry: StationEntry, _ river: RiverLevels) async throws -> TableView {
        TableView(station: entry.id.rawValue, datum: river.datum.rawValue, warningLevel: river.warningLevel,
                  guaranteedLevel: river.guaranteedLevel, offsets: try await offsets.offsets(entry.id))
    }

    @Sendable func table(_ request: Request, context: HubRequestContext) async throws -> TableView {
        let (entry, river) = try gauge(context)
        return try await view(entry, river)
    }

    @Sendable func set(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<DatumOffset> {
        let principal = try context.requirePrincipal()
        let (entry, river) = try gauge(context)
        let tag = try datum(context, own: river.datum)
        let input = try await request.decodeJSON(as: OffsetInput.self, context: context)
        guard input.offset.isFinite, abs(input.offset) <= DatumConversion.maximumOffset else {
            throw InputProblem.invalidField(field: "offset", reason: "须为 −100 至 100 米的有限数 / a finite number of metres, −100 to 100")
        }
        if let note = input.note, note.count > 500 {
            throw InputProblem.invalidField(field: "note", reason: "最多 500 个字符 / at most 500 characters")
        }
        return JSONResponse(try await offsets.set(entry.id, stationDatum: river.datum, department: entry.department, datum: tag,
                                                  offset: input.offset, note: input.note, actor: principal.actor))
    }

    @Sendable func remove(_ request: Request, context: HubRequestContext) async throws -> TableView {
        let principal = try context.requirePrincipal()
        let (entry, river) = try gauge(context)
        let tag = try datum(context, own: river.datum)
        guard try await offsets.remove(entry.id, stationDatum: river.datum, department: entry.department, datum: tag, actor: principal.actor) else {
            throw TelemetryProblem.noDatumOffset(station: entry.id.rawValue, from: river.datum.rawValue, to: tag.rawValue)
        }
        return try await view(entry, river)
    }
}

extension DatumOffset: ResponseEncodable {}

/// JSON Schemas of the datum routes.
enum DatumSchemas {
    typealias S = TelemetrySchemas

    static var all: [String: JSONValue] {
        let offset: JSONValue = ["type": "object", "required": ["datum", "offset"], "properties": [
            "datum": S.string, "offset": ["type": "number", "description": "metres: level in datum = level in the station's datum + offset"],
            "note": S.string, "updatedAt": S.string, "updatedBy": S.string,
        ]]
        return [
            "DatumOffset": offset,
            "DatumOffsetInput": ["type": "object", "required": ["offset"], "properties": ["offset": S.number, "note": S.string]],
            "DatumTable": ["type": "object", "required": ["station", "datum", "offsets"], "properties": [
                "station": S.string, "datum": S.string, "warningLevel": S.number, "guaranteedLevel": S.number, "offsets": S.array(offset),
            ]],
        ]
    }
}
