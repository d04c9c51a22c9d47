import HubKit

/// A TOML document that cannot be read, with the 1-based line and column where reading stopped.
///
/// An unclosed string, array or inline table points at where it opened; a key or table defined twice, or used
/// as a table when it holds a value, points at the start of that key or table header.
public struct TOMLError: HubProblem, Equatable {
    /// What went wrong, independent of where.
    public enum Reason: Sendable, Hashable {
        case expectedKey
        case expectedEquals
        case expectedValue
        case expectedEndOfLine
        /// The closing bracket(s) a table header needs: `"]"` or `"]]"`.
        case expectedHeaderEnd(String)
        case expectedArraySeparator
        case expectedInlineTableSeparator
        case unclosedString
        case unclosedArray
        case unclosedInlineTable
        case invalidEscape(String)
        /// A control character other than tab where it is not allowed; the byte value.
        case controlCharacter(UInt8)
        case invalidValue(String)
        case invalidNumber(String)
        case leadingZero(String)
        case integerOverflow(String)
        case invalidDateTime(String)
        case duplicateKey(String)
        case tableRedefined(String)
        case notATable(String)
        case notAnArrayOfTables(String)
        /// Arrays, inline tables and key parts nested deeper than the limit given.
        case tooDeep(Int)
    }

    public let reason: Reason
    public let line: Int
    /// Counted in Unicode scalars from 1.
    public let column: Int

    public var code: String { "INVALID_TOML" }
    public var status: Int { 400 }
    public var extensions: [String: ProblemValue] { ["line": .int(line), "column": .int(column)] }

    public var message: LocalizedText {
        let text = reason.text
        return LocalizedText(zh: "第 \(line) 行第 \(column) 列：\(text.zh)", en: "line \(line), column \(column): \(text.en)")
    }
}

extension TOMLError.Reason {
    /// The reason alone, without its place.
    var text: LocalizedText {
        switch self {
        case .expectedKey:
            LocalizedText(zh: "缺少键名", en: "expected a key")
        case .expectedEquals:
            LocalizedText(zh: "缺少等号", en: "expected '=' after the key")
        case .expectedValue:
            LocalizedText(zh: "缺少值", en: "expected a value")
        case .expectedEndOfLine:
            LocalizedText(zh: "行尾有多余内容", en: "expected the end of the line (or a # comment)")
        case .expectedHeaderEnd(let close):
            LocalizedText(zh: "表头缺少结束的 \(close)", en: "expected '\(close)' to close the table header")
        case .expectedArraySeparator:
            LocalizedText(zh: "数组中缺少逗号或 ]", en: "expected ',' or ']' in the array")
        case .expectedInlineTableSeparator:
            LocalizedText(zh: "内联表中缺少逗号或 }（内联表须写在同一行）",
                          en: "expected ',' or '}' in the inline table (an inline table stays on one line)")
        case .unclosedString:
            LocalizedText(zh: "字符串缺少结束引号", en: "the string is not closed")
        case .unclosedArray:
            LocalizedText(zh: "数组缺少结束的 ]", en: "the array is not closed with ']'")
        case .unclosedInlineTable:
            LocalizedText(zh: "内联表缺少结束的 }", en: "the inline table is not closed with '}'")
        case .invalidEscape(let escape):
            LocalizedText(zh: "无效的转义序列 \(escape)", en: "invalid escape sequence \(escape)")
        case .controlCharacter(let byte):
            LocalizedText(zh: "此处不允许控制字符 \(Self.codePoint(byte))",
                          en: "control character \(Self.codePoint(byte)) is not allowed here")
        case .invalidValue(let token):
            LocalizedText(zh: "无法识别的值 \(token)", en: "'\(token)' is not a valid value")
        case .invalidNumber(let token):
            LocalizedText(zh: "数字 \(token) 格式无效", en: "'\(token)' is not a valid number")
        case .leadingZero(let token):
            LocalizedText(zh: "数字 \(token) 不能以 0 开头", en: "'\(token)' has a leading zero")
        case .integerOverflow(let token):
            LocalizedText(zh: "整数 \(token) 超出 64 位范围", en: "integer \(token) does not fit in 64 bits")
        case .invalidDateTime(let token):
            LocalizedText(zh: "日期或时间 \(token) 无效", en: "'\(token)' is not a valid date or time")
        case .duplicateKey(let key):
            LocalizedText(zh: "键 \(key) 重复定义", en: "key '\(key)' is defined twice")
        case .tableRedefined(let key):
            LocalizedText(zh: "表 [\(key)] 已经定义过", en: "table [\(key)] is already defined")
        case .notATable(let key):
            LocalizedText(zh: "\(key) 已经是一个值，不能当作表使用", en: "'\(key)' already holds a value and cannot be used as a table")
        case .notAnArrayOfTables(let key):
            LocalizedText(zh: "\(key) 不是表数组，不能用 [[\(key)]] 追加",
                          en: "'\(key)' is not an array of tables, so [[\(key)]] cannot add to it")
        case .tooDeep(let limit):
            LocalizedText(zh: "嵌套超过 \(limit) 层", en: "nesting is deeper than \(limit) levels")
        }
    }

    private static func codePoint(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
