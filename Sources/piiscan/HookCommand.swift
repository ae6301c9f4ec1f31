#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import PIIScan

/// `piiscan hook install | uninstall`: a plain git pre-commit hook running `piiscan scan --staged`,
/// and a `pre-merge-commit` hook that runs it for merges without conflicts.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Install or remove the git pre-commit hook that scans staged changes.",
        subcommands: [Install.self, Uninstall.self])

    /// Without a subcommand: a usage error (exit 2), not help and exit 0, so that a script
    /// calling `piiscan hook` by mistake does not pass.
    func run() throws { throw fail("hook: missing subcommand (install or uninstall); see `piiscan hook --help`") }

    /// Marks hooks written by piiscan (the only ones `uninstall` removes or `install` replaces).
    static let marker = "# piiscan-managed pre-commit hook"
    /// Where `install --force` keeps a foreign hook it replaced: piiscan's hook runs it first, and
    /// `uninstall` restores it.
    static let savedSuffix = ".piiscan-saved"
    /// Where `--force` keeps a piiscan hook the user edited before replacing or removing it.
    static let backupSuffix = ".piiscan-backup"

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the repository's pre-commit hook (core.hooksPath respected).")

        @Flag(
            help: "Replace an existing hook not written by piiscan (it is kept as pre-commit\(HookCommand.savedSuffix) and still runs, before piiscan), or a piiscan hook edited since (kept as pre-commit\(HookCommand.backupSuffix)).")
        var force = false

        func run() throws {
            let path = try HookCommand.hookPath()
            let manager = FileManager.default
            if manager.fileExists(atPath: path) {
                let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                if !existing.contains(HookCommand.marker) {
                    guard force else { throw fail(HookCommand.refusal(path: path, existing: existing)) }
                    // A hook saved by an earlier --force is never overwritten: it may be the
                    // only copy of the user's own hook.
                    guard !HookCommand.exists(path + HookCommand.savedSuffix) else {
                        throw fail("hook install: \(path) was not written by piiscan, and \(path + HookCommand.savedSuffix) (a hook saved by an earlier --force) exists; move one of them away first")
                    }
                    guard rename(path, path + HookCommand.savedSuffix) == 0 else {
                        throw fail("hook install: cannot move \(path) aside: \(String(cString: strerror(errno)))")
                    }
                } else if !HookCommand.isUnedited(existing) {
                    guard force else {
                        throw fail("hook install: \(path) was edited since piiscan wrote it; left alone: use --force to replace it (the edited hook is kept as pre-commit\(HookCommand.backupSuffix))")
                    }
                    let backup = try HookCommand.keepBackup(of: path, what: "hook install")
                    print("piiscan: the edited hook was kept as \(backup)")
                }
            }
            let directory = (path as NSString).deletingLastPathComponent
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw fail("hook install: cannot create \(directory): \(error.localizedDescription)")
            }
            let temporary = path + ".tmp-\(getpid())"
            guard manager.createFile(atPath: temporary, contents: Data(HookCommand.script().utf8),
                    attributes: [.posixPermissions: 0o755]),
                chmod(temporary, 0o755) == 0, rename(temporary, path) == 0
            else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw fail("hook install: cannot write \(path): \(reason)")
            }
            print("piiscan: pre-commit hook installed: \(path)")
            HookCommand.installMergeHook(next: path)
            let saved = path + HookCommand.savedSuffix
            if HookCommand.exists(saved) {
                if access(saved, X_OK) == 0 {
                    print("piiscan: the previous hook (\(saved)) runs first; when it fails, the commit stops there")
                } else {
                    print("piiscan: the previous hook (\(saved)) is not executable, so it does not run (as git would not run it)")
                }
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the pre-commit hook if piiscan wrote it (restoring a hook that --force replaced).")

        @Flag(help: "Also remove piiscan's hook when it was edited since install (it is kept as pre-commit\(HookCommand.backupSuffix)).")
        var force = false

        func run() throws {
            let path = try HookCommand.hookPath()
            guard FileManager.default.fileExists(atPath: path) else {
                HookCommand.removeMergeHook(next: path)
                // piiscan's hook was deleted by hand: put back the hook it had replaced.
                if rename(path + HookCommand.savedSuffix, path) == 0 {
                    print("piiscan: no piiscan hook at \(path); the previous hook was restored")
                } else {
                    print("piiscan: no pre-commit hook at \(path)")
                }
                return
            }
            let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            guard existing.contains(HookCommand.marker) else {
                throw fail("hook uninstall: \(path) was not written by piiscan; left alone")
            }
            if HookCommand.isUnedited(existing) {
                guard unlink(path) == 0 else { throw fail("hook uninstall: cannot remove \(path): \(String(cString: strerror(errno)))") }
            } else {
                guard force else {
                    throw fail("hook uninstall: \(path) was edited since piiscan wrote it; left alone: undo the edits, or use --force to remove it anyway (it is kept as pre-commit\(HookCommand.backupSuffix))")
                }
                let backup = try HookCommand.keepBackup(of: path, what: "hook uninstall")
                print("piiscan: the edited hook was kept as \(backup)")
            }
            HookCommand.removeMergeHook(next: path)  // it runs the hook just removed
            if rename(path + HookCommand.savedSuffix, path) == 0 {
                print("piiscan: pre-commit hook removed; the previous hook was restored")
            } else {
                print("piiscan: pre-commit hook removed: \(path)")
            }
        }
    }

    /// Marks the `pre-merge-commit` hook written by piiscan.
    static let mergeMarker = "# piiscan-managed pre-merge-commit hook"

    /// The `pre-merge-commit` hook: git runs it for a merge that needs no conflict resolution
    /// (which never runs `pre-commit`); it runs the pre-commit hook next to it, as git's own
    /// sample does, so a merge that brings personal data in is blocked like a commit.
    static let mergeScript = """
        #!/bin/sh
        \(mergeMarker) (`piiscan hook install`; `piiscan hook uninstall` removes it).
        # A merge without conflicts runs this hook instead of pre-commit: run that one.
        hook="$(dirname "$0")/pre-commit"
        if [ -x "$hook" ]; then
          exec "$hook" "$@"
        fi

        """

    /// Writes `pre-merge-commit` next to the pre-commit hook at `path`, unless a hook piiscan did
    /// not write is there (left alone, with a note: merges are then not checked by piiscan).
    static func installMergeHook(next path: String) {
        let merge = (path as NSString).deletingLastPathComponent + "/pre-merge-commit"
        if exists(merge) {
            let existing = (try? String(contentsOfFile: merge, encoding: .utf8)) ?? ""
            guard existing == mergeScript else {
                print("piiscan: \(merge) exists and is not piiscan's: left alone (merges without conflicts do not run pre-commit; call it from there to check them)")
                return
            }
        }
        let temporary = merge + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(mergeScript.utf8), attributes: [.posixPermissions: 0o755]),
            chmod(temporary, 0o755) == 0, rename(temporary, merge) == 0
        else {
            unlink(temporary)
            print("piiscan: cannot write \(merge): \(String(cString: strerror(errno))); merges without conflicts are not checked")
            return
        }
        print("piiscan: pre-merge-commit hook installed: \(merge) (merges without conflicts run the pre-commit hook)")
    }

    /// Removes piiscan's unedited `pre-merge-commit` hook next to the pre-commit hook at `path`.
    static func removeMergeHook(next path: String) {
        let merge = (path as NSString).deletingLastPathComponent + "/pre-merge-commit"
        guard (try? String(contentsOfFile: merge, encoding: .utf8)) == mergeScript else { return }
        if unlink(merge) == 0 { print("piiscan: pre-merge-commit hook removed: \(merge)") }
    }

    /// Whether anything (a file, a dangling link) is at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Moves `path` to the first free name of `pre-commit.piiscan-backup`, `….1`, `….2`, … (an
    /// older backup is never overwritten) and returns that name.
    static func keepBackup(of path: String, what: String) throws -> String {
        var backup = path + backupSuffix
        var number = 0
        while exists(backup) {
            number += 1
            backup = path + backupSuffix + ".\(number)"
        }
        guard rename(path, backup) == 0 else {
            throw fail("\(what): cannot move \(path) to \(backup): \(String(cString: strerror(errno)))")
        }
        return backup
    }

    /// Why `install` (without `--force`) refuses to replace a hook it did not write. A hook
    /// generated by husky or the pre-commit framework is rewritten by that tool, so the advice is
    /// to call piiscan from the user's own configuration, not `--force`.
    static func refusal(path: String, existing: String) -> String {
        if existing.lowercased().contains("husky") || path.contains("/.husky/") {
            return "hook install: \(path) is husky's (core.hooksPath), and husky rewrites it: instead, add the line `piiscan scan --staged` to your own hook, .husky/pre-commit"
        }
        if existing.contains("pre-commit.com") || existing.contains("File generated by pre-commit") {
            return "hook install: \(path) was generated by the pre-commit framework: instead, add piiscan to .pre-commit-config.yaml (entry: piiscan scan --staged; see README, Pre-commit hooks)"
        }
        return "hook install: \(path) exists and was not written by piiscan; use --force to replace it (it will be kept as pre-commit\(savedSuffix) and run before piiscan)"
    }

    /// Whether `text` is a hook exactly as piiscan writes it (this version's, or the previous
    /// version's), whatever binary path it names: anything else was edited by hand.
    static func isUnedited(_ text: String) -> Bool {
        let normalized = normalize(text)
        return normalized == normalize(script(binary: "piiscan")) || normalized == normalize(previousScript)
    }

    /// `text` with the value of the `PIISCAN=` line (the binary, which differs per install) removed.
    private static func normalize(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("PIISCAN=") ? "PIISCAN=" : String($0) }
            .joined(separator: "\n")
    }

    /// The pre-commit hook's path (`core.hooksPath` respected).
    static func hookPath() throws -> String {
        let hooks: String
        do {
            hooks = try Git.output(["rev-parse", "--git-path", "hooks"], what: "hook: not in a git repository")
                .trimmingCharacters(in: .newlines)
        } catch {
            throw fail("\(error)")
        }
        let absolute = hooks.hasPrefix("/") ? hooks : FileManager.default.currentDirectoryPath + "/" + hooks
        return absolute + "/pre-commit"
    }

    /// The hook for this binary: its absolute path, else `piiscan` on PATH.
    static func script() -> String {
        var binary = "piiscan"
        if let resolved = realpath("/proc/self/exe", nil) {
            binary = String(cString: resolved)
            free(resolved)
        }
        return script(binary: binary)
    }

    /// The hook running `binary`. It runs a hook that `install --force` replaced first (and stops
    /// with its status when it fails); says what to do when the binary is missing; and after the
    /// scan, a line on what the exit status means for the commit.
    static func script(binary: String) -> String {
        let quoted = "'" + binary.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return #"""
            #!/bin/sh
            \#(marker) (`piiscan hook install`; `piiscan hook uninstall` removes it).
            # Blocks commits whose staged changes add personal data; `git commit --no-verify` skips it.
            # The hook that `piiscan hook install --force` replaced (pre-commit\#(savedSuffix), next to
            # this file) runs first; when it fails, the commit stops with its status.
            saved="$(dirname "$0")/pre-commit\#(savedSuffix)"
            if [ -f "$saved" ] && [ -x "$saved" ]; then
              "$saved" "$@" || exit $?
            fi
            PIISCAN=\#(quoted)
            if [ ! -x "$PIISCAN" ]; then
              if command -v piiscan >/dev/null 2>&1; then
                PIISCAN=piiscan
              else
                printf '%s\n' "piiscan: commit blocked: the piiscan binary this hook runs is missing: $PIISCAN (and there is no piiscan on PATH)." >&2
                printf '%s\n' "piiscan: install piiscan again and run 'piiscan hook install' to repair the hook, or bypass once with 'git commit --no-verify'." >&2
                exit 1
              fi
            fi
            "$PIISCAN" scan --staged --quiet
            status=$?
            case "$status" in
              0) ;;
              1)
                printf '%s\n' "piiscan: commit blocked: the staged changes add personal data (values masked above)." >&2
                printf '%s\n' "piiscan: remove it, or mark its line with a 'piiscan:allow' comment (e.g. '# piiscan:allow kr-rrn')," >&2
                printf '%s\n' "piiscan: or accept all current findings: run 'piiscan baseline create' at the top level and add" >&2
                printf '%s\n' "piiscan: baseline = \".piiscan-baseline\" to .piiscan.toml (a stable key is needed: PIISCAN_KEY or key_file)." >&2
                printf '%s\n' "piiscan: to bypass once: git commit --no-verify" >&2
                ;;
              2) printf '%s\n' "piiscan: commit blocked: piiscan could not scan everything (see above); fix it or bypass once with git commit --no-verify" >&2 ;;
              *) printf '%s\n' "piiscan: commit blocked: piiscan failed (status $status); bypass once with git commit --no-verify" >&2 ;;
            esac
            exit "$status"

            """#
    }

    /// The hook written by piiscan before the saved hook and the missing binary were handled
    /// (recognised as unedited, so that `uninstall` and `install` still replace it).
    static let previousScript = """
        #!/bin/sh
        \(marker) (`piiscan hook install`; `piiscan hook uninstall` removes it).
        # Blocks commits whose staged changes add personal data; `git commit --no-verify` skips it.
        PIISCAN=
        [ -x "$PIISCAN" ] || PIISCAN=piiscan
        "$PIISCAN" scan --staged
        status=$?
        if [ "$status" -eq 1 ]; then
          echo "piiscan: commit blocked: the staged changes add personal data (values masked above)." >&2
          echo "piiscan: remove it, mark the line with a 'piiscan:allow' comment, or accept it in the baseline." >&2
        fi
        exit "$status"

        """
}
