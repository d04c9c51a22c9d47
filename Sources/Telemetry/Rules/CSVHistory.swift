import Foundation

/// CSV import of history (RFC 4180: commas, double-quoted fields, CRLF or LF). The first line names the
/// columns, in any order: `station`, `quantity`, `time`, `value` are required, `unit` and `datum` optional.
/// Pure: gives raw readings labelled `line N`, or the faults of lines that cannot be read.
public enum CSVHistory {
    public static func parse(_ text: String) -> (raws: [RawObservation], faults: [TelemetryFault]) {
        var raws: [RawObservation] = []
        var faults: [TelemetryFault] = []
        let rows = records(text)
        guard let header = rows.first else {
            return ([], [TelemetryFault(item: "line 1", code: "CSV_HEADER", zh: "文件为空", en: "the file is empty")])
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (i, name) in names.enumerated() { column[name] = i }
        let missing = ["station", "quantity", "time", "value"].filter { column[$0] == nil }
        guard missing.isEmpty else {
            return ([], [TelemetryFault(item: "line 1", code: "CSV_HEADER", zh: "表头缺少列：\(missing.joined(separator: "、"))",
                                        en: "the header lacks the column(s) \(missing.joined(separator: ", "))")])
        }
        for row in rows.dropFirst() {
            let item = "line \(row.line)"
            if row.fields.count == 1, row.fields[0].isEmpty { continue }
            guard row.fields.count == names.count else {
                faults.append(TelemetryFault(item: item, code: "CSV_COLUMNS", zh: "应有 \(names.count) 列，实有 \(row.fields.count) 列",
                                             en: "\(row.fields.count) fields where the header has \(names.count)"))
                continue
            }
            func field(_ name: String) -> String? {
                column[name].map { row.fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let station = field("station") ?? ""
            guard let valueText = field("value"), let value = Double(valueText) else {
                faults.append(TelemetryFault(item: item, station: station, code: "BAD_VALUE", zh: "数值不是数字", en: "the value is not a number"))
                continue
            }
            raws.append(RawObservation(item: item, station: station, quantity: field("quantity") ?? "", time: field("time") ?? "",
                                       value: value, unit: field("unit"), datum: field("datum")))
        }
        return (raws, faults)
    }

    struct Record {
        var line: Int
        var fields: [String]
    }

    /// Splits the text into records of fields, honouring quotes (which may hold commas, quotes and newlines).
    static func records(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        var any = false
        while let c = next() {
            any = true
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
                any = false
            default: field.unicodeScalars.append(c)
            }
        }
        if any || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
