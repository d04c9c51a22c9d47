import Foundation
import HubKit
import Hummingbird

/// The indicators, as JSON or CSV, grouped by department, street, category or period.
public struct IndicatorRoutes: Sendable {
    let desk: CaseDesk

    public init(desk: CaseDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        var endpoint = Endpoint(.get, "/api/v1/case-indicators", access: .signedIn(apiKeyScope: "cases:read"),
                                summary: "Closure, on-time, handling, dispatch accuracy, rework, stage times; JSON or CSV",
                                tag: "cases", response: "Indicators",
                                query: [QueryParameter("group", "string", IndicatorGrouping.allCases.map(\.rawValue).joined(separator: " | ")),
                                        QueryParameter("from", "string", "First day filed (YYYY-MM-DD, Asia/Shanghai)"),
                                        QueryParameter("to", "string", "Last day filed (YYYY-MM-DD)"),
                                        QueryParameter("format", "string", "json (default) | csv")])
        endpoint.responseMediaType = "application/json"
        hub.add(endpoint, indicators)
    }

    struct Report: Encodable, Sendable {
        var asOf: Date
        var group: String
        var groups: [String: IndicatorValues]
    }

    @Sendable func indicators(_ request: Request, context: HubRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        let grouping = try query["group"].map { raw -> IndicatorGrouping in
            guard let g = IndicatorGrouping(rawValue: String(raw)) else {
                throw InputProblem.invalidField(field: "group", reason: IndicatorGrouping.allCases.map(\.rawValue).joined(separator: " | "))
            }
            return g
        } ?? .none
        let from = try day(query["from"], "from"), to = try day(query["to"], "to")
        var department: DepartmentID?
        if Workflow.limitedToOwnDepartment(principal) {
            // A department role without a department sees nobody's indicators, not everybody's.
            guard let own = principal.departmentID else { throw AccessProblem.notYourDepartment }
            department = own
        }
        let now = desk.clock.now()
        let groups = try await IndicatorQuery(database: desk.store.database)
            .run(grouping: grouping, asOf: now, from: from?.start, to: to?.end, department: department)
        let report = Report(asOf: now, group: grouping.rawValue, groups: groups)
        if query["format"] == "csv" {
            return Response.text(IndicatorCSV.render(report.groups, grouping: grouping), type: "text/csv; charset=utf-8",
                         headers: [.contentDisposition: "attachment; filename=\"indicators.csv\""])
        }
        return try context.responseEncoder.encode(report, from: request, context: context)
    }

    /// A local day as the instants it starts and ends (UTC+8).
    func day(_ raw: Substring?, _ field: String) throws -> (start: Date, end: Date)? {
        guard let raw else { return nil }
        guard let day = LocalDay(String(raw)) else { throw InputProblem.invalidField(field: field, reason: "YYYY-MM-DD") }
        let start = Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 - 8 * 3600)
        return (start, start.addingTimeInterval(86_400))
    }
}

extension IndicatorRoutes.Report: ResponseEncodable {}

/// Indicators as CSV, one row per group, rates as decimals.
enum IndicatorCSV {
    static func render(_ groups: [String: IndicatorValues], grouping: IndicatorGrouping) -> String {
        let header = [grouping.rawValue, "filed", "due_to_close", "closed", "closed_on_time", "closure_rate", "on_time_closure_rate",
                      "handling_rate", "on_time_handling_rate", "dispatch_accuracy", "rework_rate", "closed_within_30_min_share",
                      "report_to_close_median_min", "report_to_close_p90_min"]
        func rate(_ r: Double?) -> String { r.map { String(format: "%.4f", $0) } ?? "" }
        var lines = [header.joined(separator: ",")]
        for key in groups.keys.sorted() {
            guard let v = groups[key] else { continue }
            let total = v.stageMinutes["report_to_close"]
            lines.append([csvField(key), String(v.filed), String(v.dueToClose), String(v.closed), String(v.closedOnTime),
                          rate(v.closureRate), rate(v.onTimeClosureRate), rate(v.handlingRate), rate(v.onTimeHandlingRate),
                          rate(v.dispatchAccuracy), rate(v.reworkRate), rate(v.shareClosedWithin30Minutes),
                          total.map { String(format: "%.1f", $0.median) } ?? "", total.map { String(format: "%.1f", $0.p90) } ?? ""]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"" : text
    }
}
