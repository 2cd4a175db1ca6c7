import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// The people a structure accompanies, their agreements and journeys. Only this folder reads or
/// writes these tables; `PeopleAccess` decides who may call it for which person.
package enum PeopleStore {
    package struct Person: Sendable {
        package var id: UUID
        package var structureID: UUID
        package var firstName: String
        package var lastName: String
        package var birthDate: String
        package var communeCode: String
        package var preference: ContactPreference
        package var phone: String?
        package var email: String?
        package var publics: [String]
        package var referentID: UUID?
        package var referentName: String?
        package var stage: PersonStage
        package var createdAt: Date
        package var updatedAt: Date

        package var fullName: String { "\(firstName) \(lastName)" }
    }

    private struct PersonRow: Decodable {
        var id: UUID
        var structureId: UUID
        var firstName: String
        var lastName: String
        var birthDate: String
        var communeCode: String
        var contactPreference: String
        var phone: String?
        var email: String?
        var publics: String
        var referentUserId: UUID?
        var state: String
        var createdAt: Date
        var updatedAt: Date

        // Named once: converting each column's name from snake case on every row was a tenth of a
        // list's cost.
        enum CodingKeys: String, CodingKey {
            case id, phone, email, publics, state
            case structureId = "structure_id", firstName = "first_name", lastName = "last_name", birthDate = "birth_date", communeCode = "commune_code"
            case contactPreference = "contact_preference", referentUserId = "referent_user_id", createdAt = "created_at", updatedAt = "updated_at"
        }

        func person(referents: [UUID: String]) throws -> Person {
            Person(id: id, structureID: structureId, firstName: firstName, lastName: lastName, birthDate: birthDate, communeCode: communeCode,
                   preference: try .stored(contactPreference, table: "people", column: "contact_preference", id: id),
                   phone: phone, email: email, publics: BarList.split(publics), referentID: referentUserId, referentName: referentUserId.flatMap { referents[$0] },
                   stage: try .stored(state, table: "people", column: "state", id: id), createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    private static let personColumns: SQLQueryString = """
        p.id, p.structure_id, p.first_name, p.last_name, p.birth_date, p.commune_code, p.contact_preference, p.phone, p.email, p.publics,
        p.referent_user_id, p.state, p.created_at, p.updated_at
        """

    /// The person `id`, whoever owns it: callers go through `PeopleAccess`.
    package static func person(_ id: UUID, on database: any Database) async throws -> Person? {
        guard let row = try await database.sql.raw("SELECT \(personColumns) FROM people p WHERE p.id = \(bind: id)")
            .first(decoding: PersonRow.self, table: "people", keys: .useDefaultKeys) else { return nil }
        return try row.person(referents: try await AccountQueries.names(of: row.referentUserId.map { [$0] } ?? [], on: database))
    }

    package struct Filter: Sendable {
        package var structure: UUID
        package var words = ""
        package var referent: UUID?
        package var stage: PersonStage?

        package init(structure: UUID) { self.structure = structure }
    }

    /// One page of a structure's people, by name: the page, the CSV and the API read it.
    package static func list(_ filter: Filter, offset: Int, limit: Int, on database: any Database) async throws -> (people: [Person], total: Int) {
        var conditions: [SQLQueryString] = ["p.structure_id = \(bind: filter.structure)"]
        for word in SearchText.fold(filter.words).split(separator: " ").prefix(5) { conditions.append("p.search_key LIKE \(bind: "%\(word)%")") }
        if let referent = filter.referent { conditions.append("p.referent_user_id = \(bind: referent)") }
        if let stage = filter.stage { conditions.append("p.state = \(bind: stage.rawValue)") }
        let whereClause = conditions.joined(separator: " AND ")
        let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM people p WHERE \(whereClause)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await database.sql.raw("""
            SELECT \(personColumns) FROM people p WHERE \(whereClause)
            ORDER BY p.last_name, p.first_name, p.id LIMIT \(literal: limit) OFFSET \(literal: offset)
            """).all(decoding: PersonRow.self, table: "people", keys: .useDefaultKeys)
        let referents = try await AccountQueries.names(of: Array(Set(rows.compactMap(\.referentUserId))), on: database)
        return (try rows.map { try $0.person(referents: referents) }, total)
    }

    static func searchKey(_ checked: PersonDraft.Checked) -> String {
        SearchText.fold("\(checked.firstName) \(checked.lastName)")
    }

    /// Records a new person with the agreement that lets the structure keep the record.
    package static func create(_ checked: PersonDraft.Checked, structure: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws -> UUID {
        let id = UUID(), now = Date()
        try await database.retryingTransaction { database in
            try await database.sql.insert(into: "people")
                .columns("id", "structure_id", "first_name", "last_name", "birth_date", "commune_code", "contact_preference", "phone", "email", "publics",
                         "referent_user_id", "state", "search_key", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(structure), SQLBind(checked.firstName), SQLBind(checked.lastName), SQLBind(checked.birthDate),
                        SQLBind(checked.communeCode), SQLBind(checked.preference.rawValue), SQLBind(checked.phone), SQLBind(checked.email),
                        SQLBind(BarList.join(checked.publics)), SQLBind(checked.referent), SQLBind(PersonStage.welcomed.rawValue), SQLBind(searchKey(checked)),
                        SQLBind(now), SQLBind(now))
                .run()
            try await database.sql.insert(into: "person_consents").columns("id", "person_id", "purpose", "agreed_at", "recorded_by")
                .values(SQLBind(UUID()), SQLBind(id), SQLBind(ConsentPurpose.accompaniment.rawValue), SQLBind(now), SQLBind(user.name)).run()
            try await event(person: id, journey: nil, kind: "dossier", summary: "Dossier ouvert ; accord pour l’accompagnement recueilli.", actor: user.name, at: now, on: database)
            try await Audit.record(.personCreated, actorID: user.id, actor: user.email, object: "personne:\(id.uuidString.lowercased())", address: address, on: database)
        }
        return id
    }

    package static func update(_ id: UUID, with checked: PersonDraft.Checked, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.update("people")
                .set("first_name", to: SQLBind(checked.firstName)).set("last_name", to: SQLBind(checked.lastName))
                .set("birth_date", to: SQLBind(checked.birthDate)).set("commune_code", to: SQLBind(checked.communeCode))
                .set("contact_preference", to: SQLBind(checked.preference.rawValue)).set("phone", to: SQLBind(checked.phone))
                .set("email", to: SQLBind(checked.email)).set("publics", to: SQLBind(BarList.join(checked.publics)))
                .set("referent_user_id", to: SQLBind(checked.referent)).set("search_key", to: SQLBind(searchKey(checked)))
                .set("updated_at", to: SQLBind(Date()))
                .where("id", .equal, SQLBind(id)).run()
            try await event(person: id, journey: nil, kind: "dossier", summary: "Dossier modifié.", actor: user.name, at: Date(), on: database)
            try await Audit.record(.personEdited, actorID: user.id, actor: user.email, object: "personne:\(id.uuidString.lowercased())", address: address, on: database)
        }
    }

    /// Erases the person and everything of their journeys (agreements, plan, contracts, hours, shares,
    /// timeline):
    /// the audit log keeps that it happened, by whom, without the person's data.
    package static func erase(_ id: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            for table in ["journey_events", "plan_actions", "plan_barriers", "person_consents", "person_hours", "person_shares"] {
                try await database.sql.delete(from: table).where("person_id", .equal, SQLBind(id)).run()
            }
            let journeys = try await database.sql.select().column("id").from("journeys").where("person_id", .equal, SQLBind(id)).all(decodingColumn: "id", as: UUID.self)
            for journey in journeys {
                try await database.sql.delete(from: "journey_followups").where("journey_id", .equal, SQLBind(journey)).run()
                try await database.sql.delete(from: "journey_contracts").where("journey_id", .equal, SQLBind(journey)).run()
                try await database.sql.delete(from: "approval_changes").where("journey_id", .equal, SQLBind(journey)).run()
            }
            try await database.sql.delete(from: "journeys").where("person_id", .equal, SQLBind(id)).run()
            try await database.sql.delete(from: "people").where("id", .equal, SQLBind(id)).run()
            try await Audit.record(.personErased, actorID: user.id, actor: user.email, object: "personne:\(id.uuidString.lowercased())", address: address, on: database)
        }
    }

    // MARK: Agreements

    package struct Consent: Sendable {
        package var id: UUID
        package var purpose: ConsentPurpose
        package var agreedAt: Date
        package var recordedBy: String
        package var withdrawnAt: Date?
        package var withdrawnBy: String?
    }

    private struct ConsentRow: Decodable {
        var id: UUID
        var purpose: String
        var agreedAt: Date
        var recordedBy: String
        var withdrawnAt: Date?
        var withdrawnBy: String?
    }

    package static func consents(of person: UUID, on database: any Database) async throws -> [Consent] {
        try await database.sql.raw("""
            SELECT id, purpose, agreed_at, recorded_by, withdrawn_at, withdrawn_by FROM person_consents WHERE person_id = \(bind: person) ORDER BY agreed_at, id
            """).all(decoding: ConsentRow.self, table: "person_consents", keys: .convertFromSnakeCase).map { row in
            Consent(id: row.id, purpose: try .stored(row.purpose, table: "person_consents", column: "purpose", id: row.id), agreedAt: row.agreedAt,
                    recordedBy: row.recordedBy, withdrawnAt: row.withdrawnAt, withdrawnBy: row.withdrawnBy)
        }
    }

    /// Records the person's agreement for `purpose`, or its withdrawal, which takes effect at once.
    /// Returns false when there was nothing to change.
    package static func setConsent(_ purpose: ConsentPurpose, given: Bool, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws -> Bool {
        try await database.retryingTransaction { database in
            let current = try await consents(of: person, on: database).last { $0.purpose == purpose && $0.withdrawnAt == nil }
            let now = Date()
            if given {
                guard current == nil else { return false }
                try await database.sql.insert(into: "person_consents").columns("id", "person_id", "purpose", "agreed_at", "recorded_by")
                    .values(SQLBind(UUID()), SQLBind(person), SQLBind(purpose.rawValue), SQLBind(now), SQLBind(user.name)).run()
            } else {
                guard let current else { return false }
                try await database.sql.update("person_consents").set("withdrawn_at", to: SQLBind(now)).set("withdrawn_by", to: SQLBind(user.name))
                    .where("id", .equal, SQLBind(current.id)).run()
            }
            var summary = "\(given ? "Accord recueilli" : "Accord retiré") : \(purpose.label.lowercased())."
            // Without the agreement, nothing of the record leaves the structure any more, from now.
            if purpose == .sharing && !given {
                let ended = try await PersonShareStore.endAll(of: person, reason: .consentWithdrawn, by: user.name, on: database)
                if ended > 0 { summary += " \(French.count(ended, "partage ou transfert en cours arrêté", "partages ou transferts en cours arrêtés"))." }
            }
            try await event(person: person, journey: nil, kind: "accord", summary: summary, actor: user.name, at: now, on: database)
            try await Audit.record(.consentChanged, actorID: user.id, actor: user.email, object: "personne:\(person.uuidString.lowercased())",
                                   detail: "\(purpose.rawValue) \(given ? "donné" : "retiré")", address: address, on: database)
            return true
        }
    }

    // MARK: Timeline

    package struct Event: Sendable {
        package var at: Date
        package var kind: String
        package var summary: String
        package var actor: String
    }

    private struct EventRow: Decodable {
        var at: Date
        var kind: String
        var summary: String
        var actor: String
    }

    package static func event(person: UUID, journey: UUID?, kind: String, summary: String, actor: String, at: Date, on database: any Database) async throws {
        try await database.sql.insert(into: "journey_events").columns("id", "person_id", "journey_id", "at", "kind", "summary", "actor")
            .values(SQLBind(UUID()), SQLBind(person), SQLBind(journey), SQLBind(at), SQLBind(kind), SQLBind(summary), SQLBind(actor)).run()
    }

    /// Everything that happened to the person, newest first.
    package static func timeline(of person: UUID, offset: Int = 0, limit: Int = 200, on database: any Database) async throws -> (events: [Event], total: Int) {
        let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM journey_events WHERE person_id = \(bind: person)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await database.sql.raw("""
            SELECT at, kind, summary, actor FROM journey_events WHERE person_id = \(bind: person) ORDER BY at DESC, id LIMIT \(literal: limit) OFFSET \(literal: offset)
            """).all(decoding: EventRow.self, table: "journey_events")
        return (rows.map { Event(at: $0.at, kind: $0.kind, summary: $0.summary, actor: $0.actor) }, total)
    }
}
