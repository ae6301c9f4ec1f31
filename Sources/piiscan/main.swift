#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import PIIScan

// Writes to a closed pipe must fail with EPIPE (handled quietly), not kill the process.
signal(SIGPIPE, SIG_IGN)

// SIGINT/SIGTERM: stop scanning, finish the report with what was scanned, mark it incomplete
// (exit 2). No SA_RESTART, so a blocking read (stdin) returns and sees the request. A second
// signal gets the default action.
for signalNumber in [SIGINT, SIGTERM] {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { number in
        Interruption.request()
        signal(number, SIG_DFL)
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(signalNumber, &action, nil)
}

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
