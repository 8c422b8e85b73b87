// swift-tools-version: 6.0
//
// libFuzzer targets for relnotes' parsers (commit messages, versions, configuration, git's
// commit-graph files) and the changelog merger. Not part of the normal
// build: `make fuzz` (or `make fuzz-ci`) builds this package with
// `--sanitize=fuzzer --sanitize=address` into `.build-fuzz` and runs every target over its seed
// corpus in `corpus/<target>/`. Each target checks the invariants its code documents, not
// only that it does not trap.

import PackageDescription

// Without an entry point of its own, an executable gets libFuzzer's `main`.
let fuzzerSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func fuzzer(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzCheck", .product(name: "RelnotesCore", package: "relnotes")],
        swiftSettings: fuzzerSettings
    )
}

let package = Package(
    name: "relnotes-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "relnotes", path: "../.."),
    ],
    targets: [
        .target(name: "FuzzCheck"),
        fuzzer("FuzzCommitParser"),
        fuzzer("FuzzSemanticVersion"),
        fuzzer("FuzzConfiguration"),
        fuzzer("FuzzChangelogMerger"),
        .executableTarget(
            name: "FuzzCommitGraph",
            dependencies: [
                "FuzzCheck",
                .product(name: "RelnotesCore", package: "relnotes"),
                .product(name: "RelnotesGit", package: "relnotes"),
            ],
            swiftSettings: fuzzerSettings
        ),
    ]
)
