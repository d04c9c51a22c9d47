import Crypto
import Foundation
import HubKit
import SQLKit
import Synchronization

/// A stored photo as the API shows it: what the file is and what its EXIF says.
public struct StoredPhoto: Sendable, Hashable, Codable {
    public var sha256: String
    public var mediaType: String
    public var bytes: Int
    public var width: Int?
    public var height: Int?
    public var takenAt: Date?
    public var location: GeoPoint?
    public var direction: Double?
    public var uploadedAt: Date
    public var uploadedBy: String
}

/// Photos by SHA-256 under `<data-dir>/photos/ab/abcdef….jpg`: the same picture is stored once, a file's name
/// proves its content, and a file is synced to disk before its row is committed.
public struct PhotoStore: Sendable {
    public let database: HubDatabase
    public let folder: URL
    /// A stored photo's record never changes (the first upload wins), so the ones used lately are kept in memory:
    /// a report usually names a photo uploaded moments before.
    let recent = RecentPhotos(capacity: 4096)

    public init(database: HubDatabase, dataDirectory: String) {
        self.database = database
        folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("photos")
    }

    /// Checks, stores and records a photo; uploading the same bytes again returns the first record.
    public func save(_ data: Data, by uploader: String, at now: Date) async throws -> StoredPhoto {
        if data.count > PhotoInspector.maximumBytes { throw PhotoProblem.tooLarge(limit: PhotoInspector.maximumBytes) }
        let metadata = try PhotoInspector.inspect(data)
        let digest = SHA256.hash(data: data).hexString
        let file = path(digest, metadata.format)
        if !FileManager.default.fileExists(atPath: file.path) {
            try writeDurably(data, to: file)
        }
        let fresh = StoredPhoto(sha256: digest, mediaType: metadata.format.mediaType, bytes: data.count,
                                width: metadata.width, height: metadata.height, takenAt: metadata.takenAt,
                                location: metadata.location, direction: metadata.direction, uploadedAt: now,
                                uploadedBy: uploader)
        try await database.write { tx in
            try await tx.sql.raw("""
                INSERT INTO photos (sha256, media_type, bytes, width, height, taken_at_ms, lon, lat, direction,
                                    uploaded_at_ms, uploaded_by)
                VALUES (\(bind: digest), \(bind: fresh.mediaType), \(bind: data.count), \(bind: fresh.width),
                        \(bind: fresh.height), \(bind: fresh.takenAt?.milliseconds), \(bind: fresh.location?.lon),
                        \(bind: fresh.location?.lat), \(bind: fresh.direction), \(bind: now.milliseconds), \(bind: uploader))
                ON CONFLICT (sha256) DO NOTHING
                """).run()
        }
        return try await photo(digest) ?? fresh
    }

    public func photo(_ sha256: String, on sql: (any SQLDatabase)? = nil) async throws -> StoredPhoto? {
        if let known = recent[sha256] { return known }
        let query: @Sendable (any SQLDatabase) async throws -> StoredPhoto? = { sql in
            try await sql.raw("SELECT * FROM photos WHERE sha256 = \(bind: sha256)").first().map { row in
                let lon = try row.decode(column: "lon", as: Double?.self), lat = try row.decode(column: "lat", as: Double?.self)
                return StoredPhoto(
                    sha256: try row.decode(column: "sha256", as: String.self),
                    mediaType: try row.decode(column: "media_type", as: String.self),
                    bytes: try row.decode(column: "bytes", as: Int.self),
                    width: try row.decode(column: "width", as: Int?.self), height: try row.decode(column: "height", as: Int?.self),
                    takenAt: try row.decode(column: "taken_at_ms", as: Int64?.self).map(Date.init(milliseconds:)),
                    location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
                    direction: try row.decode(column: "direction", as: Double?.self),
                    uploadedAt: Date(milliseconds: try row.decode(column: "uploaded_at_ms", as: Int64.self)),
                    uploadedBy: try row.decode(column: "uploaded_by", as: String.self))
            }
        }
        let found = if let sql { try await query(sql) } else { try await database.read(query) }
        if let found { recent.remember(found) }
        return found
    }

    /// The photo's bytes, or nil when it was never stored.
    public func contents(_ sha256: String) -> (data: Data, mediaType: String)? {
        guard sha256.utf8.count == 64, sha256.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        for format in ImageFormat.allCases {
            if let data = FileManager.default.contents(atPath: path(sha256, format).path) { return (data, format.mediaType) }
        }
        return nil
    }

    func path(_ sha256: String, _ format: ImageFormat) -> URL {
        let ext = switch format { case .jpeg: "jpg"; case .png: "png"; case .webp: "webp" }
        return folder.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent("\(sha256).\(ext)")
    }

    /// Write to a temporary name, sync, then rename: a crash leaves either no file or the whole file.
    func writeDurably(_ data: Data, to file: URL) throws {
        let directory = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        FileManager.default.createFile(atPath: temporary.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temporary)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: file.path) {
                try FileManager.default.removeItem(at: temporary)    // the same bytes arrived meanwhile
            } else {
                try FileManager.default.moveItem(at: temporary, to: file)
            }
            if let folder = FileHandle(forReadingAtPath: directory.path) {    // make the new name durable too
                try? folder.synchronize()
                try? folder.close()
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

/// The most recently used photo records, at most `capacity`; the oldest half is dropped when full.
final class RecentPhotos: Sendable {
    private let capacity: Int
    private let state = Mutex<(byHash: [String: StoredPhoto], order: [String])>(([:], []))

    init(capacity: Int) { self.capacity = capacity }

    subscript(sha256: String) -> StoredPhoto? { state.withLock { $0.byHash[sha256] } }

    func remember(_ photo: StoredPhoto) {
        state.withLock { state in
            guard state.byHash.updateValue(photo, forKey: photo.sha256) == nil else { return }
            state.order.append(photo.sha256)
            if state.order.count > capacity {
                let dropped = state.order.prefix(capacity / 2)
                for sha256 in dropped { state.byHash[sha256] = nil }
                state.order.removeFirst(dropped.count)
            }
        }
    }
}
