// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // The modules are several targets: without this, a release build no longer inlines the small
    // functions of the platform into the modules' hot paths (measured: 7 % fewer API searches a
    // second, about 2 % with it; bench/README.md).
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

/// The server's libraries: what the platform builds on, and the application with it.
let serverStack: [Target.Dependency] = [
    .product(name: "Vapor", package: "vapor"),
    .product(name: "Fluent", package: "fluent"),
    .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
    .product(name: "SQLiteNIO", package: "sqlite-nio"),
    .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
    .product(name: "Leaf", package: "leaf"),
    .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
    .product(name: "Yams", package: "Yams"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
]

let package = Package(
    name: "passerelle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "passerelle", targets: ["passerelle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // Pure rules of the product: no I/O, no Vapor, no Fluent.
        .target(
            name: "PasserelleCore",
            swiftSettings: swiftSettings
        ),
        // The API contract (openapi.yaml) turned into types and a server protocol.
        .target(
            name: "PasserelleAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // What every module stands on: configuration, database access, the outbox, the audit log,
        // jobs, page paths and views. It names no module: the compiler holds it to that.
        .target(
            name: "PasserellePlatform",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
            ] + serverStack,
            swiftSettings: swiftSettings
        ),
        // The communes, départements, régions and EPCIs, and their API: the lowest module, its own
        // target so that the compiler holds it to calling nothing above it.
        .target(
            name: "PasserelleTerritory",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
                "PasserellePlatform",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ],
            swiftSettings: swiftSettings
        ),
        // The directory of inclusive structures: profiles, search index, imports, moderation.
        .target(
            name: "PasserelleDirectory",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
                "PasserellePlatform",
                "PasserelleTerritory",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: swiftSettings
        ),
        // Accounts, organisations, memberships, claims, teams, API tokens and the back-office.
        .target(
            name: "PasserelleAccounts",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
                "PasserellePlatform",
                "PasserelleDirectory",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: swiftSettings
        ),
        // Purchasing needs with their clauses, their dissemination to the structures, answers, groups and hours.
        .target(
            name: "PasserellePurchasing",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
                "PasserellePlatform",
                "PasserelleDirectory",
                "PasserelleAccounts",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: swiftSettings
        ),
        // The partners' services (data·inclusion), their reviews and the referrals between organisations.
        .target(
            name: "PasserelleServices",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
                "PasserellePlatform",
                "PasserelleTerritory",
                "PasserelleDirectory",
                "PasserelleAccounts",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: swiftSettings
        ),
        // Events, registrations, the knowledge base (the 2023 meeting's content among it) and reports.
        .target(
            name: "PasserelleCommunity",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
                "PasserellePlatform",
                "PasserelleTerritory",
                "PasserelleDirectory",
                "PasserelleAccounts",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Above every module: their assembly (configuration, commands, launch, the API contract's conformance)
        // and the benchmark's commands.
        .target(
            name: "PasserelleApp",
            dependencies: [
                "PasserelleCore",
                "PasserelleAPI",
                "PasserellePlatform",
                "PasserelleTerritory",
                "PasserelleDirectory",
                "PasserelleAccounts",
                "PasserellePurchasing",
                "PasserelleServices",
                "PasserelleCommunity",
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
            ] + serverStack,
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "passerelle",
            dependencies: ["PasserelleApp"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasserelleCoreTests",
            dependencies: ["PasserelleCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasserelleAppTests",
            dependencies: [
                "PasserelleApp",
                "PasserellePlatform",
                "PasserelleTerritory",
                "PasserelleDirectory",
                "PasserelleAccounts",
                "PasserellePurchasing",
                "PasserelleServices",
                "PasserelleCommunity",
                "PasserelleCore",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
