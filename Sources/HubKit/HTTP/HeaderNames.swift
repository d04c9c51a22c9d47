import HTTPTypes

extension HTTPField.Name {
    public static let xFrameOptions = literal("X-Frame-Options")
    public static let referrerPolicy = literal("Referrer-Policy")
    public static let permissionsPolicy = literal("Permissions-Policy")
    public static let xRequestID = literal("X-Request-Id")
    public static let xAPIKey = literal("X-API-Key")

    /// A header name from a literal that is a valid token by construction.
    private static func literal(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name literal \(text)") }
        return name
    }
}
