// swift-tools-version: 6.0
//
// relnotes: release notes, changelogs and semantic versions from git history.
// Module map and dependency rules: see docs/architecture.md.

import PackageDescription

let package = Package(
    name: "relnotes",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "relnotes", targets: ["RelnotesCLI"]),
        .library(name: "RelnotesCore", targets: ["RelnotesCore"]),
        .library(name: "RelnotesGit", targets: ["RelnotesGit"]),
        .library(name: "RelnotesPublish", targets: ["RelnotesPublish"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // `make docs`: swift package generate-documentation (DocC), nothing linked into relnotes.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(
            name: "RelnotesCore",
            dependencies: [
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "RelnotesGit",
            dependencies: ["CGit2", "RelnotesCore"]
        ),
        .target(
            name: "RelnotesPublish",
            dependencies: [
                "RelnotesCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "RelnotesCLI",
            dependencies: [
                "RelnotesCore",
                "RelnotesGit",
                "RelnotesPublish",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "RelnotesFixtures",
            path: "Fixtures/RelnotesFixtures"
        ),
        .testTarget(
            name: "RelnotesCoreTests",
            dependencies: ["RelnotesCore", "RelnotesFixtures"]
        ),
        .testTarget(
            name: "RelnotesGitTests",
            dependencies: ["RelnotesGit", "RelnotesCore", "RelnotesFixtures"]
        ),
        .testTarget(
            name: "RelnotesPublishTests",
            dependencies: [
                "RelnotesPublish",
                "RelnotesCore",
                "RelnotesFixtures",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        .testTarget(
            name: "RelnotesCLITests",
            dependencies: ["RelnotesCore", "RelnotesFixtures"]
        ),
    ]
)
