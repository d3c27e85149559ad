// swift-tools-version: 6.0
// cog-host: runs unmodified Cog predictors in an embedded CPython.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "cog-host",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cog-host", targets: ["CogHostCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPython",
            path: "Modulemaps/CPython",
            pkgConfig: "python3-embed",
            providers: [.apt(["python3-dev"])]
        ),
        .target(
            name: "PythonRuntime",
            dependencies: ["CPython"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CogCore",
            swiftSettings: strictSettings
        ),
        .target(
            name: "CogPython",
            dependencies: ["CogCore", "PythonRuntime"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CogHostCLI",
            dependencies: [
                "CogCore", "CogPython",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CogCoreTests",
            dependencies: ["CogCore"],
            resources: [.copy("Golden")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CogPythonTests",
            dependencies: ["CogPython", "CogCore", "PythonRuntime"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CogHostCLITests",
            dependencies: ["CogHostCLI"],
            swiftSettings: strictSettings
        ),
    ]
)
