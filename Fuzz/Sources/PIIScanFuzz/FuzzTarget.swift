#if canImport(Glibc)
import Glibc
#endif
@_spi(Fuzzing) import PIIScan

/// The target, chosen once by `PIISCAN_FUZZ_TARGET` (one binary serves every target, so one
/// sanitized build is enough).
nonisolated(unsafe) private var target = "validators"

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> Int32 {
    if let name = getenv("PIISCAN_FUZZ_TARGET") { target = String(cString: name) }
    guard FuzzHarness.targets.contains(target) else {
        print("PIISCAN_FUZZ_TARGET must be one of \(FuzzHarness.targets.joined(separator: ", "))")
        exit(2)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = FuzzHarness.run(target, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
