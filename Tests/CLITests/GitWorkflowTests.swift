import CSQLite
import Foundation
import XCTest

/// Pre-commit and pull-request workflows in real git repositories (temporary directories):
/// `hook install`, `scan --staged`, `scan --diff`, `piiscan:allow`, baselines and `.piiscan.toml`.
final class GitWorkflowTests: CLITestCase {
    // Valid resident numbers (check digits per kr-pii-spec.md), all synthetic.
    let rrn = "900101-1234568"
    let otherRRN = "850315-2012341"
    let thirdRRN = "110930-4456780"

    /// A fresh repository with one commit, isolated from the user's git configuration.
    private func makeRepository() throws -> URL {
        let directory = try temporaryDirectory()
        try git(["init", "-q", "-b", "main", "."], in: directory)
        try write("README.md", "# demo\n", in: directory)
        try git(["add", "README.md"], in: directory)
        try git(["commit", "-q", "-m", "init"], in: directory)
        return directory
    }

    private var gitEnvironment: [String: String] {
        [
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
            "PIISCAN_KEY": Self.key,
        ]
    }

    /// Runs git in `directory`; fails the test on a non-zero status unless `allowFailure`.
    @discardableResult
    private func git(
        _ arguments: [String], in directory: URL, allowFailure: Bool = false, environment extra: [String: String] = [:]
    ) throws -> Outcome {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in gitEnvironment { environment[name] = value }
        for (name, value) in extra { environment[name] = value }
        let outcome = try execute("/usr/bin/env", ["git"] + arguments, environment: environment, directory: directory)
        if !allowFailure && outcome.status != 0 {
            XCTFail("git \(arguments.joined(separator: " ")) failed (\(outcome.status)): \(outcome.all)")
        }
        return outcome
    }

    private func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Outcome {
        var merged = gitEnvironment
        for (name, value) in environment { merged[name] = value }
        return try piiscan(arguments, environment: merged, directory: directory)
    }

    private func write(_ name: String, _ text: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private func commitCount(_ directory: URL) throws -> Int {
        Int(try git(["rev-list", "--count", "HEAD"], in: directory).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Stages everything and commits through the installed hook.
    private func commit(_ message: String, in directory: URL) throws -> Outcome {
        try git(["add", "-A"], in: directory)
        return try git(["commit", "-q", "-m", message], in: directory, allowFailure: true)
    }

    // MARK: - The hook

    func testHookBlocksACommitAddingAResidentNumberWithAMaskedMessage() throws {
        let repository = try makeRepository()
        let install = try run(["hook", "install"], in: repository)
        XCTAssertEqual(install.status, 0, install.all)
        let hook = repository.appendingPathComponent(".git/hooks/pre-commit").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: hook))

        try write("src/users.txt", "id=7\n고객 주민번호: \(rrn)\n", in: repository)
        let blocked = try commit("add users", in: repository)
        XCTAssertNotEqual(blocked.status, 0, "the commit must be refused")
        XCTAssertTrue(blocked.all.contains("src/users.txt"), blocked.all)
        XCTAssertTrue(blocked.all.contains("2:"), "line of the new file: \(blocked.all)")
        XCTAssertTrue(blocked.all.contains("900101-1******"), blocked.all)
        XCTAssertTrue(blocked.all.contains("commit blocked"), blocked.all)
        XCTAssertFalse(blocked.all.contains(rrn), "the raw value must never be printed")
        XCTAssertEqual(try commitCount(repository), 1)

        // A clean change commits, silently (no summary on every commit).
        try write("src/users.txt", "id=7\n", in: repository)
        let clean = try commit("clean", in: repository)
        XCTAssertEqual(clean.status, 0, clean.all)
        XCTAssertEqual(clean.all, "", "the hook is quiet when nothing is found")
        XCTAssertEqual(try commitCount(repository), 2)
    }

    /// A merge that needs no conflict resolution runs `pre-merge-commit`, not `pre-commit`: the
    /// installed merge hook runs the pre-commit hook, so a branch committed with `--no-verify`
    /// cannot bring personal data in by a clean merge. `uninstall` removes it; a foreign
    /// `pre-merge-commit` is left alone.
    func testAMergeWithoutConflictsIsCheckedToo() throws {
        let repository = try makeRepository()
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)
        let mergeHook = repository.appendingPathComponent(".git/hooks/pre-merge-commit").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: mergeHook))
        try git(["checkout", "-q", "-b", "feature"], in: repository)
        try write("users.txt", "고객 주민번호: \(rrn)\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "--no-verify", "-m", "bypassed"], in: repository)
        try git(["checkout", "-q", "main"], in: repository)
        try write("other.txt", "clean\n", in: repository)
        XCTAssertEqual(try commit("other", in: repository).status, 0)
        let merge = try git(["merge", "--no-ff", "-m", "merge feature", "feature"], in: repository, allowFailure: true)
        XCTAssertNotEqual(merge.status, 0, merge.all)
        XCTAssertTrue(merge.all.contains("900101-1******"), merge.all)
        XCTAssertFalse(merge.all.contains(rrn))
        XCTAssertEqual(try commitCount(repository), 2, "the merge commit was not made")
        try git(["merge", "--abort"], in: repository, allowFailure: true)

        let uninstall = try run(["hook", "uninstall"], in: repository)
        XCTAssertEqual(uninstall.status, 0, uninstall.all)
        XCTAssertFalse(FileManager.default.fileExists(atPath: mergeHook))
        try write(".git/hooks/pre-merge-commit", "#!/bin/sh\nexit 0\n", in: repository)
        let install = try run(["hook", "install"], in: repository)
        XCTAssertEqual(install.status, 0, install.all)
        XCTAssertTrue(install.all.contains("is not piiscan's: left alone"), install.all)
        XCTAssertEqual(try String(contentsOfFile: mergeHook, encoding: .utf8), "#!/bin/sh\nexit 0\n")
    }

    func testSuppressedLinePassesButOnlyForTheNamedCategories() throws {
        let repository = try makeRepository()
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)

        try write("test/data.txt", "sample \(rrn)  # piiscan:allow\n", in: repository)
        try git(["add", "-A"], in: repository)
        let scanned = try run(["scan", "--staged"], in: repository)
        XCTAssertEqual(scanned.status, 0, scanned.all)
        XCTAssertTrue(scanned.all.contains("1 suppressed by piiscan:allow"), scanned.all)
        let allowed = try commit("fixture", in: repository)
        XCTAssertEqual(allowed.status, 0, allowed.all)
        XCTAssertEqual(allowed.all, "", "the hook is quiet when nothing is reported")

        // In a sweep over written data the marker is data: --no-inline-allow reports its line.
        let strict = try run(["scan", "--staged", "--no-inline-allow"], in: repository)
        XCTAssertEqual(strict.status, 0, "nothing staged now: \(strict.all)")
        let swept = try run(["scan", "--no-inline-allow", "test/data.txt"], in: repository)
        XCTAssertEqual(swept.status, 1, swept.all)
        XCTAssertTrue(swept.all.contains("900101-1******"), swept.all)
        XCTAssertFalse(swept.all.contains("suppressed"), swept.all)

        try write("test/more.txt", "sample \(otherRRN)  # piiscan:allow email\n", in: repository)
        let blocked = try commit("wrong category", in: repository)
        XCTAssertNotEqual(blocked.status, 0, blocked.all)
        XCTAssertTrue(blocked.all.contains("850315-2******"), blocked.all)

        try write("test/more.txt", "sample \(otherRRN)  # piiscan:allow kr-rrn,email\n", in: repository)
        XCTAssertEqual(try commit("right category", in: repository).status, 0)
        XCTAssertEqual(try commitCount(repository), 3)
    }

    func testBaselinedFindingsPassMovedLinesStayBaselinedChangedValuesAreCaught() throws {
        let repository = try makeRepository()
        try write("legacy/export.csv", "name,rrn\nkim,\(rrn)\nlee,\(otherRRN)\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "legacy data"], in: repository)

        let create = try run(["baseline", "create"], in: repository)
        XCTAssertEqual(create.status, 0, create.all)
        XCTAssertTrue(create.stderr.contains("2 entries written to .piiscan-baseline"), create.all)
        let baselineText = try String(contentsOf: repository.appendingPathComponent(".piiscan-baseline"), encoding: .utf8)
        XCTAssertFalse(baselineText.contains(rrn) || baselineText.contains("123456"), "no values in the baseline")
        XCTAssertTrue(baselineText.contains("legacy/export.csv\tkr-rrn\thmac-sha256:"), baselineText)
        try write(".piiscan.toml", "baseline = \".piiscan-baseline\"\n", in: repository)
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)
        XCTAssertEqual(try commit("baseline", in: repository).status, 0)

        // The same line moved (git sees it deleted and added) and the file edited: still accepted.
        try write("legacy/export.csv", "name,rrn\nlee,\(otherRRN)\npark,none\nkim,\(rrn)\n", in: repository)
        try git(["add", "-A"], in: repository)
        let scanned = try run(["scan", "--staged"], in: repository)
        XCTAssertEqual(scanned.status, 0, scanned.all)
        XCTAssertTrue(scanned.all.contains("1 baselined"), scanned.all)
        let moved = try commit("reorder", in: repository)
        XCTAssertEqual(moved.status, 0, moved.all)

        // A different value on the accepted line is new.
        try write("legacy/export.csv", "name,rrn\nlee,\(otherRRN)\npark,none\nkim,\(thirdRRN)\n", in: repository)
        let changed = try commit("new value", in: repository)
        XCTAssertNotEqual(changed.status, 0, changed.all)
        XCTAssertTrue(changed.all.contains("4:5") && changed.all.contains("110930-4******"), changed.all)
        XCTAssertFalse(changed.all.contains(thirdRRN))
        try git(["checkout", "-q", "--", "."], in: repository)
        try git(["reset", "-q", "--hard"], in: repository)

        // An accepted value copied into another file is new there.
        try write("docs/copy.txt", "kim \(rrn)\n", in: repository)
        let copied = try commit("copy", in: repository)
        XCTAssertNotEqual(copied.status, 0, copied.all)
        XCTAssertTrue(copied.all.contains("docs/copy.txt"), copied.all)
    }

    func testHookInstallRespectsForeignHooksAndCoreHooksPath() throws {
        let repository = try makeRepository()
        let hook = repository.appendingPathComponent(".git/hooks/pre-commit")
        try Data("#!/bin/sh\necho mine\n".utf8).write(to: hook)
        chmod(hook.path, 0o755)

        let refused = try run(["hook", "install"], in: repository)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("was not written by piiscan; use --force"), refused.all)
        XCTAssertEqual(try String(contentsOf: hook, encoding: .utf8), "#!/bin/sh\necho mine\n")

        XCTAssertEqual(try run(["hook", "install", "--force"], in: repository).status, 0)
        XCTAssertTrue(try String(contentsOf: hook, encoding: .utf8).contains("scan --staged"))
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0, "re-installing its own hook is fine")

        let removed = try run(["hook", "uninstall"], in: repository)
        XCTAssertEqual(removed.status, 0, removed.all)
        XCTAssertEqual(try String(contentsOf: hook, encoding: .utf8), "#!/bin/sh\necho mine\n", "the foreign hook is restored")
        let leftAlone = try run(["hook", "uninstall"], in: repository)
        XCTAssertEqual(leftAlone.status, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: hook.path))

        // A saved hook is never overwritten by a second --force (another tool rewrote the hook
        // meanwhile); a piiscan hook deleted by hand still gives the saved one back.
        XCTAssertEqual(try run(["hook", "install", "--force"], in: repository).status, 0)
        try Data("#!/bin/sh\necho other\n".utf8).write(to: hook)
        let second = try run(["hook", "install", "--force"], in: repository)
        XCTAssertEqual(second.status, 2, second.all)
        XCTAssertTrue(second.stderr.contains("a hook saved by an earlier --force"), second.all)
        let saved = repository.appendingPathComponent(".git/hooks/pre-commit.piiscan-saved")
        XCTAssertEqual(try String(contentsOf: saved, encoding: .utf8), "#!/bin/sh\necho mine\n")
        XCTAssertEqual(try String(contentsOf: hook, encoding: .utf8), "#!/bin/sh\necho other\n")
        try FileManager.default.removeItem(at: hook)
        XCTAssertEqual(try run(["hook", "uninstall"], in: repository).status, 0)
        XCTAssertEqual(try String(contentsOf: hook, encoding: .utf8), "#!/bin/sh\necho mine\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: saved.path))

        try git(["config", "core.hooksPath", "ci-hooks"], in: repository)
        let sub = repository.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        XCTAssertEqual(try run(["hook", "install"], in: sub).status, 0)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repository.appendingPathComponent("ci-hooks/pre-commit").path))
        try write("a.txt", "rrn \(rrn)\n", in: repository)
        XCTAssertNotEqual(try commit("blocked via core.hooksPath", in: repository).status, 0)
    }

    /// Writes an executable hook script.
    private func writeHook(_ text: String, at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        chmod(url.path, 0o755)
    }

    func testForcedInstallKeepsRunningTheReplacedHookFirst() throws {
        let repository = try makeRepository()
        // A "lint" hook that records each run outside the repository and fails when told to.
        let marks = try temporaryDirectory()
        let ran = marks.appendingPathComponent("ran").path
        let failFlag = marks.appendingPathComponent("fail").path
        let hook = repository.appendingPathComponent(".git/hooks/pre-commit")
        let lint = "#!/bin/sh\necho run >> '\(ran)'\nif [ -e '\(failFlag)' ]; then echo 'lint: style error' >&2; exit 3; fi\n"
        try writeHook(lint, at: hook)

        let install = try run(["hook", "install", "--force"], in: repository)
        XCTAssertEqual(install.status, 0, install.all)
        XCTAssertTrue(install.stdout.contains("pre-commit.piiscan-saved) runs first"), install.all)

        // Both run: the lint hook, then piiscan (which blocks this one).
        try write("a.txt", "rrn \(rrn)\n", in: repository)
        let blocked = try commit("finding", in: repository)
        XCTAssertNotEqual(blocked.status, 0, blocked.all)
        XCTAssertTrue(blocked.all.contains("900101-1******"), blocked.all)
        XCTAssertEqual(try String(contentsOfFile: ran, encoding: .utf8), "run\n")

        // The lint hook failing stops the commit with its status, before piiscan runs.
        try write("a.txt", "clean\n", in: repository)
        XCTAssertTrue(FileManager.default.createFile(atPath: failFlag, contents: nil))
        let lintFailed = try commit("lint fails", in: repository)
        XCTAssertNotEqual(lintFailed.status, 0, lintFailed.all)
        XCTAssertTrue(lintFailed.all.contains("lint: style error"), lintFailed.all)
        XCTAssertFalse(lintFailed.all.contains("Summary:"), "piiscan must not run after the saved hook failed: \(lintFailed.all)")
        XCTAssertEqual(try commitCount(repository), 1)

        try FileManager.default.removeItem(atPath: failFlag)
        let passed = try commit("clean", in: repository)
        XCTAssertEqual(passed.status, 0, passed.all)
        XCTAssertEqual(try String(contentsOfFile: ran, encoding: .utf8), "run\nrun\nrun\n")
        XCTAssertEqual(try commitCount(repository), 2)
    }

    func testHuskyAndPreCommitFrameworkHooksGetAdviceNotForce() throws {
        let repository = try makeRepository()
        try git(["config", "core.hooksPath", ".husky/_"], in: repository)
        let shim = repository.appendingPathComponent(".husky/_/pre-commit")
        try writeHook("#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n", at: shim)
        let husky = try run(["hook", "install"], in: repository)
        XCTAssertEqual(husky.status, 2, husky.all)
        XCTAssertTrue(husky.stderr.contains("add the line `piiscan scan --staged` to your own hook, .husky/pre-commit"), husky.all)
        XCTAssertFalse(husky.stderr.contains("--force"), husky.all)
        XCTAssertEqual(try String(contentsOf: shim, encoding: .utf8), "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n")

        try git(["config", "--unset", "core.hooksPath"], in: repository)
        let framework = repository.appendingPathComponent(".git/hooks/pre-commit")
        try writeHook("#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit \"$@\"\n", at: framework)
        let preCommit = try run(["hook", "install"], in: repository)
        XCTAssertEqual(preCommit.status, 2, preCommit.all)
        XCTAssertTrue(preCommit.stderr.contains("add piiscan to .pre-commit-config.yaml"), preCommit.all)
        XCTAssertFalse(preCommit.stderr.contains("--force"), preCommit.all)
    }

    func testUninstallLeavesAnEditedHookAloneUnlessForcedThenKeepsABackup() throws {
        let repository = try makeRepository()
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)
        let hook = repository.appendingPathComponent(".git/hooks/pre-commit")
        let edited = try String(contentsOf: hook, encoding: .utf8) + "npm run lint\n"
        try writeHook(edited, at: hook)

        let refused = try run(["hook", "uninstall"], in: repository)
        XCTAssertEqual(refused.status, 2, refused.all)
        XCTAssertTrue(refused.stderr.contains("was edited since piiscan wrote it; left alone"), refused.all)
        XCTAssertEqual(try String(contentsOf: hook, encoding: .utf8), edited)
        let reinstall = try run(["hook", "install"], in: repository)
        XCTAssertEqual(reinstall.status, 2, reinstall.all)
        XCTAssertEqual(try String(contentsOf: hook, encoding: .utf8), edited)

        let forced = try run(["hook", "uninstall", "--force"], in: repository)
        XCTAssertEqual(forced.status, 0, forced.all)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hook.path))
        let backup = repository.appendingPathComponent(".git/hooks/pre-commit.piiscan-backup")
        XCTAssertEqual(try String(contentsOf: backup, encoding: .utf8), edited)
        XCTAssertTrue(forced.stdout.contains("pre-commit.piiscan-backup"), forced.all)

        // A second forced removal never overwrites the first backup.
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)
        try writeHook(try String(contentsOf: hook, encoding: .utf8) + "make check\n", at: hook)
        XCTAssertEqual(try run(["hook", "uninstall", "--force"], in: repository).status, 0)
        XCTAssertEqual(try String(contentsOf: backup, encoding: .utf8), edited)
        XCTAssertTrue(
            try String(contentsOf: repository.appendingPathComponent(".git/hooks/pre-commit.piiscan-backup.1"), encoding: .utf8)
                .hasSuffix("make check\n"))

        // A hook written by the previous version (another binary path) is not "edited".
        let previous = """
            #!/bin/sh
            # piiscan-managed pre-commit hook (`piiscan hook install`; `piiscan hook uninstall` removes it).
            # Blocks commits whose staged changes add personal data; `git commit --no-verify` skips it.
            PIISCAN='/opt/old/bin/piiscan'
            [ -x "$PIISCAN" ] || PIISCAN=piiscan
            "$PIISCAN" scan --staged
            status=$?
            if [ "$status" -eq 1 ]; then
              echo "piiscan: commit blocked: the staged changes add personal data (values masked above)." >&2
              echo "piiscan: remove it, mark the line with a 'piiscan:allow' comment, or accept it in the baseline." >&2
            fi
            exit "$status"

            """
        try writeHook(previous, at: hook)
        let old = try run(["hook", "uninstall"], in: repository)
        XCTAssertEqual(old.status, 0, old.all)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hook.path))
    }

    func testHookExplainsAMissingBinaryScanErrorsAndHowToAcceptFindings() throws {
        let repository = try makeRepository()
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)

        // An input error (a bad .piiscan.toml): exit 2 and a line saying what it means.
        try write(".piiscan.toml", "no_such_key = 1\n", in: repository)
        let broken = try commit("bad config", in: repository)
        XCTAssertEqual(broken.status, 1, broken.all)  // git reports a failed hook as 1
        XCTAssertTrue(broken.all.contains("commit blocked: piiscan could not scan everything (see above)"), broken.all)
        XCTAssertTrue(broken.all.contains("git commit --no-verify"), broken.all)
        try FileManager.default.removeItem(at: repository.appendingPathComponent(".piiscan.toml"))

        // A finding: the advice on accepting it works when followed to the letter.
        try write("legacy.txt", "rrn \(rrn)\n", in: repository)
        let blocked = try commit("finding", in: repository)
        XCTAssertNotEqual(blocked.status, 0, blocked.all)
        XCTAssertTrue(blocked.all.contains("'piiscan:allow'"), blocked.all)
        XCTAssertTrue(blocked.all.contains("run 'piiscan baseline create' at the top level"), blocked.all)
        XCTAssertTrue(blocked.all.contains(#"baseline = ".piiscan-baseline" to .piiscan.toml"#), blocked.all)
        XCTAssertEqual(try run(["baseline", "create"], in: repository).status, 0)
        try write(".piiscan.toml", "baseline = \".piiscan-baseline\"\n", in: repository)
        let accepted = try commit("accepted", in: repository)
        XCTAssertEqual(accepted.status, 0, accepted.all)
        XCTAssertEqual(try commitCount(repository), 2)

        // The binary moved away, and none on PATH: a clear message, not "piiscan: not found".
        let hook = repository.appendingPathComponent(".git/hooks/pre-commit")
        let moved = try String(contentsOf: hook, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("PIISCAN=") ? "PIISCAN='/nonexistent/bin/piiscan'" : String($0) }.joined(separator: "\n")
        try writeHook(moved, at: hook)
        try write("b.txt", "clean\n", in: repository)
        try git(["add", "-A"], in: repository)
        let missing = try git(["commit", "-q", "-m", "no binary"], in: repository, allowFailure: true, environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertNotEqual(missing.status, 0, missing.all)
        XCTAssertTrue(missing.all.contains("piiscan binary this hook runs is missing: /nonexistent/bin/piiscan"), missing.all)
        XCTAssertTrue(missing.all.contains("'piiscan hook install'") && missing.all.contains("git commit --no-verify"), missing.all)
        XCTAssertFalse(missing.all.contains("not found"), missing.all)
        XCTAssertEqual(try commitCount(repository), 2)
    }

    func testQuietPrintsNothingOnlyWhenNothingIsReported() throws {
        let repository = try makeRepository()
        try write("clean.txt", "nothing here\n", in: repository)
        try git(["add", "-A"], in: repository)
        let clean = try run(["scan", "--staged", "--quiet"], in: repository)
        XCTAssertEqual(clean.status, 0, clean.all)
        XCTAssertEqual(clean.all, "")
        XCTAssertTrue(try run(["scan", "--staged"], in: repository).stdout.contains("Summary:"), "not quiet without the flag")

        try write("users.txt", "rrn \(rrn)\n", in: repository)
        try git(["add", "-A"], in: repository)
        let found = try run(["scan", "--staged", "-q"], in: repository)
        XCTAssertEqual(found.status, 1, found.all)
        XCTAssertTrue(found.stdout.contains("900101-1******") && found.stdout.contains("Summary:"), found.all)

        let missing = try run(["scan", "--quiet", "no-such-file.txt"], in: repository)
        XCTAssertEqual(missing.status, 2, missing.all)
        XCTAssertTrue(missing.stdout.contains("Errors") && missing.stdout.contains("Summary:"), missing.all)

        let json = try run(["scan", "--staged", "--quiet", "--format", "json"], in: repository)
        XCTAssertEqual(json.status, 2, json.all)
        XCTAssertTrue(json.stderr.contains("--quiet applies to the text report"), json.all)
    }

    // MARK: - scan --staged and --diff

    func testStagedScansOnlyTheIndexAndOnlyAddedLines() throws {
        let repository = try makeRepository()
        try write("a.txt", "one\ntwo \(rrn)\nthree\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "existing finding"], in: repository)

        // An unstaged edit is not what the commit adds.
        try write("a.txt", "one\ntwo \(rrn)\nthree\nfour \(otherRRN)\n", in: repository)
        XCTAssertEqual(try run(["scan", "--staged"], in: repository).status, 0)

        // Staged: only the added line is reported, with its line number in the new file; the
        // finding already committed on line 2 is not.
        try git(["add", "a.txt"], in: repository)
        try write("a.txt", "clean again\n", in: repository)  // the working tree no longer has it
        let staged = try run(["scan", "--staged", "--format", "json"], in: repository)
        XCTAssertEqual(staged.status, 1, staged.all)
        XCTAssertTrue(staged.stdout.contains(#""path":"a.txt","line":4,"column":6,"offset":34"#), staged.stdout)
        XCTAssertFalse(staged.stdout.contains("900101-1******"), staged.stdout)

        // --staged takes no paths.
        XCTAssertEqual(try run(["scan", "--staged", "a.txt"], in: repository).status, 2)
    }

    /// A value alone on its line takes its context from the line before (a form's label, an
    /// agent's question): an added line under a committed one is judged as a whole-file scan
    /// judges it, and the committed line's own findings are not reported.
    func testAddedLineAnswersTheCommittedLineBeforeIt() throws {
        let repository = try makeRepository()
        let question = "상담사 : 환불 계좌 알려주세요 (대표 010-2345-6789)"
        try write("chat.txt", "\(question)\n끝\n메모 \(rrn)\n수정\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "--no-verify", "-m", "chat"], in: repository)

        // Two runs of added lines: one under the question, one under the committed resident number.
        let answer = "홍길동 : 483421-24-480603"
        try write("chat.txt", "\(question)\n\(answer)\n끝\n메모 \(rrn)\n\(answer)\n수정\n", in: repository)
        let whole = try run(["scan", "--format", "ndjson", "chat.txt"], in: repository)
        XCTAssertTrue(whole.stdout.contains(#""line":2,"column":13,"offset":77,"length":16,"category":"kr-bank-account""#), whole.stdout)
        try git(["add", "-A"], in: repository)
        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(staged.status, 1, staged.all)
        let findings = staged.stdout.split(separator: "\n").filter { $0.contains(#""type":"finding""#) }
        XCTAssertEqual(findings.count, 1, staged.stdout)
        XCTAssertTrue(findings[0].contains(#""line":2,"column":13,"offset":77,"length":16,"category":"kr-bank-account""#), staged.stdout)
        // The same through --diff on a branch.
        try git(["checkout", "-q", "-b", "answer"], in: repository)
        try git(["commit", "-q", "--no-verify", "-m", "answer"], in: repository)
        let branch = try run(["scan", "--diff", "main", "--format", "ndjson"], in: repository)
        XCTAssertEqual(branch.stdout.components(separatedBy: #""type":"finding""#).count - 1, 1, branch.stdout)
        XCTAssertTrue(branch.stdout.contains(#""line":2,"column":13"#), branch.stdout)
    }

    /// A CSV header names the columns of every later line and a dump's CREATE TABLE the columns
    /// of its rows: a staged or branch change to such a file is judged with that context (the
    /// whole new version is scanned), but only its added lines are reported.
    func testStagedCSVAndDumpRowsKeepTheirColumnContext() throws {
        let repository = try makeRepository()
        try write("travellers.csv", "id,name,passport_no\n1,홍길동,M59994376\n", in: repository)
        let full = try run(["scan", "--format", "ndjson", "travellers.csv"], in: repository)
        XCTAssertTrue(full.stdout.contains(#""category":"kr-passport""#), full.all)
        try git(["add", "-A"], in: repository)
        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(staged.status, 1, staged.all)
        XCTAssertTrue(staged.stdout.contains(#""line":2,"column":13"#) && staged.stdout.contains(#""field":"passport_no""#), staged.stdout)
        try git(["commit", "-q", "--no-verify", "-m", "first traveller"], in: repository)

        // A later row: reported on its own line; the committed row is not reported again.
        try git(["checkout", "-q", "-b", "more"], in: repository)
        try write("travellers.csv", "id,name,passport_no\n1,홍길동,M59994376\n2,김영희,S98765432\n", in: repository)
        try write(
            "dump.sql",
            "CREATE TABLE travellers(id INT, name TEXT, passport_no TEXT);\nINSERT INTO travellers VALUES (1,'홍길동','M12345678');\n",
            in: repository)
        try git(["add", "-A"], in: repository)
        let added = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        let findings = added.stdout.split(separator: "\n").filter { $0.contains(#""type":"finding""#) }
        XCTAssertEqual(findings.count, 2, added.stdout)
        XCTAssertTrue(findings.contains { $0.contains(#""path":"travellers.csv","line":3"#) }, added.stdout)
        XCTAssertTrue(findings.contains { $0.contains(#""path":"dump.sql","line":2"#) && $0.contains(#""table":"travellers""#) }, added.stdout)
        try git(["commit", "-q", "--no-verify", "-m", "more"], in: repository)
        let branch = try run(["scan", "--diff", "main", "--format", "ndjson"], in: repository)
        XCTAssertEqual(branch.stdout.components(separatedBy: #""type":"finding""#).count - 1, 2, branch.stdout)
        XCTAssertFalse(branch.stdout.contains(#""line":2,"column":13"#), "the row on main is not what the branch adds")
    }

    func testRenamesDeletionsAndBinaryFiles() throws {
        let repository = try makeRepository()
        try write("old/name.txt", "header\nrrn \(rrn)\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "file with a finding"], in: repository)

        // A pure rename adds no lines.
        try git(["mv", "old/name.txt", "new-name.txt"], in: repository)
        XCTAssertEqual(try run(["scan", "--staged"], in: repository).status, 0)

        // A rename with an added line: only that line.
        try write("new-name.txt", "header\nrrn \(rrn)\nphone 010-2345-6789\n", in: repository)
        try git(["add", "-A"], in: repository)
        let renamed = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(renamed.status, 1)
        let findings = renamed.stdout.split(separator: "\n").filter { $0.contains(#""type":"finding""#) }
        XCTAssertEqual(findings.count, 1, renamed.stdout)
        XCTAssertTrue(findings.first?.contains(#""path":"new-name.txt","line":3"#) == true, renamed.stdout)
        try git(["commit", "-q", "-m", "renamed"], in: repository)

        // Deletions add nothing.
        try git(["rm", "-q", "new-name.txt"], in: repository)
        XCTAssertEqual(try run(["scan", "--staged"], in: repository).status, 0)

        // Binary files are skipped with a note.
        var binary: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]
        binary += Array(" \(otherRRN)\n".utf8)
        try Data(binary).write(to: repository.appendingPathComponent("image.png"))
        try git(["add", "-A"], in: repository)
        let skipped = try run(["scan", "--staged"], in: repository)
        XCTAssertEqual(skipped.status, 0, skipped.all)
        XCTAssertTrue(skipped.stdout.contains("image.png: binary file skipped (PNG image)"), skipped.all)
    }

    /// A refactor renaming more files than git's default rename limit (1000): git would skip
    /// inexact rename detection and every renamed file's old finding would be reported as new.
    func testRenamesPastGitsDefaultRenameLimitAreStillRenames() throws {
        let repository = try makeRepository()
        let count = 1_100
        for index in 0..<count {
            try write("old/a\(index).txt", "file \(index)\nrrn \(rrn)\nthree\nfour\n", in: repository)
        }
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "many files with a finding"], in: repository)
        // Renamed (a new name, not only a new directory) and edited: an inexact rename each.
        for index in 0..<count {
            try FileManager.default.removeItem(at: repository.appendingPathComponent("old/a\(index).txt"))
            try write("new/b\(index).txt", "file \(index)\nrrn \(rrn)\nthree\nfour\nadded \(index)\n", in: repository)
        }
        try git(["add", "-A"], in: repository)
        // The premise: with its default limit, git itself sees deletions and additions.
        let plain = try git(["diff", "--cached", "-M", "--name-status"], in: repository)
        XCTAssertTrue(plain.stdout.contains("A\tnew/b0.txt"), "git's default limit should skip rename detection here")

        let scanned = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(scanned.status, 0, String(scanned.all.prefix(2000)))
        XCTAssertEqual(findingPaths(scanned.stdout).count, 0, String(scanned.stdout.prefix(2000)))
        XCTAssertTrue(scanned.stdout.contains(#""files":\#(count)"#), String(scanned.stdout.suffix(2000)))
    }

    /// The `path` of every finding of an NDJSON report, in report order.
    private func findingPaths(_ ndjson: String) -> [String] {
        ndjson.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["type"] as? String == "finding"
            else { return nil }
            return object["path"] as? String
        }
    }

    func testPathsWithSpacesQuotesAndHangulAreReportedExactly() throws {
        let repository = try makeRepository()
        // git's default, set explicitly: names with non-ASCII bytes are C-quoted in diff headers.
        try git(["config", "core.quotePath", "true"], in: repository)
        // git sorts by bytes: "a b.txt" < "dir x/q\\b.txt" < "quo\"te.txt" < Hangul.
        let names = ["a b.txt", "dir x/q\\b.txt", "quo\"te.txt", "한글 이름.txt"]
        // (filler lines, so that the edited file below is still detected as a rename)
        let filler = String(repeating: "no personal data on this line\n", count: 5)
        for name in names { try write(name, "주민번호 \(rrn)\n" + filler, in: repository) }
        try git(["add", "-A"], in: repository)

        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(staged.status, 1, staged.all)
        XCTAssertEqual(findingPaths(staged.stdout), names, staged.stdout)

        // --exclude and .piiscanignore match the real names.
        let excluded = try run(
            ["scan", "--staged", "--format", "ndjson", "--exclude", "a b.txt", "--exclude", "quo\"te.txt"], in: repository)
        XCTAssertEqual(findingPaths(excluded.stdout), ["dir x/q\\b.txt", "한글 이름.txt"], excluded.stdout)
        try write(".piiscanignore", "한글 이름.txt\ndir x/\n", in: repository)
        let ignored = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(findingPaths(ignored.stdout), ["a b.txt", "quo\"te.txt"], ignored.stdout)
        try FileManager.default.removeItem(at: repository.appendingPathComponent(".piiscanignore"))

        // A baseline of the staged findings accepts them: the commit is no longer blocked.
        let create = try run(["baseline", "create", "--staged"], in: repository)
        XCTAssertEqual(create.status, 0, create.all)
        let baseline = try String(contentsOf: repository.appendingPathComponent(".piiscan-baseline"), encoding: .utf8)
        for name in names { XCTAssertTrue(baseline.contains("\n\(name)\tkr-rrn\t"), baseline) }
        let accepted = try run(["scan", "--staged", "--baseline", ".piiscan-baseline"], in: repository)
        XCTAssertEqual(accepted.status, 0, accepted.all)
        XCTAssertTrue(accepted.stdout.contains("4 baselined"), accepted.stdout)

        // --diff: the same names on a branch, one of them renamed with an added line.
        try git(["commit", "-q", "-m", "names"], in: repository)
        try git(["checkout", "-q", "-b", "feature"], in: repository)
        try git(["mv", "a b.txt", "new \"name\".txt"], in: repository)
        try write("new \"name\".txt", "주민번호 \(rrn)\n" + filler + "전화 010-2345-6789\n", in: repository)
        try write("한글 이름.txt", "주민번호 \(rrn)\n" + filler + "주민번호 \(otherRRN)\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "feature"], in: repository)
        let diff = try run(["scan", "--diff", "main", "--format", "ndjson"], in: repository)
        XCTAssertEqual(diff.status, 1, diff.all)
        XCTAssertEqual(findingPaths(diff.stdout), ["new \"name\".txt", "한글 이름.txt"], diff.stdout)
    }

    func testLargeStagedFileIsStreamedWithCorrectLineNumbers() throws {
        let repository = try makeRepository()
        let line = "2024-05-01T00:00:00 INFO request served status=200 bytes=5120 path=/api/v1/items\n"
        let lines = 80_000  // ~6.5 MB: larger than a work unit and the read buffer
        var text = String(repeating: line, count: lines)
        text += "주민번호 \(rrn)\n"
        try write("big.log", text, in: repository)
        try git(["add", "-A"], in: repository)
        let outcome = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let expectedOffset = line.utf8.count * lines + "주민번호 ".utf8.count
        XCTAssertTrue(
            outcome.stdout.contains(#""path":"big.log","line":\#(lines + 1),"column":14,"offset":\#(expectedOffset)"#),
            outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""bytes":\#(text.utf8.count)"#), outcome.stdout)
    }

    func testDiffScansWhatTheBranchAddsSinceItsMergeBase() throws {
        let repository = try makeRepository()
        try git(["checkout", "-q", "-b", "feature"], in: repository)
        try write("feature.txt", "ok\ncontact 010-2345-6789\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "feature"], in: repository)
        // main moves on with a finding of its own: not the pull request's.
        try git(["checkout", "-q", "main"], in: repository)
        try write("main-only.txt", "rrn \(rrn)\n", in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "main"], in: repository)
        try git(["checkout", "-q", "feature"], in: repository)

        let outcome = try run(["scan", "--diff", "main", "--format", "ndjson"], in: repository)
        XCTAssertEqual(outcome.status, 1, outcome.all)
        XCTAssertTrue(outcome.stdout.contains(#""path":"feature.txt","line":2"#), outcome.stdout)
        XCTAssertFalse(outcome.stdout.contains("main-only.txt"), outcome.stdout)

        let bad = try run(["scan", "--diff", "no-such-branch", "-o", "report.txt"], in: repository)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("piiscan: error: --diff: git failed"), bad.stderr)
        XCTAssertEqual(try git(["status", "--porcelain", "--ignored"], in: repository).stdout, "", "no report, no temporary file")
        XCTAssertEqual(try run(["scan", "--diff", "--output=x"], in: repository).status, 2)
    }

    // MARK: - Blobs git shows as binary: databases, gzip, UTF-16

    /// Runs `sql` on the SQLite database at `path` (created when missing).
    private func sqlite(_ path: URL, _ sql: String) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        var db: OpaquePointer?
        guard sqlite3_open_v2(path.path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            sqlite3_close(db)
            throw CocoaError(.fileWriteUnknown)
        }
        defer { sqlite3_close(db) }
        XCTAssertEqual(sqlite3_exec(db, sql, nil, nil, nil), SQLITE_OK, String(cString: sqlite3_errmsg(db)))
    }

    /// The finding objects of an NDJSON report, in report order.
    private func findingObjects(_ ndjson: String) -> [[String: Any]] {
        ndjson.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["type"] as? String == "finding"
            else { return nil }
            return object
        }
    }

    /// A staged SQLite database, gzip file and UTF-16 file are scanned whole from the index, as
    /// `piiscan scan FILE` would, and block the commit; a PNG is still skipped with a note. The
    /// working tree (changed after staging) plays no part, and the temporary copies are deleted.
    func testStagedDatabaseGzipAndUTF16BlobsAreScannedWholeFromTheIndex() throws {
        let repository = try makeRepository()
        let database = repository.appendingPathComponent("data/고객 목록.db")
        try sqlite(database, """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, rrn TEXT);
            INSERT INTO customers (name, rrn) VALUES ('홍길동', '\(rrn)');
            """)
        try write("logs/export.txt", "id,note\n1,nothing\n2,주민번호 \(otherRRN)\n", in: repository)
        let gzip = try execute("/usr/bin/env", ["gzip", "-n", "logs/export.txt"], directory: repository)
        XCTAssertEqual(gzip.status, 0, gzip.all)
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("메모\n주민번호 \(thirdRRN)\n".data(using: .utf16LittleEndian)!)
        try FileManager.default.createDirectory(
            at: repository.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try utf16.write(to: repository.appendingPathComponent("docs/notes utf16.txt"))
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]
        png += Array(" \(rrn)\n".utf8)
        try FileManager.default.createDirectory(
            at: repository.appendingPathComponent("img"), withIntermediateDirectories: true)
        try Data(png).write(to: repository.appendingPathComponent("img/logo.png"))
        try git(["add", "-A"], in: repository)
        let numstat = try git(["diff", "--cached", "--numstat"], in: repository).stdout
        XCTAssertEqual(numstat.split(separator: "\n").filter { $0.hasPrefix("-\t-\t") }.count, 4, "git sees four binary files: \(numstat)")

        // The working tree no longer matches the index: only the index counts.
        for name in ["data/고객 목록.db", "logs/export.txt.gz", "docs/notes utf16.txt", "img/logo.png"] {
            try write(name, "clean\n", in: repository)
        }
        try write("logs/export.txt.gz", "주민번호 \(rrn)\n", in: repository)  // unstaged: not reported

        let temporary = try temporaryDirectory()
        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository, environment: ["TMPDIR": temporary.path])
        XCTAssertEqual(staged.status, 1, staged.all)
        let findings = findingObjects(staged.stdout)
        XCTAssertEqual(
            findings.map { $0["path"] as? String ?? "?" }, ["data/고객 목록.db", "docs/notes utf16.txt", "logs/export.txt.gz"],
            staged.stdout)
        XCTAssertEqual(findings.map { $0["masked"] as? String ?? "?" }, ["900101-1******", "110930-4******", "850315-2******"])
        // The database finding has its table, column and row; the others their decoded line.
        XCTAssertEqual(findings.first?["table"] as? String, "customers")
        XCTAssertEqual(findings.first?["column"] as? String, "rrn")
        XCTAssertEqual(findings.first?["rowid"] as? Int, 1)
        XCTAssertEqual(findings.dropFirst().map { $0["line"] as? Int ?? 0 }, [2, 3])
        XCTAssertTrue(
            staged.stdout.contains(#"{"type":"skipped","path":"img/logo.png","message":"binary file skipped (PNG image)"}"#),
            staged.stdout)
        XCTAssertTrue(staged.stdout.contains(#""complete":true"#), staged.stdout)
        XCTAssertFalse(staged.stdout.contains(rrn) || staged.stdout.contains(otherRRN) || staged.stdout.contains(thirdRRN))
        XCTAssertFalse(staged.all.contains("piiscan-blob"), "no temporary path in the report: \(staged.all)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), [], "temporary copies are deleted")
        XCTAssertEqual(try git(["diff", "--cached", "--numstat"], in: repository).stdout, numstat, "the index is untouched")
        XCTAssertEqual(
            try String(contentsOf: repository.appendingPathComponent("data/고객 목록.db"), encoding: .utf8), "clean\n",
            "the working tree is untouched")

        // The hook blocks the commit.
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)
        let blocked = try git(["commit", "-q", "-m", "add customer data"], in: repository, allowFailure: true)
        XCTAssertNotEqual(blocked.status, 0, blocked.all)
        XCTAssertTrue(blocked.stderr.contains("commit blocked"), blocked.all)
        XCTAssertEqual(try commitCount(repository), 1)
    }

    /// CP949 text has no NUL bytes, so git shows its line diff: a line added to a CP949 export
    /// that already holds a committed value reports only what the added lines hold (the file is
    /// scanned whole, transcoded, and the other findings dropped).
    func testStagedCP949TextReportsOnlyItsAddedLines() throws {
        let repository = try makeRepository()
        // A CP949 customer export (Hangul names and header); appended rows are ASCII, which CP949 keeps.
        let original = try Data(contentsOf: Self.root.appendingPathComponent("fixtures/encodings/cp949/customers-euckr.csv"))
        let export = repository.appendingPathComponent("export.csv")
        try original.write(to: export)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "--no-verify", "-m", "legacy export"], in: repository)
        XCTAssertTrue(try git(["diff", "HEAD~1", "--numstat"], in: repository).stdout.hasPrefix("26\t0\t"), "git shows CP949 as text")

        try (original + Data("x,,,,note\n".utf8)).write(to: export)
        try git(["add", "-A"], in: repository)
        let clean = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(clean.status, 0, "the committed values are not the change's: \(clean.all)")

        try (original + Data("x,,,,note\ny,\(otherRRN),,,\n".utf8)).write(to: export)
        try git(["add", "-A"], in: repository)
        let added = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(added.status, 1, added.all)
        let findings = findingObjects(added.stdout)
        XCTAssertEqual(findings.map { $0["masked"] as? String ?? "?" }, ["850315-2******"], added.stdout)
        XCTAssertEqual(findings.map { $0["line"] as? Int ?? 0 }, [28])
        XCTAssertEqual(findings.map { $0["field"] as? String ?? "-" }, ["주민번호"], "the header's column, from the transcoded head")
    }

    /// A modified database is scanned whole in its new version (all its findings, old rows
    /// included; a baseline can accept those), and `--diff` handles such blobs the same way.
    func testModifiedDatabaseIsScannedWholeAndDiffModeScansBinaryBlobsToo() throws {
        let repository = try makeRepository()
        let database = repository.appendingPathComponent("shop.db")
        try sqlite(database, "CREATE TABLE customers (id INTEGER PRIMARY KEY, rrn TEXT); INSERT INTO customers (rrn) VALUES ('\(rrn)');")
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "database"], in: repository)
        XCTAssertEqual(try run(["scan", "--staged"], in: repository).status, 0, "nothing staged")

        let create = try run(["baseline", "create"], in: repository)  // .piiscan-baseline, not committed
        XCTAssertEqual(create.status, 0, create.all)

        try git(["checkout", "-q", "-b", "feature"], in: repository)
        try sqlite(database, "INSERT INTO customers (rrn) VALUES ('\(otherRRN)');")
        try git(["add", "shop.db"], in: repository)
        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(staged.status, 1, staged.all)
        XCTAssertEqual(findingObjects(staged.stdout).map { $0["rowid"] as? Int ?? 0 }, [1, 2], staged.stdout)
        XCTAssertEqual(Set(findingPaths(staged.stdout)), ["shop.db"])
        // The baseline accepts the row that was already there; the new one still fails.
        let baselined = try run(["scan", "--staged", "--baseline", ".piiscan-baseline", "--format", "ndjson"], in: repository)
        XCTAssertEqual(baselined.status, 1, baselined.all)
        XCTAssertEqual(findingObjects(baselined.stdout).map { $0["masked"] as? String ?? "?" }, ["850315-2******"], baselined.stdout)
        XCTAssertTrue(baselined.stdout.contains(#""baselined":1"#), baselined.stdout)

        try git(["commit", "-q", "-m", "another customer"], in: repository)
        let diff = try run(["scan", "--diff", "main", "--format", "ndjson"], in: repository)
        XCTAssertEqual(diff.status, 1, diff.all)
        XCTAssertEqual(findingObjects(diff.stdout).map { $0["masked"] as? String ?? "?" }, ["900101-1******", "850315-2******"])
        XCTAssertEqual(Set(findingPaths(diff.stdout)), ["shop.db"])
    }

    /// A staged file named like a database whose head looks random (SQLCipher) cannot be checked:
    /// an error (exit 2), as for `piiscan scan`, not a "skipped" that lets the commit through.
    func testStagedEncryptedDatabaseIsAnErrorOtherRandomBytesAreSkipped() throws {
        let repository = try makeRepository()
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try noise.write(to: repository.appendingPathComponent("vault.db"))
        try noise.write(to: repository.appendingPathComponent("noise.bin"))
        try git(["add", "-A"], in: repository)
        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(staged.status, 2, staged.all)
        XCTAssertTrue(staged.stdout.contains(#"{"type":"error","path":"vault.db","message":"SQLite database: no SQLite header"#), staged.stdout)
        XCTAssertTrue(staged.stdout.contains(#"{"type":"skipped","path":"noise.bin""#), staged.stdout)
    }

    /// A staged workbook and a staged tar archive are scanned whole from the index, as `piiscan
    /// scan FILE` reads them: each sheet as CSV under its tab's name, each file of the archive
    /// as itself; the reported paths are the blobs' (with `!sheet`, `!member`), not the
    /// temporary copies', and the commit is blocked.
    func testStagedWorkbookAndTarArchiveAreScannedWholeFromTheIndex() throws {
        let repository = try makeRepository()
        // A minimal .xlsx as Python's zipfile writes it (deflated members).
        let script = """
            import sys, tarfile, io, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="고객" sheetId="1" r:id="rId1"/></sheets></workbook>')
                z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
                z.writestr("xl/sharedStrings.xml", "<sst><si><t>성명</t></si><si><t>주민번호</t></si><si><t>홍길동</t></si></sst>")
                z.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
                    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>\(rrn)</t></is></c></row></sheetData></worksheet>')
            with tarfile.open(sys.argv[2], "w") as t:
                data = "주민번호 \(otherRRN)\\n".encode()
                info = tarfile.TarInfo("logs/app.log")
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            """
        let made = try execute("/usr/bin/env", ["python3", "-c", script, "명단.xlsx", "old.tar"], directory: repository)
        XCTAssertEqual(made.status, 0, made.all)
        try git(["add", "-A"], in: repository)
        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(staged.status, 1, staged.all)
        let findings = findingObjects(staged.stdout)
        XCTAssertEqual(findings.map { $0["path"] as? String ?? "?" }, ["old.tar!logs/app.log", "명단.xlsx!고객"], staged.stdout)
        XCTAssertEqual(findings.map { $0["masked"] as? String ?? "?" }, ["850315-2******", "900101-1******"])
        XCTAssertEqual(findings.last?["line"] as? Int, 2, "the sheet's row")
        XCTAssertEqual(findings.last?["field"] as? String, "주민번호", "the header row names the column")
        XCTAssertFalse(staged.all.contains("piiscan-blob"), "no temporary path in the report: \(staged.all)")
        XCTAssertFalse(staged.stdout.contains(rrn) || staged.stdout.contains(otherRRN))
        XCTAssertEqual(try run(["hook", "install"], in: repository).status, 0)
        let blocked = try git(["commit", "-q", "-m", "add exports"], in: repository, allowFailure: true)
        XCTAssertNotEqual(blocked.status, 0, blocked.all)
        XCTAssertEqual(try commitCount(repository), 1)
    }

    /// A staged Parquet file and a staged `pg_dump -Fc` archive are scanned whole, as `piiscan
    /// scan` reads them: the Parquet table is named after the staged file (not the temporary
    /// copy), the archive's tables are parts of the blob's path.
    func testStagedParquetFileAndPostgresArchiveAreScannedWhole() throws {
        let repository = try makeRepository()
        for (fixture, name) in [("fixtures/parquet/customers.snappy.parquet", "exports/members.parquet"), ("fixtures/sql/dumps/pg_archive.dump", "backup.dump")] {
            let target = repository.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(fixture), to: target)
        }
        try git(["add", "-A"], in: repository)
        let staged = try run(["scan", "--staged", "--format", "ndjson"], in: repository)
        XCTAssertEqual(staged.status, 1, staged.all)
        let findings = findingObjects(staged.stdout)
        let parquet = findings.filter { $0["path"] as? String == "exports/members.parquet" }
        XCTAssertEqual(parquet.count, 41, staged.stdout)
        XCTAssertEqual(parquet.first?["table"] as? String, "members")
        XCTAssertEqual(parquet.first?["column"] as? String, "주민등록번호")
        XCTAssertEqual(findings.filter { $0["path"] as? String == "backup.dump!public.customers" }.count, 8, staged.stdout)
        XCTAssertFalse(staged.all.contains("piiscan-blob"), "no temporary path in the report: \(staged.all)")
    }

    // MARK: - Project settings

    func testProjectConfigExcludesAllowlistThresholdsAndFailOn() throws {
        let repository = try makeRepository()
        try write("src/app.txt", "rrn \(rrn)\nphone 010-2345-6789\nby hong@naver.com\n", in: repository)
        try write("testdata/x.txt", "rrn \(otherRRN)\n", in: repository)
        try write(".piiscan.toml", """
            exclude = ["testdata/"]
            allow_values = ["900101-1234568"]
            fail_on = "confirmed"

            [min_confidence_by_category]
            email = 0.99

            """, in: repository)
        let sub = repository.appendingPathComponent("src")

        // From a subdirectory the file at the top level is found; the allowlisted RRN and the
        // low-confidence e-mail are held back, testdata/ is excluded, and the phone (plausible)
        // does not fail the scan under fail_on = confirmed.
        let scan = try run(["scan", "--format", "json", "."], in: repository)
        XCTAssertEqual(scan.status, 0, scan.all)
        XCTAssertTrue(scan.stdout.contains(#""counts":{"kr-phone":1}"#), scan.stdout)
        // (the allowlisted value is also in .piiscan.toml itself)
        XCTAssertTrue(scan.stdout.contains(#""allowlisted":2"#), scan.stdout)
        let fromSub = try run(["scan", "--format", "json", "app.txt"], in: sub)
        XCTAssertEqual(fromSub.status, 0, fromSub.all)
        XCTAssertTrue(fromSub.stdout.contains(#""allowlisted":1"#), fromSub.stdout)

        // Flags override the file.
        XCTAssertEqual(try run(["scan", "--fail-on", "any", "."], in: repository).status, 1)
        XCTAssertEqual(try run(["scan", "--no-config", "--format", "json", "."], in: repository).stdout
            .contains(#""kr-rrn":3"#), true)
        XCTAssertEqual(try run(["scan", "--fail-on", "kr-phone", "."], in: repository).status, 1)
        XCTAssertEqual(try run(["scan", "--fail-on", "none", "--fail-on", "none", "."], in: repository).status, 0)

        // Strict parsing, clear errors.
        try write("bad.toml", "exclude = \"testdata\"\n", in: repository)
        let bad = try run(["scan", "--config", "bad.toml", "."], in: repository)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "piiscan: error: config: bad.toml: 'exclude' must be an array of strings\n")
        let unknown = try run(["scan", "--fail-on", "kr-rnn", "."], in: repository)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.hasPrefix("piiscan: error: --fail-on: unknown term 'kr-rnn'"), unknown.stderr)  // once
        // Only the masked categories some rule reports exist: a passport is never reported masked,
        // so `--fail-on kr-passport-masked` could never fail.
        let neverMasked = try run(["scan", "--fail-on", "kr-passport-masked", "."], in: repository)
        XCTAssertEqual(neverMasked.status, 2, neverMasked.all)
        XCTAssertTrue(neverMasked.stderr.contains("unknown term 'kr-passport-masked'"), neverMasked.stderr)
        XCTAssertNotEqual(try run(["scan", "--fail-on", "kr-rrn-masked,kr-phone-masked", "."], in: repository).status, 2)
        // A command group without its subcommand is a usage error, not help and success.
        for group in ["hook", "baseline", "rules"] {
            let bare = try run([group], in: repository)
            XCTAssertEqual(bare.status, 2, group)
            XCTAssertTrue(bare.stderr.contains("piiscan: error: \(group): missing subcommand"), bare.stderr)
            XCTAssertEqual(try run([group, "--help"], in: repository).status, 0, group)
        }
    }

    func testBaselineEntriesAreRelativeToTheBaselineFileAndSurviveMovingTheTree() throws {
        let repository = try makeRepository()
        try write("src/legacy.txt", "jumin \(rrn)\n", in: repository)
        try FileManager.default.createDirectory(
            at: repository.appendingPathComponent("ci"), withIntermediateDirectories: true)

        // README's example: the entry is relative to ci/, not absolute.
        XCTAssertEqual(try run(["baseline", "create", "src/", "-o", "ci/baseline"], in: repository).status, 0)
        let text = try String(contentsOf: repository.appendingPathComponent("ci/baseline"), encoding: .utf8)
        XCTAssertTrue(text.contains("\n../src/legacy.txt\tkr-rrn\thmac-sha256:"), text)
        XCTAssertFalse(text.contains(repository.path), text)

        // An absolute argument, also one through a symbolic link to the tree, gives the same file.
        XCTAssertEqual(
            try run(["baseline", "create", repository.appendingPathComponent("src").path, "-o", "ci/absolute"], in: repository)
                .status, 0)
        XCTAssertEqual(try String(contentsOf: repository.appendingPathComponent("ci/absolute"), encoding: .utf8), text)
        let link = try temporaryDirectory().appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: repository)
        XCTAssertEqual(
            try run(["baseline", "create", link.appendingPathComponent("src").path, "-o", "ci/linked"], in: repository).status, 0)
        XCTAssertEqual(try String(contentsOf: repository.appendingPathComponent("ci/linked"), encoding: .utf8), text)

        // The whole tree moved (a CI checkout elsewhere): still accepted, however the path is given.
        let moved = try temporaryDirectory().appendingPathComponent("checkout")
        try FileManager.default.copyItem(at: repository, to: moved)
        try FileManager.default.removeItem(at: repository)
        let fromTop = try run(["scan", "--baseline", "ci/baseline", "src/"], in: moved)
        XCTAssertEqual(fromTop.status, 0, fromTop.all)
        XCTAssertTrue(fromTop.stdout.contains("1 baselined"), fromTop.stdout)
        let fromSub = try run(["scan", "--baseline", "../ci/baseline", "."], in: moved.appendingPathComponent("src"))
        XCTAssertEqual(fromSub.status, 0, fromSub.all)
        let absolute = try run(
            ["scan", "--baseline", "ci/baseline", moved.appendingPathComponent("src/legacy.txt").path], in: moved)
        XCTAssertEqual(absolute.status, 0, absolute.all)

        // A new value is still new.
        try write("src/legacy.txt", "jumin \(rrn)\njumin \(otherRRN)\n", in: moved)
        let changed = try run(["scan", "--baseline", "ci/baseline", "src/"], in: moved)
        XCTAssertEqual(changed.status, 1, changed.all)
        XCTAssertTrue(changed.stdout.contains("850315-2******"), changed.stdout)
        XCTAssertFalse(changed.stdout.contains("900101-1******"), changed.stdout)
    }

    func testBaselinesNeedAStableKey() throws {
        let repository = try makeRepository()
        try write("a.txt", "rrn \(rrn)\n", in: repository)
        let noKey = try run(["baseline", "create"], in: repository, environment: ["PIISCAN_KEY": ""])
        XCTAssertEqual(noKey.status, 2)
        XCTAssertTrue(noKey.stderr.contains("baselines need a stable fingerprint key"), noKey.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repository.appendingPathComponent(".piiscan-baseline").path))

        XCTAssertEqual(try run(["baseline", "create", "-o", "b.txt", "a.txt"], in: repository).status, 0)
        XCTAssertEqual(try run(["scan", "--baseline", "b.txt", "a.txt"], in: repository).status, 0)
        // A baseline made with another key would accept nothing: refused, naming both key ids.
        let otherKey = try run(["scan", "--baseline", "b.txt", "a.txt"], in: repository, environment: ["PIISCAN_KEY": "rotated"])
        XCTAssertEqual(otherKey.status, 2, otherKey.all)
        XCTAssertTrue(otherKey.stderr.contains("--baseline: the baseline was made with the fingerprint key whose id is"), otherKey.stderr)
        XCTAssertEqual(otherKey.stdout, "", "no report that calls every accepted finding new")
        // A baseline of an older version has no key id line: used as it is, accepting nothing.
        let baselineText = try String(contentsOf: repository.appendingPathComponent("b.txt"), encoding: .utf8)
        XCTAssertEqual(baselineText.split(separator: "\n").filter { $0.hasPrefix("# key-id: ") }.count, 1, baselineText)
        try write("old.txt", baselineText.split(separator: "\n").filter { !$0.hasPrefix("# key-id: ") }.joined(separator: "\n") + "\n", in: repository)
        XCTAssertEqual(try run(["scan", "--baseline", "old.txt", "a.txt"], in: repository).status, 0)
        XCTAssertEqual(try run(["scan", "--baseline", "old.txt", "a.txt"], in: repository, environment: ["PIISCAN_KEY": "rotated"]).status, 1)
        // A key file named in .piiscan.toml (relative to it) is a stable key too.
        try write("keys/piiscan.key", "project-key\n", in: repository)
        try write(".piiscan.toml", "key_file = \"keys/piiscan.key\"\n", in: repository)
        let noEnv = ["PIISCAN_KEY": ""]
        XCTAssertEqual(try run(["baseline", "create", "-o", "c.txt", "a.txt"], in: repository, environment: noEnv).status, 0)
        XCTAssertEqual(try run(["scan", "--baseline", "c.txt", "a.txt"], in: repository, environment: noEnv).status, 0)
        XCTAssertEqual(try run(["scan", "--baseline", "b.txt", "a.txt"], in: repository, environment: noEnv).status, 2, "made under PIISCAN_KEY, not the key file")
        try write(".piiscan.toml", "key_file = \"keys/missing.key\"\n", in: repository)
        let noKeyFile = try run(["scan", "a.txt"], in: repository, environment: noEnv)
        XCTAssertEqual(noKeyFile.status, 2)
        XCTAssertTrue(noKeyFile.stderr.contains("config: key_file: cannot read"), noKeyFile.stderr)
        try FileManager.default.removeItem(at: repository.appendingPathComponent(".piiscan.toml"))

        let missing = try run(["scan", "--baseline", "none.txt", "a.txt"], in: repository)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--baseline: cannot read 'none.txt'"), missing.stderr)
    }
}
