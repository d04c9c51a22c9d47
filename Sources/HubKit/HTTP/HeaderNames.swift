import HTTPTypes

extension HTTPField.Name {
    public static let xFrameOptions = literal("X-Frame-Options")
    public static let referrerPolicy = literal("Referrer-Policy")
    public static let permissionsPolicy = literal("Permissions-Policy")
    public static let xRequestID = literal("X-Request-Id")
    public static let xAPIKey = literal("X-API-Key")
    /// Sent by a reconnecting server-sent-events client: the last event id it received.
    public static let lastEventID = literal("Last-Event-ID")
    /// Asks a reverse proxy (nginx) not to buffer a streamed answer.
    public static let xAccelBuffering = literal("X-Accel-Buffering")

    /// A header name from a literal that is a valid token by construction.
    private static func literal(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name literal \(text)") }
        return name
    }
}
