import HubKit

/// A change to a draft or a revision of an issued warning: the version the caller saw and the new content.
struct ContentInput: Decodable, Sendable {
    var version: Int
    var content: WarningDraft
}

/// A workflow step that needs only the version the caller saw (approve, issue, withdraw).
struct VersionInput: Decodable, Sendable {
    var version: Int
}

/// Cancelling an issued warning: the version and why (becomes the Cancel message's `note`).
struct CancelInput: Decodable, Sendable {
    var version: Int
    var reason: String
}
