import Foundation
import HubKit

/// The flood what-if as the hub serves it: the terrains under `<data>/terrain`, each with its river and places
/// (GeoJSON files beside it), and its spill levels computed once per (terrain, river) and kept in memory and on
/// file (`<id>-spill.bin`), so a restart does not recompute and any typed level is answered from them.
///
/// Files per terrain id: `<id>-dem.asc` or `<id>-dem.tif` (the terrain), `<id>-dem.json` (its datum),
/// `<id>-river.geojson`, `<id>-places.geojson`, `<id>-spill.bin`. Changing the terrain or the river drops the
/// spill levels (and the file's key no longer matches); changes are journal events.
public actor FloodDesk {
    /// One terrain ready to answer: raster, river, spill levels and places.
    public struct Ready: Sendable {
        public let info: TerrainInfo
        public let terrain: Raster
        public let geometry: CellGeometry
        public let spill: SpillLevels
        public let places: FloodPlaces
        public let features: [String: FloodFeature]
    }

    public let folder: URL
    let database: HubDatabase?
    let clock: HubClock
    let connectivity: Connectivity
    private var ready: [String: Ready] = [:]
    /// Descriptions of terrains not prepared yet, with their terrain file's modification time: describing one reads
    /// the whole grid (400 MB for 10^8 cells), so a listing reads it again only when the file changed. Changes made
    /// through the desk drop the entry.
    private var described: [String: (modified: Date?, info: TerrainInfo)] = [:]
    /// Each prepared terrain's first-flood grid (`FirstFloodGrid`) with its entity tag, built on first request.
    private var firstFlood: [String: (bytes: [UInt8], etag: String)] = [:]

    public init(dataDirectory: String, database: HubDatabase?, clock: HubClock, connectivity: Connectivity = .eight) {
        folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("terrain")
        self.database = database
        self.clock = clock
        self.connectivity = connectivity
    }

    // MARK: - Files

    func url(_ id: String, _ suffix: String) -> URL { folder.appendingPathComponent(id + suffix) }

    func terrainURL(_ id: String) -> URL? {
        for suffix in ["-dem.asc", "-dem.tif", "-dem.tiff"] where FileManager.default.fileExists(atPath: url(id, suffix).path) {
            return url(id, suffix)
        }
        return nil
    }

    /// Terrain ids present, sorted.
    public func terrainIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return Set(names.compactMap { name -> String? in
            for suffix in ["-dem.asc", "-dem.tif", "-dem.tiff"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
            return nil
        }).sorted()
    }

    /// The id a request names, or the default: `demo` when present, else the only terrain.
    public func resolve(_ id: String?) throws -> String {
        let ids = terrainIDs()
        if let id, !id.isEmpty {
            guard ids.contains(id) else { throw InputProblem.notFound(what: "terrain \(id)") }
            return id
        }
        if ids.contains("demo") { return "demo" }
        guard ids.count == 1, let only = ids.first else { throw InputProblem.missingField("terrain") }
        return only
    }

    static func validID(_ id: String) -> Bool {
        (1...40).contains(id.count) && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    func sidecar(_ id: String) -> TerrainSidecar {
        guard let data = FileManager.default.contents(atPath: url(id, "-dem.json").path),
              let value = try? JSONDecoder().decode(TerrainSidecar.self, from: data) else { return TerrainSidecar() }
        return value
    }

    func bytes(_ file: URL) -> [UInt8]? { FileManager.default.contents(atPath: file.path).map { [UInt8]($0) } }

    // MARK: - Reading

    /// Every terrain with what is known of it (reads each terrain file once to describe it).
    public func list() throws -> [TerrainInfo] {
        try terrainIDs().map { id in
            if let ready = ready[id] { return ready.info }
            guard let file = terrainURL(id) else { throw InputProblem.notFound(what: "terrain \(id)") }
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
            if let known = described[id], known.modified == modified { return known.info }
            guard let data = bytes(file) else { throw InputProblem.notFound(what: "terrain \(id)") }
            let info = describe(id, file: file, terrain: try TerrainReader.read(data), spillReady: false)
            described[id] = (modified, info)
            return info
        }
    }

    func describe(_ id: String, file: URL, terrain: Raster, spillReady: Bool, places: Int? = nil) -> TerrainInfo {
        let side = sidecar(id)
        let geometry = CellGeometry(terrain)
        let summary = terrain.summary()
        var bounds: [Double] = []
        if let geo = terrain.georeference {
            let corners = [geo.map(column: 0, row: 0), geo.map(column: Double(terrain.columns), row: Double(terrain.rows))]
            bounds = [corners.map(\.x).min() ?? 0, corners.map(\.y).min() ?? 0, corners.map(\.x).max() ?? 0, corners.map(\.y).max() ?? 0]
        }
        let placeCount = places ?? (bytes(url(id, "-places.geojson")).flatMap { try? FloodGeoJSON.features($0).count } ?? 0)
        let reaches = bytes(url(id, "-river.geojson")).flatMap { try? FloodGeoJSON.features($0) }.map(RiverReach.reaches) ?? []
        return TerrainInfo(id: id, file: file.lastPathComponent, datum: side.tag, datumName: side.datum, columns: terrain.columns,
                           rows: terrain.rows, epsg: terrain.georeference?.epsg, geographic: geometry.isGeographic, bounds: bounds,
                           minElevation: summary.minimum.map(Double.init), maxElevation: summary.maximum.map(Double.init),
                           hasRiver: FileManager.default.fileExists(atPath: url(id, "-river.geojson").path), reaches: reaches,
                           places: placeCount, spillReady: spillReady)
    }

    /// The terrain's datum tag, once `gauge` is known to be tied to a reach of its river: a gauge elsewhere cannot
    /// stand for this terrain's water (`FLOOD_GAUGE_NOT_ON_TERRAIN`).
    public func datum(forGauge gauge: String, terrain id: String) throws -> String {
        let datum: String, reaches: [RiverReach]
        if let info = ready[id]?.info {
            (datum, reaches) = (info.datum, info.reaches)
        } else {
            let features = try bytes(url(id, "-river.geojson")).map { bytes throws(FloodInputError) in try FloodGeoJSON.features(bytes) } ?? []
            (datum, reaches) = (sidecar(id).tag, RiverReach.reaches(features))
        }
        let gauges = reaches.compactMap(\.gauge)
        guard gauges.contains(gauge) else { throw FloodInputError.gaugeNotOnTerrain(gauge: gauge, terrain: id, gauges: gauges) }
        return datum
    }

    /// The terrain ready to answer levels: loaded, its spill levels read from file or computed (and saved).
    public func prepare(_ id: String, progress: (@Sendable (Double) -> Void)? = nil) throws -> Ready {
        if let done = ready[id] { return done }
        guard let file = terrainURL(id), let terrainBytes = bytes(file) else { throw InputProblem.notFound(what: "terrain \(id)") }
        let terrain = try TerrainReader.read(terrainBytes)
        guard let riverBytes = bytes(url(id, "-river.geojson")) else { throw FloodInputError.noRiver(terrain: id) }
        let river = try RiverCells.fromGeoJSON(riverBytes, terrain: terrain)
        let key = SpillCache.key(terrain: terrainBytes, river: riverBytes, connectivity: connectivity)
        let cacheFile = url(id, "-spill.bin")
        let spill: SpillLevels
        if let data = FileManager.default.contents(atPath: cacheFile.path),
           let cached = SpillCache.decode(data, key: key, columns: terrain.columns, rows: terrain.rows, connectivity: connectivity) {
            spill = cached
        } else {
            spill = SpillLevels(terrain: terrain, river: river, connectivity: connectivity, progress: progress)
            try? SpillCache.encode(spill, key: key).write(to: cacheFile, options: .atomic)
        }
        var features: [FloodFeature] = []
        if let placeBytes = bytes(url(id, "-places.geojson")) { features = try FloodGeoJSON.features(placeBytes) }
        let places = FloodPlaces(features.map { feature in
            (feature.id, Array(Set(feature.parts.flatMap { PlaceCells.cells(of: $0, in: terrain) })).sorted())
        }, spill: spill)
        let info = describe(id, file: file, terrain: terrain, spillReady: true, places: features.count)
        let done = Ready(info: info, terrain: terrain, geometry: CellGeometry(terrain), spill: spill, places: places,
                         features: Dictionary(features.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        ready[id] = done
        return done
    }

    /// The terrain's first-flood grid for browsers and its strong entity tag (a hash of the bytes), kept until
    /// the terrain or its river changes.
    public func firstFloodGrid(_ id: String) throws -> (bytes: [UInt8], etag: String) {
        if let done = firstFlood[id] { return done }
        let terrain = try prepare(id)
        let bytes = FirstFloodGrid.encode(spill: terrain.spill, terrain: terrain.terrain, geometry: terrain.geometry)
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let done = (bytes, "\"ff1-\(String(hash, radix: 16))\"")
        firstFlood[id] = done
        return done
    }

    /// The stored GeoJSON of a terrain's river or places (`kind` is `river` or `places`), if any.
    public func geoJSON(_ id: String, kind: String) throws -> [UInt8]? {
        _ = try resolve(id)
        return bytes(url(id, "-\(kind).geojson"))
    }

    // MARK: - Changes

    /// Stores an uploaded terrain (GeoTIFF or ESRI ASCII grid) under `id` with its datum tag; replaces an older one.
    public func upload(_ id: String, bytes data: [UInt8], datum: String, actor: String) async throws -> TerrainInfo {
        guard Self.validID(id) else { throw FloodInputError.badTerrainID(id) }
        let terrain = try TerrainReader.read(data)
        let isTIFF = data.count >= 2 && (data[0] == 0x49 || data[0] == 0x4D)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for suffix in ["-dem.asc", "-dem.tif", "-dem.tiff", "-spill.bin"] { try? FileManager.default.removeItem(at: url(id, suffix)) }
        let file = url(id, isTIFF ? "-dem.tif" : "-dem.asc")
        try Data(data).write(to: file, options: .atomic)
        let side = TerrainSidecar(datum: datum, datumTag: datum, source: "uploaded by \(actor)")
        try JSONEncoder().encode(side).write(to: url(id, "-dem.json"), options: .atomic)
        ready[id] = nil
        described[id] = nil
        firstFlood[id] = nil
        try await journal("flood.terrain.uploaded", id: id, actor: actor,
                          payload: ["file": file.lastPathComponent, "bytes": String(data.count), "datum": datum,
                                    "columns": String(terrain.columns), "rows": String(terrain.rows)])
        return describe(id, file: file, terrain: terrain, spillReady: false)
    }

    /// Replaces a terrain's river (checked against the terrain first) or places; the spill levels are dropped
    /// when the river changes.
    public func replace(_ id: String, kind: String, bytes data: [UInt8], actor: String) async throws -> Int {
        let id = try resolve(id)
        guard let file = terrainURL(id), let terrainBytes = bytes(file) else { throw InputProblem.notFound(what: "terrain \(id)") }
        let features = try FloodGeoJSON.features(data)
        if kind == "river" {
            let terrain = try TerrainReader.read(terrainBytes)
            _ = try RiverCells.fromGeoJSON(data, terrain: terrain)
            try? FileManager.default.removeItem(at: url(id, "-spill.bin"))
        }
        try Data(data).write(to: url(id, "-\(kind).geojson"), options: .atomic)
        ready[id] = nil
        described[id] = nil
        firstFlood[id] = nil
        try await journal("flood.\(kind).changed", id: id, actor: actor, payload: ["features": String(features.count)])
        return features.count
    }

    func journal(_ kind: String, id: String, actor: String, payload: [String: String]) async throws {
        guard let database else { return }
        let clock = clock
        let event = try NewEvent(kind: kind, subject: "terrain:\(id)", actor: actor, payload: payload)
        _ = try await database.write { tx in try await Journal.append(event, in: tx, clock: clock) }
    }
}
