import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Synchronization
import Vapor

/// The published services in memory for the search around a commune. Rebuilt when the services'
/// revision moved (written here or by another instance), checked at most every two seconds;
/// searches meanwhile read the index they have, and share one rebuild.
package final class ServiceIndexCache: Sendable {
    private struct State {
        var index: ServiceIndex?
        var revision = -1
        var lastCheck: ContinuousClock.Instant?
        var refresh: Task<ServiceIndex, any Error>?
        /// Writes of this instance so far, and how many the index has seen: the author of a write
        /// must see it in the next search, even when a rebuild had started before it.
        var writes = 0
        var seenWrites = 0
    }

    private let state = Mutex(State())

    package func current(on database: any Database, reference: ReferenceData, refreshEvery seconds: Double = 2) async throws -> ServiceIndex {
        let now = ContinuousClock.now
        let (index, refresh) = state.withLock { state -> (ServiceIndex?, Task<ServiceIndex, any Error>?) in
            let due = state.lastCheck.map { now - $0 > .milliseconds(Int(seconds * 1000)) } ?? true
            if due && state.refresh == nil {
                state.lastCheck = now
                let known = state.revision, writes = state.writes
                state.refresh = Task { try await self.refreshed(known: known, writes: writes, on: database, reference: reference) }
            }
            return (state.seenWrites < state.writes ? nil : state.index, state.refresh)
        }
        if let index { return index }
        let refreshed = try await refresh!.value
        // A write came in during that rebuild: wait for the next one.
        if state.withLock({ $0.seenWrites < $0.writes }) {
            return try await current(on: database, reference: reference, refreshEvery: seconds)
        }
        return refreshed
    }

    private func refreshed(known: Int, writes: Int, on database: any Database, reference: ReferenceData) async throws -> ServiceIndex {
        do {
            let revision = try await ServiceStore.revision(on: database)
            let index: ServiceIndex
            if revision == known, let current = state.withLock({ $0.index }) {
                index = current
            } else {
                index = ServiceIndex(services: try await ServiceStore.published(on: database), gazetteer: reference.gazetteer)
            }
            state.withLock {
                $0.index = index
                $0.revision = revision
                $0.refresh = nil
                $0.seenWrites = max($0.seenWrites, writes)
            }
            return index
        } catch {
            state.withLock { $0.refresh = nil }
            throw error
        }
    }

    /// After a write of this instance: the next search checks the revision.
    package func invalidate() {
        state.withLock {
            $0.lastCheck = nil
            $0.writes += 1
        }
    }
}

extension Application {
    package var serviceIndexCache: ServiceIndexCache { moduleState(ServiceIndexCache.self) }
}

extension Request {
    package var serviceIndexCache: ServiceIndexCache { application.serviceIndexCache }
}
