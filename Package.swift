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

let leaf: Target.Dependency = .product(name: "Leaf", package: "leaf")
let openAPIRuntime: Target.Dependency = .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")

/// A module of the product, its own target: the core, the contract, the platform and the modules
/// below it that it reads (`below`), on Vapor and Fluent, with the other libraries it uses. The
/// compiler then holds it to calling only downwards (docs/architecture.md).
func module(_ name: String, below modules: [String], libraries: [Target.Dependency] = []) -> Target {
    .target(
        name: name,
        dependencies: (["PasserelleCore", "PasserelleAPI", "PasserellePlatform"] + modules).map { .target(name: $0) }
            + [.product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")] + libraries,
        swiftSettings: swiftSettings
    )
}

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
        // The communes, départements, régions and EPCIs, and their API: the lowest module.
        module("PasserelleTerritory", below: []),
        // The directory of inclusive structures: profiles, search index, imports, moderation.
        module("PasserelleDirectory", below: ["PasserelleTerritory"], libraries: [leaf, openAPIRuntime]),
        // Accounts, organisations, memberships, claims, teams, API tokens, the back-office and « Mon espace ».
        module("PasserelleAccounts", below: ["PasserelleDirectory"], libraries: [openAPIRuntime]),
        // Purchasing needs with their clauses, their dissemination to the structures, answers, groups and hours.
        module("PasserellePurchasing", below: ["PasserelleDirectory", "PasserelleAccounts"], libraries: [openAPIRuntime]),
        // The partners' services (data·inclusion), their reviews and the referrals between organisations.
        module("PasserelleServices", below: ["PasserelleTerritory", "PasserelleDirectory", "PasserelleAccounts"], libraries: [openAPIRuntime]),
        // Events, registrations, the knowledge base (the 2023 meeting's content among it) and reports.
        module("PasserelleCommunity", below: ["PasserelleTerritory", "PasserelleDirectory", "PasserelleAccounts"],
               libraries: [openAPIRuntime, .product(name: "Yams", package: "Yams")]),
        // The journeys of the people the structures accompany: the IAE eligibility rules and the contracts' bounds first.
        module("PasserelleJourneys", below: ["PasserelleTerritory", "PasserelleDirectory", "PasserelleAccounts", "PasserellePurchasing", "PasserelleServices"], libraries: [openAPIRuntime]),
        // Jobs and bridges: the offers of inclusive structures and companies (ROME), applications, skills profiles, immersions.
        module("PasserelleJobs", below: ["PasserelleTerritory", "PasserelleDirectory", "PasserelleAccounts", "PasserelleJourneys"], libraries: [openAPIRuntime]),
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
                "PasserelleJourneys",
                "PasserelleJobs",
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
                "PasserelleJourneys",
                "PasserelleJobs",
                "PasserelleCore",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
