import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The parts of a SUMO `.net.xml` the hub needs, as read: lanes, traffic-light programs and signalled connections.
/// Reading only; `SumoNetImport` turns these into intersections.
struct SumoNet: Sendable {
    struct LaneInfo: Sendable { var id: String; var edge: String; var length: Double?; var speed: Double? }
    struct Phase: Sendable { var duration: Double; var state: String; var minDur: Double?; var maxDur: Double? }
    struct Program: Sendable { var id: String; var programID: String; var phases: [Phase] }
    struct Connection: Sendable { var from: String; var to: String; var fromLane: Int; var toLane: Int; var tl: String; var linkIndex: Int
        var dir: String? }

    var lanes: [String: LaneInfo] = [:]
    var programs: [Program] = []
    var connections: [Connection] = []
    /// Lane to lane links of unsignalised nodes (a lane split, a priority junction): "from_lane" → "to_lane".
    var plainLinks: [(from: String, to: String)] = []
    var trafficLightJunctions: [String] = []
}

/// Reads a SUMO network with Foundation's `XMLParser`; any fault (bad XML, a missing or malformed attribute) is a
/// `TrafficProblem` naming the line, never a crash.
enum SumoNetReader {
    static func read(_ data: Data) throws(TrafficProblem) -> SumoNet {
        let parser = XMLParser(data: data)
        let delegate = Delegate()
        parser.delegate = delegate
        let ok = parser.parse()
        if let problem = delegate.problem { throw problem }
        guard ok else {
            throw .malformedNetwork(line: parser.lineNumber, reason: parser.parserError.map { "\($0.localizedDescription)" } ?? "XML error")
        }
        guard delegate.sawNet else { throw .malformedNetwork(line: nil, reason: "no <net> root element") }
        // Linux's XMLParser may report success for a document cut short; unclosed elements give it away.
        guard delegate.depth == 0 else {
            throw .malformedNetwork(line: parser.lineNumber, reason: "the document ends inside an element (truncated?)")
        }
        return delegate.net
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var net = SumoNet()
        var problem: TrafficProblem?
        var sawNet = false
        /// Elements opened and not yet closed.
        var depth = 0
        private var edge: String?
        private var program: SumoNet.Program?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            depth += 1
            guard problem == nil else { return }
            do {
                try start(name, attributes, line: parser.lineNumber)
            } catch {
                // Not abortParsing(): on Linux it can crash inside libxml2's callbacks; later elements are skipped.
                problem = error
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            guard problem == nil else { return }
            switch name {
            case "edge": edge = nil
            case "tlLogic":
                if let program { net.programs.append(program) }
                program = nil
            default: break
            }
        }

        private func start(_ name: String, _ a: [String: String], line: Int) throws(TrafficProblem) {
            func need(_ key: String) throws(TrafficProblem) -> String {
                guard let value = a[key], !value.isEmpty else { throw .missingAttribute(element: name, attribute: key, line: line) }
                return value
            }
            func number(_ key: String) throws(TrafficProblem) -> Double {
                let raw = try need(key)
                guard let value = Double(raw), value.isFinite, value >= 0 else {
                    throw .invalidAttribute(element: name, attribute: key, value: raw, line: line)
                }
                return value
            }
            func integer(_ key: String) throws(TrafficProblem) -> Int {
                let raw = try need(key)
                guard let value = Int(raw), value >= 0 else { throw .invalidAttribute(element: name, attribute: key, value: raw, line: line) }
                return value
            }
            func optionalNumber(_ key: String) throws(TrafficProblem) -> Double? {
                a[key] == nil ? nil : try number(key)
            }
            switch name {
            case "net": sawNet = true
            case "edge": edge = try need("id")
            case "lane":
                guard let edge else { return }
                let id = try need("id")
                net.lanes[id] = SumoNet.LaneInfo(id: id, edge: edge, length: try optionalNumber("length"),
                                                 speed: try optionalNumber("speed"))
            case "tlLogic":
                program = SumoNet.Program(id: try need("id"), programID: a["programID"] ?? "0", phases: [])
            case "phase":
                guard program != nil else { throw .malformedNetwork(line: line, reason: "<phase> outside <tlLogic>") }
                let state = try need("state")
                guard state.allSatisfy({ "GgyYrRsuoO".contains($0) }) else {
                    throw .invalidAttribute(element: name, attribute: "state", value: state, line: line)
                }
                program?.phases.append(SumoNet.Phase(duration: try number("duration"), state: state,
                                                     minDur: try optionalNumber("minDur"), maxDur: try optionalNumber("maxDur")))
            case "junction":
                if a["type"] == "traffic_light" { net.trafficLightJunctions.append(try need("id")) }
            case "connection":
                guard let tl = a["tl"] else {
                    let from = try need("from"), to = try need("to")
                    if !from.hasPrefix(":") {
                        net.plainLinks.append(("\(from)_\(try integer("fromLane"))", "\(to)_\(try integer("toLane"))"))
                    }
                    return
                }
                net.connections.append(SumoNet.Connection(from: try need("from"), to: try need("to"), fromLane: try integer("fromLane"),
                                                          toLane: try integer("toLane"), tl: tl, linkIndex: try integer("linkIndex"),
                                                          dir: a["dir"]))
            default: break
            }
        }
    }
}
