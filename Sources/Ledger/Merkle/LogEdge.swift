import Crypto
import Foundation

/// The right edge of an append-only RFC 6962 tree: the roots of its perfect subtrees, tallest first (at most one
/// per height, like the bits of the size). Appending a leaf merges equal heights; the root folds them from the
/// right. Enough to keep a log's root current without its leaves.
public struct LogEdge: Sendable, Hashable {
    public private(set) var nodes: [(height: Int, hash: TreeHash)] = []

    public init() {}

    public static func == (a: LogEdge, b: LogEdge) -> Bool {
        a.nodes.count == b.nodes.count && zip(a.nodes, b.nodes).allSatisfy { $0.height == $1.height && $0.hash == $1.hash }
    }

    public func hash(into hasher: inout Hasher) {
        for node in nodes { hasher.combine(node.height); hasher.combine(node.hash) }
    }

    public var size: UInt64 { nodes.reduce(0) { $0 + (1 << UInt64($1.height)) } }

    public mutating func append(_ leafHash: TreeHash) {
        var node = (height: 0, hash: leafHash)
        while let last = nodes.last, last.height == node.height {
            nodes.removeLast()
            node = (node.height + 1, MerkleTree.nodeHash(last.hash, node.hash))
        }
        nodes.append(node)
    }

    public var root: TreeHash {
        guard var hash = nodes.last?.hash else { return Array(SHA256.hash(data: Data())) }
        for node in nodes.dropLast().reversed() { hash = MerkleTree.nodeHash(node.hash, hash) }
        return hash
    }

    /// `height:base64hash` pairs separated by spaces, for storing the edge beside the tiles.
    public var text: String { nodes.map { "\($0.height):\(Data($0.hash).base64EncodedString())" }.joined(separator: " ") }

    public init?(text: String) {
        for part in text.split(separator: " ") {
            let pair = part.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, let height = Int(pair[0]), (0..<64).contains(height),
                  let hash = Data(base64Encoded: String(pair[1])), hash.count == 32,
                  nodes.last.map({ $0.height > height }) ?? true else { return nil }
            nodes.append((height, Array(hash)))
        }
    }
}
