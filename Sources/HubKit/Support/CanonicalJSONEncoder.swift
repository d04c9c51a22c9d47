import Foundation

/// Encodes `value` as canonical JSON text: keys sorted (by Foundation's `.sortedKeys` order), slashes not escaped,
/// dates as ISO 8601 in UTC without fractional seconds — byte for byte what Foundation's JSONEncoder with those
/// options gives, several times faster.
enum FastCanonicalJSON {
    public static func encode(_ value: some Encodable) throws -> String {
        try CanonicalJSONWriter.encode(value)
    }
}

/// An `Encoder` that writes JSON text straight into byte buffers, giving the same bytes as `CanonicalJSON` (Foundation's
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` and `.iso8601` dates). The rules, all read off
/// Foundation on Linux (swift-foundation):
/// - object members are ordered by the UTF-8 bytes of their names (not `String <`, not a numeric or locale compare);
///   names equal as Swift strings (canonically equivalent) make one member: the first spelling, the last value;
/// - strings escape `"` and `\`, use `\b \f \n \r \t`, and `\u00xx` (lower-case hex) for the other bytes below 0x20;
///   nothing else is escaped (not `/`, U+007F, U+2028/2029 or any other non-ASCII);
/// - a `Float`/`Double` is its `description` less a trailing ".0" (3, -0, 1e-05, 1e+20); NaN and infinity throw;
/// - a `Date` is `yyyy-MM-ddTHH:mm:ssZ` in UTC, seconds rounded down; `Data` is base64; a `URL` its `absoluteString`;
///   a `Decimal` its `description`, unquoted;
/// - a value that encodes nothing is `{}` (at the top level, an error).
///
/// Each value under construction is a `Node`. A value's text is copied into its parent's text as soon as its
/// `encode(to:)` returns; an object's members are put in order when the object itself is written.
struct CanonicalJSONWriter: Encoder {
    fileprivate let node: Node
    fileprivate let session: Session
    fileprivate let generation: Int

    fileprivate init(node: Node, session: Session) {
        self.node = node
        self.session = session
        generation = node.generation
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        var out = Bytes(capacity: 1024)
        let isFixed = try Text.appendFixed(value, to: &out, at: nil, .unnamed)
        if !isFixed {
            let session = Session()
            let root = session.take(parent: nil, component: .unnamed)
            defer { session.recycle(root) }
            try value.encode(to: CanonicalJSONWriter(node: root, session: session))
            guard root.kind != .empty else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
            }
            root.write(to: &out)
        }
        return out.withElements { String(decoding: $0, as: UTF8.self) }
    }

    var codingPath: [any CodingKey] { node.codingPath(forContainer: false) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A writer kept past its value's `encode(to:)` would write into a node that now holds another value: it gets a
    /// throwaway node instead, so its writes are lost, as they are with Foundation.
    private func liveNode(_ kind: Node.Kind) -> Node {
        guard node.generation == generation else { return Node(kind: kind) }
        node.become(kind, session: session)
        return node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(ObjectContainer<Key>(node: liveNode(.object), session: session))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        ArrayContainer(node: liveNode(.array), session: session)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        ScalarContainer(node: node.generation == generation ? node : Node(kind: .empty), session: session)
    }
}

// MARK: - Storage

extension CanonicalJSONWriter {
    /// A growable run of plain values (the nodes' text, names and entries). Appending to an `Array` checks for a
    /// shared buffer on every call, and with many small appends that cost more than the copying itself.
    fileprivate struct Buffer<Element: BitwiseCopyable>: ~Copyable {
        private var start: UnsafeMutablePointer<Element>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 8)
            start = .allocate(capacity: self.capacity)
        }

        deinit { start.deallocate() }

        @inline(__always)
        subscript(index: Int) -> Element {
            precondition(index >= 0 && index < count, "Index out of range")
            return start[index]
        }

        @inline(__always)
        mutating func append(_ element: Element) {
            if count == capacity { grow(toAtLeast: count + 1) }
            (start + count).initialize(to: element)
            count += 1
        }

        @inline(__always)
        mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
            guard let source = elements.baseAddress else { return }
            if count + elements.count > capacity { grow(toAtLeast: count + elements.count) }
            (start + count).initialize(from: source, count: elements.count)
            count += elements.count
        }

        mutating func removeAll() { count = 0 }

        mutating func removeAll(from index: Int) {
            precondition(index >= 0 && index <= count, "Index out of range")
            count = index
        }

        @inline(__always)
        func withElements<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
            try body(UnsafeBufferPointer(start: start, count: count))
        }

        /// Elements `range` (checked against `count`).
        @inline(__always)
        func withElements<R>(in range: Range<Int>, _ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
            precondition(range.lowerBound >= 0 && range.upperBound <= count, "Range out of bounds")
            return try body(UnsafeBufferPointer(start: start + range.lowerBound, count: range.count))
        }

        private mutating func grow(toAtLeast minimum: Int) {
            capacity = Swift.max(minimum, capacity * 2)
            let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
            larger.initialize(from: start, count: count)
            start.deallocate()
            start = larger
        }
    }

    fileprivate typealias Bytes = Buffer<UInt8>

    /// One JSON value under construction.
    fileprivate final class Node {
        enum Kind { case empty, scalar, array, object }

        /// A member (name `names[nameStart..<nameEnd]`) or element whose value is `text[valueStart..<valueEnd]` or,
        /// when `child` is not -1, the nested container `children[child]`, open until this node is written.
        struct Entry {
            var nameStart: Int
            var nameEnd: Int
            /// The name's first eight bytes, big-endian, zero-padded: most comparisons end here.
            var namePrefix: UInt64
            var valueStart: Int
            var valueEnd: Int
            var child: Int
        }

        // Run-time exclusivity checks on these fields took a quarter of the encoding time. Only this file touches
        // them, and never while an `encode(to:)` runs: a value encodes itself into its own node first and is copied
        // into its parent afterwards.
        @exclusivity(unchecked) var kind: Kind
        /// A scalar's JSON text, or the JSON text of the members' and elements' values one after another.
        @exclusivity(unchecked) var text = Bytes(capacity: 256)
        /// Member names as raw UTF-8, escaped only when written: members are ordered by the raw bytes.
        @exclusivity(unchecked) var names = Bytes(capacity: 128)
        @exclusivity(unchecked) var entries = Buffer<Entry>(capacity: 16)
        @exclusivity(unchecked) var children: [Node] = []
        /// Bumped whenever the node's content is thrown away, so containers handed out before stop writing to it.
        @exclusivity(unchecked) var generation = 0
        @exclusivity(unchecked) var parent: Node?
        @exclusivity(unchecked) var component = PathComponent.unnamed
        /// Made by `nestedContainer` or `nestedUnkeyedContainer`, rather than for a value with its own encoder.
        @exclusivity(unchecked) var isNestedContainer = false

        init(kind: Kind) {
            self.kind = kind
        }

        /// Foundation's coding paths: an encoder's path holds the keys of the values it is inside, but not those of
        /// nested containers along the way; a container's path adds the nested containers it is itself in.
        func codingPath(forContainer: Bool) -> [any CodingKey] {
            var path: [any CodingKey] = []
            var node: Node? = self
            var inOwnContainers = forContainer
            while let current = node {
                inOwnContainers = inOwnContainers && current.isNestedContainer
                if !current.isNestedContainer || inOwnContainers, let key = current.component.codingKey { path.append(key) }
                node = current.parent
            }
            return path.reversed()
        }

        /// Where a value written through this node's containers is, as Foundation reports it in errors.
        func codingPath(appending component: PathComponent) -> [any CodingKey] {
            let path = codingPath(forContainer: false)
            guard let key = component.codingKey else { return path }
            return path + [key]
        }

        func become(_ newKind: Kind, session: Session) {
            guard kind != newKind else { return }
            if kind != .empty { clear(session: session) }
            kind = newKind
        }

        func clear(session: Session) {
            for child in children { session.recycle(child) }
            children.removeAll(keepingCapacity: true)
            text.removeAll()
            names.removeAll()
            entries.removeAll()
            kind = .empty
            generation &+= 1
        }

        /// Records the member whose value was written to `text` from `valueStart` on.
        func closeMember(_ name: String, valueStart: Int) {
            var entry = appendName(name)
            entry.valueStart = valueStart
            entry.valueEnd = text.count
            entries.append(entry)
        }

        /// Records the element whose value was written to `text` from `valueStart` on.
        func closeElement(valueStart: Int) {
            entries.append(Entry(nameStart: 0, nameEnd: 0, namePrefix: 0, valueStart: valueStart, valueEnd: text.count, child: -1))
        }

        /// Adds a nested container or super encoder as the next member (`name`) or element (`name` nil).
        func attach(_ child: Node, name: String?) {
            var entry = name.map(appendName) ?? Entry(nameStart: 0, nameEnd: 0, namePrefix: 0, valueStart: 0, valueEnd: 0, child: -1)
            entry.valueStart = text.count
            entry.valueEnd = text.count
            entry.child = children.count
            entries.append(entry)
            children.append(child)
        }

        /// The nested container of `kind` last opened under `name`, which Foundation hands out again.
        func nestedChild(named name: String, kind: Kind) -> Node? {
            var index = entries.count - 1
            while index >= 0, !has(name, at: entries[index]) { index -= 1 }
            guard index >= 0 else { return nil }
            let child = entries[index].child
            guard child >= 0, children[child].kind == kind else { return nil }
            return children[child]
        }

        private func appendName(_ name: String) -> Entry {
            let nameStart = names.count
            var prefix: UInt64 = 0
            var name = name
            name.withUTF8 { utf8 in
                names.append(contentsOf: utf8)
                for (offset, byte) in utf8.prefix(8).enumerated() { prefix |= UInt64(byte) << (56 - 8 * offset) }
            }
            return Entry(nameStart: nameStart, nameEnd: names.count, namePrefix: prefix, valueStart: 0, valueEnd: 0, child: -1)
        }

        private func has(_ name: String, at entry: Entry) -> Bool {
            names.withElements(in: entry.nameStart..<entry.nameEnd) { stored in
                if stored.elementsEqual(name.utf8) { return true }
                let isASCII = stored.allSatisfy { $0 < 0x80 } && name.utf8.allSatisfy { $0 < 0x80 }
                return !isASCII && String(decoding: stored, as: UTF8.self) == name
            }
        }

        // MARK: Writing

        func write(to out: inout Bytes) {
            switch kind {
            case .empty:
                Text.appendASCII("{}", to: &out)
            case .scalar:
                text.withElements { out.append(contentsOf: $0) }
            case .array:
                out.append(UInt8(ascii: "["))
                for index in 0..<entries.count {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    writeValue(of: entries[index], to: &out)
                }
                out.append(UInt8(ascii: "]"))
            case .object:
                out.append(UInt8(ascii: "{"))
                if names.withElements({ $0.contains { $0 >= 0x80 } }) {
                    writeMembersMergingEquivalentNames(to: &out)
                } else {
                    writeMembers(to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
        }

        private func writeValue(of entry: Entry, to out: inout Bytes) {
            if entry.child >= 0 {
                children[entry.child].write(to: &out)
            } else {
                text.withElements(in: entry.valueStart..<entry.valueEnd) { out.append(contentsOf: $0) }
            }
        }

        private func writeMember(name: Entry, value: Entry, to out: inout Bytes) {
            names.withElements(in: name.nameStart..<name.nameEnd) { Text.appendQuoted($0, to: &out) }
            out.append(UInt8(ascii: ":"))
            writeValue(of: value, to: &out)
        }

        /// ASCII names are equal as strings exactly when equal as bytes, so sorting by bytes puts repeats side by
        /// side, and the last one written wins.
        private func writeMembers(to out: inout Bytes) {
            let count = entries.count
            withUnsafeTemporaryAllocation(of: SortKey.self, capacity: count) { order in
                for index in 0..<count { order.initializeElement(at: index, to: SortKey(prefix: entries[index].namePrefix, entry: index)) }
                sortByName(order)
                var first = true
                for position in 0..<count {
                    let entry = entries[order[position].entry]
                    if position + 1 < count, compareNames(order[position], order[position + 1]) == 0 { continue }
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    writeMember(name: entry, value: entry, to: &out)
                }
            }
        }

        /// Foundation keeps members in a `[String: …]` dictionary, so names equal as Swift strings but not as bytes
        /// ("é" and "e\u{301}") make one member: the first spelling with the last value.
        private func writeMembersMergingEquivalentNames(to out: inout Bytes) {
            var groupOfName: [String: Int] = [:]
            var groups: [(name: Entry, value: Entry)] = []
            for index in 0..<entries.count {
                let entry = entries[index]
                let name = names.withElements(in: entry.nameStart..<entry.nameEnd) { String(decoding: $0, as: UTF8.self) }
                if let group = groupOfName[name] {
                    groups[group].value = entry
                } else {
                    groupOfName[name] = groups.count
                    groups.append((entry, entry))
                }
            }
            groups.sort { compareNames($0.name, $1.name) < 0 }
            for (position, group) in groups.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeMember(name: group.name, value: group.value, to: &out)
            }
        }

        /// An entry's place in the sort: the first eight bytes of its name settle most comparisons.
        private struct SortKey {
            var prefix: UInt64
            var entry: Int
        }

        /// Sorts by name bytes, equal names keeping their writing order.
        private func sortByName(_ order: UnsafeMutableBufferPointer<SortKey>) {
            if order.count <= 32 {
                // Insertion sort: stable, and the quickest for the few members of a typical struct.
                for index in order.indices.dropFirst() {
                    let moving = order[index]
                    var slot = index
                    while slot > 0, compareNames(order[slot - 1], moving) > 0 {
                        order[slot] = order[slot - 1]
                        slot -= 1
                    }
                    order[slot] = moving
                }
            } else {
                var order = order
                order.sort { a, b in
                    let comparison = compareNames(a, b)
                    return comparison < 0 || (comparison == 0 && a.entry < b.entry)
                }
            }
        }

        private func compareNames(_ a: SortKey, _ b: SortKey) -> Int {
            if a.prefix != b.prefix { return a.prefix < b.prefix ? -1 : 1 }
            return compareNames(entries[a.entry], entries[b.entry])
        }

        /// Negative, zero or positive as `a`'s name sorts before, with or after `b`'s (unsigned bytes, shorter first).
        private func compareNames(_ a: Entry, _ b: Entry) -> Int {
            if a.namePrefix != b.namePrefix { return a.namePrefix < b.namePrefix ? -1 : 1 }
            return names.withElements { names in
                let lengthA = a.nameEnd - a.nameStart
                let lengthB = b.nameEnd - b.nameStart
                for offset in 0..<Swift.min(lengthA, lengthB) {
                    let byteA = names[a.nameStart + offset]
                    let byteB = names[b.nameStart + offset]
                    if byteA != byteB { return byteA < byteB ? -1 : 1 }
                }
                return lengthA - lengthB
            }
        }
    }

    /// Hands out nodes for one top-level encode and takes them back once their value is written, reusing buffers.
    fileprivate final class Session {
        @exclusivity(unchecked) private var spare: [Node] = []

        func take(parent: Node?, component: PathComponent) -> Node {
            let node = spare.popLast() ?? Node(kind: .empty)
            node.parent = parent
            node.component = component
            return node
        }

        func recycle(_ node: Node) {
            node.clear(session: self)
            node.parent = nil
            node.component = .unnamed
            node.isNestedContainer = false
            spare.append(node)
        }

        /// Writes `value` into `parent.text` and returns where its text starts.
        func append<T: Encodable>(_ value: T, to parent: Node, at component: PathComponent) throws -> Int {
            let start = parent.text.count
            if try Text.appendFixed(value, to: &parent.text, at: parent, component) { return start }
            let child = take(parent: parent, component: component)
            defer { recycle(child) }
            try value.encode(to: CanonicalJSONWriter(node: child, session: self))
            let childStart = parent.text.count
            child.write(to: &parent.text)
            return childStart
        }
    }

    /// How a node is reached from its parent, for `codingPath`.
    fileprivate enum PathComponent {
        case unnamed
        case key(String, Int?)
        case index(Int)

        var codingKey: (any CodingKey)? {
            switch self {
            case .unnamed: nil
            case .key(let name, let number): PathKey(stringValue: name, intValue: number)
            case .index(let index): PathKey(stringValue: "Index \(index)", intValue: index)
            }
        }
    }

    fileprivate struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?

        init(stringValue: String, intValue: Int?) {
            self.stringValue = stringValue
            self.intValue = intValue
        }

        init(stringValue: String) { self.init(stringValue: stringValue, intValue: nil) }
        init(intValue: Int) { self.init(stringValue: "\(intValue)", intValue: intValue) }
    }
}

// MARK: - Containers

extension CanonicalJSONWriter {
    fileprivate struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let session: Session
        let generation: Int

        init(node: Node, session: Session) {
            self.node = node
            self.session = session
            generation = node.generation
        }

        var codingPath: [any CodingKey] { node.codingPath(forContainer: true) }
        private var isLive: Bool { node.generation == generation }

        private func put(_ key: Key, _ write: (inout Bytes) -> Void) {
            guard isLive else { return }
            let start = node.text.count
            write(&node.text)
            node.closeMember(key.stringValue, valueStart: start)
        }

        private func finite<F: BinaryFloatingPoint>(_ value: F, _ key: Key) throws -> F {
            guard value.isFinite else { throw Text.nonFinite(value, at: node.codingPath(appending: .key(key.stringValue, key.intValue))) }
            return value
        }

        mutating func encodeNil(forKey key: Key) throws { put(key) { Text.appendASCII("null", to: &$0) } }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(key) { Text.appendBool(value, to: &$0) } }
        mutating func encode(_ value: String, forKey key: Key) throws { put(key) { Text.appendString(value, to: &$0) } }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            let value = try finite(value, key)
            put(key) { Text.appendDouble(value, to: &$0) }
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            let value = try finite(value, key)
            put(key) { Text.appendFloat(value, to: &$0) }
        }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int128, forKey key: Key) throws { put(key) { Text.appendDescription(value, to: &$0) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(key) { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt128, forKey key: Key) throws { put(key) { Text.appendDescription(value, to: &$0) } }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            guard isLive else { return }
            let name = key.stringValue
            let start = try session.append(value, to: node, at: .key(name, key.intValue))
            node.closeMember(name, valueStart: start)
        }

        private func nested(_ kind: Node.Kind, forKey key: Key) -> Node {
            guard isLive else { return Node(kind: kind) }
            let name = key.stringValue
            if let existing = node.nestedChild(named: name, kind: kind) { return existing }
            let child = session.take(parent: node, component: .key(name, key.intValue))
            child.kind = kind
            child.isNestedContainer = true
            node.attach(child, name: name)
            return child
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(ObjectContainer<NestedKey>(node: nested(.object, forKey: key), session: session))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            ArrayContainer(node: nested(.array, forKey: key), session: session)
        }

        mutating func superEncoder() -> any Encoder {
            superEncoder(named: "super", number: nil)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            superEncoder(named: key.stringValue, number: key.intValue)
        }

        private func superEncoder(named name: String, number: Int?) -> any Encoder {
            guard isLive else { return CanonicalJSONWriter(node: Node(kind: .empty), session: session) }
            let child = session.take(parent: node, component: .key(name, number))
            node.attach(child, name: name)
            return CanonicalJSONWriter(node: child, session: session)
        }
    }

    fileprivate struct ArrayContainer: UnkeyedEncodingContainer {
        let node: Node
        let session: Session
        let generation: Int

        init(node: Node, session: Session) {
            self.node = node
            self.session = session
            generation = node.generation
        }

        var codingPath: [any CodingKey] { node.codingPath(forContainer: true) }
        var count: Int { node.entries.count }
        private var isLive: Bool { node.generation == generation }

        private func add(_ write: (inout Bytes) -> Void) {
            guard isLive else { return }
            let start = node.text.count
            write(&node.text)
            node.closeElement(valueStart: start)
        }

        private func finite<F: BinaryFloatingPoint>(_ value: F) throws -> F {
            guard value.isFinite else { throw Text.nonFinite(value, at: node.codingPath(appending: .index(count))) }
            return value
        }

        mutating func encodeNil() throws { add { Text.appendASCII("null", to: &$0) } }
        mutating func encode(_ value: Bool) throws { add { Text.appendBool(value, to: &$0) } }
        mutating func encode(_ value: String) throws { add { Text.appendString(value, to: &$0) } }
        mutating func encode(_ value: Double) throws {
            let value = try finite(value)
            add { Text.appendDouble(value, to: &$0) }
        }
        mutating func encode(_ value: Float) throws {
            let value = try finite(value)
            add { Text.appendFloat(value, to: &$0) }
        }
        mutating func encode(_ value: Int) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int8) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int16) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int32) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int64) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int128) throws { add { Text.appendDescription(value, to: &$0) } }
        mutating func encode(_ value: UInt) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt8) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt16) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt32) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt64) throws { add { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt128) throws { add { Text.appendDescription(value, to: &$0) } }

        mutating func encode<T: Encodable>(_ value: T) throws {
            guard isLive else { return }
            let start = try session.append(value, to: node, at: .index(count))
            node.closeElement(valueStart: start)
        }

        /// A node for the next element, written when this array is.
        private func attachedChild(_ kind: Node.Kind, isNestedContainer: Bool) -> Node {
            guard isLive else { return Node(kind: kind) }
            let child = session.take(parent: node, component: .index(count))
            child.kind = kind
            child.isNestedContainer = isNestedContainer
            node.attach(child, name: nil)
            return child
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(ObjectContainer<NestedKey>(node: attachedChild(.object, isNestedContainer: true), session: session))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            ArrayContainer(node: attachedChild(.array, isNestedContainer: true), session: session)
        }

        mutating func superEncoder() -> any Encoder {
            CanonicalJSONWriter(node: attachedChild(.empty, isNestedContainer: false), session: session)
        }
    }

    /// As with Foundation, a value written where a keyed or unkeyed container was already taken is dropped, unless it
    /// encodes itself through the same kind of container, which it then adds to. A second value replaces the first
    /// (Foundation stops the program instead).
    fileprivate struct ScalarContainer: SingleValueEncodingContainer {
        let node: Node
        let session: Session
        var generation: Int

        init(node: Node, session: Session) {
            self.node = node
            self.session = session
            generation = node.generation
        }

        var codingPath: [any CodingKey] { node.codingPath(forContainer: false) }

        private func set(_ write: (inout Bytes) -> Void) {
            guard node.generation == generation else { return }
            switch node.kind {
            case .object, .array: return
            case .scalar: node.text.removeAll()
            case .empty: node.kind = .scalar
            }
            write(&node.text)
        }

        private func finite<F: BinaryFloatingPoint>(_ value: F) throws -> F {
            guard value.isFinite else { throw Text.nonFinite(value, at: node.codingPath(appending: .unnamed)) }
            return value
        }

        mutating func encodeNil() throws { set { Text.appendASCII("null", to: &$0) } }
        mutating func encode(_ value: Bool) throws { set { Text.appendBool(value, to: &$0) } }
        mutating func encode(_ value: String) throws { set { Text.appendString(value, to: &$0) } }
        mutating func encode(_ value: Double) throws {
            let value = try finite(value)
            set { Text.appendDouble(value, to: &$0) }
        }
        mutating func encode(_ value: Float) throws {
            let value = try finite(value)
            set { Text.appendFloat(value, to: &$0) }
        }
        mutating func encode(_ value: Int) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int8) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int16) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int32) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int64) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: Int128) throws { set { Text.appendDescription(value, to: &$0) } }
        mutating func encode(_ value: UInt) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt8) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt16) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt32) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt64) throws { set { Text.appendInteger(value, to: &$0) } }
        mutating func encode(_ value: UInt128) throws { set { Text.appendDescription(value, to: &$0) } }

        mutating func encode<T: Encodable>(_ value: T) throws {
            guard node.generation == generation else { return }
            let hasContainer = node.kind == .object || node.kind == .array
            if !hasContainer {
                node.text.removeAll()
                node.kind = .empty
            }
            let start = node.text.count
            if try Text.appendFixed(value, to: &node.text, at: node, .unnamed) {
                if hasContainer { node.text.removeAll(from: start) } else { node.kind = .scalar }
            } else {
                // Like Foundation, the value encodes itself at this same position.
                try value.encode(to: CanonicalJSONWriter(node: node, session: session))
                if node.kind == .empty { node.kind = .object }
            }
            generation = node.generation
        }
    }
}

// MARK: - Text

extension CanonicalJSONWriter {
    fileprivate enum Text {
        /// Writes `value` if its JSON text does not come from its own `encode(to:)`: the types Foundation formats itself
        /// (Date, Data, URL, Decimal) and, as a shortcut, the standard scalars. False when `value` must encode itself.
        static func appendFixed<T>(_ value: T, to out: inout Bytes, at node: Node?, _ component: PathComponent) throws -> Bool {
            func checked<F: BinaryFloatingPoint>(_ number: F) throws -> F {
                guard number.isFinite else {
                    throw nonFinite(number, at: node?.codingPath(appending: component) ?? [])
                }
                return number
            }
            if let string = exactly(value, String.self) { appendString(string, to: &out) }
            else if let number = exactly(value, Int.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, Double.self) { appendDouble(try checked(number), to: &out) }
            else if let flag = exactly(value, Bool.self) { appendBool(flag, to: &out) }
            else if let date = exactly(value, Date.self) { appendDate(date, to: &out) }
            else if let number = exactly(value, Int64.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, Float.self) { appendFloat(try checked(number), to: &out) }
            else if let number = exactly(value, Int32.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, UInt64.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, UInt.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, UInt32.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, Int16.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, UInt16.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, Int8.self) { appendInteger(number, to: &out) }
            else if let number = exactly(value, UInt8.self) { appendInteger(number, to: &out) }
            else if let data = exactly(value, Data.self) { appendBase64(data, to: &out) }
            else if let url = exactly(value, URL.self) { appendString(url.absoluteString, to: &out) }
            else if let decimal = exactly(value, Decimal.self) { appendDescription(decimal, to: &out) }
            else if let number = exactly(value, Int128.self) { appendDescription(number, to: &out) }
            else if let number = exactly(value, UInt128.self) { appendDescription(number, to: &out) }
            else { return false }
            return true
        }

        /// `value` as a `U` when `T` is `U`: a comparison of type metadata instead of a dynamic cast on the hot path.
        /// (Foundation's `as? Date` also matches a `Date?`; that one arrives here anyway through `Optional.encode(to:)`.)
        @inline(__always)
        private static func exactly<T, U>(_ value: T, _ type: U.Type) -> U? {
            T.self == U.self ? unsafeBitCast(value, to: U.self) : nil
        }

        static func nonFinite<F: BinaryFloatingPoint>(_ value: F, at path: [any CodingKey]) -> EncodingError {
            .invalidValue(value, .init(codingPath: path, debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }

        static func appendASCII(_ text: StaticString, to out: inout Bytes) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }

        static func appendBool(_ value: Bool, to out: inout Bytes) {
            appendASCII(value ? "true" : "false", to: &out)
        }

        static func appendString(_ value: String, to out: inout Bytes) {
            var value = value
            value.withUTF8 { appendQuoted($0, to: &out) }
        }

        /// `utf8` as a JSON string; runs that need no escape are copied whole.
        static func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout Bytes) {
            out.append(UInt8(ascii: "\""))
            var runStart = 0
            var index = 0
            while index < utf8.count {
                // Eight bytes at a time while none needs an escape: most text has none.
                while index + 8 <= utf8.count, !mayNeedEscape(UnsafeRawBufferPointer(utf8).loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                }
                guard index < utf8.count else { break }
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    appendEscape(byte, to: &out)
                    runStart = index + 1
                }
                index += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            out.append(UInt8(ascii: "\""))
        }

        /// Whether any of the eight bytes is below 0x20, a quote or a backslash (exact when false).
        @inline(__always)
        private static func mayNeedEscape(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            func hasByteBelow(_ limit: UInt64, _ word: UInt64) -> Bool { (word &- ones &* limit) & ~word & highBits != 0 }
            return hasByteBelow(0x20, word) || hasByteBelow(1, word ^ (ones &* 0x22)) || hasByteBelow(1, word ^ (ones &* 0x5C))
        }

        private static func appendEscape(_ byte: UInt8, to out: inout Bytes) {
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                appendASCII("u00", to: &out)
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
        }

        private static func hexDigit(_ nibble: UInt8) -> UInt8 {
            nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
        }

        /// Decimal digits of an integer of at most 64 bits.
        static func appendInteger<I: FixedWidthInteger>(_ value: I, to out: inout Bytes) {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            var rest = UInt64(truncatingIfNeeded: value.magnitude)
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                var first = digits.count
                repeat {
                    first -= 1
                    digits[first] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                } while rest != 0
                out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
            }
        }

        static func appendDescription(_ value: some CustomStringConvertible, to out: inout Bytes) {
            var text = value.description
            text.withUTF8 { out.append(contentsOf: $0) }
        }

        /// Foundation writes `description` less a trailing ".0". Whole numbers below 1e15 (where `description` has
        /// no exponent) are written as integers directly, skipping the string.
        static func appendDouble(_ value: Double, to out: inout Bytes) {
            if value.magnitude < 1e15, value == value.rounded(.towardZero) {
                if value == 0, value.sign == .minus { out.append(UInt8(ascii: "-")) }
                appendInteger(Int64(value), to: &out)
            } else {
                appendTrimmingPointZero(value.description, to: &out)
            }
        }

        static func appendFloat(_ value: Float, to out: inout Bytes) {
            appendTrimmingPointZero(value.description, to: &out)
        }

        private static func appendTrimmingPointZero(_ text: String, to out: inout Bytes) {
            var text = text
            text.withUTF8 { utf8 in
                var count = utf8.count
                if count >= 2, utf8[count - 2] == UInt8(ascii: "."), utf8[count - 1] == UInt8(ascii: "0") { count -= 2 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[0..<count]))
            }
        }

        /// 1582-10-15T00:00:00Z, where Foundation's calendar switches from Julian to Gregorian, to
        /// 9999-12-31T23:59:59Z, the last second with a four-digit year (seconds since 2001, like `Date`).
        private static let gregorianSeconds: ClosedRange<Double> = -13_197_600_000 ... 252_423_993_599

        /// `"yyyy-MM-ddTHH:mm:ssZ"` in UTC. Foundation rounds the `Date`'s own seconds since 2001 down to a whole
        /// second, so the rounding happens there and not on the Unix time (`Date(timeIntervalSince1970: 0.99999999999)`
        /// is already 1970-01-01T00:00:01Z). Outside the Gregorian four-digit years this asks Foundation's formatter,
        /// the one Foundation's encoder uses.
        static func appendDate(_ date: Date, to out: inout Bytes) {
            let seconds = date.timeIntervalSinceReferenceDate.rounded(.down)
            guard gregorianSeconds.contains(seconds) else {
                appendString(date.formatted(.iso8601), to: &out)
                return
            }
            let unixSeconds = Int(seconds) + 978_307_200
            var days = unixSeconds / 86_400
            var secondOfDay = unixSeconds % 86_400
            if secondOfDay < 0 {
                secondOfDay += 86_400
                days -= 1
            }
            let (year, month, day) = CivilDate.date(days: days)
            out.append(UInt8(ascii: "\""))
            appendTwoDigits(year / 100, to: &out)
            appendTwoDigits(year % 100, to: &out)
            out.append(UInt8(ascii: "-"))
            appendTwoDigits(month, to: &out)
            out.append(UInt8(ascii: "-"))
            appendTwoDigits(day, to: &out)
            out.append(UInt8(ascii: "T"))
            appendTwoDigits(secondOfDay / 3600, to: &out)
            out.append(UInt8(ascii: ":"))
            appendTwoDigits(secondOfDay / 60 % 60, to: &out)
            out.append(UInt8(ascii: ":"))
            appendTwoDigits(secondOfDay % 60, to: &out)
            appendASCII("Z\"", to: &out)
        }

        private static func appendTwoDigits(_ value: Int, to out: inout Bytes) {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10))
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10))
        }

        /// Standard base64 with `=` padding and no line breaks, quoted: what `base64EncodedString()` gives.
        static func appendBase64(_ data: Data, to out: inout Bytes) {
            func digit(_ sextet: UInt32) -> UInt8 {
                let value = UInt8(truncatingIfNeeded: sextet & 0x3F)
                switch value {
                case 0..<26: return UInt8(ascii: "A") + value
                case 26..<52: return UInt8(ascii: "a") + value - 26
                case 52..<62: return UInt8(ascii: "0") + value - 52
                case 62: return UInt8(ascii: "+")
                default: return UInt8(ascii: "/")
                }
            }
            out.append(UInt8(ascii: "\""))
            data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var index = 0
                while index + 3 <= bytes.count {
                    let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                    out.append(digit(group >> 18))
                    out.append(digit(group >> 12))
                    out.append(digit(group >> 6))
                    out.append(digit(group))
                    index += 3
                }
                let left = bytes.count - index
                guard left > 0 else { return }
                let group = UInt32(bytes[index]) << 16 | (left == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                out.append(digit(group >> 18))
                out.append(digit(group >> 12))
                out.append(left == 2 ? digit(group >> 6) : UInt8(ascii: "="))
                out.append(UInt8(ascii: "="))
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}
