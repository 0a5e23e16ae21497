/// A weighted median (τ = 0.5 quantile, least absolute deviations) linear regression over rows of any width,
/// fitted by iteratively reweighted least squares.
///
/// Each pass solves a weighted least-squares problem whose weights `w / max(|u|, ε)` make `u²` stand for
/// `|u|`; at the fixed point every row whose residual exceeds ε pulls with its weight times the residual's
/// sign, as in the exact L1 fit, while rows within ε of the line are held there (ε = 0.05 working days).
enum MedianRegression {
    /// One row: the features (column 0 is usually the intercept's 1), the value fitted and the row's weight.
    struct Row: Sendable {
        var features: [Double]
        var target: Double
        var weight: Double
    }

    /// The coefficients, one per column.
    ///
    /// - Parameters:
    ///   - rows: every row has `width` features.
    ///   - width: the number of columns.
    ///   - ridge: added, times (the intercept's weight + 1), to the diagonal of every column but the
    ///     intercept; it keeps a column that is all zero at exactly 0 instead of making the system singular.
    ///   - iterations: the most passes; the fit stops earlier once no coefficient moves by 1e-4.
    /// - Returns: the coefficients of the last pass that could be solved (zeros when none could).
    static func fit(_ rows: [Row], width p: Int, ridge: Double, iterations: Int = 30) -> [Double] {
        var beta = [Double](repeating: 0, count: p)
        for _ in 0..<iterations {
            var a = [Double](repeating: 0, count: p * p)
            var b = [Double](repeating: 0, count: p)
            for row in rows {
                let x = row.features
                var fitted = 0.0
                for i in 0..<p { fitted += x[i] * beta[i] }
                // |u| ≈ u² / max(|u|, ε): weighted least squares with weights w / max(|u|, ε).
                let v = row.weight / max(abs(row.target - fitted), 0.05)
                for i in 0..<p where x[i] != 0 {
                    b[i] += v * x[i] * row.target
                    for j in 0..<p where x[j] != 0 { a[i * p + j] += v * x[i] * x[j] }
                }
            }
            for i in 1..<max(p, 1) { a[i * p + i] += ridge * (a[0] + 1) }
            guard let next = solve(a, b, p) else { break }
            let change = zip(next, beta).map { abs($0 - $1) }.max() ?? 0
            beta = next
            if change < 1e-4 { break }
        }
        return beta
    }

    /// Solves the p×p system `a·x = b` by Gaussian elimination with partial pivoting.
    /// - Returns: nil when the system is singular (a pivot below 1e-12).
    static func solve(_ a: [Double], _ b: [Double], _ p: Int) -> [Double]? {
        var m = a
        var v = b
        for col in 0..<p {
            var pivot = col
            for r in (col + 1)..<p where abs(m[r * p + col]) > abs(m[pivot * p + col]) { pivot = r }
            guard abs(m[pivot * p + col]) > 1e-12 else { return nil }
            if pivot != col {
                for c in 0..<p { m.swapAt(col * p + c, pivot * p + c) }
                v.swapAt(col, pivot)
            }
            for r in (col + 1)..<p {
                let f = m[r * p + col] / m[col * p + col]
                if f == 0 { continue }
                for c in col..<p { m[r * p + c] -= f * m[col * p + c] }
                v[r] -= f * v[col]
            }
        }
        var x = [Double](repeating: 0, count: p)
        for r in stride(from: p - 1, through: 0, by: -1) {
            var s = v[r]
            for c in (r + 1)..<p { s -= m[r * p + c] * x[c] }
            x[r] = s / m[r * p + r]
        }
        return x
    }
}
