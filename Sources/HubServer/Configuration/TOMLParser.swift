/// Reads TOML 1.0 configuration text into nested tables.
///
/// One pass of recursive descent over the UTF-8 bytes. Supported: comments; bare, quoted and dotted keys; basic,
/// literal and multi-line strings; integers (decimal, `0x`, `0o`, `0b`), floats, booleans; date-times, dates and
/// times (kept as text); arrays; inline tables; `[table]` and `[[array of tables]]` headers. Defining a key or
/// table twice, or adding to a key that holds a value, is refused with the line where it happened.
enum TOMLParser {
    /// Arrays, inline tables and key parts may nest this deep; deeper input is refused rather than risking the stack.
    static let nestingLimit = 100

    /// Parses a whole document and returns its root table.
    static func parse(_ text: String) throws(TOMLError) -> [String: TOMLValue] {
        var reader = TOMLReader(text)
        return try reader.document()
    }

    /// Turns nested tables into one level with dotted keys (`[http]` `port = 8080` becomes `"http.port"`).
    ///
    /// Arrays, arrays of tables included, stay whole values; an empty table leaves no key. Key parts are joined
    /// as written, so a quoted key containing a dot is not told apart from a dotted key.
    static func flatten(_ table: [String: TOMLValue]) -> [String: TOMLValue] {
        var flat: [String: TOMLValue] = [:]
        flatten(table, prefix: nil, into: &flat)
        return flat
    }

    private static func flatten(_ table: [String: TOMLValue], prefix: String?, into flat: inout [String: TOMLValue]) {
        for (key, value) in table {
            let path = prefix.map { "\($0).\(key)" } ?? key
            if case .table(let nested) = value {
                flatten(nested, prefix: path, into: &flat)
            } else {
                flat[path] = value
            }
        }
    }
}

// MARK: - The document being built

/// A table while the document is read; how it came to exist decides what may still be added to it.
private final class TableNode {
    enum Origin {
        /// Named only as a parent in a header (`a` in `[a.b]`): a later `[a]` may still define it once.
        case implicit
        /// Defined by a `[header]`, a `[[header]]` element, or the root: never defined again.
        case header
        /// Made by dotted keys (`a.b = 1`): more dotted keys may add to it, a header may not define it.
        case dotted
    }

    var origin: Origin
    var entries: [String: Entry] = [:]

    init(_ origin: Origin) {
        self.origin = origin
    }

    var table: [String: TOMLValue] {
        entries.mapValues(\.value)
    }
}

/// One key of a table being built. Inline tables and static arrays are finished `.value`s: nothing may extend them.
private enum Entry {
    case value(TOMLValue)
    case table(TableNode)
    /// An array of tables; the `[[header]]` that created it guarantees at least one element.
    case tables(TableList)

    var value: TOMLValue {
        switch self {
        case .value(let value): value
        case .table(let node): .table(node.table)
        case .tables(let list): .array(list.elements.map { .table($0.table) })
        }
    }
}

private final class TableList {
    var elements: [TableNode]

    init(_ elements: [TableNode]) {
        self.elements = elements
    }
}

private enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let backslash = UInt8(ascii: "\\")
    static let hash = UInt8(ascii: "#")
    static let equals = UInt8(ascii: "=")
    static let dot = UInt8(ascii: ".")
    static let comma = UInt8(ascii: ",")
    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let colon = UInt8(ascii: ":")
    static let underscore = UInt8(ascii: "_")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")

    static func isDigit(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    /// Bare keys: `A-Za-z0-9_-`.
    static func isBareKey(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b == underscore || b == minus
    }

    /// Characters of an unquoted value: numbers, booleans, inf/nan and date-times.
    static func isToken(_ b: UInt8) -> Bool {
        isBareKey(b) || b == plus || b == dot || b == colon
    }

    /// Control characters other than tab: U+0000…U+0008, U+000A…U+001F, U+007F.
    static func isControl(_ b: UInt8) -> Bool {
        (b < 0x20 && b != tab) || b == 0x7F
    }

    static func digitValue(_ b: UInt8, radix: Int) -> Int? {
        let value: Int
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(b - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(b - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }
}

// MARK: - The reader

/// The cursor over the document's bytes, with the line bookkeeping errors need.
///
/// Invariant: `lineStart <= pos <= bytes.count`, and `lineStart` is the first byte after the last newline read.
private struct TOMLReader {
    private struct Mark {
        let pos: Int
        let line: Int
        let lineStart: Int
    }

    private let bytes: [UInt8]
    private var pos = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    mutating func document() throws(TOMLError) -> [String: TOMLValue] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            pos = 3
            lineStart = 3
        }
        let root = TableNode(.header)
        var current = root
        var depth = 0
        while pos < bytes.count {
            skipSpaces()
            switch peek() {
            case nil, ASCII.hash, ASCII.lf, ASCII.cr:
                break
            case ASCII.openBracket:
                (current, depth) = try header(root: root)
            default:
                try keyValue(into: current, depth: depth)
            }
            try endOfLine()
        }
        return root.table
    }

    // MARK: Lines, spaces and comments

    private func peek(_ offset: Int = 0) -> UInt8? {
        let index = pos + offset
        return index < bytes.count ? bytes[index] : nil
    }

    private var here: Mark {
        Mark(pos: pos, line: line, lineStart: lineStart)
    }

    private func failure(_ reason: TOMLError.Reason, at mark: Mark? = nil) -> TOMLError {
        let mark = mark ?? here
        var column = 1
        var index = mark.lineStart
        while index < mark.pos, index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return TOMLError(reason: reason, line: mark.line, column: column)
    }

    private mutating func skipSpaces() {
        while let b = peek(), b == ASCII.space || b == ASCII.tab {
            pos += 1
        }
    }

    /// Consumes `\n` or `\r\n` when one comes next.
    private mutating func consumeNewline() -> Bool {
        if peek() == ASCII.lf {
            pos += 1
        } else if peek() == ASCII.cr, peek(1) == ASCII.lf {
            pos += 2
        } else {
            return false
        }
        line += 1
        lineStart = pos
        return true
    }

    /// Reads a `#` comment up to, not including, the end of the line.
    private mutating func comment() throws(TOMLError) {
        pos += 1
        while let b = peek(), b != ASCII.lf {
            if b == ASCII.cr, peek(1) == ASCII.lf { return }
            if ASCII.isControl(b) { throw failure(.controlCharacter(b)) }
            pos += 1
        }
    }

    /// After a header or key/value pair: spaces, an optional comment, then a newline or the end of the text.
    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if peek() == ASCII.hash { try comment() }
        guard let b = peek(), !consumeNewline() else { return }
        throw failure(b == ASCII.cr ? .controlCharacter(b) : .expectedEndOfLine)
    }

    /// Spaces, newlines and comments between the elements of an array.
    private mutating func skipBlank() throws(TOMLError) {
        while true {
            skipSpaces()
            if peek() == ASCII.hash {
                try comment()
            } else if !consumeNewline() {
                return
            }
        }
    }

    // MARK: Keys and tables

    private mutating func key() throws(TOMLError) -> [String] {
        var path: [String] = []
        while true {
            path.append(try simpleKey())
            guard path.count <= TOMLParser.nestingLimit else { throw failure(.tooDeep(TOMLParser.nestingLimit)) }
            skipSpaces()
            guard peek() == ASCII.dot else { return path }
            pos += 1
            skipSpaces()
        }
    }

    private mutating func simpleKey() throws(TOMLError) -> String {
        switch peek() {
        case ASCII.quote: return try basicString()
        case ASCII.apostrophe: return try literalString()
        default: break
        }
        let begin = pos
        while let b = peek(), ASCII.isBareKey(b) {
            pos += 1
        }
        guard pos > begin else { throw failure(.expectedKey) }
        return String(decoding: bytes[begin..<pos], as: UTF8.self)
    }

    /// `[a.b]` or `[[a.b]]`: returns the table that following key/value pairs go into, and its depth.
    private mutating func header(root: TableNode) throws(TOMLError) -> (TableNode, Int) {
        let start = here
        pos += 1
        let isArray = peek() == ASCII.openBracket
        if isArray { pos += 1 }
        skipSpaces()
        let path = try key()
        guard peek() == ASCII.closeBracket, !isArray || peek(1) == ASCII.closeBracket else {
            throw failure(.expectedHeaderEnd(isArray ? "]]" : "]"))
        }
        pos += isArray ? 2 : 1
        guard let last = path.last else { throw failure(.expectedKey, at: start) }

        var parent = root
        for (index, name) in path.dropLast().enumerated() {
            switch parent.entries[name] {
            case nil:
                let node = TableNode(.implicit)
                parent.entries[name] = .table(node)
                parent = node
            case .table(let node):
                parent = node
            case .tables(let list):
                guard let node = list.elements.last else { throw failure(.notATable(Self.display(path[...index])), at: start) }
                parent = node
            case .value:
                throw failure(.notATable(Self.display(path[...index])), at: start)
            }
        }

        if isArray {
            let element = TableNode(.header)
            switch parent.entries[last] {
            case nil: parent.entries[last] = .tables(TableList([element]))
            case .tables(let list): list.elements.append(element)
            case .table, .value: throw failure(.notAnArrayOfTables(Self.display(path[...])), at: start)
            }
            return (element, path.count)
        }
        switch parent.entries[last] {
        case nil:
            let node = TableNode(.header)
            parent.entries[last] = .table(node)
            return (node, path.count)
        case .table(let node) where node.origin == .implicit:
            node.origin = .header
            return (node, path.count)
        case .table, .tables:
            throw failure(.tableRedefined(Self.display(path[...])), at: start)
        case .value:
            throw failure(.notATable(Self.display(path[...])), at: start)
        }
    }

    /// `key = value`, where dotted keys make or extend tables below `table`.
    private mutating func keyValue(into table: TableNode, depth: Int) throws(TOMLError) {
        let start = here
        let path = try key()
        guard peek() == ASCII.equals else { throw failure(.expectedEquals) }
        pos += 1
        skipSpaces()
        let value = try value(depth: depth + path.count)
        guard let last = path.last else { throw failure(.expectedKey, at: start) }

        var target = table
        for (index, name) in path.dropLast().enumerated() {
            switch target.entries[name] {
            case nil:
                let node = TableNode(.dotted)
                target.entries[name] = .table(node)
                target = node
            case .table(let node) where node.origin != .header:
                node.origin = .dotted
                target = node
            case .table, .tables:
                throw failure(.tableRedefined(Self.display(path[...index])), at: start)
            case .value:
                throw failure(.notATable(Self.display(path[...index])), at: start)
            }
        }
        guard target.entries[last] == nil else { throw failure(.duplicateKey(Self.display(path[...])), at: start) }
        target.entries[last] = .value(value)
    }

    /// A key path as a person would write it: bare parts as they are, others quoted.
    private static func display(_ path: ArraySlice<String>) -> String {
        path.map { part in
            !part.isEmpty && part.utf8.allSatisfy(ASCII.isBareKey) ? part : "\"\(part)\""
        }.joined(separator: ".")
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth <= TOMLParser.nestingLimit else { throw failure(.tooDeep(TOMLParser.nestingLimit)) }
        switch peek() {
        case ASCII.quote:
            return .string(peek(1) == ASCII.quote && peek(2) == ASCII.quote
                ? try multilineString(delimiter: ASCII.quote) : try basicString())
        case ASCII.apostrophe:
            return .string(peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe
                ? try multilineString(delimiter: ASCII.apostrophe) : try literalString())
        case ASCII.openBracket:
            return try array(depth: depth)
        case ASCII.openBrace:
            return try inlineTable(depth: depth)
        default:
            return try scalar()
        }
    }

    private mutating func array(depth: Int) throws(TOMLError) -> TOMLValue {
        let open = here
        pos += 1
        var elements: [TOMLValue] = []
        while true {
            try skipBlank()
            switch peek() {
            case nil: throw failure(.unclosedArray, at: open)
            case ASCII.closeBracket:
                pos += 1
                return .array(elements)
            default: break
            }
            elements.append(try value(depth: depth + 1))
            try skipBlank()
            switch peek() {
            case ASCII.comma:
                pos += 1
            case ASCII.closeBracket:
                pos += 1
                return .array(elements)
            case nil:
                throw failure(.unclosedArray, at: open)
            default:
                throw failure(.expectedArraySeparator)
            }
        }
    }

    /// `{ a = 1, b.c = 2 }`: one line, no trailing comma, finished when closed.
    private mutating func inlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let open = here
        pos += 1
        let table = TableNode(.header)
        skipSpaces()
        if peek() == ASCII.closeBrace {
            pos += 1
            return .table([:])
        }
        while true {
            skipSpaces()
            if peek() == nil { throw failure(.unclosedInlineTable, at: open) }
            try keyValue(into: table, depth: depth + 1)
            skipSpaces()
            switch peek() {
            case ASCII.comma:
                pos += 1
            case ASCII.closeBrace:
                pos += 1
                return .table(table.table)
            case nil:
                throw failure(.unclosedInlineTable, at: open)
            default:
                throw failure(.expectedInlineTableSeparator)
            }
        }
    }

    // MARK: Strings

    private mutating func basicString() throws(TOMLError) -> String {
        let open = here
        pos += 1
        var text: [UInt8] = []
        while let b = peek() {
            switch b {
            case ASCII.quote:
                pos += 1
                return String(decoding: text, as: UTF8.self)
            case ASCII.backslash:
                try escape(into: &text)
            case ASCII.lf, ASCII.cr:
                throw failure(.unclosedString, at: open)
            default:
                if ASCII.isControl(b) { throw failure(.controlCharacter(b)) }
                text.append(b)
                pos += 1
            }
        }
        throw failure(.unclosedString, at: open)
    }

    private mutating func literalString() throws(TOMLError) -> String {
        let open = here
        pos += 1
        let begin = pos
        while let b = peek() {
            if b == ASCII.apostrophe {
                let text = String(decoding: bytes[begin..<pos], as: UTF8.self)
                pos += 1
                return text
            }
            if b == ASCII.lf || b == ASCII.cr { throw failure(.unclosedString, at: open) }
            if ASCII.isControl(b) { throw failure(.controlCharacter(b)) }
            pos += 1
        }
        throw failure(.unclosedString, at: open)
    }

    /// `"""…"""` (with escapes) or `'''…'''` (verbatim). A newline right after the opening delimiter is dropped;
    /// up to two delimiter characters may end the content just before the closing delimiter.
    private mutating func multilineString(delimiter: UInt8) throws(TOMLError) -> String {
        let open = here
        pos += 3
        _ = consumeNewline()
        var text: [UInt8] = []
        while let b = peek() {
            if b == delimiter {
                var run = 1
                while run < 5, peek(run) == delimiter {
                    run += 1
                }
                pos += run
                text.append(contentsOf: repeatElement(delimiter, count: run >= 3 ? run - 3 : run))
                if run >= 3 { return String(decoding: text, as: UTF8.self) }
            } else if b == ASCII.backslash, delimiter == ASCII.quote {
                if !skipLineEndingBackslash() { try escape(into: &text) }
            } else if b == ASCII.lf || b == ASCII.cr {
                guard consumeNewline() else { throw failure(.controlCharacter(b)) }
                text.append(ASCII.lf)
            } else if ASCII.isControl(b) {
                throw failure(.controlCharacter(b))
            } else {
                text.append(b)
                pos += 1
            }
        }
        throw failure(.unclosedString, at: open)
    }

    /// A backslash that ends a line in `"""…"""` drops itself and all spaces and newlines after it.
    private mutating func skipLineEndingBackslash() -> Bool {
        var index = pos + 1
        while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab {
            index += 1
        }
        let atNewline = index < bytes.count && (bytes[index] == ASCII.lf
            || (bytes[index] == ASCII.cr && index + 1 < bytes.count && bytes[index + 1] == ASCII.lf))
        guard atNewline else { return false }
        pos = index
        while true {
            if consumeNewline() { continue }
            guard peek() == ASCII.space || peek() == ASCII.tab else { return true }
            pos += 1
        }
    }

    /// `\b \t \n \f \r \" \\`, `\u` with 4 hex digits and `\U` with 8; the cursor is on the backslash.
    private mutating func escape(into text: inout [UInt8]) throws(TOMLError) {
        let start = here
        pos += 1
        guard let letter = peek() else { throw failure(.invalidEscape("\\"), at: start) }
        pos += 1
        switch letter {
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "r"): text.append(0x0D)
        case ASCII.quote, ASCII.backslash: text.append(letter)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            var code: UInt32 = 0
            for _ in 0..<(letter == UInt8(ascii: "u") ? 4 : 8) {
                guard let b = peek(), let digit = ASCII.digitValue(b, radix: 16) else {
                    throw failure(.invalidEscape(escapeText(from: start)), at: start)
                }
                code = code << 4 | UInt32(digit)
                pos += 1
            }
            guard let scalar = Unicode.Scalar(code) else { throw failure(.invalidEscape(escapeText(from: start)), at: start) }
            text.append(contentsOf: String(scalar).utf8)
        default:
            while let b = peek(), b & 0xC0 == 0x80 {
                pos += 1
            }
            throw failure(.invalidEscape(escapeText(from: start)), at: start)
        }
    }

    private func escapeText(from start: Mark) -> String {
        String(decoding: bytes[start.pos..<pos], as: UTF8.self)
    }

    // MARK: Numbers, booleans and dates

    /// An unquoted value: boolean, integer, float, or date/time.
    private mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = here
        scanToken()
        if pos - start.pos == 10, Self.isDate(Array(bytes[start.pos..<pos]), at: 0), peek() == ASCII.space,
           ASCII.isDigit(peek(1)), ASCII.isDigit(peek(2)), peek(3) == ASCII.colon {
            pos += 1
            scanToken()
        }
        let token = Array(bytes[start.pos..<pos])
        guard !token.isEmpty else { throw failure(.expectedValue) }
        let text = String(decoding: token, as: UTF8.self)
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-.nan)
        default: break
        }
        if Self.looksLikeDateTime(token) {
            guard Self.isDateTime(token) else { throw failure(.invalidDateTime(shown), at: start) }
            return .datetime(text)
        }
        return try number(token, shown: shown, at: start)
    }

    private mutating func scanToken() {
        while let b = peek(), ASCII.isToken(b) {
            pos += 1
        }
    }

    private func number(_ t: [UInt8], shown: String, at start: Mark) throws(TOMLError) -> TOMLValue {
        let signed = t.first == ASCII.plus || t.first == ASCII.minus
        let first = signed ? 1 : 0
        guard first < t.count, ASCII.isDigit(t[first]) else {
            throw failure(signed ? .invalidNumber(shown) : .invalidValue(shown), at: start)
        }
        if t[first] == UInt8(ascii: "0"), first + 1 < t.count, let radix = Self.radix(t[first + 1]) {
            guard !signed, Self.digitRun(t, from: 2, radix: radix) == t.count else { throw failure(.invalidNumber(shown), at: start) }
            guard let value = Int64(Self.withoutUnderscores(t[2...]), radix: radix) else {
                throw failure(.integerOverflow(shown), at: start)
            }
            return .integer(value)
        }
        guard let integerEnd = Self.digitRun(t, from: first, radix: 10) else { throw failure(.invalidNumber(shown), at: start) }
        if t[first] == UInt8(ascii: "0"), integerEnd > first + 1 { throw failure(.leadingZero(shown), at: start) }
        var end = integerEnd
        var isFloat = false
        if end < t.count, t[end] == ASCII.dot {
            guard let fractionEnd = Self.digitRun(t, from: end + 1, radix: 10) else { throw failure(.invalidNumber(shown), at: start) }
            end = fractionEnd
            isFloat = true
        }
        if end < t.count, t[end] == UInt8(ascii: "e") || t[end] == UInt8(ascii: "E") {
            var exponent = end + 1
            if exponent < t.count, t[exponent] == ASCII.plus || t[exponent] == ASCII.minus { exponent += 1 }
            guard let exponentEnd = Self.digitRun(t, from: exponent, radix: 10) else { throw failure(.invalidNumber(shown), at: start) }
            end = exponentEnd
            isFloat = true
        }
        guard end == t.count else { throw failure(.invalidNumber(shown), at: start) }
        let plain = Self.withoutUnderscores(t[...])
        if isFloat {
            guard let value = Double(plain) else { throw failure(.invalidNumber(shown), at: start) }
            return .float(value)
        }
        guard let value = Int64(plain) else { throw failure(.integerOverflow(shown), at: start) }
        return .integer(value)
    }

    private static func radix(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// The end of a run of digits starting at `start`, where each `_` sits between two digits; nil if malformed.
    private static func digitRun(_ t: [UInt8], from start: Int, radix: Int) -> Int? {
        guard start < t.count, ASCII.digitValue(t[start], radix: radix) != nil else { return nil }
        var index = start + 1
        while index < t.count {
            if ASCII.digitValue(t[index], radix: radix) != nil {
                index += 1
            } else if t[index] == ASCII.underscore {
                guard index + 1 < t.count, ASCII.digitValue(t[index + 1], radix: radix) != nil else { return nil }
                index += 2
            } else {
                break
            }
        }
        return index
    }

    private static func withoutUnderscores(_ t: ArraySlice<UInt8>) -> String {
        String(decoding: t.filter { $0 != ASCII.underscore }, as: UTF8.self)
    }

    /// Starts like a date (`1979-`) or a time (`07:`); such a token must then be a valid date-time.
    private static func looksLikeDateTime(_ t: [UInt8]) -> Bool {
        guard t.count >= 3, ASCII.isDigit(t[0]), ASCII.isDigit(t[1]) else { return false }
        if t[2] == ASCII.colon { return true }
        return t.count >= 5 && ASCII.isDigit(t[2]) && ASCII.isDigit(t[3]) && t[4] == ASCII.minus
    }

    /// RFC 3339 as TOML 1.0 uses it: offset or local date-time, local date, or local time (seconds required).
    private static func isDateTime(_ t: [UInt8]) -> Bool {
        var index = 0
        if isDate(t, at: 0) {
            index = 10
            if index == t.count { return true }
            guard t[index] == UInt8(ascii: "T") || t[index] == UInt8(ascii: "t") || t[index] == ASCII.space else { return false }
            index += 1
            guard let timeEnd = timeEnd(t, from: index) else { return false }
            index = timeEnd
            if index == t.count { return true }
            if t[index] == UInt8(ascii: "Z") || t[index] == UInt8(ascii: "z") { return index + 1 == t.count }
            guard t[index] == ASCII.plus || t[index] == ASCII.minus, index + 6 == t.count,
                  let hour = twoDigits(t, at: index + 1), hour <= 23, t[index + 3] == ASCII.colon,
                  let minute = twoDigits(t, at: index + 4), minute <= 59 else { return false }
            return true
        }
        return timeEnd(t, from: 0) == t.count
    }

    /// `YYYY-MM-DD` at `start`, with a day that exists in that month.
    private static func isDate(_ t: [UInt8], at start: Int) -> Bool {
        guard t.count >= start + 10, let century = twoDigits(t, at: start), let yearInCentury = twoDigits(t, at: start + 2),
              t[start + 4] == ASCII.minus, let month = twoDigits(t, at: start + 5), t[start + 7] == ASCII.minus,
              let day = twoDigits(t, at: start + 8), (1...12).contains(month) else { return false }
        let year = century * 100 + yearInCentury
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[month - 1]).contains(day)
    }

    /// The end of `HH:MM:SS[.fraction]` starting at `start`, or nil.
    private static func timeEnd(_ t: [UInt8], from start: Int) -> Int? {
        guard t.count >= start + 8, let hour = twoDigits(t, at: start), hour <= 23, t[start + 2] == ASCII.colon,
              let minute = twoDigits(t, at: start + 3), minute <= 59, t[start + 5] == ASCII.colon,
              let second = twoDigits(t, at: start + 6), second <= 60 else { return nil }
        var index = start + 8
        if index < t.count, t[index] == ASCII.dot {
            index += 1
            let digits = index
            while index < t.count, ASCII.isDigit(t[index]) {
                index += 1
            }
            guard index > digits else { return nil }
        }
        return index
    }

    private static func twoDigits(_ t: [UInt8], at index: Int) -> Int? {
        guard index + 1 < t.count, ASCII.isDigit(t[index]), ASCII.isDigit(t[index + 1]) else { return nil }
        return Int(t[index] - UInt8(ascii: "0")) * 10 + Int(t[index + 1] - UInt8(ascii: "0"))
    }
}
