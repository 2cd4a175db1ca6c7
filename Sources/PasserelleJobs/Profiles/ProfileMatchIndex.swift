import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Synchronization
import Vapor

/// The skills profiles as matching reads them, kept in memory: a company's offer meets tens of
/// thousands of them, and reading them all from the database for each offer took over a second.
/// Each matching asks the table's revision (how many profiles, the latest change); when it moved,
/// the profiles written since a little before the last change known are read and merged (a write
/// stamped by a slower clock, or committed late, is caught in that overlap), and a count that no
/// longer adds up (a withdrawal) reloads them all. Another instance's writes are seen the same way.
package final class ProfileMatchIndex: Sendable {
    private struct State {
        var profiles: [UUID: SkillsMatch.Profile] = [:]
        /// The same, in the order of their ids, made once per change: matching's ties stay in one
        /// order from one call (and one instance) to the next.
        var ordered: [(id: UUID, matching: SkillsMatch.Profile)] = []
        var count = -1
        var latest: Date?
    }

    private let state = Mutex(State())
    /// How far before the last change known the merge reads again, in seconds.
    static let overlap: TimeInterval = 300

    package init() {}

    /// The profiles within `box`, or without a place, as of now.
    package func candidates(in box: (minLatitude: Double, maxLatitude: Double, minLongitude: Double, maxLongitude: Double),
                            on database: any Database) async throws -> [(id: UUID, matching: SkillsMatch.Profile)] {
        try await current(on: database).filter { candidate in
            guard let place = candidate.matching.place else { return true }
            return (box.minLatitude...box.maxLatitude).contains(place.latitude) && (box.minLongitude...box.maxLongitude).contains(place.longitude)
        }
    }

    private func current(on database: any Database) async throws -> [(id: UUID, matching: SkillsMatch.Profile)] {
        let revision = try await ProfileStore.revision(on: database)
        let known = state.withLock { $0 }
        if revision.count == known.count, revision.latest == known.latest { return known.ordered }
        var profiles = known.profiles
        if known.count >= 0, let since = known.latest {
            for (id, profile) in try await ProfileStore.matching(changedSince: since.addingTimeInterval(-Self.overlap), on: database) { profiles[id] = profile }
        }
        if known.count < 0 || known.latest == nil || profiles.count != revision.count {
            profiles = Dictionary(try await ProfileStore.matching(changedSince: nil, on: database), uniquingKeysWith: { first, _ in first })
        }
        let ordered = profiles.map { (key: $0.key.uuidString, id: $0.key, matching: $0.value) }.sorted { $0.key < $1.key }.map { (id: $0.id, matching: $0.matching) }
        let loaded = profiles
        state.withLock { $0 = State(profiles: loaded, ordered: ordered, count: revision.count, latest: revision.latest) }
        return ordered
    }
}

extension Application {
    package var profileMatchIndex: ProfileMatchIndex { moduleState(ProfileMatchIndex.self) }
}
