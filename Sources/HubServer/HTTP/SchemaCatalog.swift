import HubKit

/// JSON Schemas (2020-12, as OpenAPI 3.1 uses) of every named request and response body.
enum SchemaCatalog {
    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static var string: [String: Any] { ["type": "string"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var number: [String: Any] { ["type": "number"] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static func items(_ name: String) -> [String: Any] { object(["items": array(ref(name))], required: ["items"]) }
    static var role: [String: Any] { ["type": "string", "enum": Role.allCases.map(\.rawValue)] }

    static var all: [String: Any] {
        let user = object(["id": string, "username": string, "displayName": string, "role": role,
                           "departmentId": nullableString, "disabled": boolean, "mustChangePassword": boolean,
                           "createdAt": dateTime, "version": integer],
                          required: ["id", "username", "displayName", "role", "disabled", "createdAt", "version"])
        let apiKey = object(["id": string, "name": string, "role": role, "departmentId": nullableString,
                             "scopes": array(string), "createdAt": dateTime, "expiresAt": dateTime, "revoked": boolean],
                            required: ["id", "name", "role", "scopes", "createdAt", "revoked"])
        let feature = object(["type": ["const": "Feature"], "id": string, "geometry": ["type": ["object", "null"]],
                              "properties": ["type": "object"]], required: ["type", "geometry", "properties"])
        return [
            "Problem": object(["type": string, "title": string, "status": integer, "detail": string, "instance": string,
                               "code": string, "requestId": string], required: ["type", "title", "status", "detail", "code"]),
            "LoginInput": object(["username": string, "password": string], required: ["username", "password"]),
            "LoginResult": object(["token": string, "expiresAt": dateTime, "user": ref("User")],
                                  required: ["token", "expiresAt", "user"]),
            "Me": object(["kind": ["type": "string", "enum": ["user", "apikey"]], "id": string, "name": string,
                          "role": role, "departmentId": nullableString, "scopes": array(string)],
                         required: ["kind", "id", "name", "role", "scopes"]),
            "PasswordChange": object(["currentPassword": string, "newPassword": ["type": "string", "minLength": 10]],
                                     required: ["currentPassword", "newPassword"]),
            "PasswordReset": object(["password": ["type": "string", "minLength": 10]]),
            "PasswordResetResult": object(["temporaryPassword": string]),
            "User": user,
            "UserList": items("User"),
            "NewUser": object(["username": ["type": "string", "pattern": "^[a-z0-9._-]{3,32}$"], "displayName": string,
                               "role": role, "departmentId": nullableString, "password": ["type": "string", "minLength": 10]],
                              required: ["username", "displayName", "role"]),
            "CreatedUser": object(["user": ref("User"), "initialPassword": string], required: ["user"]),
            "Department": object(["id": ["type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$"], "name": string,
                                  "nameEn": string, "kind": ["type": "string", "enum": DepartmentKind.allCases.map(\.rawValue)],
                                  "street": ["type": ["string", "null"], "pattern": "^[0-9]{9}$"], "disabled": boolean,
                                  "version": integer],
                                 required: ["id", "name", "nameEn", "kind", "disabled", "version"]),
            "NewDepartment": object(["id": ["type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$"], "name": string,
                                     "nameEn": string, "kind": ["type": "string", "enum": DepartmentKind.allCases.map(\.rawValue)],
                                     "street": ["type": ["string", "null"], "pattern": "^[0-9]{9}$"]],
                                    required: ["id", "name", "nameEn", "kind"]),
            "DepartmentList": items("Department"),
            "APIKey": apiKey,
            "APIKeyList": items("APIKey"),
            "NewAPIKey": object(["name": string, "role": role, "departmentId": nullableString,
                                 "scopes": array(["type": "string", "enum": APIScope.all.sorted()]),
                                 "expiresInDays": ["type": "integer", "minimum": 1, "maximum": 3650]],
                                required: ["name", "role", "scopes"]),
            "CreatedAPIKey": object(["key": ref("APIKey"), "secret": string], required: ["key", "secret"]),
            "HubEvent": object(["seq": integer, "id": string, "at": dateTime, "kind": string, "subject": string,
                                "actor": string, "department": nullableString, "payload": string],
                               required: ["seq", "id", "at", "kind", "subject", "actor", "payload"]),
            "EventPage": object(["items": array(ref("HubEvent")), "next": integer, "head": integer],
                                required: ["items", "next", "head"]),
            "InclusionProof": object(["index": integer, "size": integer, "leafHash": string, "rootHash": string,
                                      "proof": array(string)],
                                     required: ["index", "size", "leafHash", "rootHash", "proof"]),
            "Trail": object(["format": ["const": "cityhub.trail@v1"], "subject": string, "checkpoint": string,
                             "items": array(object(["index": integer, "entry": string, "proof": array(string)],
                                                   required: ["index", "entry", "proof"]))],
                            required: ["format", "subject", "checkpoint", "items"]),
            "NotaryInput": object(["sha256": ["type": "string", "pattern": "^[0-9a-fA-F]{64}$"],
                                   "title": ["type": "string", "minLength": 1, "maxLength": 200],
                                   "metadata": ["type": "object", "additionalProperties": ["type": "string"]]],
                                  required: ["sha256", "title"]),
            "NotaryRecord": object(["sha256": string, "title": string,
                                    "metadata": ["type": "object", "additionalProperties": ["type": "string"]],
                                    "department": nullableString, "departmentName": nullableString,
                                    "departmentNameEn": nullableString, "recordedAt": dateTime, "leafIndex": integer,
                                    "integrated": ["type": "boolean"], "receipt": string],
                                   required: ["sha256", "title", "metadata", "recordedAt", "leafIndex", "integrated", "receipt"]),
            "ConsistencyProof": object(["from": integer, "to": integer, "fromRoot": string, "toRoot": string,
                                        "proof": array(string)],
                                       required: ["from", "to", "fromRoot", "toRoot", "proof"]),
            "AddCheckpointBody": ["type": "string",
                                  "description": "C2SP tlog-witness: `old <size>` line, base64 consistency proof lines (at most 63), an empty line, the signed checkpoint"],
            "TrustedLogInput": object(["origin": ["type": "string", "minLength": 1, "maxLength": 255],
                                       "keys": ["type": "array", "items": string, "minItems": 1, "maxItems": 16]],
                                      required: ["origin", "keys"]),
            "TrustedLogKeys": object(["keys": ["type": "array", "items": string, "minItems": 1, "maxItems": 16]], required: ["keys"]),
            "TrustedLog": object(["id": string, "origin": string, "keys": array(string), "cosignedSize": integer,
                                  "cosignedAt": dateTime, "addedAt": dateTime, "updatedAt": dateTime],
                                 required: ["id", "origin", "keys", "addedAt", "updatedAt"]),
            "TrustedLogList": object(["witnessKey": string, "items": array(ref("TrustedLog"))], required: ["witnessKey", "items"]),
            "WitnessEvidence": object(["id": string, "origin": string, "reason": string, "size": integer, "oldSize": integer,
                                       "checkpoint": string, "proof": array(string), "cosigned": nullableString,
                                       "receivedAt": dateTime],
                                      required: ["id", "origin", "reason", "size", "oldSize", "checkpoint", "proof", "receivedAt"]),
            "WitnessEvidenceList": items("WitnessEvidence"),
            "LedgerWitnessInput": object(["key": string, "url": ["type": "string", "format": "uri"]], required: ["key", "url"]),
            "LedgerWitness": object(["id": string, "name": string, "key": string, "url": string, "knownSize": integer,
                                     "cosignedSize": integer, "lastError": nullableString, "lastAttemptAt": dateTime,
                                     "addedAt": dateTime, "updatedAt": dateTime],
                                    required: ["id", "name", "key", "url", "knownSize", "addedAt", "updatedAt"]),
            "LedgerKeys": object(["origin": string, "key": string, "witnesses": array(string)],
                                 required: ["origin", "key", "witnesses"]),
            "LedgerWitnessList": object(["origin": string, "logKey": string, "items": array(ref("LedgerWitness"))],
                                        required: ["origin", "logKey", "items"]),
            "Feature": feature,
            "FeatureCollection": object(["type": ["const": "FeatureCollection"], "features": array(ref("Feature"))],
                                        required: ["type", "features"]),
            "District": object(["code": string, "name": string, "nameEn": string,
                                "bbox": ["type": "array", "items": number, "minItems": 4, "maxItems": 4],
                                "counts": object(["streets": integer, "communities": integer, "grids": integer, "features": integer])],
                               required: ["code", "name", "nameEn", "counts"]),
            "GridLocation": object(["lon": number, "lat": number, "grid": nullableString, "community": nullableString,
                                    "street": nullableString, "streetName": nullableString],
                                   required: ["lon", "lat", "grid"]),
            "ImportResult": object(["streets": integer, "communities": integer, "grids": integer, "features": integer,
                                    "sha256": string, "event": integer], required: ["grids", "sha256"]),
            "Health": object(["status": string], required: ["status"]),
            "Readiness": object(["status": string, "database": string, "journalHead": integer, "migrations": integer],
                                required: ["status", "database"]),
        ]
    }
}
