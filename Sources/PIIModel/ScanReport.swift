/// Everything a reporter needs: findings in input order, input issues, and the summary.
public struct ScanReport: Sendable {
    public var findings: [Finding]
    public var issues: [InputIssue]
    public var summary: ScanSummary

    public init(findings: [Finding] = [], issues: [InputIssue] = [], summary: ScanSummary = ScanSummary()) {
        self.findings = findings
        self.issues = issues
        self.summary = summary
    }
}
