import Foundation
import HubKit
import Telemetry

/// The demo district's gauges: rain gauges upstream on the Jialing and the Yangtze and in the district, and river
/// gauges with their warning (警戒水位) and guaranteed (保证水位) levels. Registry only; no readings.
///
/// The upstream gauges stand near the real towns; their levels are illustrative, not official figures. The
/// district's own river gauges use the demo terrain's datum (`yellow-sea-1985`, the 1985 national height datum)
/// so that a level compares with the ground: the old-town dock square floods from about 176 m (crest 176.17 m in
/// the pages), hence a warning level of 175.80 m, and at the forecast 176.80 m the whole square is under water.
/// Upstream gauges report in the Wusong datum, as the Yangtze's hydrological stations do; the two are never mixed.
enum DemoStations {
    static func all(at now: Date) -> [Station] {
        var stations: [Station] = []
        func add(_ id: String, _ kind: StationKind, _ name: String, _ nameEn: String, _ point: GeoPoint, _ department: String,
                 _ groups: [String], river: RiverLevels? = nil) {
            guard let sid = StationID(rawValue: id), let dept = DepartmentID(rawValue: department) else { return }
            stations.append(Station(id: sid, kind: kind, name: name, nameEn: nameEn, location: point, department: dept,
                                    groups: groups.sorted(), status: .active, river: river, version: 1, updatedAt: now))
        }
        func rain(_ id: String, _ name: String, _ nameEn: String, _ lon: Double, _ lat: Double, _ groups: [String]) {
            add(id, .rainGauge, name, nameEn, GeoPoint(lon: lon, lat: lat), "weather", groups)
        }
        rain("rg-hechuan", "合川雨量站", "Hechuan rain gauge", 106.276, 29.972, ["jialing-upper", "upstream"])
        rain("rg-wusheng", "武胜雨量站", "Wusheng rain gauge", 106.295, 30.349, ["jialing-upper", "upstream"])
        rain("rg-nanchong", "南充雨量站", "Nanchong rain gauge", 106.110, 30.837, ["jialing-upper", "upstream"])
        rain("rg-guangan", "广安雨量站", "Guang'an rain gauge", 106.633, 30.456, ["jialing-upper", "upstream"])
        rain("rg-beibei", "北碚雨量站", "Beibei rain gauge", 106.437, 29.825, ["jialing-upper", "upstream"])
        rain("rg-jiangjin", "江津雨量站", "Jiangjin rain gauge", 106.259, 29.290, ["yangtze-upper", "upstream"])
        rain("rg-yongchuan", "永川雨量站", "Yongchuan rain gauge", 105.927, 29.356, ["yangtze-upper", "upstream"])
        rain("rg-zhutuo", "朱沱雨量站", "Zhutuo rain gauge", 105.850, 29.010, ["yangtze-upper", "upstream"])
        rain("rg-luzhou", "泸州雨量站", "Luzhou rain gauge", 105.443, 28.871, ["yangtze-upper", "upstream"])
        let tip = DemoPeninsula.tip
        let dockX = tip.x - 1200
        let hongyadongX = 8025.0
        rain("rg-district-west", "大坪雨量站", "Daping rain gauge", 106.515, 29.545, ["district"])
        rain("rg-district-centre", "解放碑雨量站", "Jiefangbei rain gauge", 106.575, 29.558, ["district"])
        func level(_ id: String, _ name: String, _ nameEn: String, _ point: GeoPoint, _ groups: [String], _ datum: String,
                   _ warning: Double, _ guaranteed: Double) {
            guard let tag = DatumTag(rawValue: datum) else { return }
            add(id, .riverGauge, name, nameEn, point, "water-resources", groups,
                river: RiverLevels(datum: tag, warningLevel: warning, guaranteedLevel: guaranteed))
        }
        level("wl-beibei", "北碚水文站", "Beibei hydrological station", GeoPoint(lon: 106.437, lat: 29.830), ["jialing-upper", "upstream"],
              "wusong", 200.00, 208.00)
        level("wl-zhutuo", "朱沱水文站", "Zhutuo hydrological station", GeoPoint(lon: 105.850, lat: 29.013), ["yangtze-upper", "upstream"],
              "wusong", 205.00, 213.00)
        level("wl-cuntan", "寸滩水文站", "Cuntan hydrological station", GeoPoint(lon: 106.600, lat: 29.615), ["yangtze", "downstream"],
              "wusong", 180.50, 183.50)
        level("wl-chaotianmen", "朝天门水位站", "Chaotianmen level gauge", DemoPeninsula.geoPoint(x: tip.x - 30, y: tip.y),
              ["district", "riverside"], "yellow-sea-1985", 175.80, 176.80)
        level("wl-dongshuimen", "东水门码头水位站", "Dongshuimen dock level gauge",
              DemoPeninsula.geoPoint(x: dockX, y: DemoPeninsula.southShore.y(at: dockX) + 10), ["district", "riverside"],
              "yellow-sea-1985", 175.80, 176.80)
        level("wl-hongyadong", "洪崖洞水位站", "Hongyadong level gauge",
              DemoPeninsula.geoPoint(x: hongyadongX, y: DemoPeninsula.northShore.y(at: hongyadongX) - 10), ["district", "riverside"],
              "yellow-sea-1985", 175.80, 177.00)
        return stations
    }
}
