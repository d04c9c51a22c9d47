import ArgumentParser

/// `cityhub`: the hub's command line.
@main
struct CityHubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cityhub",
        abstract: "CityHub 城市运行中枢 — a city operations hub.",
        subcommands: [ServeCommand.self, MigrateCommand.self, DemoCommand.self, UserCommand.self, GeoCommand.self,
                      LedgerCommand.self, FloodCommand.self, TrafficCommand.self])
}
