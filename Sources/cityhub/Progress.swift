import Foundation

/// Progress on stderr: a redrawn bar when stderr is a terminal, otherwise a plain line at each quarter, so logs
/// of scripted runs stay readable. Not thread-safe; used from one task at a time.
final class ProgressBar: @unchecked Sendable {
    let label: String
    let terminal = isatty(2) == 1
    private var shown = -1

    init(_ label: String) {
        self.label = label
    }

    func update(_ fraction: Double) {
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        if terminal {
            guard percent != shown else { return }
            shown = percent
            let filled = percent * 30 / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 30 - filled)
            write("\r\(label) [\(bar)] \(percent)%")
        } else {
            let quarter = percent / 25 * 25
            guard quarter > shown else { return }
            shown = quarter
            write("\(label): \(quarter)%\n")
        }
    }

    func finish() {
        update(1)
        if terminal { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Reads a file in 4 MiB chunks, reporting the share read.
func readWithProgress(_ path: String, bar: ProgressBar) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
    defer { try? handle.close() }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var bytes: [UInt8] = []
    bytes.reserveCapacity(size)
    while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
        bytes += chunk
        if size > 0 { bar.update(Double(bytes.count) / Double(size) * 0.5) }
    }
    return bytes
}
