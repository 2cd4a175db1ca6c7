import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// The stored versions of the IAE eligibility rules: the one the platform ships, and those the
/// platform team adds when the law changes. Pages, API and tests read them here.
package enum EligibilityRuleStore {
    /// A stored version with who added it and when.
    package struct Stored: Sendable {
        package var rules: EligibilityRuleSet
        package var note: String?
        package var createdAt: Date
        package var createdBy: String
    }

    private struct Row: Decodable {
        var effectiveFrom: String
        var content: String
        var note: String?
        var createdAt: Date
        var createdByLabel: String
    }

    /// Every version, oldest first.
    package static func all(on database: any Database) async throws -> [Stored] {
        let rows = try await database.sql.select().columns("effective_from", "content", "note", "created_at", "created_by_label")
            .from("eligibility_rule_sets").orderBy("effective_from").all(decoding: Row.self, table: "eligibility_rule_sets", keys: .convertFromSnakeCase)
        return try rows.map { row in
            let version: EligibilityReference.Version
            do {
                version = try JSONDecoder().decode(EligibilityReference.Version.self, from: Data(row.content.utf8))
            } catch {
                throw UnreadableStoredValue(table: "eligibility_rule_sets", column: "content", id: row.effectiveFrom)
            }
            switch EligibilityReference.check(version) {
            case .success(let rules): return Stored(rules: rules, note: row.note, createdAt: row.createdAt, createdBy: row.createdByLabel)
            case .failure: throw UnreadableStoredValue(table: "eligibility_rule_sets", column: "content", id: row.effectiveFrom)
            }
        }
    }

    package static func ruleSets(on database: any Database) async throws -> [EligibilityRuleSet] {
        try await all(on: database).map(\.rules)
    }

    package enum AddError: Error, Equatable {
        case dayTaken(String)
    }

    /// Stores a checked version, recorded in the audit log when a person adds it.
    package static func add(_ rules: EligibilityRuleSet, note: String?, by user: SignedInUser?, address: String?, on database: any Database) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let content = String(decoding: try encoder.encode(EligibilityReference.Version(rules)), as: UTF8.self)
        try await database.retryingTransaction { database in
            let taken = try await database.sql.select().column("id").from("eligibility_rule_sets")
                .where("effective_from", .equal, SQLBind(rules.effectiveFrom)).first()
            guard taken == nil else { throw AddError.dayTaken(rules.effectiveFrom) }
            try await database.sql.insert(into: "eligibility_rule_sets")
                .columns("id", "effective_from", "source", "content", "note", "created_at", "created_by", "created_by_label")
                .values(SQLBind(UUID()), SQLBind(rules.effectiveFrom), SQLBind(rules.source), SQLBind(content), SQLBind(note), SQLBind(Date()),
                        SQLBind(user?.id), SQLBind(user?.email ?? "fichier de référence"))
                .run()
            if let user {
                try await Audit.record(.eligibilityRulesAdded, actorID: user.id, actor: user.email, object: "eligibilite:\(rules.effectiveFrom)",
                                       detail: "\(rules.criteria.count) critères, en vigueur le \(rules.effectiveFrom)", address: address, on: database)
            }
        }
    }

    /// Stores the reference file's versions that the table does not hold yet (a fresh platform,
    /// or a version shipped with a new release); the team's versions are never touched.
    package static func loadReference(resources: String, on database: any Database) async throws {
        let path = resources + "Reference/iae-eligibilite.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw ReferenceFile.LoadError.missing(path) }
        let shipped = try EligibilityReference.read(data)
        let stored = Set(try await database.sql.select().column("effective_from").from("eligibility_rule_sets").all(decodingColumn: "effective_from", as: String.self))
        for rules in shipped where !stored.contains(rules.effectiveFrom) {
            try await add(rules, note: "Version livrée avec la plateforme.", by: nil, address: nil, on: database)
        }
    }
}
