import Foundation
import HubKit

/// NGSI-LD entities of the FIWARE Smart Data Models `FloodMonitoring`, `WeatherObserved` and
/// `TrafficFlowObserved`, normalized or keyValues, read into raw readings. Pure.
///
/// The station is the entity's `refDevice` (`urn:ngsi-ld:Device:<station>`), or else the part after
/// `urn:ngsi-ld:<type>:` of the entity id. The time is a property's `observedAt`, else the entity's
/// `dateObserved` (TrafficFlowObserved: `dateObservedTo`). Measured attributes we do not support are refused by
/// name; descriptive ones (`name`, `location`, `address`, …) are read past.
public enum NGSILD {
    /// A mapped attribute: the quantity it gives and its unit when the sender names none.
    struct Mapping {
        var quantity: Quantity
        var defaultUnit: String
    }

    static let models: [String: [String: Mapping]] = [
        "FloodMonitoring": ["currentLevel": Mapping(quantity: .waterLevel, defaultUnit: "MTR")],
        "WeatherObserved": [
            "precipitation": Mapping(quantity: .rainfall, defaultUnit: "MMT"),
            "temperature": Mapping(quantity: .temperature, defaultUnit: "CEL"),
            "relativeHumidity": Mapping(quantity: .relativeHumidity, defaultUnit: "C62"),
            "windSpeed": Mapping(quantity: .windSpeed, defaultUnit: "MTS"),
        ],
        "TrafficFlowObserved": [
            "intensity": Mapping(quantity: .intensity, defaultUnit: "C62"),
            "occupancy": Mapping(quantity: .occupancy, defaultUnit: "C62"),
            "averageVehicleSpeed": Mapping(quantity: .averageSpeed, defaultUnit: "KMH"),
        ],
    ]

    /// Attributes that describe rather than measure; read past in every model.
    static let descriptive: Set<String> = [
        "id", "type", "@context", "name", "description", "alternateName", "location", "address", "areaServed", "dataProvider",
        "source", "seeAlso", "owner", "dateCreated", "dateModified", "dateObserved", "dateObservedFrom", "dateObservedTo",
        "refDevice", "refPointOfInterest", "refRoadSegment", "observedBy", "laneId", "laneDirection", "reversedLane",
        "vehicleType", "vehicleSubType", "alertLevel", "dangerLevel", "stationID", "stationName", "sensorId",
        "scopeValue", "datum", "createdAt", "modifiedAt", "observedAt",
    ]

    /// Readings from a list of entities (the upsert batch body) or one entity. Every fault is named by entity
    /// index and attribute.
    public static func raws(_ root: JSONValue, single: Bool) -> (raws: [RawObservation], faults: [TelemetryFault]) {
        var raws: [RawObservation] = []
        var faults: [TelemetryFault] = []
        let entities: [JSONValue]
        if single {
            entities = [root]
        } else {
            guard case .array(let list) = root else {
                return ([], [TelemetryFault(item: "(body)", code: "NGSI_LD_MALFORMED", zh: "批量操作的正文应为实体数组",
                                            en: "the body of a batch operation is an array of entities")])
            }
            entities = list
        }
        for (index, value) in entities.enumerated() {
            let label = single ? "entity" : "entities[\(index)]"
            guard case .object(let entity) = value else {
                faults.append(TelemetryFault(item: label, code: "NGSI_LD_MALFORMED", zh: "实体应为 JSON 对象", en: "an entity is a JSON object"))
                continue
            }
            read(entity, label: label, into: &raws, faults: &faults)
        }
        return (raws, faults)
    }

    static func read(_ entity: [String: JSONValue], label: String, into raws: inout [RawObservation], faults: inout [TelemetryFault]) {
        func fault(_ item: String, _ code: String, _ zh: String, _ en: String, station: String? = nil) {
            faults.append(TelemetryFault(item: item, station: station, code: code, zh: zh, en: en))
        }
        guard case .string(let id)? = entity["id"], id.contains(":"), !id.contains(" ") else {
            fault(label, "NGSI_LD_MALFORMED", "实体缺少 URI 形式的 id", "the entity lacks an id that is a URI")
            return
        }
        guard case .string(let type)? = entity["type"] else {
            fault(label, "NGSI_LD_MALFORMED", "实体缺少 type", "the entity lacks a type")
            return
        }
        let shortType = type.split(separator: "/").last.map(String.init) ?? type
        guard let mappings = models[shortType] else {
            fault(label, "NGSI_LD_UNSUPPORTED_TYPE", "不支持的实体类型 \(type)（支持 FloodMonitoring、WeatherObserved、TrafficFlowObserved）",
                  "unsupported entity type \(type) (FloodMonitoring, WeatherObserved, TrafficFlowObserved)")
            return
        }
        guard let station = stationID(entity: entity, id: id, type: shortType) else {
            fault(label, "NGSI_LD_NO_STATION", "无法从 refDevice 或实体 id（urn:ngsi-ld:\(shortType):<站点>）得到站点",
                  "no station from refDevice or the entity id (urn:ngsi-ld:\(shortType):<station>)")
            return
        }
        let entityTime = timeText(entity["dateObserved"]) ?? (shortType == "TrafficFlowObserved" ? timeText(entity["dateObservedTo"]) : nil)
        let entityDatum = entity["datum"].flatMap(plainString)
        var measured = 0
        for name in entity.keys.sorted() {
            guard let attribute = entity[name] else { continue }
            let item = "\(label).\(name)"
            if let mapping = mappings[name] {
                switch reading(attribute) {
                case .failure(let reason):
                    fault(item, "NGSI_LD_MALFORMED", reason.zh, reason.en, station: station)
                case .success(let r):
                    guard let time = r.observedAt ?? entityTime else {
                        fault(item, "NGSI_LD_NO_TIME", "缺少观测时间（observedAt 或 dateObserved）",
                              "no observation time (observedAt or dateObserved)", station: station)
                        continue
                    }
                    measured += 1
                    raws.append(RawObservation(item: item, station: station, quantity: mapping.quantity.rawValue, time: time,
                                               value: r.value, unit: r.unitCode ?? mapping.defaultUnit, datum: r.datum ?? entityDatum))
                }
            } else if shortType == "FloodMonitoring", name == "measuredDistance" || name == "referenceLevel" {
                continue
            } else if !descriptive.contains(name) {
                fault(item, "NGSI_LD_UNSUPPORTED_ATTRIBUTE", "不支持 \(shortType) 的属性 \(name)（支持：\(mappings.keys.sorted().joined(separator: "、"))）",
                      "the \(shortType) attribute \(name) is not supported (supported: \(mappings.keys.sorted().joined(separator: ", ")))",
                      station: station)
            }
        }
        if shortType == "FloodMonitoring", entity["currentLevel"] == nil,
           case .success(let reference)? = entity["referenceLevel"].map(reading),
           case .success(let distance)? = entity["measuredDistance"].map(reading) {
            // currentLevel = referenceLevel − measuredDistance, as the model defines it.
            if let time = distance.observedAt ?? entityTime {
                measured += 1
                raws.append(RawObservation(item: "\(label).measuredDistance", station: station, quantity: Quantity.waterLevel.rawValue,
                                           time: time, value: reference.value - distance.value, unit: distance.unitCode ?? "MTR",
                                           datum: reference.datum ?? entityDatum))
            }
        }
        if measured == 0, !faults.contains(where: { $0.item.hasPrefix(label) }) {
            fault(label, "NGSI_LD_NO_MEASUREMENT", "实体没有可接收的观测属性（\(mappings.keys.sorted().joined(separator: "、"))）",
                  "the entity has no supported measurement (\(mappings.keys.sorted().joined(separator: ", ")))", station: station)
        }
    }

    struct Reading {
        var value: Double
        var unitCode: String?
        var observedAt: String?
        var datum: String?
    }

    enum ReadingResult {
        case success(Reading)
        case failure(LocalizedText)
    }

    /// A keyValues number, or a normalized Property `{"type": "Property", "value": n, "unitCode": …, "observedAt": …}`.
    static func reading(_ attribute: JSONValue) -> ReadingResult {
        switch attribute {
        case .number(let n):
            return .success(Reading(value: n))
        case .object(let property):
            if let type = property["type"]?.stringValue, type != "Property" {
                return .failure(LocalizedText(zh: "应为 Property，而不是 \(type)", en: "expected a Property, not \(type)"))
            }
            guard case .number(let n)? = property["value"] else {
                return .failure(LocalizedText(zh: "Property 的 value 应为数字", en: "the Property's value must be a number"))
            }
            return .success(Reading(value: n, unitCode: property["unitCode"]?.stringValue,
                                    observedAt: property["observedAt"]?.stringValue, datum: property["datum"].flatMap(plainString)))
        default:
            return .failure(LocalizedText(zh: "应为数字或 Property 对象", en: "expected a number or a Property object"))
        }
    }

    /// A DateTime as keyValues text, a normalized Property, or a Property whose value is `{"@type": "DateTime", "@value": …}`.
    static func timeText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .object(let property)?:
            switch property["value"] {
            case .string(let s)?: return s
            case .object(let typed)?: return typed["@value"]?.stringValue
            default: return nil
            }
        default: return nil
        }
    }

    static func plainString(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): s
        case .object(let property): property["value"]?.stringValue
        default: nil
        }
    }

    static func stationID(entity: [String: JSONValue], id: String, type: String) -> String? {
        let device: String? = switch entity["refDevice"] {
        case .string(let s)?: s
        case .object(let relationship)?: relationship["object"]?.stringValue
        default: nil
        }
        if let device {
            let prefix = "urn:ngsi-ld:Device:"
            return device.hasPrefix(prefix) ? String(device.dropFirst(prefix.count)) : device
        }
        let prefix = "urn:ngsi-ld:\(type):"
        guard id.hasPrefix(prefix), id.count > prefix.count else { return nil }
        return String(id.dropFirst(prefix.count))
    }
}
