import ArgumentParser
import Foundation
import HubKit
import HubServer
import Traffic

/// `cityhub traffic import --net F.net.xml` (or `--site F.json`): store signalised intersections, all or nothing.
struct TrafficCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "traffic", abstract: "Signalised intersections (智慧交通).",
                                                    subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import intersections from a SUMO network or a site file.")
        @OptionGroup var common: CommonOptions
        @Option(help: "A SUMO .net.xml: every traffic light becomes an intersection.") var net: String?
        @Option(help: "A site file: GeoJSON points of the intersections beside their lanes and stages.") var site: String?

        func run() async throws {
            guard (net == nil) != (site == nil), let path = net ?? site else {
                throw ValidationError("给出 --net 或 --site 之一 / give one of --net or --site")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("无法读取 / cannot read \(path)") }
            try await withServices(common) { services, _ in
                do {
                    let xs = net != nil ? try SumoNetImport.intersections(from: data) : try SiteImport.intersections(from: data)
                    let event = try await services.traffic.importIntersections(xs, format: net != nil ? "sumo" : "site", data: data,
                                                                               by: "cli")
                    for x in xs {
                        print("\(x.id): \(x.stages.count) stages, \(x.incomingLanes.count) incoming lanes, \(x.movements.count) movements")
                    }
                    print("已导入 / imported \(xs.count) intersections, journal event #\(event.seq)")
                } catch let problem as any HubProblem {
                    throw ValidationError("[\(problem.code)] \(problem.message.zh)\n[\(problem.code)] \(problem.message.en)")
                }
            }
        }
    }
}
