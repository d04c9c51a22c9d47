/// Where a C2SP tlog-tiles resource lives: `tile/<L>/<N>[.p/<W>]` for hashes, `tile/entries/<N>[.p/<W>]` for
/// entry bundles, `<N>` written in 3-digit groups with all but the last prefixed `x` (1234067 → `x001/x234/067`).
public struct TileAddress: Sendable, Hashable, CustomStringConvertible {
    public static let width = 256

    /// 0…63 for hash tiles; nil for an entry bundle.
    public let level: Int?
    public let index: UInt64
    /// 1…256; below 256 the tile is partial.
    public let width: Int

    public init(level: Int?, index: UInt64, width: Int = TileAddress.width) {
        self.level = level
        self.index = index
        self.width = width
    }

    public var isPartial: Bool { width < Self.width }

    /// The path under the log's prefix, e.g. `tile/0/x001/x234/067.p/112`.
    public var path: String {
        var groups: [String] = []
        var rest = index
        repeat {
            groups.insert(String(rest % 1000).zeroPadded3, at: 0)
            rest /= 1000
        } while rest > 0
        let number = groups.dropLast().map { "x" + $0 }.joined(separator: "/") + (groups.count > 1 ? "/" : "") + (groups.last ?? "000")
        let kind = level.map(String.init) ?? "entries"
        return "tile/\(kind)/\(number)" + (isPartial ? ".p/\(width)" : "")
    }

    public var description: String { path }

    /// Parses a path such as `tile/1/x002/045.p/9` or `tile/entries/000`; nil for anything not exactly that form.
    public init?(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "tile" else { return nil }
        var level: Int?
        if parts[1] != "entries" {
            guard let parsed = Self.decimal(parts[1]), parsed <= 63 else { return nil }
            level = parsed
        }
        parts.removeFirst(2)
        var width = Self.width
        if parts.count >= 2, parts[parts.count - 2].hasSuffix(".p") {
            guard let parsed = Self.decimal(parts[parts.count - 1]), (1..<Self.width).contains(parsed) else { return nil }
            width = parsed
            parts.removeLast()
            parts[parts.count - 1].removeLast(2)
        }
        var index: UInt64 = 0
        for (position, group) in parts.enumerated() {
            let last = position == parts.count - 1
            let digits = last ? Substring(group) : (group.hasPrefix("x") ? group.dropFirst() : "")
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt64(digits) else { return nil }
            let (scaled, overflow) = index.multipliedReportingOverflow(by: 1000)
            guard !overflow else { return nil }
            index = scaled + value
        }
        // One canonical spelling only: no extra leading groups of zeros.
        guard parts.count == 1 || parts[0] != "x000" else { return nil }
        self.init(level: level, index: index, width: width)
    }

    /// The tiles (hash tiles of every level, and entry bundles when `entries`) whose rightmost member a tree
    /// of `size` leaves has; partial ones carry their width. Empty tiles are never listed.
    public static func rightEdge(ofTreeOfSize size: UInt64) -> [TileAddress] {
        var tiles: [TileAddress] = []
        var level = 0
        var count = size          // hashes at this level: size / 256^level
        while count > 0 {
            let full = count / UInt64(Self.width), rest = Int(count % UInt64(Self.width))
            if rest > 0 {
                tiles.append(TileAddress(level: level, index: full, width: rest))
            } else {
                tiles.append(TileAddress(level: level, index: full - 1))
            }
            if level == 0 { tiles.append(TileAddress(level: nil, index: tiles[0].index, width: tiles[0].width)) }
            count = full
            level += 1
        }
        return tiles
    }

    private static func decimal(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), text == "0" || !text.hasPrefix("0") else { return nil }
        return Int(text)
    }
}

private extension String {
    var zeroPadded3: String { String(repeating: "0", count: max(0, 3 - count)) + self }
}
