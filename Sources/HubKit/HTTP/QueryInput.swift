import Hummingbird

/// Query-string parameters with problem+json errors.
public enum QueryInput {
    public static func int64(_ request: Request, _ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let parsed = Int64(String(text)), range.contains(parsed) else {
            throw InputProblem.invalidField(field: name, reason: "应为 \(range.lowerBound)…\(range.upperBound) 的整数 / an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return parsed
    }

    public static func double(_ request: Request, _ name: String) throws -> Double {
        guard let text = request.uri.queryParameters[Substring(name)] else { throw InputProblem.missingField(name) }
        guard let value = Double(String(text)), value.isFinite else {
            throw InputProblem.invalidField(field: name, reason: "应为数字 / a number")
        }
        return value
    }

    /// `true` or `false`; `value` when absent.
    public static func bool(_ request: Request, _ name: String, default value: Bool = false) throws -> Bool {
        switch request.uri.queryParameters[Substring(name)].map(String.init) {
        case nil: value
        case "true"?: true
        case "false"?: false
        case let other?: throw InputProblem.invalidField(field: name, reason: "应为 true 或 false，而不是 \(other) / true or false, not \(other)")
        }
    }
}
