import Foundation

/// A C2SP tlog-tiles entry bundle: entries one after another, each prefixed with its length as a big-endian
/// uint16 (so one entry holds at most 65,535 bytes).
public enum EntryBundle {
    public static let maximumEntryBytes = Int(UInt16.max)

    public static func encode(_ entries: [[UInt8]]) throws(NoteFault) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.reduce(0) { $0 + $1.count + 2 })
        for entry in entries {
            guard entry.count <= maximumEntryBytes else {
                throw NoteFault(code: "ENTRY_TOO_LARGE", zh: "账本条目超过 65535 字节", en: "A ledger entry is larger than 65,535 bytes")
            }
            bytes.append(UInt8(entry.count >> 8))
            bytes.append(UInt8(entry.count & 0xff))
            bytes.append(contentsOf: entry)
        }
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(NoteFault) -> [[UInt8]] {
        var entries: [[UInt8]] = []
        var position = 0
        while position < bytes.count {
            guard position + 2 <= bytes.count else { throw truncated }
            let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
            position += 2
            guard position + length <= bytes.count else { throw truncated }
            entries.append(Array(bytes[position..<(position + length)]))
            position += length
        }
        return entries
    }

    static let truncated = NoteFault(code: "TRUNCATED_BUNDLE", zh: "条目包被截断", en: "The entry bundle is truncated")
}
