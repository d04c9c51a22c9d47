/// A value read from a TOML 1.0 document.
///
/// Dates and times are checked against RFC 3339 but kept as written (`.datetime("1979-05-27T07:32:00Z")`);
/// arrays may mix types, as TOML 1.0 allows; an array of tables (`[[name]]`) is an `.array` of `.table`s.
public enum TOMLValue: Sendable, Hashable {
    case string(String)
    /// A 64-bit signed integer, the range TOML 1.0 requires.
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    /// An offset or local date-time, a local date or a local time, as its original text.
    case datetime(String)
    case array([TOMLValue])
    case table([String: TOMLValue])
}
