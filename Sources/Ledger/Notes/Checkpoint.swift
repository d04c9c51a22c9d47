import Foundation

/// A C2SP tlog-checkpoint: the note text naming a log (origin), its size and its RFC 6962 root hash.
public struct Checkpoint: Sendable, Hashable {
    public let origin: String
    public let size: UInt64
    public let rootHash: Data
    public let extensions: [String]

    public init(origin: String, size: UInt64, rootHash: Data, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    public init(parsing text: String) throws(NoteFault) {
        guard text.hasSuffix("\n") else { throw .badCheckpoint("正文必须以换行结尾", "A checkpoint text ends with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { throw .badCheckpoint("至少需要来源、大小、根哈希三行", "Origin, size and root hash lines are required") }
        guard !lines[0].isEmpty else { throw .badCheckpoint("来源行为空", "The origin line is empty") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw .badCheckpoint("树大小应为不带前导零的十进制数", "The tree size must be a decimal number without leading zeros")
        }
        guard let root = Data(base64Encoded: lines[2]), root.count == 32 else {
            throw .badCheckpoint("根哈希应为 32 字节的 base64", "The root hash must be base64 of 32 bytes")
        }
        let extensions = Array(lines.dropFirst(3))
        guard !extensions.contains(where: \.isEmpty) else { throw .badCheckpoint("扩展行不能为空", "Extension lines must not be empty") }
        self.init(origin: lines[0], size: size, rootHash: root, extensions: extensions)
    }

    public var text: String {
        ([origin, String(size), rootHash.base64EncodedString()] + extensions).joined(separator: "\n") + "\n"
    }
}
