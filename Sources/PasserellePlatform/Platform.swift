import PasserelleCore
import Synchronization
import Vapor

/// What the platform holds for the lifetime of an application: its configuration, the reference
/// data in memory, the request metrics, the password hashing pool. The modules keep their own
/// state (search indexes, runners) in the application's storage (`ModuleDefinition.configure`).
public final class Platform: Sendable {
    public let config: AppConfig
    package let metrics = RequestMetrics()
    private let referenceBox = Mutex<ReferenceData?>(nil)
    package let passwords: PasswordWork
    /// On SQLite, the jobs' own connection; nil on PostgreSQL.
    package let jobsDatabase: JobsDatabase?

    package init(config: AppConfig, jobsDatabase: JobsDatabase? = nil) {
        self.config = config
        self.jobsDatabase = jobsDatabase
        passwords = PasswordWork(capacity: config.passwordWorkCapacity)
    }

    private let forwardingWarned = Atomic<Bool>(false)

    /// Behind a proxy without `TRUSTED_PROXIES`, every user has the proxy's address: the audit log
    /// and the per-address throttle lump them together. Said once per process.
    package func warnOfUntrustedForwarding(_ logger: Logger) {
        guard !forwardingWarned.exchange(true, ordering: .relaxed) else { return }
        logger.warning("""
            X-Forwarded-For received but TRUSTED_PROXIES is not set: the header is ignored and clients are known by the proxy's address. \
            Set TRUSTED_PROXIES to the proxies' networks (docs/operations.md).
            """)
    }

    /// Gazetteer and sector taxonomy, loaded from the database once it is prepared.
    public var reference: ReferenceData {
        get throws {
            guard let reference = referenceBox.withLock({ $0 }) else { throw Abort(.serviceUnavailable, reason: "Les données de référence ne sont pas encore chargées.") }
            return reference
        }
    }

    package func setReference(_ reference: ReferenceData) {
        referenceBox.withLock { $0 = reference }
    }
}

/// The territory and the sector taxonomy, as the core's rules need them.
public struct ReferenceData: Sendable {
    public var gazetteer: Gazetteer
    public var taxonomy: SectorTaxonomy

    package init(gazetteer: Gazetteer, taxonomy: SectorTaxonomy) {
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
    }
}

extension Application {
    private struct PlatformKey: StorageKey {
        typealias Value = Platform
    }

    /// The platform's services; set by `configure`.
    public var platform: Platform {
        get {
            guard let platform = storage[PlatformKey.self] else { fatalError("configure(_:config:) was not called") }
            return platform
        }
        set { storage[PlatformKey.self] = newValue }
    }
}

extension Request {
    package var platform: Platform { application.platform }
}
