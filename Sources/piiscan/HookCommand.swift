#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import PIIScan

/// `piiscan hook install | uninstall`: a plain git pre-commit hook running `piiscan scan --staged`.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Install or remove the git pre-commit hook that scans staged changes.",
        subcommands: [Install.self, Uninstall.self])

    /// Marks hooks written by piiscan (the only ones `uninstall` removes or `install` replaces).
    static let marker = "# piiscan-managed pre-commit hook"
    /// Where `install --force` keeps a foreign hook it replaced (restored by `uninstall`).
    static let savedSuffix = ".piiscan-saved"

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the repository's pre-commit hook (core.hooksPath respected).")

        @Flag(help: "Replace an existing hook not written by piiscan (it is kept as pre-commit\(HookCommand.savedSuffix)).")
        var force = false

        func run() throws {
            let path = try HookCommand.hookPath()
            let manager = FileManager.default
            if manager.fileExists(atPath: path) {
                let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                if !existing.contains(HookCommand.marker) {
                    guard force else {
                        throw fail("hook install: \(path) exists and was not written by piiscan; use --force to replace it (it will be kept as pre-commit\(HookCommand.savedSuffix))")
                    }
                    // A hook saved by an earlier --force is never overwritten: it may be the
                    // only copy of the user's own hook.
                    var saved = stat()
                    guard lstat(path + HookCommand.savedSuffix, &saved) != 0 else {
                        throw fail("hook install: \(path) was not written by piiscan, and \(path + HookCommand.savedSuffix) (a hook saved by an earlier --force) exists; move one of them away first")
                    }
                    guard rename(path, path + HookCommand.savedSuffix) == 0 else {
                        throw fail("hook install: cannot move \(path) aside: \(String(cString: strerror(errno)))")
                    }
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
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the pre-commit hook if piiscan wrote it (restoring a hook that --force replaced).")

        func run() throws {
            let path = try HookCommand.hookPath()
            guard FileManager.default.fileExists(atPath: path) else {
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
            guard unlink(path) == 0 else { throw fail("hook uninstall: cannot remove \(path): \(String(cString: strerror(errno)))") }
            if rename(path + HookCommand.savedSuffix, path) == 0 {
                print("piiscan: pre-commit hook removed; the previous hook was restored")
            } else {
                print("piiscan: pre-commit hook removed: \(path)")
            }
        }
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

    /// The hook: the absolute path of this binary, else `piiscan` on PATH.
    static func script() -> String {
        var binary = "piiscan"
        if let resolved = realpath("/proc/self/exe", nil) {
            binary = String(cString: resolved)
            free(resolved)
        }
        let quoted = "'" + binary.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return """
            #!/bin/sh
            \(marker) (`piiscan hook install`; `piiscan hook uninstall` removes it).
            # Blocks commits whose staged changes add personal data; `git commit --no-verify` skips it.
            PIISCAN=\(quoted)
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
}
