import Foundation
import HubKit
import Logging
import Telemetry

/// Loads the demo district into a hub: departments, one account per role (passwords marked demo-only),
/// the geography and the synthetic terrain file. All in one transaction; a second run changes nothing.
public struct DemoSeeder: Sendable {
    public struct Account: Sendable {
        public let username: String
        public let password: String
        public let role: Role
        public let department: DepartmentID?
        public let displayName: String
    }

    public static let loadedKey = "demo.loaded"

    let services: HubServices

    public init(services: HubServices) {
        self.services = services
    }

    /// The demo accounts; their passwords are public and only for trying the hub out.
    public static let accounts: [Account] = [
        account("admin", .admin, nil, "演示管理员 Demo admin"),
        account("dispatcher", .dispatcher, "command-centre", "指挥中心调度员 王芳"),
        account("inspector", .inspector, "command-centre", "城管巡查员 李强"),
        account("operator", .departmentOperator, "street-001", "解放碑街道处置员 陈敏"),
        account("drainage", .departmentOperator, "drainage", "排水处置员 刘洋"),
        account("head", .departmentHead, "street-001", "解放碑街道网格中心主任 张伟"),
        account("auditor", .auditor, nil, "审计员 赵静"),
        account("viewer", .viewer, nil, "观察员 周涛"),
        account("police", .trafficPolice, nil, "交通警察 孙磊"),
    ]

    private static func account(_ name: String, _ role: Role, _ department: String?, _ display: String) -> Account {
        Account(username: name, password: "\(name)-demo-only", role: role, department: department.flatMap(DepartmentID.init),
                displayName: display)
    }

    /// Loads the demo unless it is already there; returns true when it loaded now.
    @discardableResult
    public func load(logger: Logger) async throws -> Bool {
        let database = services.database
        if try await database.read({ sql in try await HubMeta.value(Self.loadedKey, on: sql) }) != nil { return false }
        let started = Date()
        let geography = DemoDistrict.geography()
        let departments = DemoDepartments.all(streets: geography.streets)
        var hashes: [String: String] = [:]
        for account in Self.accounts {
            hashes[account.username] = try await services.accounts.hasher.hash(account.password)
        }
        let clock = services.clock
        let accounts = services.accounts.store
        let loaded = try await database.write { tx -> Bool in
            if try await HubMeta.value(Self.loadedKey, on: tx.sql) != nil { return false }
            let now = clock.nowMilliseconds
            for department in departments where try await accounts.department(department.id, on: tx.sql) == nil {
                try await accounts.insert(department, at: now, in: tx)
            }
            for account in Self.accounts {
                let user = UserView(id: UUID().uuidString.lowercased(), username: account.username,
                                    displayName: account.displayName, role: account.role, departmentId: account.department,
                                    disabled: false, mustChangePassword: false, createdAt: clock.now(), version: 1)
                try await accounts.insertUser(user, passwordHash: hashes[account.username] ?? "", in: tx)
            }
            try await GeographyStore(database: database).save(geography, in: tx)
            try await HubMeta.set(Self.loadedKey, to: String(now), in: tx)
            try await Journal.append(try NewEvent(kind: "demo.loaded", subject: "district:\(geography.district.code)",
                                                  actor: "system",
                                                  payload: ["departments": departments.count, "users": Self.accounts.count,
                                                            "grids": geography.grids.count, "features": geography.features.count]),
                                     in: tx, clock: clock)
            return true
        }
        try writeTerrain(features: geography.features)
        try await services.geography.reload()
        if loaded {
            _ = try await services.telemetry.stations.importStations(DemoStations.all(at: clock.now()), sha256: "demo", actor: "system")
            // The July flood's readings go in before the rules, so the live rules do not raise alarms about history;
            // the rules tell the story when the period is replayed.
            let year = DemoFlood.year(at: clock.now())
            _ = try await services.telemetry.accept(DemoFlood.readings(year: year), correction: false, format: "demo", actor: "system")
            // The August floods after it (those already past), the history the crest forecast is fitted and tested on.
            let august = DemoFloodHistory.readings(year: year, until: clock.now())
            if !august.isEmpty {
                _ = try await services.telemetry.accept(august, correction: false, format: "demo", actor: "system")
            }
            _ = try await services.telemetry.rules.replace(DemoFlood.rules, expectedVersion: nil, actor: "system")
            try await DemoDay(services: services).play(logger: logger)
            try await DemoDutyRoster(services: services).load()
            try await DemoTraffic(services: services).load(features: geography.features)
        }
        logger.info("demo district loaded", metadata: [
            "grids": "\(geography.grids.count)", "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
        return loaded
    }

    /// Writes the synthetic terrain (ESRI ASCII grid plus a sidecar with its datum), its rivers and its named places
    /// for the flood work; each file only when missing, so an administrator's replacements stay.
    func writeTerrain(features: [MapFeature]) throws {
        let folder = URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent("terrain")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func missing(_ name: String) -> Bool { !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) }
        if missing("demo-dem.asc") {
            let terrain = DemoTerrain.generate()
            try terrain.esriASCIIGrid().write(to: folder.appendingPathComponent("demo-dem.asc"), options: .atomic)
            let sidecar = ["datum": terrain.datum, "datumTag": DemoFloodPlaces.datumTag, "unit": "metre",
                           "source": "CityHub synthetic demo terrain", "columns": String(terrain.columns), "rows": String(terrain.rows)]
            try CanonicalJSON.encode(sidecar).write(to: folder.appendingPathComponent("demo-dem.json"), atomically: true, encoding: .utf8)
        }
        if missing("demo-river.geojson") {
            try DemoFloodPlaces.river().write(to: folder.appendingPathComponent("demo-river.geojson"), options: .atomic)
        }
        if missing("demo-places.geojson") {
            try DemoFloodPlaces.places(features).write(to: folder.appendingPathComponent("demo-places.geojson"), options: .atomic)
        }
    }
}

/// The demo district's departments: the command centre, one grid management centre per street and the
/// functional departments that own categories of problems.
enum DemoDepartments {
    static func all(streets: [Street]) -> [Department] {
        var list: [Department] = []
        func add(_ id: String, _ name: String, _ nameEn: String, _ kind: DepartmentKind, _ street: StreetCode? = nil) {
            if let id = DepartmentID(rawValue: id) { list.append(Department(id: id, name: name, nameEn: nameEn, kind: kind, street: street)) }
        }
        add("command-centre", "渝中区数字化城市管理监督指挥中心", "Yuzhong Digital City Management Supervision and Command Centre", .commandCentre)
        for street in streets {
            let short = street.name.replacingOccurrences(of: "街道", with: "")
            add("street-\(street.code.rawValue.suffix(3))", "\(short)街道网格化管理中心", "\(street.nameEn) Street Grid Management Centre",
                .streetCentre, street.code)
        }
        add("city-management", "区城市管理局", "District City Management Bureau", .functional)
        add("municipal", "区市政设施管理处", "Municipal Facilities Office", .functional)
        add("sanitation", "区环境卫生管理处", "Sanitation Office", .functional)
        add("landscaping", "区园林绿化管理处", "Landscaping Office", .functional)
        add("law-enforcement", "区城市管理综合执法支队", "City Management Law Enforcement Brigade", .functional)
        add("drainage", "区排水管理处", "Drainage Office", .functional)
        add("traffic-police", "区交巡警支队", "Traffic Police Detachment", .functional)
        add("emergency", "区应急管理局", "Emergency Management Bureau", .functional)
        add("weather", "区气象局", "Weather Bureau", .functional)
        add("water-resources", "区水利局", "Water Resources Bureau", .functional)
        add("housing", "区住房和城乡建设委员会", "Housing and Urban-Rural Development Commission", .functional)
        add("forestry", "区林业局", "Forestry Bureau", .functional)
        return list
    }
}
