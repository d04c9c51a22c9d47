/// Hourly levels of one gauge: hour number (ms since 1970 ÷ 3,600,000) → metres in the gauge's datum.
public typealias HourlyLevels = [Int64: Double]

/// A lagged linear regression of a downstream gauge's level on upstream gauges' earlier levels. Pure.
///
/// `level(t) = intercept + Σ coefficientᵢ × upstreamᵢ(t − lagᵢ)`. Each lag is the one (1–`maxLag` hours) at which
/// the upstream series correlates best with the downstream one on the fitting data (Pearson, levels); the
/// coefficients are least squares with a tiny ridge (10⁻⁶ of each input's variance), which only matters when two
/// upstream gauges move in lockstep. Upstream levels may be in other datums than the downstream gauge: the
/// intercept absorbs the difference, and the answer is in the downstream gauge's datum.
public struct LaggedRegression: Sendable, Hashable, Codable {
    public struct Input: Sendable, Hashable, Codable {
        public var station: String
        public var lagHours: Int
        public var coefficient: Double
        /// Pearson correlation at the chosen lag, on the fitting data.
        public var correlation: Double
    }

    public var intercept: Double
    public var inputs: [Input]
    /// Hours of the fit.
    public var samples: Int

    /// How far ahead the model sees with readings up to now: the shortest lag.
    public var horizonHours: Int { inputs.map(\.lagHours).min() ?? 0 }

    public static let defaultMaxLag = 72

    /// The level at hour `t` from the upstream readings, or nil when one is missing.
    public func level(at t: Int64, upstream: [String: HourlyLevels]) -> Double? {
        var total = intercept
        for input in inputs {
            guard let x = upstream[input.station]?[t - Int64(input.lagHours)] else { return nil }
            total += input.coefficient * x
        }
        return total
    }

    /// Fits on the hours of `target` not in `excluded`; nil when there are too few hours (fewer than 24 plus
    /// ten per input) or no input correlates at any lag.
    public static func fit(target: HourlyLevels, upstream: [(station: String, levels: HourlyLevels)], excluded: (Int64) -> Bool = { _ in false },
                           maxLag: Int = defaultMaxLag) -> LaggedRegression? {
        let hours = target.keys.filter { !excluded($0) }.sorted()
        var chosen: [(station: String, levels: HourlyLevels, lag: Int, r: Double)] = []
        for input in upstream {
            var best: (lag: Int, r: Double)?
            for lag in 1...max(1, maxLag) {
                var pairs: [(Double, Double)] = []
                pairs.reserveCapacity(hours.count)
                for t in hours { if let x = input.levels[t - Int64(lag)], let y = target[t] { pairs.append((x, y)) } }
                guard pairs.count >= 24, let r = pearson(pairs) else { continue }
                if best.map({ r > $0.r }) ?? true { best = (lag, r) }
            }
            if let best, best.r > 0 { chosen.append((input.station, input.levels, best.lag, best.r)) }
        }
        guard !chosen.isEmpty else { return nil }
        var rows: [[Double]] = []
        var ys: [Double] = []
        for t in hours {
            guard let y = target[t] else { continue }
            var row: [Double] = []
            for c in chosen {
                guard let x = c.levels[t - Int64(c.lag)] else { break }
                row.append(x)
            }
            guard row.count == chosen.count else { continue }
            rows.append(row)
            ys.append(y)
        }
        guard rows.count >= 24 + 10 * chosen.count, let solved = leastSquares(rows, ys) else { return nil }
        return LaggedRegression(intercept: solved.intercept,
                                inputs: chosen.enumerated().map { Input(station: $0.element.station, lagHours: $0.element.lag,
                                                                        coefficient: solved.coefficients[$0.offset], correlation: $0.element.r) },
                                samples: rows.count)
    }

    static func pearson(_ pairs: [(Double, Double)]) -> Double? {
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n
        let my = pairs.reduce(0) { $0 + $1.1 } / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in pairs {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
            syy += (y - my) * (y - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Ridge-stabilised least squares on centred data: the intercept and one coefficient per column.
    static func leastSquares(_ rows: [[Double]], _ ys: [Double]) -> (intercept: Double, coefficients: [Double])? {
        let k = rows.first?.count ?? 0
        let n = Double(rows.count)
        guard k > 0, n > 0 else { return nil }
        let means = (0..<k).map { j in rows.reduce(0) { $0 + $1[j] } / n }
        let my = ys.reduce(0, +) / n
        var a = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        var b = Array(repeating: 0.0, count: k)
        for (row, y) in zip(rows, ys) {
            for i in 0..<k {
                let xi = row[i] - means[i]
                b[i] += xi * (y - my)
                for j in 0..<k { a[i][j] += xi * (row[j] - means[j]) }
            }
        }
        for i in 0..<k { a[i][i] += max(a[i][i], 1e-12) * 1e-6 }
        guard let coefficients = solve(a, b) else { return nil }
        let intercept = my - zip(coefficients, means).reduce(0) { $0 + $1.0 * $1.1 }
        return (intercept, coefficients)
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        var a = matrix
        var b = rhs
        let n = b.count
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-300 else { return nil }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for row in (col + 1)..<max(col + 1, n) {
                let f = a[row][col] / a[col][col]
                for j in col..<n { a[row][j] -= f * a[col][j] }
                b[row] -= f * b[col]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = b[row]
            for j in (row + 1)..<max(row + 1, n) { s -= a[row][j] * x[j] }
            x[row] = s / a[row][row]
        }
        return x
    }
}
