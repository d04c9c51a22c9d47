import Foundation
import HubKit

/// A small file only its owner may read (mode 0600 from the moment it exists), written under a temporary
/// name, synced and renamed into place, so that it is either whole or absent.
enum SecretFile {
    static func create(at path: String, contents: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = path + ".\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw NoteFault.badKey("无法创建 \(path)", "Cannot create \(path)") }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw NoteFault.badKey("无法写入 \(path)", "Cannot write \(path)")
        }
    }

    /// The ledger's salt for personal fields: 32 random bytes as hex, made on first use.
    static func salt(at path: String) throws -> [UInt8] {
        if !FileManager.default.fileExists(atPath: path) {
            var random = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
            try create(at: path, contents: bytes.hexString + "\n")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw NoteFault.badKey("无法读取 \(path)", "Cannot read \(path)")
        }
        let hex = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard hex.count == 64 else { throw NoteFault.badKey("盐文件已损坏", "The salt file \(path) is damaged") }
        return try stride(from: 0, to: 64, by: 2).map { i throws(NoteFault) in
            guard let byte = UInt8(String(decoding: hex[i..<(i + 2)], as: UTF8.self), radix: 16) else {
                throw NoteFault.badKey("盐文件已损坏", "The salt file \(path) is damaged")
            }
            return byte
        }
    }
}
