// swift-tools-version:6.1
import PackageDescription

// Release builds drop the run-time exclusivity checks (`swift_beginAccess` on every access to
// a class property or global): about 2 % of a scan's instructions. Debug builds, which the tests
// run, keep them. Release builds also optimize across modules, so that the scanner inlines and
// specializes the model's small types (`Finding`, `Category`, `Fingerprint`): about −0.5 %.
let releaseSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "piiscan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "piiscan", targets: ["piiscan"]),
        .library(name: "PIIScan", targets: ["PIIScan"]),
    ],
    dependencies: [
        // CLI parsing: the de-facto standard, gives help/usage/validation for free.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Rule files: TOML keeps regexes literal ('''…''') and numbers like 010 intact.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        // bzip2, xz and zstd decoders: `.bz2`/`.xz`/`.zst` logs and archives, ZIP members;
        // zstd and Brotli for Parquet pages.
        .systemLibrary(
            name: "CCompression", path: "Sources/CCompression",
            providers: [.apt(["libbz2-dev", "liblzma-dev", "libzstd-dev", "libbrotli-dev"])]),
        // SHA-256 for the keyed fingerprints (HMAC-SHA-256 on its hash states; see
        // Sources/CCrypto/shim.h), SARIF partial fingerprints and state files.
        .systemLibrary(
            name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),
        // The start pass's byte classification (AVX2 with a scalar fallback, chosen at run time).
        .target(name: "CScanKernels"),
        .target(name: "PCRE2", dependencies: ["CPCRE2"], swiftSettings: releaseSettings),
        .target(name: "PIIModel", swiftSettings: releaseSettings),
        .target(
            name: "PIIRules",
            dependencies: ["PIIModel", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(
            name: "PIIScan",
            dependencies: [
                "PIIModel", "PIIRules", "PCRE2", "CZlib", "CCompression", "CSQLite", "CScanKernels", "CCrypto",
            ], swiftSettings: releaseSettings),
        .target(
            name: "PIIReport", dependencies: ["PIIModel", "CCrypto"],
            swiftSettings: releaseSettings),
        .target(
            name: "PIIEstimate",
            dependencies: ["PIIModel", "PIIReport", .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(
            name: "piiscan",
            dependencies: [
                "PIIScan", "PIIReport", "PIIRules", "PIIModel", "PIIEstimate",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: releaseSettings),
        .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2", "CPCRE2"]),
        .testTarget(name: "PIIModelTests", dependencies: ["PIIModel"]),
        .testTarget(name: "PIIRulesTests", dependencies: ["PIIRules"]),
        .testTarget(name: "PIIScanTests", dependencies: ["PIIScan", "PIIRules", "PIIModel", "CSQLite", "CScanKernels", "CZlib", "CCompression"]),
        .testTarget(name: "PIIReportTests", dependencies: ["PIIReport", "PIIModel"]),
        .testTarget(name: "PIIEstimateTests", dependencies: ["PIIEstimate", "PIIModel", "PIIReport"]),
        .testTarget(name: "CLITests", dependencies: ["piiscan", "CSQLite"]),
    ]
)
