import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Imports data·inclusion v1 services of other platforms (JSON or CSV), idempotently: a service
/// is known by its source and its id there; the same file twice changes nothing the second time.
/// One transaction: a failure leaves the services as they were.
package enum ServiceImport {
    package typealias Report = DirectoryImport.Report

    /// The names of the structures of a data·inclusion structures file, by their id, so that a
    /// service names its provider even when the structure is not an inclusive employer.
    package static func structureNames(_ data: Data) throws -> [String: String] {
        struct Named: Decodable { var id: String; var source: String?; var nom: String }
        var names: [String: String] = [:]
        for item in try DataInclusionFiles.items(data) {
            guard let named = try? JSONDecoder().decode(Named.self, from: item.json) else { continue }
            // Services name their structure by its id, with or without its source in front.
            names[named.id] = named.nom
            if let source = named.source { names["\(source)--\(named.id)"] = named.nom }
        }
        return names
    }

    /// The service here that an item describes: ours by its id, another platform's by its source
    /// and its id there.
    package static func existing(_ item: DataInclusionService, on database: any Database) async throws -> Service? {
        if item.source == DataInclusion.producer {
            guard let id = UUID(uuidString: String(item.id.dropFirst(DataInclusion.producer.count + 2))) else { return nil }
            return try await ServiceStore.service(id, on: database)
        }
        return try await ServiceStore.service(source: "data-inclusion:\(item.source)", sourceId: item.id, on: database)
    }

    package static func importFile(_ items: [DataInclusionFiles.Item], structureNames: [String: String], skipInvalid: Bool, actor: String,
                           reference: ReferenceData, on database: any Database, now: Date = Date()) async throws -> Report {
        var report = Report(read: items.count)
        let directory = try await DirectoryQueries.allStructures(on: database, includingHidden: true)
        let bySourceID = Dictionary(directory.compactMap { structure in structure.sourceId.map { ($0, structure) } }, uniquingKeysWith: { first, _ in first })
        let partners = try await OrganisationQueries.imported(on: database)
        var valid: [(line: Int, service: Service)] = []
        var seen: [String: Int] = [:]
        for item in items {
            let decoded: DataInclusionService
            do {
                decoded = try JSONDecoder().decode(DataInclusionService.self, from: item.json)
            } catch {
                let problem = DataInclusionFiles.describe(error, item: item.json)
                report.problems.append(.init(line: item.line, column: problem.field, reason: problem.message))
                continue
            }
            let key = "\(decoded.source)--\(decoded.id)"
            if let first = seen[key] {
                report.problems.append(.init(line: item.line, column: "id", reason: "Ce service figure déjà élément \(first) : élément ignoré."))
                continue
            }
            seen[key] = item.line
            let existing = try await Self.existing(decoded, on: database)
            // A structure is named by its id, with or without its source in front.
            let structureKeys = [decoded.structureId, "\(decoded.source)--\(decoded.structureId)"]
            let provider: ServiceProvider?
            if let existing {
                provider = existing.provider
            } else if let structure = structureKeys.lazy.compactMap({ bySourceID[$0] }).first {
                provider = ServiceProvider(name: structure.name, reference: decoded.structureId, structureId: structure.id)
            } else if let partner = structureKeys.lazy.compactMap({ partners[OrganisationQueries.Imported.key(source: "data-inclusion:\(decoded.source)", id: $0)] }).first {
                provider = ServiceProvider(name: partner.name, reference: decoded.structureId, organisationId: partner.id)
            } else if let name = structureKeys.lazy.compactMap({ structureNames[$0] }).first {
                provider = ServiceProvider(name: name, reference: decoded.structureId)
            } else {
                provider = nil
            }
            let (read, problems, notes) = decoded.service(provider: provider, gazetteer: reference.gazetteer, now: now)
            report.problems += problems.map { .init(line: item.line, column: $0.field, reason: $0.message) }
            report.notes += notes.map { .init(line: item.line, column: $0.field, reason: $0.message) }
            guard var service = read else { continue }
            if let existing {
                service.id = existing.id
                service.source = existing.source
                service.sourceId = existing.sourceId
                // The files give a day: the same day is the same update.
                if DateText.isoDay(existing.updatedAt) == DateText.isoDay(service.updatedAt) { service.updatedAt = existing.updatedAt }
            }
            valid.append((item.line, service))
        }
        if !report.problems.isEmpty && !skipInvalid { return report }
        let toWrite = valid.map(\.service)
        let counts = try await database.retryingTransaction { transaction -> (created: Int, updated: Int, unchanged: Int) in
            var counts = (created: 0, updated: 0, unchanged: 0)
            for incoming in toWrite {
                var service = incoming
                if let existing = try await ServiceStore.service(incoming.id, on: transaction) {
                    // What the publisher here decided stays: an archived or draft status.
                    service.status = existing.status
                    if existing == service { counts.unchanged += 1; continue }
                    try await ServiceStore.save(service, on: transaction, now: now, movingRevision: false)
                    counts.updated += 1
                } else {
                    try await ServiceStore.save(service, on: transaction, now: now, movingRevision: false)
                    counts.created += 1
                }
            }
            if counts.created + counts.updated > 0 {
                _ = try await PlatformState.increment(ServiceStore.revisionKey, on: transaction)
                try await Audit.record(.serviceCreated, actorID: nil, actor: actor, object: "services:import",
                                       detail: "\(counts.created) créé(s), \(counts.updated) mis à jour", address: nil, on: transaction, at: now)
            }
            return counts
        }
        report.created = counts.created
        report.updated = counts.updated
        report.unchanged = counts.unchanged
        report.applied = true
        return report
    }
}
