/// A count with its 95 % interval.
public struct Interval: Sendable, Equatable {
    public var low: Double
    public var point: Double
    public var high: Double

    public init(low: Double, point: Double, high: Double) {
        self.low = low
        self.point = point
        self.high = high
    }

    public init(exactly value: Double) { self.init(low: value, point: value, high: value) }

    public static func * (lhs: Interval, rhs: Interval) -> Interval {
        Interval(low: lhs.low * rhs.low, point: lhs.point * rhs.point, high: lhs.high * rhs.high)
    }
    public static func + (lhs: Interval, rhs: Interval) -> Interval {
        Interval(low: lhs.low + rhs.low, point: lhs.point + rhs.point, high: lhs.high + rhs.high)
    }
}

/// Distinct values seen in a (possibly sampled) scan: `d` distinct, `f1` seen once, `f2` twice.
public struct SampleCounts: Sendable, Equatable {
    public var d: Double
    public var f1: Double
    public var f2: Double

    public init(d: Double, f1: Double, f2: Double) {
        self.d = d
        self.f1 = f1
        self.f2 = f2
    }
}

/// How a population count was obtained from a sample (kr-pii-spec.md §10.2.4).
public enum ExtrapolationMethod: String, Sendable {
    /// A full scan: the count is exact.
    case exact
    /// Each subject appears about once (`f1/d ≥ 0.9`): `N = d/f`, Bernoulli-sampling interval.
    case scaleUp = "scale-up"
    /// Subjects recur (logs): bias-corrected Chao1 with its log-normal interval.
    case chao1
}

/// Population estimates from sample counts.
public enum Extrapolation {
    /// Extrapolates `counts` seen in a Bernoulli sample of fraction `fraction` of the units.
    ///
    /// Chao1 results are clamped to `[d, d/f]` (no fewer than seen, no more than "everyone
    /// appeared once"); the scale-up interval keeps its analytic upper bound (spec T6, T11).
    public static func estimate(
        _ counts: SampleCounts, fraction: Double, singletonRatio: Double = 0.9, z: Double = 1.96
    ) -> (Interval, ExtrapolationMethod) {
        let d = counts.d
        guard fraction < 1, d > 0 else { return (Interval(exactly: d), .exact) }
        let f = max(fraction, 1e-12)
        if counts.f1 / d >= singletonRatio {
            let point = d / f
            let standardError = (d * (1 - f)).squareRoot() / f
            return (Interval(low: max(d, point - z * standardError), point: point, high: point + z * standardError), .scaleUp)
        }
        let f1 = counts.f1, f2 = counts.f2
        let unseen = f1 * (f1 - 1) / (2 * (f2 + 1))
        let point = d + unseen
        var low = d, high = d
        if unseen > 0 {
            let variance: Double
            if f2 > 0 {
                let ratio = f1 / f2
                variance = f2 * (pow4(ratio) / 4 + ratio * ratio * ratio + ratio * ratio / 2)
            } else {
                // Chao's variance for f2 = 0 (the ratio form is undefined there).
                variance = f1 * (f1 - 1) / 2 + f1 * (2 * f1 - 1) * (2 * f1 - 1) / 4 - pow4(f1) / (4 * point)
            }
            let k = exp(z * log(1 + max(variance, 0) / (unseen * unseen)).squareRoot())
            low = d + unseen / k
            high = d + unseen * k
        }
        let ceiling = d / f
        func clamp(_ value: Double) -> Double { min(max(value, d), ceiling) }
        return (Interval(low: clamp(low), point: clamp(point), high: clamp(high)), .chao1)
    }

    /// The Wilson 95 % interval of a precision audit: `correct` of `n` reported detections were
    /// real personal data.
    public static func wilson(correct: Int, of n: Int, z: Double = 1.96) -> Interval {
        guard n > 0 else { return Interval(exactly: 1) }
        let p = Double(correct) / Double(n)
        let nn = Double(n)
        let denominator = 1 + z * z / nn
        let center = (p + z * z / (2 * nn)) / denominator
        let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / denominator
        return Interval(low: max(0, center - half), point: p, high: min(1, center + half))
    }

    private static func pow4(_ x: Double) -> Double { x * x * x * x }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
