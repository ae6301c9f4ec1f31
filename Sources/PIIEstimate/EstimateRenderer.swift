#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PIIModel
import PIIReport

/// Renders an ``Estimate`` for people (text) or machines (JSON). Every result line names the
/// rule or source that produced it.
public enum EstimateRenderer {
    public static func text(_ estimate: Estimate) -> String {
        var out = "Breach-scale estimate (model: kr-pii-spec §10; constants \(estimate.constantsVersion))\n"
        if !estimate.complete {
            out += "  INCOMPLETE: a scan report behind this estimate is marked incomplete (inputs not read, or an interrupt); the figures cover only what was scanned\n"
        }
        let f = estimate.samplingFraction
        out += "  sampling fraction \(f >= 1 ? "1 (full scan)" : JSONWriter.format((f * 1e6).rounded() / 1e6))"
        if let p = estimate.precision {
            out += "; precision \(number(p.point, 3)) (95 % Wilson \(number(p.low, 3)) – \(number(p.high, 3)))\n"
        } else {
            out += "; no precision audit (every reported detection counted as real: --audit CORRECT/N)\n"
        }
        out += "\nData subjects (people)   \(grouped(estimate.subjects.point))   95 %: \(grouped(estimate.subjects.low)) – \(grouped(estimate.subjects.high))\n"
        if let sample = estimate.peopleSample {
            out += "  \(estimate.peopleMethod): \(range(estimate.people)) from d \(grouped(sample.d)), f1 \(grouped(sample.f1)), f2 \(grouped(sample.f2)) [spec §10.2.2, §10.2.4]\n"
        } else {
            out += "  \(estimate.peopleMethod): \(range(estimate.people))\n"
        }
        if estimate.weakUpper > 0 {
            out += "  + up to \(grouped(estimate.weakUpper)) more from weak values (addresses, masked or safe numbers) in records without a strong identifier (high bound only)\n"
        }
        if !estimate.categories.isEmpty {
            out += "\n  " + pad("category", 20) + leftPad("seen (d)", 10) + "   " + pad("distinct, 95 %", 34) + pad("method", 10) + "holders\n"
            for item in estimate.categories {
                out += "  " + pad(item.category.rawValue, 20) + leftPad(grouped(item.sample.d), 10) + "   "
                    + pad(range(item.identifiers), 34) + pad(item.method.rawValue, 10) + range(item.subjects) + "\n"
            }
        }
        out += "\nDuties\n"
        for trigger in estimate.triggers {
            out += "  " + pad(trigger.status.rawValue, 7) + pad(trigger.id, 27) + trigger.title + "\n"
            out += "  " + String(repeating: " ", count: 34) + "why: " + trigger.reason + "\n"
            out += "  " + String(repeating: " ", count: 34) + "rule: " + trigger.source + "\n"
        }
        let penalty = estimate.penalty
        out += "\nPenalty exposure: tier \(penalty.tier.rawValue) (rates \(penalty.rates.map { percent($0) }.joined(separator: " / ")) of relevant revenue) [\(penalty.ratesSource)]\n"
        if let base = penalty.revenueBaseKRW, let relevant = penalty.revenueRelevantKRW {
            out += "  revenue base \(won(base)) (\(penalty.revenueBasisNote)); relevant \(won(relevant))\n"
        } else {
            out += "  \(penalty.revenueBasisNote)\n"
        }
        out += "  cap \(won(penalty.capKRW))\(penalty.specialRegime ? " (10 % regime)" : "") [\(penalty.capSource)]\n"
        out += "  surcharge \(money(penalty.amountKRW))\n"
        out += "  plus administrative fines of \(won(penalty.fineAllowanceKRW.low)) – \(won(penalty.fineAllowanceKRW.high)), not in the totals [\(penalty.fineAllowanceSource)]\n"
        if let gdpr = estimate.gdprCapsEUR {
            out += "  GDPR caps: €\(grouped(gdpr.tier1)) (Art. 83(4)), €\(grouped(gdpr.tier2)) if unlawful processing too (Art. 83(5))\n"
        }
        let cost = estimate.cost
        out += "\nExpected cost" + String(repeating: " ", count: 13) + leftPad("low", 14) + leftPad("point", 14) + leftPad("high", 14) + "\n"
        out += row("response", cost.responseKRW, won) + row("penalty", penalty.amountKRW, won)
            + row("litigation", cost.litigationKRW, won) + row("total (KRW)", cost.totalKRW, won)
        let usd = Interval(
            low: cost.totalKRW.low / estimate.fxKRWPerUSD, point: cost.totalKRW.point / estimate.fxKRWPerUSD,
            high: cost.totalKRW.high / estimate.fxKRWPerUSD)
        out += row("total (USD)", usd, dollars)
        out += "  at ₩\(grouped(estimate.fxKRWPerUSD))/US$ [\(estimate.fxSource)]\n"
        out += "  response: \(cost.responseSources.joined(separator: "; "))\n"
        out += "  litigation: \(cost.litigationSources.joined(separator: "; "))\n"
        return out
    }

    public static func json(_ estimate: Estimate) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("model", "kr-pii-spec §10")
        w.field("constants_version", estimate.constantsVersion)
        w.field("sampling_fraction", estimate.samplingFraction)
        w.field("complete", estimate.complete)
        if let p = estimate.precision {
            w.key("precision")
            interval(&w, p, digits: 4)
        }
        w.key("subjects")
        interval(&w, estimate.subjects)
        w.key("people")
        w.beginObject()
        w.field("method", estimate.peopleMethod)
        if let sample = estimate.peopleSample { sampleObject(&w, sample) }
        w.key("estimate")
        interval(&w, estimate.people)
        w.field("weak_upper", estimate.weakUpper.rounded())
        w.endObject()
        w.key("categories")
        w.beginObject()
        for item in estimate.categories {
            w.key(item.category.rawValue)
            w.beginObject()
            sampleObject(&w, item.sample)
            w.field("method", item.method.rawValue)
            w.key("identifiers")
            interval(&w, item.identifiers)
            w.key("subjects")
            interval(&w, item.subjects)
            w.endObject()
        }
        w.endObject()
        w.key("duties")
        w.beginArray()
        for trigger in estimate.triggers {
            w.beginObject()
            w.field("id", trigger.id)
            w.field("status", trigger.status.rawValue)
            w.field("title", trigger.title)
            w.field("reason", trigger.reason)
            w.field("source", trigger.source)
            w.endObject()
        }
        w.endArray()
        let penalty = estimate.penalty
        w.key("penalty")
        w.beginObject()
        w.field("tier", penalty.tier.rawValue)
        w.key("rates")
        w.beginArray()
        for rate in penalty.rates { w.double(rate) }
        w.endArray()
        w.field("rates_source", penalty.ratesSource)
        if let base = penalty.revenueBaseKRW { w.field("revenue_base_krw", base.rounded()) }
        if let relevant = penalty.revenueRelevantKRW { w.field("revenue_relevant_krw", relevant.rounded()) }
        w.field("revenue_basis", penalty.revenueBasisNote)
        w.field("special_regime", penalty.specialRegime)
        w.field("cap_krw", penalty.capKRW.rounded())
        w.field("cap_source", penalty.capSource)
        w.key("krw")
        interval(&w, penalty.amountKRW)
        w.key("fine_allowance_krw")
        interval(&w, penalty.fineAllowanceKRW)
        w.field("fine_allowance_source", penalty.fineAllowanceSource)
        w.endObject()
        let cost = estimate.cost
        w.key("cost")
        w.beginObject()
        w.field("fx_krw_per_usd", estimate.fxKRWPerUSD)
        w.field("fx_source", estimate.fxSource)
        w.key("response_krw")
        interval(&w, cost.responseKRW)
        strings(&w, "response_sources", cost.responseSources)
        w.key("litigation_krw")
        interval(&w, cost.litigationKRW)
        strings(&w, "litigation_sources", cost.litigationSources)
        w.key("penalty_krw")
        interval(&w, penalty.amountKRW)
        w.key("total_krw")
        interval(&w, cost.totalKRW)
        w.key("total_usd")
        interval(
            &w,
            Interval(
                low: cost.totalKRW.low / estimate.fxKRWPerUSD, point: cost.totalKRW.point / estimate.fxKRWPerUSD,
                high: cost.totalKRW.high / estimate.fxKRWPerUSD))
        w.endObject()
        if let gdpr = estimate.gdprCapsEUR {
            w.key("gdpr")
            w.beginObject()
            w.field("cap_tier1_eur", gdpr.tier1.rounded())
            w.field("cap_tier2_eur", gdpr.tier2.rounded())
            strings(&w, "sources", estimate.gdprSources)
            w.endObject()
        }
        w.endObject()
        return w.text + "\n"
    }

    // MARK: Helpers

    private static func interval(_ w: inout JSONWriter, _ value: Interval, digits: Int? = nil) {
        func r(_ x: Double) -> Double {
            guard let digits else { return x.rounded() }
            let scale = pow(10, Double(digits))
            return (x * scale).rounded() / scale
        }
        w.beginObject()
        w.field("low", r(value.low))
        w.field("point", r(value.point))
        w.field("high", r(value.high))
        w.endObject()
    }

    private static func sampleObject(_ w: inout JSONWriter, _ sample: SampleCounts) {
        w.key("sample")
        w.beginObject()
        w.field("d", sample.d.rounded())
        w.field("f1", sample.f1.rounded())
        w.field("f2", sample.f2.rounded())
        w.endObject()
    }

    private static func strings(_ w: inout JSONWriter, _ name: String, _ values: [String]) {
        w.key(name)
        w.beginArray()
        for value in values { w.string(value) }
        w.endArray()
    }

    private static func row(_ label: String, _ value: Interval, _ format: (Double) -> String) -> String {
        "  " + pad(label, 24) + leftPad(format(value.low), 14) + leftPad(format(value.point), 14) + leftPad(format(value.high), 14) + "\n"
    }

    private static func money(_ value: Interval) -> String {
        "\(won(value.low)) / \(won(value.point)) / \(won(value.high)) (low / point / high)"
    }

    private static func range(_ value: Interval) -> String {
        value.low == value.high ? grouped(value.point) : "\(grouped(value.point)) (\(grouped(value.low)) – \(grouped(value.high)))"
    }

    /// `₩3.38 bn`, `₩239.3 M`, `₩1.125 trn`.
    static func won(_ value: Double) -> String {
        if value >= 1e12 { return "₩" + number(value / 1e12, 3) + " trn" }
        if value >= 1e9 { return "₩" + number(value / 1e9, 2) + " bn" }
        if value >= 1e6 { return "₩" + number(value / 1e6, 1) + " M" }
        return "₩" + grouped(value)
    }

    static func dollars(_ value: Double) -> String {
        if value >= 1e9 { return "US$" + number(value / 1e9, 2) + " bn" }
        if value >= 1e6 { return "US$" + number(value / 1e6, 2) + " M" }
        return "US$" + grouped(value)
    }

    private static func percent(_ value: Double) -> String { number(value * 100, 2) + " %" }

    /// Fixed decimals, trailing zeros kept (no Foundation formatting needed). A value whose
    /// scaled form does not fit an Int64 (or is not finite) is printed as Swift writes it
    /// (`1e+288`) instead of trapping.
    static func number(_ value: Double, _ digits: Int) -> String {
        let scale = pow(10, Double(digits))
        guard let scaled = Int64(exactly: (value * scale).rounded()), scaled != .min else { return String(value) }
        let whole = scaled / Int64(scale)
        let fraction = abs(scaled % Int64(scale))
        guard digits > 0 else { return String(whole) }
        let fractionText = String(fraction)
        return (scaled < 0 && whole == 0 ? "-" : "") + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text + " " : text + String(repeating: " ", count: width - count)
    }

    private static func leftPad(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }
}
