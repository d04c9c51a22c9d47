import HubKit

/// The traffic slice's refusals. Codes are stable: clients branch on them.
public enum TrafficProblem: HubProblem, Equatable {
    case malformedNetwork(line: Int?, reason: String)
    case missingAttribute(element: String, attribute: String, line: Int?)
    case invalidAttribute(element: String, attribute: String, value: String, line: Int?)
    case unknownLane(intersection: String, lane: String)
    case invalidIntersection(id: String, reason: String)
    case noIntersections
    case malformedSite(reason: String)
    case unknownIntersection(String)
    case invalidPlan(plan: String, reason: String)
    case invalidSchedule(reason: String)
    case invalidOverride(field: String, reason: String)
    case unknownOverride(String)
    case overrideEnded(String)
    case upgradeRequired
    case invalidViolation(field: String, reason: String)

    public var code: String {
        switch self {
        case .malformedNetwork: "TRAFFIC_MALFORMED_NETWORK"
        case .missingAttribute: "TRAFFIC_MISSING_ATTRIBUTE"
        case .invalidAttribute: "TRAFFIC_INVALID_ATTRIBUTE"
        case .unknownLane: "TRAFFIC_UNKNOWN_LANE"
        case .invalidIntersection: "TRAFFIC_INVALID_INTERSECTION"
        case .noIntersections: "TRAFFIC_NO_INTERSECTIONS"
        case .malformedSite: "TRAFFIC_MALFORMED_SITE"
        case .unknownIntersection: "TRAFFIC_INTERSECTION_NOT_FOUND"
        case .invalidPlan: "TRAFFIC_INVALID_PLAN"
        case .invalidSchedule: "TRAFFIC_INVALID_SCHEDULE"
        case .invalidOverride: "TRAFFIC_INVALID_OVERRIDE"
        case .unknownOverride: "TRAFFIC_OVERRIDE_NOT_FOUND"
        case .overrideEnded: "TRAFFIC_OVERRIDE_ENDED"
        case .upgradeRequired: "TRAFFIC_GATEWAY_UPGRADE_REQUIRED"
        case .invalidViolation: "TRAFFIC_INVALID_VIOLATION"
        }
    }

    public var status: Int {
        switch self {
        case .unknownIntersection, .unknownOverride: 404
        case .overrideEnded: 409
        case .upgradeRequired: 426
        case .malformedNetwork, .malformedSite: 400
        default: 422
        }
    }

    public var message: LocalizedText {
        switch self {
        case .malformedNetwork(let line, let reason):
            LocalizedText(zh: "路网文件无法解析\(Self.at(line))：\(reason)", en: "The network file cannot be read\(Self.atEn(line)): \(reason)")
        case .missingAttribute(let element, let attribute, let line):
            LocalizedText(zh: "路网元素 <\(element)>\(Self.at(line))缺少属性 \(attribute)。",
                          en: "Network element <\(element)>\(Self.atEn(line)) lacks the attribute \(attribute).")
        case .invalidAttribute(let element, let attribute, let value, let line):
            LocalizedText(zh: "路网元素 <\(element)>\(Self.at(line))的属性 \(attribute)=\(value) 无效。",
                          en: "Network element <\(element)>\(Self.atEn(line)) has an invalid \(attribute)=\(value).")
        case .unknownLane(let intersection, let lane):
            LocalizedText(zh: "路口 \(intersection) 引用了不存在的车道 \(lane)。",
                          en: "Intersection \(intersection) refers to an unknown lane \(lane).")
        case .invalidIntersection(let id, let reason):
            LocalizedText(zh: "路口 \(id) 的配置无效：\(reason)", en: "Intersection \(id) is invalid: \(reason)")
        case .noIntersections:
            LocalizedText(zh: "文件中没有信号控制路口。", en: "The file holds no signalised intersection.")
        case .malformedSite(let reason):
            LocalizedText(zh: "路口站点文件无效：\(reason)", en: "The site file is invalid: \(reason)")
        case .unknownIntersection(let id):
            LocalizedText(zh: "没有路口 \(id)。", en: "There is no intersection \(id).")
        case .invalidPlan(let plan, let reason):
            LocalizedText(zh: "配时方案 \(plan) 无效：\(reason)", en: "Signal plan \(plan) is invalid: \(reason)")
        case .invalidSchedule(let reason):
            LocalizedText(zh: "时段表无效：\(reason)", en: "The time-of-day schedule is invalid: \(reason)")
        case .invalidOverride(let field, let reason):
            LocalizedText(zh: "人工干预指令的 \(field) 无效：\(reason)", en: "Override field \(field) is invalid: \(reason)")
        case .unknownOverride(let id):
            LocalizedText(zh: "没有人工干预指令 \(id)。", en: "There is no override \(id).")
        case .overrideEnded(let id):
            LocalizedText(zh: "人工干预指令 \(id) 已结束。", en: "Override \(id) has already ended.")
        case .upgradeRequired:
            LocalizedText(zh: "信号网关接口须以 WebSocket 连接。", en: "The signal gateway endpoint needs a WebSocket upgrade.")
        case .invalidViolation(let field, let reason):
            LocalizedText(zh: "违法记录的 \(field) 无效：\(reason)", en: "Violation field \(field) is invalid: \(reason)")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .malformedNetwork(let line, _): line.map { ["line": .int($0)] } ?? [:]
        case .missingAttribute(let element, let attribute, let line), .invalidAttribute(let element, let attribute, _, let line):
            ["element": .string(element), "attribute": .string(attribute)].merging(line.map { ["line": .int($0)] } ?? [:]) { a, _ in a }
        case .unknownLane(let intersection, let lane): ["intersection": .string(intersection), "lane": .string(lane)]
        case .invalidIntersection(let id, _), .unknownIntersection(let id): ["intersection": .string(id)]
        case .invalidPlan(let plan, _): ["plan": .string(plan)]
        case .invalidOverride(let field, _), .invalidViolation(let field, _): ["field": .string(field)]
        default: [:]
        }
    }

    private static func at(_ line: Int?) -> String { line.map { "（第 \($0) 行）" } ?? "" }
    private static func atEn(_ line: Int?) -> String { line.map { " (line \($0))" } ?? "" }
}
