// swift-tools-version:6.1
// libFuzzer targets for piiscan, kept out of the main package so that `swift build` never
// needs the fuzzer runtime. Build and run with `scripts/fuzz.sh TARGET SECONDS`.
import PackageDescription

let package = Package(
    name: "piiscan-fuzz",
    dependencies: [.package(name: "piiscan", path: "..")],
    targets: [
        .executableTarget(
            name: "PIIScanFuzz",
            dependencies: [.product(name: "PIIScan", package: "piiscan")],
            // libFuzzer supplies `main`; the Swift file only defines the callbacks.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
