import ArgumentParser
import Foundation
import HubKit
import HubServer

/// `cityhub geo import FILE` and `cityhub geo export [--out FILE]`.
struct GeoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "geo", abstract: "Import and export the district geography (GeoJSON).",
                                                    subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a GeoJSON FeatureCollection; all or nothing.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "GeoJSON file whose features carry properties.kind (district, street, community, grid, river, …).")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("无法读取 / cannot read \(file)") }
            try await withServices(common) { services, _ in
                do {
                    let result = try await services.importGeography(data, actor: "cli")
                    print("已导入 / imported: streets \(result.streets), communities \(result.communities), grids \(result.grids), features \(result.features)")
                    print("sha256 \(result.sha256)  journal event #\(result.event)")
                } catch let problem as any HubProblem {
                    var lines = ["[\(problem.code)] \(problem.message.zh)", "[\(problem.code)] \(problem.message.en)"]
                    if case .objects(let faults)? = problem.extensions["faults"] {
                        lines += faults.map { "  #\($0["feature"] ?? "?") \($0["id"] ?? "") \($0["fault"] ?? ""): \($0["messageZh"] ?? "") / \($0["message"] ?? "")" }
                    }
                    throw ValidationError(lines.joined(separator: "\n"))
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export the whole geography as GeoJSON (stdout or --out).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() async throws {
            try await withServices(common) { services, _ in
                let data = try await services.exportGeography()
                if let out {
                    try data.write(to: URL(fileURLWithPath: out), options: .atomic)
                    print("已导出 / exported \(data.count) bytes to \(out)")
                } else {
                    FileHandle.standardOutput.write(data)
                }
            }
        }
    }
}
