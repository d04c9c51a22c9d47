/// Event identifiers: RFC 9562 version 7 UUIDs (48 bits of Unix milliseconds, then random bits), lower-case.
/// Ordered by time, so each new identifier lands at the end of the journal's unique index instead of on a random
/// page of it — one page written per batch of events rather than one per event.
public enum EventID {
    public static func make(atMilliseconds ms: Int64) -> String {
        var random = SystemRandomNumberGenerator()
        return make(atMilliseconds: ms, randomA: random.next(), randomB: random.next())
    }

    static func make(atMilliseconds ms: Int64, randomA: UInt16, randomB: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: ms) >> (40 - 8 * UInt64(i))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: randomA >> 8 & 0x0f)
        bytes[7] = UInt8(truncatingIfNeeded: randomA)
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: randomB >> (56 - 8 * UInt64(i))) }
        bytes[8] = 0x80 | bytes[8] & 0x3f
        let hex = bytes.hexString
        let at = hex.utf8
        func part(_ from: Int, _ to: Int) -> Substring {
            Substring(at[at.index(at.startIndex, offsetBy: from)..<at.index(at.startIndex, offsetBy: to)])
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }
}
