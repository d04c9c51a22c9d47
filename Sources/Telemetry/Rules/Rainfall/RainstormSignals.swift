import HubKit

/// The CMA rainstorm warning signals (暴雨预警信号) as alarm rules. Pure.
///
/// The four colours are four different measures — blue ≥ 50 mm in 12 h, yellow ≥ 50 mm in 6 h, orange ≥ 50 mm in
/// 3 h, red ≥ 100 mm in 3 h — so no single `windowSum` ladder holds them. The template expands to four `windowSum`
/// rules of one level each, `<prefix>-blue` … `<prefix>-red`, each with its own `draftWarning` action: every colour
/// a gauge reaches is its own alarm and drafts its own CAP warning (暴雨蓝色预警 … 暴雨红色预警) for a person to
/// approve. So the engine stays one measure per rule, replay and restart stay exactly as for any rule, and people
/// may tune one colour (a hysteresis, a department) without touching the others. The signals are issued on observed
/// rain: the CMA's criteria also allow issuing on a forecast, which stays with the forecasters.
public enum RainstormSignals {
    /// One signal: its colour, window (hours) and amount (mm, reached counts).
    public struct Signal: Sendable, Hashable {
        public var severity: Severity
        public var windowHours: Int
        public var millimetres: Double
    }

    public static let signals: [Signal] = [
        Signal(severity: .blue, windowHours: 12, millimetres: 50),
        Signal(severity: .yellow, windowHours: 6, millimetres: 50),
        Signal(severity: .orange, windowHours: 3, millimetres: 50),
        Signal(severity: .red, windowHours: 3, millimetres: 100),
    ]

    /// What the template needs: the id prefix, the gauges (one station or a group) and the warnings' options.
    public struct Template: Sendable, Hashable, Codable {
        /// Rules are named `<idPrefix>-blue` … `<idPrefix>-red`; `rainstorm` when absent.
        public var idPrefix: String?
        public var station: StationID?
        public var group: String?
        public var department: DepartmentID?
        /// The warnings' area; a circle of `radiusKm` (default 10) around the gauge when absent.
        public var area: WarningDraft.Area?
        public var radiusKm: Double?
        /// How long each warning is valid; 12 hours when absent.
        public var validHours: Int?

        public init(idPrefix: String? = nil, station: StationID? = nil, group: String? = nil, department: DepartmentID? = nil,
                    area: WarningDraft.Area? = nil, radiusKm: Double? = nil, validHours: Int? = nil) {
            self.idPrefix = idPrefix
            self.station = station
            self.group = group
            self.department = department
            self.area = area
            self.radiusKm = radiusKm
            self.validHours = validHours
        }
    }

    /// The four rules, blue first; nil when the prefix makes no valid rule id. `RuleCheck` validates them as any rule.
    public static func rules(_ template: Template) -> [AlarmRule]? {
        let prefix = template.idPrefix ?? "rainstorm"
        var out: [AlarmRule] = []
        for signal in signals {
            guard let id = RuleID(rawValue: "\(prefix)-\(signal.severity.rawValue)") else { return nil }
            let colour = signal.severity.label
            let amount = Int(signal.millimetres)
            out.append(AlarmRule(
                id: id, name: "暴雨\(colour.zh)预警信号（\(signal.windowHours) 小时 \(amount) 毫米）",
                nameEn: "Rainstorm \(colour.en) signal (\(amount) mm in \(signal.windowHours) h)",
                station: template.station, group: template.group, quantity: .rainfall, kind: .windowSum,
                levels: [SeverityLevel(signal.severity, value: signal.millimetres)], windowHours: signal.windowHours,
                department: template.department,
                actions: AlarmActions(draftWarning: DraftWarningAction(
                    event: "暴雨", eventEn: "Rainstorm", category: .met, area: template.area, radiusKm: template.radiusKm ?? 10,
                    instruction: instruction(signal.severity).zh, instructionEn: instruction(signal.severity).en,
                    validHours: template.validHours ?? 12, minSeverity: signal.severity))))
        }
        return out
    }

    /// Our wording of what people should do at each colour (after the spirit of the CMA's guidance, not its text).
    static func instruction(_ severity: Severity) -> (zh: String, en: String) {
        switch severity {
        case .blue:
            ("注意防范暴雨，检查城市、农田排水系统，低洼地段做好排涝准备。",
             "Prepare for heavy rain: check drains in town and fields; get pumps ready in low-lying places.")
        case .yellow:
            ("做好暴雨防御，交通部门疏导积水路段，切断低洼危险地带户外电源，暂停露天作业。",
             "Take precautions: traffic police guide traffic round flooded roads; cut outdoor power in low danger spots; stop open-air work.")
        case .orange:
            ("暴雨防御进入应急状态，停止户外作业，做好山洪、滑坡、泥石流防御，低洼地带人员准备转移。",
             "Emergency footing: stop outdoor work; guard against flash floods and landslides; people in low places get ready to move.")
        case .red:
            ("暴雨防御进入紧急状态，停课停业（特殊行业除外），危险地带人员立即转移，做好抢险救灾。",
             "Emergency: schools and businesses close (except essential services); people in danger zones move out now; rescue teams stand by.")
        }
    }
}
