#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

// Writes to a closed pipe must fail with EPIPE (handled quietly), not kill the process.
signal(SIGPIPE, SIG_IGN)

do {
    var command = try PiiScanCommand.parseAsRoot()
    try command.run()
    exit(0)
} catch let exit as ExitCode {
    Glibc.exit(exit.rawValue)
} catch {
    // Help and version requests exit 0; every other parse error is a usage error (exit 2,
    // not ArgumentParser's 64), as documented.
    let code = PiiScanCommand.exitCode(for: error)
    let message = PiiScanCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        Glibc.exit(0)
    }
    FileHandle.standardError.write(message + "\n")
    Glibc.exit(2)
}
