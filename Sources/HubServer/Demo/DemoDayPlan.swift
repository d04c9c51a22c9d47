import Cases
import Foundation
import HubKit

/// A kind of problem the demo day's inspectors and cameras see: how often each source reports it, how long a
/// department takes to fix it once on site (minutes) and how a report describes it.
struct DemoProblem: Sendable {
    let code: CategoryCode
    let inspectorWeight: Int
    let cameraWeight: Int
    let fixMinutes: ClosedRange<Double>
    let text: String

    init?(_ code: String, _ inspectorWeight: Int, _ cameraWeight: Int, _ fixMinutes: ClosedRange<Double>, _ zh: String, _ en: String) {
        guard let code = CategoryCode(rawValue: code) else { return nil }
        (self.code, self.inspectorWeight, self.cameraWeight, self.fixMinutes) = (code, inspectorWeight, cameraWeight, fixMinutes)
        text = "\(zh) / \(en)"
    }

    /// Weighted like a central district's day: street order and refuse first, facilities and emergencies rarely.
    static let all: [DemoProblem] = [
        DemoProblem("E0501", 18, 20, 5...20, "摊贩占用人行道经营，影响行人通行", "A vendor trades on the sidewalk and blocks pedestrians"),
        DemoProblem("E0101", 16, 14, 15...50, "垃圾桶旁散落生活垃圾", "Household refuse lies scattered beside a bin"),
        DemoProblem("E0504", 12, 30, 15...60, "机动车停放在人行道上", "A car is parked on the sidewalk"),
        DemoProblem("C0108", 8, 0, 60...200, "路灯不亮", "A streetlight is out"),
        DemoProblem("E0505", 8, 10, 10...40, "共享单车无序堆放，占用盲道", "Shared bikes are piled across the tactile paving"),
        DemoProblem("E0502", 6, 10, 10...30, "商铺在店外摆放货架经营", "A shop trades from shelves outside its door"),
        DemoProblem("E0201", 8, 0, 30...90, "电线杆上张贴非法小广告", "Illegal small ads are pasted on a utility pole"),
        DemoProblem("E0103", 6, 0, 20...60, "路面泥沙积尘明显", "Mud and dust cover the road"),
        DemoProblem("E0106", 5, 0, 30...120, "人行道上堆放建材杂物", "Building materials are stacked on the sidewalk"),
        DemoProblem("C0204", 4, 0, 90...240, "人行道板松动破损", "Sidewalk slabs are loose and broken"),
        DemoProblem("C0401", 3, 0, 60...180, "行道树枝条过低妨碍通行", "Low street-tree branches obstruct passers-by"),
        DemoProblem("C0103", 2, 0, 20...60, "雨水井盖破损", "A storm-water manhole cover is broken"),
        DemoProblem("E0402", 2, 3, 30...90, "路面积水，车辆行人通行受阻", "Standing water on the road hinders traffic"),
        DemoProblem("E0301", 2, 0, 240...600, "屋顶违法搭建彩钢棚", "A steel shed is being built on a roof without approval"),
        DemoProblem("E0506", 0, 5, 10...30, "人行道露天烧烤", "Open-air barbecue on the sidewalk"),
        DemoProblem("E0306", 0, 5, 20...60, "渣土车沿途遗撒", "A haulage truck has spilled spoil along the road"),
    ].compactMap { $0 }
}

/// Who reports a planned problem: an inspector of the cast, or a camera with the analytics' confidence (0…1).
enum DemoReporter: Sendable, Hashable {
    case inspector(Int)
    case camera(id: String, position: GeoPoint, confidence: Double)

    var isCamera: Bool {
        if case .camera = self { true } else { false }
    }
}

/// One report of the demo day; `duplicateOf` names the earlier report it repeats (the centre merges it).
struct DemoReport: Sendable {
    var at: Date
    var problem: DemoProblem
    var location: GeoPoint
    var reporter: DemoReporter
    var description: String
    var duplicateOf: Int?
}

/// One thing that happens at an instant of the demo day, to report `report` (an index into `DemoDayPlan.reports`)
/// or, for `tick`, to the deadline watcher.
struct DemoStep: Sendable {
    enum Action: Sendable, Hashable {
        case report, cameraRepeat, triage, reject(String), merge, dispatch(override: String?), start, giveBack(String)
        case fix(second: Bool), verify(passed: Bool, note: String), close, askExtension(String), grantExtension, tick
    }
    var at: Date
    var report: Int
    var action: Action
}

/// The schedule of one working day of cases, 08:00–18:00, without I/O: the same seed, places and catalogue give the
/// same day. Steps of one report are strictly later than each other; nothing is planned after closing time, so
/// what would have happened later is simply still open.
struct DemoDayPlan: Sendable {
    /// How a planned case ends the day.
    enum Fate: Sendable { case closed, returned, overridden, reworked, late, overdue, pending, extended, rejected, queued, merged }

    var reports: [DemoReport] = []
    var steps: [DemoStep] = []
    /// The mission's worked example: a sidewalk-vending report at 10:00, closed before 10:30.
    var example = 0
    var fates: [Fate] = []

    static let returnReason = "经现场核实，该点位不属本单位管辖 / Checked on site: this spot is not under our jurisdiction"
    static let redispatchReason = "按退回意见改派属地责任单位 / Re-dispatched to the unit responsible on the ground, as the return explained"
    static let overrideReason = "责任表待更新：该路段已移交属地管理 / Responsibility table out of date: this section was handed over to local management"
    static let falseDetection = "视频误报：画面为许可的外摆区域 / False detection: the scene is a licensed outdoor area"
    static let outOfScope = "不属于城市管理范围：小区内部物业事务 / Outside city management: a private estate's internal matter"
    static let extensionReason = "需整体更换灯杆，备件明日到货 / The whole pole must be replaced; parts arrive tomorrow"

    /// Plans the day that opens at `opening` (08:00 local). `spots` are points inside grids and `locate` tells which
    /// grid a point is in (so offsets never leave a report's grid); `cameras` are the district's cameras.
    static func make(opening: Date, seed: UInt64, spots: [GeoPoint], cameras: [(id: String, position: GeoPoint)],
                     examplePlace: GeoPoint, inspectors: Int, context: WorkflowContext,
                     locate: (GeoPoint) -> GridCode?) -> DemoDayPlan {
        var plan = DemoDayPlan()
        var rng = SplitMix64(seed: seed)
        let closing = opening.addingTimeInterval(10 * 3600)
        var ends: [Date] = []
        func offset(_ point: GeoPoint, metres: Double) -> GeoPoint {
            let angle = rng.nextUnit() * 2 * .pi
            let moved = GeoPoint(lon: point.lon + metres * cos(angle) / (111_195 * cos(point.lat * .pi / 180)),
                                 lat: point.lat + metres * sin(angle) / 111_195)
            return locate(moved) != nil && locate(moved) == locate(point) ? moved : point
        }
        func pick(_ weight: (DemoProblem) -> Int) -> DemoProblem {
            var left = rng.next(below: DemoProblem.all.reduce(0) { $0 + weight($1) })
            return DemoProblem.all.first { left -= weight($0); return left < 0 } ?? DemoProblem.all[0]
        }
        func add(_ report: DemoReport, _ fate: Fate, start: Date) {
            plan.reports.append(report)
            plan.fates.append(fate)
            ends.append(plan.schedule(plan.reports.count - 1, fate, from: start, closing: closing, rng: &rng, context: context))
        }

        // The worked example, timed as the mission tells it.
        if let vending = DemoProblem.all.first(where: { $0.code.rawValue == "E0501" }) {
            let ten = opening.addingTimeInterval(2 * 3600)
            plan.example = plan.reports.count
            plan.reports.append(DemoReport(at: ten, problem: vending, location: examplePlace, reporter: .inspector(0),
                                           description: "流动摊贩占用解放碑步行街人行道，影响通行 / A street vendor occupies the sidewalk of Jiefangbei Pedestrian Street and blocks passers-by"))
            plan.fates.append(.closed)
            ends.append(ten.addingTimeInterval(22 * 60))
            for (minutes, action) in [(0.0, DemoStep.Action.report), (2, .triage), (4, .dispatch(override: nil)), (6, .start),
                                      (14, .fix(second: false)), (19, .verify(passed: true, note: "复核：摊点已撤离，通行恢复 / Checked: the stall is gone and the way is clear")),
                                      (22, .close)] {
                plan.steps.append(DemoStep(at: ten.addingTimeInterval(minutes * 60), report: plan.example, action: action))
            }
        }

        var extensionGiven = false
        for _ in 0..<(180 + rng.next(below: 41)) {
            let roll = rng.nextUnit()
            var fate: Fate = roll < 0.08 ? .returned : roll < 0.11 ? .overridden : roll < 0.16 ? .reworked : roll < 0.22 ? .late
                : roll < 0.31 ? .overdue : roll < 0.38 ? .pending : .closed
            if rng.nextUnit() < 0.4, !cameras.isEmpty {
                let camera = cameras[rng.next(below: cameras.count)]
                let problem = pick(\.cameraWeight)
                let threshold = context.category(problem.code)?.cameraConfidenceThreshold ?? 0.8
                let low = rng.nextUnit() < 0.3
                let confidence = low ? ((rng.next(in: 0.55...(threshold - 0.02))) * 100).rounded(.down) / 100
                    : ((rng.next(in: threshold...0.99)) * 100).rounded(.up) / 100
                let at = opening.addingTimeInterval(rng.next(in: 0...595) * 60)
                var start = at
                plan.steps.append(DemoStep(at: at, report: plan.reports.count, action: .report))
                if rng.nextUnit() < 0.1 {
                    for _ in 0...rng.next(below: 3) {
                        start = start.addingTimeInterval(rng.next(in: 2...4) * 60)
                        plan.steps.append(DemoStep(at: start, report: plan.reports.count, action: .cameraRepeat))
                    }
                }
                if low {
                    let review = rng.nextUnit()
                    fate = at > closing.addingTimeInterval(-90 * 60) || review < 0.1 ? .queued : review < 0.35 ? .rejected : fate
                    start = start.addingTimeInterval(rng.next(in: 8...35) * 60)
                }
                add(DemoReport(at: at, problem: problem, location: camera.position,
                               reporter: .camera(id: camera.id, position: camera.position, confidence: confidence),
                               description: problem.text), fate, start: start)
            } else {
                let problem = pick(\.inspectorWeight)
                let session = rng.nextUnit()
                let minute = session < 0.45 ? rng.next(in: 30...210) : session < 0.55 ? rng.next(in: 210...360) : rng.next(in: 360...570)
                let at = opening.addingTimeInterval(minute * 60)
                if rng.nextUnit() < 0.02 { fate = .rejected }
                if !extensionGiven, problem.code.rawValue == "C0108", minute < 300 { (fate, extensionGiven) = (.extended, true) }
                plan.steps.append(DemoStep(at: at, report: plan.reports.count, action: .report))
                let location = offset(spots.isEmpty ? examplePlace : spots[rng.next(below: spots.count)], metres: rng.next(in: 0...15))
                add(DemoReport(at: at, problem: problem, location: location, reporter: .inspector(rng.next(below: inspectors)),
                               description: problem.text), fate, start: at)
            }
        }

        // A few inspectors report what a colleague already reported; the centre merges them.
        for _ in 0..<8 {
            let original = rng.next(below: plan.reports.count)
            let report = plan.reports[original]
            let at = report.at.addingTimeInterval(rng.next(in: 8...25) * 60)
            guard case .inspector = report.reporter, original != plan.example, plan.fates[original] != .rejected,
                  at.addingTimeInterval(15 * 60) < min(ends[original], closing) else { continue }
            var repeated = report
            (repeated.at, repeated.location, repeated.duplicateOf) = (at, offset(report.location, metres: rng.next(in: 4...12)), original)
            repeated.reporter = .inspector(rng.next(below: inspectors))
            plan.steps.append(DemoStep(at: at, report: plan.reports.count, action: .report))
            plan.steps.append(DemoStep(at: at.addingTimeInterval(rng.next(in: 4...10) * 60), report: plan.reports.count, action: .merge))
            plan.reports.append(repeated)
            plan.fates.append(.merged)
            ends.append(at)
        }

        var tick = opening
        while tick < closing {
            tick = tick.addingTimeInterval(15 * 60)
            plan.steps.append(DemoStep(at: tick, report: -1, action: .tick))
        }
        plan.steps = plan.steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        return plan
    }

    /// Appends the steps that carry report `index` from `start` to its fate; returns when it closes (or closing time).
    mutating func schedule(_ index: Int, _ fate: Fate, from start: Date, closing: Date, rng: inout SplitMix64,
                           context: WorkflowContext) -> Date {
        let problem = reports[index].problem
        let category = context.category(problem.code)
        let emergency = category?.emergency ?? false
        var t = start
        var steps: [DemoStep] = []
        // Some cases go briskly: a dispatcher free at once, a crew round the corner.
        let pace = !emergency && rng.nextUnit() < 0.3 ? rng.next(in: 0.4...0.6) : rng.next(in: 0.8...1.3)
        func step(_ minutes: ClosedRange<Double>, _ action: DemoStep.Action) -> Bool {
            t = t.addingTimeInterval(max(1, rng.next(in: minutes) * pace) * 60)
            guard t < closing else { return false }
            steps.append(DemoStep(at: t, report: index, action: action))
            return true
        }
        defer { self.steps += steps }
        switch fate {
        case .queued, .merged: return closing
        case .rejected:
            _ = step(3...15, .reject(reports[index].reporter.isCamera ? Self.falseDetection : Self.outOfScope))
            return closing
        default: break
        }
        guard step(emergency ? 2...5 : 3...12, .triage),
              step(emergency ? 1...4 : 1...8, .dispatch(override: fate == .overridden ? Self.overrideReason : nil)) else { return closing }
        var dispatched = t
        if fate == .returned {
            guard step(3...12, .start), step(5...20, .giveBack(Self.returnReason)),
                  step(3...12, .dispatch(override: Self.redispatchReason)) else { return closing }
            dispatched = t
        }
        guard step(2...15, .start) else { return closing }
        var fate = fate
        if fate == .pending, let limit = category?.limits[.handle],
           context.calendar.deadline(from: dispatched, adding: limit) < closing { fate = .closed }
        switch fate {
        case .overdue: return closing
        case .extended:
            _ = step(20...50, .askExtension(Self.extensionReason)) && step(5...20, .grantExtension)
            return closing
        case .pending where rng.nextUnit() < 0.5: return closing
        default: break
        }
        var fixMinutes = rng.next(in: problem.fixMinutes)
        if fate == .late, let limit = category?.limits[.handle] {
            let due = context.calendar.deadline(from: dispatched, adding: limit)
            fixMinutes = max(fixMinutes, (due.timeIntervalSince(t) / 60 + rng.next(in: 5...40)) / pace)
        }
        guard step(fixMinutes...fixMinutes, .fix(second: false)), fate != .pending else { return closing }
        if fate == .reworked {
            guard step(10...30, .verify(passed: false, note: "复核未通过：现场仍有残留 / Check failed: the problem is still partly there")),
                  step(15...45, .fix(second: true)) else { return closing }
        }
        guard step(5...30, .verify(passed: true, note: "复核通过 / Checked and fixed")), step(1...8, .close) else { return closing }
        return t
    }
}

/// Small striped PNGs standing in for the demo day's photos, so every photo a case names resolves and can be served.
/// Uncompressed (stored deflate blocks): valid for every PNG reader, a few kilobytes each.
enum DemoPhotos {
    static func png(base: (UInt8, UInt8, UInt8), width: Int = 48, height: Int = 32) -> Data {
        var pixels: [UInt8] = []
        for y in 0..<height {
            pixels.append(0)
            for x in 0..<width {
                let stripe = (x + y) % 12 < 2
                pixels += stripe ? [base.0 / 2, base.1 / 2, base.2 / 2] : [base.0, base.1, base.2]
            }
        }
        func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        var deflate: [UInt8] = [0x78, 0x01]
        var rest = pixels[...]
        repeat {
            let block = rest.prefix(65_535)
            rest = rest.dropFirst(block.count)
            let length = UInt16(block.count)
            deflate += [rest.isEmpty ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            deflate += block
        } while !rest.isEmpty
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in pixels { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        deflate += bigEndian(b << 16 | a)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ body: [UInt8]) {
            let covered = Array(type.utf8) + body
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in covered {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            png += bigEndian(UInt32(body.count)) + covered + bigEndian(~crc)
        }
        chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        chunk("IDAT", deflate)
        chunk("IEND", [])
        return Data(png)
    }
}
