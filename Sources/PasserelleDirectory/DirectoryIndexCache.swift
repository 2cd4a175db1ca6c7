import Fluent
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PasserelleCore
import PasserellePlatform
import Synchronization
import Vapor

/// The search index of this instance. Searches read the current index without waiting; writes
/// made here rebuild it at once; writes made by other instances are noticed through the
/// directory revision, checked every few seconds.
package final class DirectoryIndexCache: Sendable {
    private struct State {
        var index: DirectoryIndex?
        var revision = -1
        var lastCheck: ContinuousClock.Instant?
        var refreshing = false
    }

    private let state = Mutex(State())

    /// The index to search, refreshed when the directory's revision moved.
    package func current(on database: any Database, reference: ReferenceData, refreshEvery seconds: Double, logger: Logger) async throws -> DirectoryIndex {
        let now = ContinuousClock.now
        let (index, due) = state.withLock { state -> (DirectoryIndex?, Bool) in
            let due = !state.refreshing && (state.lastCheck.map { now - $0 > .milliseconds(Int(seconds * 1000)) } ?? true)
            if due {
                state.refreshing = true
                state.lastCheck = now
            }
            return (state.index, due)
        }
        guard due else {
            if let index { return index }
            // Another request is building the first index: wait for it rather than build twice.
            try await Task.sleep(for: .milliseconds(20))
            return try await current(on: database, reference: reference, refreshEvery: seconds, logger: logger)
        }
        do {
            let revision = try await DirectoryQueries.revision(on: database)
            let known = state.withLock { $0.revision }
            if revision != known || index == nil {
                return try await rebuild(on: database, reference: reference, revision: revision, logger: logger)
            }
            state.withLock { $0.refreshing = false }
            return index!
        } catch {
            state.withLock { $0.refreshing = false }
            // The database is away: keep answering from the index we have.
            if let index {
                logger.warning("Directory revision check failed; serving the current index", metadata: ["error": .string(LoggedError.kind(of: error))])
                return index
            }
            throw error
        }
    }

    /// Builds the index from the database now (after a write made by this instance).
    @discardableResult
    package func rebuild(on database: any Database, reference: ReferenceData, revision knownRevision: Int? = nil, logger: Logger) async throws -> DirectoryIndex {
        try await rebuild(on: database, revision: knownRevision, logger: logger) { reference }
    }

    /// Builds the index while `reference` is obtained: at start-up the reference data and the
    /// directory are read from the database at the same time.
    @discardableResult
    package func rebuild(on database: any Database, revision knownRevision: Int? = nil, logger: Logger, reference: () async throws -> ReferenceData) async throws -> DirectoryIndex {
        do {
            let started = ContinuousClock.now
            let revision: Int
            if let knownRevision { revision = knownRevision } else { revision = try await DirectoryQueries.revision(on: database) }
            let rssBefore = MemoryRelease.residentMegabytes()
            async let loading = DirectoryQueries.allStructures(on: database)
            let reference = try await reference()
            let structures = try await loading
            let loaded = ContinuousClock.now
            let rssLoaded = MemoryRelease.residentMegabytes()
            let index = DirectoryIndex(structures: structures, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy)
            let rssBuilt = MemoryRelease.residentMegabytes()
            state.withLock {
                $0.index = index
                $0.revision = revision
                $0.refreshing = false
                $0.lastCheck = ContinuousClock.now
            }
            MemoryRelease.returnFreedMemory()
            logger.info("Directory index built", metadata: ["structures": "\(structures.count)", "revision": "\(revision)", "load_ms": "\((loaded - started).milliseconds)", "index_ms": "\((ContinuousClock.now - loaded).milliseconds)", "rss_mb": "\(rssBefore)→\(rssLoaded)→\(rssBuilt)→\(MemoryRelease.residentMegabytes())"])
            return index
        } catch {
            state.withLock { $0.refreshing = false }
            throw error
        }
    }
}

/// Building an index leaves megabytes of freed rows and word tables in glibc's arenas; asking glibc
/// to give them back keeps the resident memory of a long-running server near what it uses.
package enum MemoryRelease {
    #if canImport(Glibc)
    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    #endif

    /// The resident memory of this process, in megabytes (0 where /proc is not available).
    package static func residentMegabytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    package static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = trim?(0)
        #endif
    }
}

extension Duration {
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension Request {
    /// The directory index, fresh enough for this request.
    package func directoryIndex() async throws -> DirectoryIndex {
        try await directoryIndexCache.current(on: db, reference: platform.reference, refreshEvery: platform.config.directoryRefreshSeconds, logger: logger)
    }
}

extension Application {
    package func directoryIndex() async throws -> DirectoryIndex {
        try await directoryIndexCache.current(on: db, reference: platform.reference, refreshEvery: platform.config.directoryRefreshSeconds, logger: logger)
    }
}

extension Application {
    package var directoryIndexCache: DirectoryIndexCache { moduleState(DirectoryIndexCache.self) }
}

extension Request {
    package var directoryIndexCache: DirectoryIndexCache { application.directoryIndexCache }
}
