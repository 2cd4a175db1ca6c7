import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The community's first content: the regional meeting on inclusion in employment that the DREETS
/// Hauts-de-France held in Lille on 4 May 2023, as its editors keep it in
/// `Resources/Content/rencontre-2023/` (`MeetingFiles`). Each part is written once, recorded in
/// `platform_state`: the event and its programme (speakers by name, role and organisation, never a
/// way to reach them), the inclusive employers that spoke as directory records, and what the
/// proceedings teach in the knowledge base, tied to their sessions and records.
package enum Meeting2023 {
    package static let eventKey = "community.first-content"
    package static let organisationsKey = "community.organisations-2023"
    package static let knowledgeKey = "community.knowledge-2023"
    /// Set once the content written is the one held to the proceedings (every fact about an
    /// organisation with its source, no sentence of theirs); a database written before gets the
    /// corrections once (`correct`).
    package static let faithfulKey = "community.meeting-2023-faithful"
    /// Who the history of a corrected record names.
    package static let correctionActor = "correction du contenu initial (actes 2023)"

    package static func files(_ app: Application) throws -> MeetingFiles {
        try MeetingFiles.load(resources: app.directory.resourcesDirectory)
    }

    /// Writes what is not written yet; reads the files only then, so that a restart reads nothing.
    package static func load(_ app: Application) async throws {
        var missing: [String] = []
        for key in [eventKey, knowledgeKey, organisationsKey, faithfulKey] where try await PlatformState.value(key, on: app.db) == nil { missing.append(key) }
        guard !missing.isEmpty else { return }
        let files = try files(app)
        let reference = try app.platform.reference
        let problems = files.problems(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy)
        guard problems.isEmpty else { throw ContentFileError(file: MeetingFiles.folder, reason: problems.joined(separator: " ; ")) }
        // What an earlier version wrote, before the content was held to the proceedings.
        let writtenBefore = [eventKey, knowledgeKey, organisationsKey].filter { !missing.contains($0) }
        if missing.contains(eventKey) { try await loadEvent(files, gazetteer: reference.gazetteer, on: app.db, logger: app.logger) }
        if missing.contains(knowledgeKey) { try await loadKnowledge(files, gazetteer: reference.gazetteer, on: app.db, logger: app.logger) }
        if missing.contains(organisationsKey) { try await loadOrganisations(files, reference: reference, on: app.db, logger: app.logger) }
        if missing.contains(faithfulKey) {
            try await correct(writtenBefore, with: files, reference: reference, on: app.db, logger: app.logger)
            try await PlatformState.set(faithfulKey, to: "1", on: app.db)
        }
    }

    /// Brings what an earlier version wrote to the files' version, once, without undoing anyone's
    /// work: the event and its sessions (an event that has ended changes for no one else), the
    /// items of the knowledge base that no one has changed since (the others are kept, and
    /// named in the log), the items missing, and the organisations' records that no one but the
    /// first content has edited (a record its team has edited is theirs: kept, and named in the log).
    private static func correct(_ written: [String], with files: MeetingFiles, reference: ReferenceData, on database: any Database, logger: Logger) async throws {
        guard !written.isEmpty else { return }
        let plan = try files.eventPlan()
        try await database.retryingTransaction { database in
            if written.contains(eventKey) || written.contains(knowledgeKey), let event = try await EventStore.eventID(titled: plan.title, on: database) {
                let sessions = try await EventStore.sessions(of: event, on: database)
                if written.contains(eventKey) {
                    try await EventWriter.replaceSummary(of: event, with: plan.summary, on: database, now: Date())
                    for (session, corrected) in zip(sessions, plan.sessions) { try await EventWriter.replace(session.id, with: corrected, on: database) }
                }
                if written.contains(knowledgeKey) {
                    try await correctKnowledge(files, event: event, sessions: plan.sessions.map(\.title), stored: sessions,
                                               gazetteer: reference.gazetteer, on: database, logger: logger)
                }
            }
            if written.contains(organisationsKey) { try await correctOrganisations(files, reference: reference, on: database, logger: logger) }
        }
    }

    /// An item is the same as the files' when it has the same kind and title, or, for a report,
    /// the same session and organisation, or, for a resource, the same address (titles were
    /// reworded).
    private static func correctKnowledge(_ files: MeetingFiles, event: UUID, sessions titles: [String], stored sessions: [EventStore.SessionRecord],
                                         gazetteer: Gazetteer, on database: any Database, logger: Logger) async throws {
        let existing = try await KnowledgeStore.items(fromEvent: event, on: database)
        let sessionIDs = Dictionary(zip(titles, sessions.map(\.id)), uniquingKeysWith: { first, _ in first })
        var corrected = 0, created = 0, kept: [String] = []
        for item in files.knowledgePlans() {
            let session = item.session.flatMap { sessionIDs[$0] }
            let match = existing.first { stored in
                stored.kind == item.kind && (stored.title == item.title
                    || (item.kind == .report && stored.sessionID == session && stored.organisationName == item.organisation)
                    || (item.kind == .resource && item.url != nil && stored.url == item.url))
            }
            guard let match else {
                _ = try await KnowledgeStore.create(item, state: .published, origin: .init(event: event, session: session), gazetteer: gazetteer, on: database)
                created += 1
                continue
            }
            guard match.updatedAt == match.createdAt else { kept.append(match.title); continue }
            try await KnowledgeStore.correct(match.id, with: item, gazetteer: gazetteer, on: database)
            corrected += 1
        }
        _ = try await linkReports(naming: files.directoryNames, on: database)
        logger.notice("Knowledge base's first content corrected", metadata: ["corrected": "\(corrected)", "created": "\(created)", "kept as edited": "\(kept)"])
    }

    private static func correctOrganisations(_ files: MeetingFiles, reference: ReferenceData, on database: any Database, logger: Logger) async throws {
        let untouched = try await DirectoryQueries.changedOnly(by: "contenu initial", fromSource: SeedOrganisations.source, on: database)
        let structures = try files.structures(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
        let corrected = structures.filter { untouched[$0.sourceId ?? ""] != nil }
        let plan = try await DirectoryImport.write(corrected.map { (line: 0, structure: $0, id: untouched[$0.sourceId ?? ""]) }, actor: correctionActor, on: database)
        let kept = structures.filter { untouched[$0.sourceId ?? ""] == nil }.map(\.name)
        logger.notice("Organisations of the 2023 meeting corrected", metadata: ["corrected": "\(plan.updates.count)", "kept as edited": "\(kept)"])
    }

    private static func loadEvent(_ files: MeetingFiles, gazetteer: Gazetteer, on database: any Database, logger: Logger) async throws {
        let plan = try files.eventPlan()
        let organisation: UUID
        if let found = try await OrganisationQueries.find(kind: .steward, name: files.event.organiser, on: database) {
            organisation = found
        } else {
            organisation = try await OrganisationQueries.create(kind: .steward, name: files.event.organiser,
                                                                territory: files.event.organiserTerritory.compactMap(Perimeter.init(token:)), on: database)
        }
        try await EventWriter.create(plan, organisers: [organisation], by: nil, gazetteer: gazetteer, on: database)
        try await PlatformState.set(eventKey, to: files.event.day, on: database)
        logger.info("Community first content loaded", metadata: ["event": "\(plan.title)"])
    }

    /// Each item linked to its session of the meeting; published at the meeting's end.
    private static func loadKnowledge(_ files: MeetingFiles, gazetteer: Gazetteer, on database: any Database, logger: Logger) async throws {
        let plan = try files.eventPlan()
        guard let event = try await EventStore.eventID(titled: plan.title, on: database) else { return }
        let sessions = try await EventStore.sessions(of: event, on: database)
        let items = files.knowledgePlans()
        try await database.retryingTransaction { database in
            for item in items {
                let session = sessions.first { $0.title == item.session }?.id
                try await KnowledgeStore.create(item, state: .published, origin: .init(event: event, session: session),
                                                gazetteer: gazetteer, on: database, now: plan.end)
            }
            try await PlatformState.set(knowledgeKey, to: "\(items.count)", on: database)
        }
        logger.info("Knowledge base first content loaded", metadata: ["items": "\(items.count)"])
    }

    private static func loadOrganisations(_ files: MeetingFiles, reference: ReferenceData, on database: any Database, logger: Logger) async throws {
        let structures = try files.structures(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
        let plan = try await DirectoryImport.write(structures.map { (line: 0, structure: $0, id: nil) }, actor: "contenu initial", on: database)
        let linked = try await linkReports(naming: files.directoryNames, on: database)
        try await PlatformState.set(organisationsKey, to: "\(structures.count)", on: database)
        logger.info("Organisations of the 2023 meeting in the directory", metadata: ["created": "\(plan.creations.count)", "reports linked": "\(linked)"])
    }

    /// Ties the reports that name one of the organisations, and no structure yet, to its record;
    /// `directoryNames` gives the record of a name the reports write differently.
    package static func linkReports(naming directoryNames: [String: String], on database: any Database) async throws -> Int {
        let records = try await DirectoryQueries.names(fromSource: SeedOrganisations.source, on: database)
        let byName = Dictionary(records.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        var linked = 0
        for report in try await KnowledgeStore.unlinkedReports(on: database) {
            guard let structure = byName[directoryNames[report.organisation] ?? report.organisation] else { continue }
            try await KnowledgeStore.link(report.id, to: structure, on: database)
            linked += 1
        }
        return linked
    }
}
