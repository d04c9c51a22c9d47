import HubKit

/// The webhooks' JSON Schemas for `/openapi.json`.
enum WebhookSchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let id: JSONValue = ["type": "string", "pattern": "^whs_[0-9a-f]{16}$"]

    static var all: [String: JSONValue] {
        [
            "WebhookInput": [
                "type": "object", "required": ["url", "events"],
                "properties": [
                    "url": ["type": "string", "description": "http or https, no user or password"],
                    "events": array(["type": "string", "description": "an event type (case.created), a prefix (alarm.*) or *; webhook.* is never delivered"]),
                    "department": ["type": "string", "description": "only events of this department"],
                    "description": string, "enabled": boolean,
                    "version": ["type": "integer", "description": "required when changing: the version read"],
                ],
            ],
            "WebhookSubscription": [
                "type": "object", "required": ["id", "url", "events", "description", "enabled", "version", "createdAt", "updatedAt"],
                "properties": [
                    "id": id, "url": string, "events": array(string), "department": string, "description": string,
                    "enabled": boolean, "version": integer, "createdAt": dateTime, "updatedAt": dateTime,
                    "previousSecretUntil": dateTime,
                ],
            ],
            "WebhookDeliveryStatus": [
                "type": "object", "required": ["cursor", "attempts", "delivered", "deadLetters"],
                "properties": [
                    "cursor": integer, "retryingSeq": integer, "attempts": integer, "nextAttemptAt": dateTime,
                    "lastError": string, "lastStatus": integer, "delivered": integer, "lastDeliveredAt": dateTime,
                    "deadLetters": integer,
                ],
            ],
            "Webhook": [
                "type": "object", "required": ["subscription"],
                "properties": ["subscription": ref("WebhookSubscription"), "delivery": ref("WebhookDeliveryStatus")],
            ],
            "WebhookCreated": [
                "type": "object", "required": ["webhook", "secret"],
                "properties": ["webhook": ref("Webhook"),
                               "secret": ["type": "string", "pattern": "^whsec_", "description": "shown only in this answer"]],
            ],
            "WebhookList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("Webhook"))]],
            "WebhookDeadLetter": [
                "type": "object",
                "required": ["subscription", "seq", "webhookId", "kind", "state", "attempts", "lastError", "deadAt", "firstAttemptAt"],
                "properties": [
                    "subscription": id, "seq": integer, "webhookId": string, "kind": string,
                    "state": ["type": "string", "enum": ["dead", "queued", "delivered"]], "attempts": integer,
                    "lastError": string, "lastStatus": integer, "deadAt": dateTime, "firstAttemptAt": dateTime,
                    "lastAttemptAt": dateTime, "nextAttemptAt": dateTime,
                ],
            ],
            "WebhookDeadLetterList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("WebhookDeadLetter"))]],
        ]
    }
}
