import HubKit

/// Why a terrain file could not be read. Every failure of the readers is one of these, never a crash.
public enum TerrainError: HubProblem, Equatable {
    /// The file ends before `needed` bytes at `offset` (or a compressed stream ends early).
    case truncated(String)
    /// The bytes are not what the format says (bad header, offsets outside the file, wrong counts).
    case malformed(String)
    /// A valid file using something we do not read (a compression, a sample format).
    case unsupported(String)
    /// The grid the header announces is larger than the file could hold or than the reader allows.
    case tooLarge(String)

    public var code: String {
        switch self {
        case .truncated: "TERRAIN_TRUNCATED"
        case .malformed: "TERRAIN_MALFORMED"
        case .unsupported: "TERRAIN_UNSUPPORTED"
        case .tooLarge: "TERRAIN_TOO_LARGE"
        }
    }

    public var status: Int { 422 }

    public var detail: String {
        switch self {
        case .truncated(let s), .malformed(let s), .unsupported(let s), .tooLarge(let s): s
        }
    }

    public var message: LocalizedText {
        switch self {
        case .truncated(let s): LocalizedText(zh: "地形文件不完整：\(s)", en: "The terrain file is truncated: \(s)")
        case .malformed(let s): LocalizedText(zh: "地形文件格式错误：\(s)", en: "The terrain file is malformed: \(s)")
        case .unsupported(let s): LocalizedText(zh: "不支持的地形文件：\(s)", en: "Unsupported terrain file: \(s)")
        case .tooLarge(let s): LocalizedText(zh: "地形文件过大：\(s)", en: "The terrain is too large: \(s)")
        }
    }
}

/// Limits a reader applies before it allocates anything.
public struct TerrainLimits: Sendable {
    /// The most cells a grid may have (default 2^31: 8 GiB of Float32).
    public var maxCells: Int
    /// The most output bytes per input byte a compressed file may claim (DEFLATE's ceiling is about 1,032; LZW's
    /// about 2,730 with 12-bit codes).
    public var maxExpansion: Int

    public init(maxCells: Int = 1 << 31, maxExpansion: Int = 4_096) {
        self.maxCells = maxCells
        self.maxExpansion = maxExpansion
    }

    public static let standard = TerrainLimits()
}
