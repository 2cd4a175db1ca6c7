import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

package struct ProfileRecord: Sendable, Equatable {
    package var id: UUID
    package var personID: UUID
    package var structureID: UUID
    package var projects: [String]
    package var skills: [String]
    package var radiusKm: Int
    package var mobility: [String]
    package var availableFrom: String?
    package var languages: [String]
    package var licences: [String]
    package var place: GeoPoint?
    package var contactConsent: Bool
    package var consentedAt: Date
    package var updatedAt: Date

    package var matching: SkillsMatch.Profile { .init(projects: projects, skills: skills, place: place, radiusKm: radiusKm) }
}

package struct ProfileContact: Sendable, Equatable {
    package var id: UUID
    package var profileID: UUID
    package var company: UUID
    package var offerID: UUID?
    package var requestedBy: String
    package var message: String
    package var state: ProfileContactState
    package var answeredBy: String?
    package var createdAt: Date
    package var answeredAt: Date?
}

/// The skills profiles and the companies' contact requests: the one place that reads and writes
/// their tables. Who may call it for which profile, `ProfileAccess` decides.
package enum ProfileStore {
    private struct Row: Decodable {
        var id: UUID
        var personId: UUID
        var structureId: UUID
        var projects: String
        var skills: String
        var radiusKm: Int
        var mobility: String
        var availableFrom: String?
        var languages: String
        var licences: String
        var latitude: Double?
        var longitude: Double?
        var contactConsent: Bool
        var consentedAt: Date
        var updatedAt: Date

        var record: ProfileRecord {
            ProfileRecord(id: id, personID: personId, structureID: structureId, projects: BarList.split(projects), skills: BarList.split(skills), radiusKm: radiusKm,
                          mobility: BarList.split(mobility), availableFrom: availableFrom, languages: BarList.split(languages), licences: BarList.split(licences),
                          place: latitude.flatMap { latitude in longitude.map { GeoPoint(latitude: latitude, longitude: $0) } }, contactConsent: contactConsent,
                          consentedAt: consentedAt, updatedAt: updatedAt)
        }
    }

    /// Writes the person's profile, new or changed; its id.
    package static func save(_ checked: SkillsProfileDraft.Checked, person: UUID, structure: UUID, place: GeoPoint?, contactConsent: Bool,
                             on database: any Database, now: Date = Date()) async throws -> UUID {
        if let existing = try await profile(ofPerson: person, on: database) {
            try await database.sql.update("skills_profiles")
                .set("projects", to: SQLBind(BarList.join(checked.projects))).set("skills", to: SQLBind(BarList.join(checked.skills)))
                .set("radius_km", to: SQLBind(checked.radiusKm)).set("mobility", to: SQLBind(BarList.join(checked.mobility)))
                .set("available_from", to: SQLBind(checked.availableFrom)).set("languages", to: SQLBind(BarList.join(checked.languages)))
                .set("licences", to: SQLBind(BarList.join(checked.licences))).set("latitude", to: SQLBind(place?.latitude)).set("longitude", to: SQLBind(place?.longitude))
                .set("contact_consent", to: SQLBind(contactConsent)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(existing.id)).run()
            return existing.id
        }
        return try await insert(checked, person: person, structure: structure, place: place, contactConsent: contactConsent, on: database, now: now)
    }

    /// A person's first profile; its id. Two first saves for the same person at once: the second
    /// updates the row the first wrote, and gets its id.
    package static func insert(_ checked: SkillsProfileDraft.Checked, person: UUID, structure: UUID, place: GeoPoint?, contactConsent: Bool,
                               on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        return try await database.sql.insert(into: "skills_profiles")
            .columns("id", "person_id", "structure_id", "projects", "skills", "radius_km", "mobility", "available_from", "languages", "licences", "latitude",
                     "longitude", "contact_consent", "consented_at", "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(person), SQLBind(structure), SQLBind(BarList.join(checked.projects)), SQLBind(BarList.join(checked.skills)),
                    SQLBind(checked.radiusKm), SQLBind(BarList.join(checked.mobility)), SQLBind(checked.availableFrom), SQLBind(BarList.join(checked.languages)),
                    SQLBind(BarList.join(checked.licences)), SQLBind(place?.latitude), SQLBind(place?.longitude), SQLBind(contactConsent), SQLBind(now), SQLBind(now),
                    SQLBind(now))
            .onConflict(with: "person_id") { update in
                ["projects", "skills", "radius_km", "mobility", "available_from", "languages", "licences", "latitude", "longitude", "contact_consent", "updated_at"]
                    .reduce(update) { $0.set(excludedValueOf: $1) }
            }
            .returning("id").first(decodingColumn: "id", as: UUID.self) ?? id
    }

    package static func profile(_ id: UUID, on database: any Database) async throws -> ProfileRecord? {
        try await database.sql.select().column("*").from("skills_profiles").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, table: "skills_profiles", keys: .snakeCaseColumns)?.record
    }

    package static func profile(ofPerson person: UUID, on database: any Database) async throws -> ProfileRecord? {
        try await database.sql.select().column("*").from("skills_profiles").where("person_id", .equal, SQLBind(person))
            .first(decoding: Row.self, table: "skills_profiles", keys: .snakeCaseColumns)?.record
    }

    package static func profiles(ofStructures structures: [UUID], on database: any Database) async throws -> [ProfileRecord] {
        guard !structures.isEmpty else { return [] }
        return try await database.sql.select().column("*").from("skills_profiles").where("structure_id", .in, SQLBind.group(structures))
            .orderBy("updated_at", .descending).limit(500)
            .all(decoding: Row.self, table: "skills_profiles", keys: .snakeCaseColumns).map(\.record)
    }

    /// What matching reads of a profile, and no more: a company's offer meets tens of thousands.
    private struct MatchingRow: Decodable {
        var id: UUID
        var projects: String
        var skills: String
        var radiusKm: Int
        var latitude: Double?
        var longitude: Double?
    }

    /// The profiles written since `since` (all of them without it), as matching reads them.
    package static func matching(changedSince since: Date?, on database: any Database) async throws -> [(UUID, SkillsMatch.Profile)] {
        var query = database.sql.select().columns("id", "projects", "skills", "radius_km", "latitude", "longitude").from("skills_profiles")
        if let since { query = query.where("updated_at", .greaterThanOrEqual, SQLBind(since)) }
        return try await query.all(decoding: MatchingRow.self, table: "skills_profiles", keys: .snakeCaseColumns).map { row in
            (row.id, SkillsMatch.Profile(projects: BarList.split(row.projects), skills: BarList.split(row.skills),
                                         place: row.latitude.flatMap { latitude in row.longitude.map { GeoPoint(latitude: latitude, longitude: $0) } },
                                         radiusKm: row.radiusKm))
        }
    }

    /// How many profiles there are and the latest change: matching's index reloads when they move.
    package static func revision(on database: any Database) async throws -> (count: Int, latest: Date?) {
        struct Revision: Decodable { var count: Int; var latest: Date? }
        let row = try await database.sql.raw("SELECT COUNT(*) AS count, MAX(updated_at) AS latest FROM skills_profiles")
            .first(decoding: Revision.self, table: "skills_profiles")
        return (row?.count ?? 0, row?.latest)
    }

    /// The profiles of `ids`, in no order.
    package static func profiles(_ ids: [UUID], on database: any Database) async throws -> [ProfileRecord] {
        guard !ids.isEmpty else { return [] }
        return try await database.sql.select().column("*").from("skills_profiles").where("id", .in, SQLBind.group(ids))
            .all(decoding: Row.self, table: "skills_profiles", keys: .snakeCaseColumns).map(\.record)
    }

    /// Withdraws the profile, with its contact requests: the person took back their agreement.
    package static func delete(_ id: UUID, on database: any Database) async throws {
        try await database.sql.delete(from: "profile_contacts").where("profile_id", .equal, SQLBind(id)).run()
        try await database.sql.delete(from: "skills_profiles").where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Contact requests

    private struct ContactRow: Decodable {
        var id: UUID
        var profileId: UUID
        var companyOrganisationId: UUID
        var offerId: UUID?
        var requestedBy: String
        var message: String
        var state: ProfileContactState
        var answeredBy: String?
        var createdAt: Date
        var answeredAt: Date?

        var contact: ProfileContact {
            ProfileContact(id: id, profileID: profileId, company: companyOrganisationId, offerID: offerId, requestedBy: requestedBy, message: message, state: state,
                           answeredBy: answeredBy, createdAt: createdAt, answeredAt: answeredAt)
        }
    }

    /// A company's request; false when it asked this profile already.
    package static func request(profile: UUID, company: UUID, offer: UUID?, by author: String, message: String, on database: any Database,
                                now: Date = Date()) async throws -> Bool {
        // One statement: two requests sent at once write one, and the other is told it was asked already.
        try await !database.sql.insert(into: "profile_contacts")
            .columns("id", "profile_id", "company_organisation_id", "offer_id", "requested_by", "message", "state", "created_at")
            .values(SQLBind(UUID()), SQLBind(profile), SQLBind(company), SQLBind(offer), SQLBind(author), SQLBind(message),
                    SQLBind(ProfileContactState.requested.rawValue), SQLBind(now))
            .ignoringConflicts(with: ["profile_id", "company_organisation_id"]).returning("id").all().isEmpty
    }

    package static func contact(_ id: UUID, on database: any Database) async throws -> ProfileContact? {
        try await database.sql.select().column("*").from("profile_contacts").where("id", .equal, SQLBind(id))
            .first(decoding: ContactRow.self, table: "profile_contacts", keys: .snakeCaseColumns)?.contact
    }

    package static func contacts(ofProfile profile: UUID, on database: any Database) async throws -> [ProfileContact] {
        try await database.sql.select().column("*").from("profile_contacts").where("profile_id", .equal, SQLBind(profile)).orderBy("created_at", .descending)
            .all(decoding: ContactRow.self, table: "profile_contacts", keys: .snakeCaseColumns).map(\.contact)
    }

    package static func contacts(ofCompanies companies: [UUID], on database: any Database) async throws -> [ProfileContact] {
        guard !companies.isEmpty else { return [] }
        return try await database.sql.select().column("*").from("profile_contacts").where("company_organisation_id", .in, SQLBind.group(companies))
            .orderBy("created_at", .descending).limit(500)
            .all(decoding: ContactRow.self, table: "profile_contacts", keys: .snakeCaseColumns).map(\.contact)
    }

    /// Answers a request still waiting; false when it was answered first, or, for an acceptance,
    /// when the person's agreement to contacts was withdrawn meanwhile.
    package static func answer(_ id: UUID, with state: ProfileContactState, by author: String, at now: Date, on database: any Database) async throws -> Bool {
        var update = database.sql.update("profile_contacts").set("state", to: SQLBind(state.rawValue)).set("answered_by", to: SQLBind(author))
            .set("answered_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(ProfileContactState.requested.rawValue))
        if state == .accepted {
            update = update.where("EXISTS (SELECT 1 FROM skills_profiles p WHERE p.id = profile_contacts.profile_id AND p.contact_consent = \(bind: true))" as SQLQueryString)
        }
        return try await !update.returning("id").all().isEmpty
    }
}
