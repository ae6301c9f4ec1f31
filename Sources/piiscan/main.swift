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

// A crash must not print or dump scanned data: the Swift runtime's backtracer prints registers
// and memory (a resident number in `rsi`), and a core file holds the read buffers. No core file;
// on a fatal signal one fixed line, then the default action. `PIISCAN_CRASH_BACKTRACE=1` keeps
// the runtime's backtrace (for debugging with data that may be shown).
var noCoreFile = rlimit(rlim_cur: 0, rlim_max: 0)
_ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCoreFile)
if getenv("PIISCAN_CRASH_BACKTRACE").map({ String(cString: $0) }) != "1" {
    for signalNumber in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            // Only async-signal-safe calls here.
            let message: StaticString = "piiscan: fatal error (crash); no details are printed, they could hold scanned data (PIISCAN_CRASH_BACKTRACE=1 shows them)\n"
            _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
            signal(number, SIG_DFL)
            raise(number)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signalNumber, &action, nil)
    }
}

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    var command = try PiiScanCommand.parseScan(arguments) ?? PiiScanCommand.parseAsRoot(arguments)
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
