import HubKit

/// River levels at gauges for other slices (`GaugeLevels`): a reading or a forecast crest, converted to the datum
/// asked by the gauge's own offsets (refused with `NO_DATUM_OFFSET` when it has none), for a caller allowed to
/// read the gauge (department roles: their department's gauges only).
public struct TelemetryGaugeLevels: GaugeLevels {
    let desk: TelemetryDesk
    let forecaster: CrestForecaster
    let offsets: DatumOffsetStore

    public init(desk: TelemetryDesk) {
        self.desk = desk
        forecaster = CrestForecaster(series: desk.series)
        offsets = DatumOffsetStore(database: desk.stations.database, clock: desk.clock)
    }

    public func observed(station: String, at: Int64?, datum: String, principal: Principal) async throws -> GaugeLevel {
        let (entry, river) = try gauge(station, principal: principal)
        guard let reading = try await desk.observations.latest(stationKey: entry.key, quantity: .waterLevel, atOrBefore: at) else {
            throw TelemetryProblem.noReading(station)
        }
        let shift = try await shift(entry, river: river, to: datum)
        return GaugeLevel(station: station, kind: .observed, level: reading.value + shift, datum: datum, time: Timestamp.shanghai(reading.at),
                          stationLevel: reading.value, stationDatum: river.datum.rawValue)
    }

    public func forecastCrest(station: String, at: Int64?, datum: String, principal: Principal) async throws -> GaugeLevel {
        let (entry, river) = try gauge(station, principal: principal)
        let upstream = CrestForecaster.defaultUpstream(of: entry, in: desk.stations.directory.snapshot)
        let outcome = try await forecaster.forecast(entry, upstream: upstream, at: at ?? desk.clock.nowMilliseconds,
                                                    days: CrestForecaster.defaultHistoryDays,
                                                    leads: [ForecastRoutes.bandLead])
        let shift = try await shift(entry, river: river, to: datum)
        return GaugeLevel(station: station, kind: .forecast, level: outcome.crest.level + shift, datum: datum,
                          time: Timestamp.shanghai(outcome.crest.hour * 3_600_000), stationLevel: outcome.crest.level,
                          stationDatum: river.datum.rawValue)
    }

    private func gauge(_ station: String, principal: Principal) throws -> (StationEntry, RiverLevels) {
        guard let entry = desk.stations.directory.snapshot[station] else { throw TelemetryProblem.stationNotFound(station) }
        if let limited = try principal.departmentLimit(), limited != entry.department { throw AccessProblem.notYourDepartment }
        guard let river = entry.river else { throw TelemetryProblem.notARiverGauge(station) }
        return (entry, river)
    }

    private func shift(_ entry: StationEntry, river: RiverLevels, to datum: String) async throws -> Double {
        guard let tag = DatumTag(rawValue: datum) else {
            throw TelemetryProblem.noDatumOffset(station: entry.id.rawValue, from: river.datum.rawValue, to: datum)
        }
        let table = tag == river.datum ? [:] : try await offsets.table(entry.id)
        guard let shift = DatumConversion.shift(from: river.datum, to: tag, station: river.datum, offsets: table) else {
            throw TelemetryProblem.noDatumOffset(station: entry.id.rawValue, from: river.datum.rawValue, to: datum)
        }
        return shift
    }
}
