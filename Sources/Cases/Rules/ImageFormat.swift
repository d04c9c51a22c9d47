/// The photo formats the hub accepts, recognised by their leading bytes (magic numbers), never by the file name
/// or the declared content type.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp

    /// The IANA media type, for `Content-Type` when the photo is served back.
    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        }
    }

    /// The format's usual name, for messages.
    var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        }
    }

    /// The format whose signature opens `bytes`, or nil. Reads at most the first 12 bytes:
    /// JPEG `FF D8 FF`; PNG `89 50 4E 47 0D 0A 1A 0A`; WebP `RIFF`, four size bytes, `WEBP`.
    public static func sniff(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: pngSignature) { return .png }
        if head.count == 12, head[0..<4].elementsEqual("RIFF".utf8), head[8..<12].elementsEqual("WEBP".utf8) {
            return .webp
        }
        return nil
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The name of a well-known format the hub does not accept (GIF, PDF, HEIC …), so a refusal can say what was
    /// sent; nil for anything else. Reads at most the first 16 bytes.
    static func unsupportedName(_ bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(16))
        func opens(_ ascii: String) -> Bool { head.starts(with: ascii.utf8) }
        if opens("GIF87a") || opens("GIF89a") { return "GIF" }
        if opens("%PDF-") { return "PDF" }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
        if opens("BM"), head.count >= 10, head[6..<10].allSatisfy({ $0 == 0 }) { return "BMP" }
        if head.count >= 12, head[4..<8].elementsEqual("ftyp".utf8) {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].contains(brand) { return "HEIC" }
            if ["avif", "avis"].contains(brand) { return "AVIF" }
        }
        return nil
    }
}
