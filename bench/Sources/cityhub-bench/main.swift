import Foundation

/// CityHub's benchmark helpers:
///
///     swift run -c release cityhub-bench lookups [count]                 point → grid look-ups on the demo district
///     swift run -c release cityhub-bench preload-cases DATA_DIR [count]  store synthetic cases for the intake bench
///     swift run -c release cityhub-bench intake DATA_DIR [count] [tasks]  report intake without HTTP
///     swift run -c release cityhub-bench ledger DIR [backlog] [seconds]  sequencing rate and time to integrated
///     swift run -c release cityhub-bench proofs DIR [leaves] [count]     inclusion proofs from stored tiles
///     swift run -c release cityhub-bench rules [readings]                 the alarm rules engine, 1,000 gauges
///     swift run -c release cityhub-bench flood RAW COLUMNS ROWS LEVEL [runs] [mask-out]  connected inundation
///     swift run -c release cityhub-bench duty DIR [calls]                 the duty escalation tick over open calls
///     swift run -c release cityhub-bench webhooks DIR [backlog] [subs] [rate] [seconds]  webhook deliveries to a loopback receiver
///     swift run -c release cityhub-bench rainfall DIR [gauges]            the rainfall map and Thiessen weights, 1,000 gauges
///     swift run -c release cityhub-bench traffic [intersections] [rounds] one gateway decision round (decode, decide, encode)
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "lookups", nil:
    gridLookups(arguments.dropFirst().first.flatMap(Int.init) ?? 5_000_000)
case "preload-cases":
    guard arguments.count >= 2 else { print("usage: cityhub-bench preload-cases DATA_DIR [count]"); exit(2) }
    try await preloadCases(dataDirectory: arguments[1], count: arguments.dropFirst(2).first.flatMap(Int.init) ?? 1_000_000)
case "intake":
    guard arguments.count >= 2 else { print("usage: cityhub-bench intake DATA_DIR [count] [tasks]"); exit(2) }
    try await directIntake(dataDirectory: arguments[1], count: arguments.dropFirst(2).first.flatMap(Int.init) ?? 20_000,
                           concurrency: arguments.dropFirst(3).first.flatMap(Int.init) ?? 64)
case "ledger":
    guard arguments.count >= 2 else { print("usage: cityhub-bench ledger DIR [backlog] [seconds]"); exit(2) }
    try await ledgerBench(directory: arguments[1], backlog: arguments.dropFirst(2).first.flatMap(Int.init) ?? 200_000,
                          seconds: arguments.dropFirst(3).first.flatMap(Int.init) ?? 10)
case "proofs":
    guard arguments.count >= 2 else { print("usage: cityhub-bench proofs DIR [leaves] [count]"); exit(2) }
    try await proofBench(directory: arguments[1], leaves: arguments.dropFirst(2).first.flatMap(UInt64.init) ?? 1_000_000,
                         count: arguments.dropFirst(3).first.flatMap(Int.init) ?? 10_000)
case "rules":
    rulesBench(observations: arguments.dropFirst().first.flatMap(Int.init) ?? 2_000_000)
case "flood-outline":
    guard arguments.count >= 7, let size = Int(arguments[2]), let level = Float(arguments[3]), let runs = Int(arguments[4]) else {
        print("usage: cityhub-bench flood-outline RAW SIZE LEVEL RUNS MASK-OUT GEOJSON-OUT"); exit(2)
    }
    floodOutlineBench(terrainFile: arguments[1], size: size, level: level, runs: runs, maskOut: arguments[5], geojsonOut: arguments[6])
case "flood-spill":
    guard arguments.count >= 6, let size = Int(arguments[2]), let level = Float(arguments[3]), let runs = Int(arguments[4]),
          let places = Int(arguments[5]) else {
        print("usage: cityhub-bench flood-spill RAW SIZE LEVEL RUNS PLACES"); exit(2)
    }
    floodSpillBench(terrainFile: arguments[1], size: size, level: level, runs: runs, placeCount: places)
case "flood":
    guard arguments.count >= 5, let columns = Int(arguments[2]), let rows = Int(arguments[3]), let level = Float(arguments[4]) else {
        print("usage: cityhub-bench flood RAW COLUMNS ROWS LEVEL [runs] [mask-out]"); exit(2)
    }
    floodBench(terrainFile: arguments[1], columns: columns, rows: rows, level: level,
               runs: arguments.dropFirst(5).first.flatMap(Int.init) ?? 7, maskOut: arguments.dropFirst(6).first)
case "traffic":
    trafficBench(intersections: arguments.dropFirst().first.flatMap(Int.init) ?? 16,
                 rounds: arguments.dropFirst(2).first.flatMap(Int.init) ?? 3600)
case "duty":
    guard arguments.count >= 2 else { print("usage: cityhub-bench duty DIR [calls]"); exit(2) }
    try await dutyBench(directory: arguments[1], calls: arguments.dropFirst(2).first.flatMap(Int.init) ?? 10_000)
case "webhooks":
    guard arguments.count >= 2 else { print("usage: cityhub-bench webhooks DIR [backlog] [subscriptions] [rate] [seconds]"); exit(2) }
    try await webhookBench(directory: arguments[1], backlog: arguments.dropFirst(2).first.flatMap(Int.init) ?? 20_000,
                           subscriptions: arguments.dropFirst(3).first.flatMap(Int.init) ?? 2,
                           rate: arguments.dropFirst(4).first.flatMap(Int.init) ?? 1_000,
                           seconds: arguments.dropFirst(5).first.flatMap(Int.init) ?? 10)
case "rainfall":
    guard arguments.count >= 2 else { print("usage: cityhub-bench rainfall DIR [gauges]"); exit(2) }
    try await rainfallBench(directory: arguments[1], gauges: arguments.dropFirst(2).first.flatMap(Int.init) ?? 1_000)
case let other?:
    print("unknown benchmark \(other); use lookups, preload-cases, intake, ledger, proofs, rules, flood, duty, webhooks or rainfall")
    exit(2)
}
