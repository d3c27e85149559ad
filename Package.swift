// swift-tools-version: 6.0
// cog-host: runs unmodified Cog predictors in an embedded CPython.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// What the HTTP front end imports (and its tests, which drive the same types).
let httpServerProducts: [Target.Dependency] = [
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
]

let package = Package(
    name: "cog-host",
    // cog-host is built and tested on Linux (glibc) only: its process and file-descriptor code
    // uses Linux's /proc and glibc's calls, guarded with #if os(Linux). The one Apple platform
    // named here is the minimum its APIs would need there (Mutex is macOS 15); it is not tested.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cog-host", targets: ["CogHostCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // CPython's C API as cog-host uses it, declared without Python.h, and the loader that
        // fills its function table from the libpython chosen at run time (no libpython is linked).
        .target(
            name: "CPython",
            path: "Modulemaps/CPython",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(
            name: "PythonRuntime",
            dependencies: ["CPython"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CogCore",
            // coglet's MIME table (mime_guess 2.0.5), compiled in as bytes (PackageResources).
            resources: [.embedInCode("RuntimeMIMETypes.txt")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CogPython",
            dependencies: ["CogCore", "PythonRuntime", "CogWorkerProtocol", "ProcessStreams", "CogEnvironment"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CogHTTP",
            dependencies: [
                "CogCore",
            ] + httpServerProducts,
            // The browser playground, compiled into the binary as byte arrays (PackageResources).
            resources: [
                .embedInCode("Playground/playground.html"),
                .embedInCode("Playground/playground.css"),
                .embedInCode("Playground/playground.js"),
                .embedInCode("Playground/welcome.html"),
            ],
            swiftSettings: strictSettings
        ),
        // The worker protocol: frames over a socket, the binary codec, the messages. Both ends
        // (the supervisor in the server, the Python worker) depend on it, and on nothing else.
        .target(
            name: "CogWorkerProtocol",
            dependencies: ["CogCore"],
            swiftSettings: strictSettings
        ),
        // The server's side of a worker process: spawning it, its running jobs, replacing it.
        .target(
            name: "CogWorker",
            dependencies: ["CogCore", "CogWorkerProtocol"],
            swiftSettings: strictSettings
        ),
        // Everything a process prints (fds 1 and 2), captured in order and handed to one sink.
        .target(
            name: "ProcessStreams",
            swiftSettings: strictSettings
        ),
        // Managed environments: a project's requirements made into a cached virtualenv.
        .target(
            name: "CogEnvironment",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // The PostgreSQL job queue: schema and migrations, claiming with leases, the worker loop,
        // sealed Secret inputs, stats. It runs jobs through a `QueueJobRunner` (the CLI wires
        // the HTTP server's detached predictions in), so it knows neither HTTP nor Python.
        .target(
            name: "CogQueue",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CogHostCLI",
            dependencies: [
                "CogCore", "CogPython", "CogHTTP", "CogWorker", "CogWorkerProtocol", "ProcessStreams", "CogEnvironment", "CogQueue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings,
            linkerSettings: [
                // Release builds pack relative relocations (DT_RELR, with lld): the loader no
                // longer reads ~3 MB of relocation records at each start, and server and worker
                // each keep about 2 MB less resident.
                .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(configuration: .release)),
            ]
        ),
        // What the process-level tests share: where the binary is, running it, a free port.
        .target(
            name: "CogTestSupport",
            path: "Tests/CogTestSupport",
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
            dependencies: ["CogPython", "CogCore", "PythonRuntime", "CogEnvironment"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CogHTTPTests",
            dependencies: [
                "CogHTTP", "CogCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ] + httpServerProducts,
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CogWorkerProtocolTests",
            dependencies: ["CogWorkerProtocol", "CogCore"],
            swiftSettings: strictSettings
        ),
        // The queue against a real PostgreSQL (started in a temporary directory, or the one
        // COG_HOST_TEST_DATABASE_URL names) and the built cog-host binary; run once in CI.
        .testTarget(
            name: "CogQueueTests",
            dependencies: [
                "CogQueue", "CogHostCLI", "CogTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CogHostCLITests",
            dependencies: ["CogHostCLI", "CogWorker", "CogWorkerProtocol", "CogCore", "CogEnvironment", "CogTestSupport"],
            exclude: ["Golden"],  // read from the source tree by path
            swiftSettings: strictSettings
        ),
    ]
)
