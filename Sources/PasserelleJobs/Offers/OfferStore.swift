import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// Who offers the job: an inclusive structure of the directory (through its team's organisation)
/// or a company, by its organisation.
package struct OfferEmployer: Sendable, Equatable {
    package var organisation: UUID
    package var structure: UUID?
    package var name: String
    /// The structure's kind (`aci`, `ea`…) or `entreprise`.
    package var kind: String

    package var isInclusive: Bool { kind != OfferQuery.companyKind }

    package var kindLabel: String { StructureKind(rawValue: kind).map(\.acronym) ?? "Entreprise" }
}

package struct OfferRecord: Sendable, Equatable {
    package var id: UUID
    package var employer: OfferEmployer
    package var state: OfferState
    package var title: String
    package var romeTitle: Int
    package var romeCode: String
    package var description: String
    package var communeCode: String
    package var departement: String
    package var place: GeoPoint?
    package var contract: OfferContract
    package var weeklyHours: Double
    package var startsOn: String
    package var closesOn: String
    package var openings: Int
    package var skills: [String]
    package var openToDisabledWorkers: Bool
    package var openToInsertionLeavers: Bool
    package var createdBy: String
    package var createdAt: Date
    package var updatedAt: Date
    package var publishedAt: Date?
}

/// The offers' table: the one place that reads and writes it. One search serves the page, the
/// API, the feed and the CSV.
package enum OfferStore {
    private struct Row: Decodable {
        var id: UUID
        var organisationId: UUID
        var structureId: UUID?
        var employerName: String
        var employerKind: String
        var state: OfferState
        var title: String
        var romeTitle: Int
        var romeCode: String
        var description: String
        var communeCode: String
        var departement: String
        var latitude: Double?
        var longitude: Double?
        var contract: OfferContract
        var weeklyHours: Double
        var startsOn: String
        var closesOn: String
        var openings: Int
        var skills: String
        var openToDisabledWorkers: Bool
        var openToInsertionLeavers: Bool
        var createdBy: String
        var createdAt: Date
        var updatedAt: Date
        var publishedAt: Date?

        var record: OfferRecord {
            OfferRecord(
                id: id, employer: OfferEmployer(organisation: organisationId, structure: structureId, name: employerName, kind: employerKind), state: state,
                title: title, romeTitle: romeTitle, romeCode: romeCode, description: description, communeCode: communeCode, departement: departement,
                place: latitude.flatMap { latitude in longitude.map { GeoPoint(latitude: latitude, longitude: $0) } }, contract: contract,
                weeklyHours: weeklyHours, startsOn: startsOn, closesOn: closesOn, openings: openings, skills: BarList.split(skills),
                openToDisabledWorkers: openToDisabledWorkers, openToInsertionLeavers: openToInsertionLeavers, createdBy: createdBy,
                createdAt: createdAt, updatedAt: updatedAt, publishedAt: publishedAt)
        }
    }

    /// The folded words a search's `q` looks in: title, ROME title and job, employer, skills.
    package static func searchKey(_ offer: OfferDraft.Checked, employer: OfferEmployer, rome: Rome) -> String {
        let texts = [offer.title, offer.rome.label, rome.job(offer.rome.job)?.label ?? "", employer.name] + offer.skills
        return " " + SearchText.words(texts.joined(separator: " ")).joined(separator: " ") + " "
    }

    package static func create(_ offer: OfferDraft.Checked, employer: OfferEmployer, state: OfferState, place: GeoPoint?, departement: String, rome: Rome,
                               by author: String, on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await database.sql.insert(into: "job_offers")
            .columns("id", "organisation_id", "structure_id", "employer_name", "employer_kind", "title", "rome_title", "rome_code", "description",
                     "commune_code", "departement", "latitude", "longitude", "contract", "weekly_hours", "starts_on", "closes_on", "openings", "skills",
                     "open_to_disabled_workers", "open_to_insertion_leavers", "state", "search_key", "created_by", "created_at", "updated_at", "published_at")
            .values(SQLBind(id), SQLBind(employer.organisation), SQLBind(employer.structure), SQLBind(employer.name), SQLBind(employer.kind),
                    SQLBind(offer.title), SQLBind(offer.rome.code), SQLBind(offer.rome.job), SQLBind(offer.description), SQLBind(offer.communeCode),
                    SQLBind(departement), SQLBind(place?.latitude), SQLBind(place?.longitude), SQLBind(offer.contract.rawValue), SQLBind(offer.weeklyHours),
                    SQLBind(offer.startsOn), SQLBind(offer.closesOn), SQLBind(offer.openings), SQLBind(BarList.join(offer.skills)),
                    SQLBind(offer.openToDisabledWorkers), SQLBind(offer.openToInsertionLeavers), SQLBind(state.rawValue),
                    SQLBind(searchKey(offer, employer: employer, rome: rome)), SQLBind(author), SQLBind(now), SQLBind(now),
                    SQLBind(state == .published ? now : nil))
            .run()
        return id
    }

    package static func update(_ id: UUID, to offer: OfferDraft.Checked, employer: OfferEmployer, place: GeoPoint?, departement: String, rome: Rome,
                               on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("job_offers")
            .set("title", to: SQLBind(offer.title)).set("rome_title", to: SQLBind(offer.rome.code)).set("rome_code", to: SQLBind(offer.rome.job))
            .set("description", to: SQLBind(offer.description)).set("commune_code", to: SQLBind(offer.communeCode)).set("departement", to: SQLBind(departement))
            .set("latitude", to: SQLBind(place?.latitude)).set("longitude", to: SQLBind(place?.longitude)).set("contract", to: SQLBind(offer.contract.rawValue))
            .set("weekly_hours", to: SQLBind(offer.weeklyHours)).set("starts_on", to: SQLBind(offer.startsOn)).set("closes_on", to: SQLBind(offer.closesOn))
            .set("openings", to: SQLBind(offer.openings)).set("skills", to: SQLBind(BarList.join(offer.skills)))
            .set("open_to_disabled_workers", to: SQLBind(offer.openToDisabledWorkers)).set("open_to_insertion_leavers", to: SQLBind(offer.openToInsertionLeavers))
            .set("search_key", to: SQLBind(searchKey(offer, employer: employer, rome: rome))).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id))
            .run()
    }

    /// Moves the offer from `from` to `to`; false when someone moved it first.
    package static func move(_ id: UUID, from: OfferState, to: OfferState, on database: any Database, now: Date = Date()) async throws -> Bool {
        var update = database.sql.update("job_offers").set("state", to: SQLBind(to.rawValue)).set("updated_at", to: SQLBind(now))
        if to == .published { update = update.set("published_at", to: SQLBind(now)) }
        return try await !update.where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(from.rawValue)).returning("id").all().isEmpty
    }

    package static func offer(_ id: UUID, on database: any Database) async throws -> OfferRecord? {
        try await database.sql.select().column("*").from("job_offers").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, table: "job_offers", keys: .snakeCaseColumns)?.record
    }

    /// The offers of the employers `organisations`, every state, newest first.
    package static func offers(of organisations: [UUID], on database: any Database) async throws -> [OfferRecord] {
        guard !organisations.isEmpty else { return [] }
        return try await database.sql.select().column("*").from("job_offers").where("organisation_id", .in, SQLBind.group(organisations))
            .orderBy("updated_at", .descending).limit(500)
            .all(decoding: Row.self, table: "job_offers", keys: .snakeCaseColumns).map(\.record)
    }

    /// What waits for an employer's team: its drafts, and its published offers that close by `limit`.
    package static func attention(of organisation: UUID, today: String, limit: String, on database: any Database) async throws -> (drafts: Int, closingSoon: Int) {
        struct Row: Decodable { var drafts: Int; var closing: Int }
        let row = try await database.sql.raw("""
            SELECT COALESCE(SUM(CASE WHEN state = \(bind: OfferState.draft.rawValue) THEN 1 ELSE 0 END), 0) AS drafts,
              COALESCE(SUM(CASE WHEN state = \(bind: OfferState.published.rawValue) AND closes_on >= \(bind: today) AND closes_on <= \(bind: limit) THEN 1 ELSE 0 END), 0) AS closing
            FROM job_offers WHERE organisation_id = \(bind: organisation)
            """).first(decoding: Row.self)
        return (row?.drafts ?? 0, row?.closing ?? 0)
    }

    /// Published offers past their closing day: the daily job closes them.
    package static func closeExpired(today: String, on database: any Database, now: Date = Date()) async throws -> Int {
        try await database.sql.update("job_offers").set("state", to: SQLBind(OfferState.closed.rawValue)).set("updated_at", to: SQLBind(now))
            .where("state", .equal, SQLBind(OfferState.published.rawValue)).where("closes_on", .lessThan, SQLBind(today))
            .returning("id").all().count
    }

    package struct Found: Sendable {
        package var offer: OfferRecord
        package var distanceKm: Double?
    }

    /// Published offers matching `query`, a page of them and their total. Around a commune the
    /// bounding box narrows in SQL, and the exact distance, radius and order are the core's.
    package static func search(_ query: OfferQuery, centre: GeoPoint?, on database: any Database) async throws -> (offers: [Found], total: Int) {
        var conditions: [SQLQueryString] = ["state = \(bind: OfferState.published.rawValue)"]
        switch query.rome {
        case .job(let code): conditions.append("rome_code = \(bind: code)")
        case .title(let code): conditions.append("rome_title = \(bind: code)")
        case nil: break
        }
        for word in query.words { conditions.append("search_key LIKE \(bind: "% " + word + "%")") }
        if !query.contracts.isEmpty { conditions.append(list("contract", query.contracts.map(\.rawValue))) }
        if !query.employerKinds.isEmpty { conditions.append(list("employer_kind", query.employerKinds)) }
        let offset = (query.page - 1) * query.size
        if let centre {
            let box = OfferQuery.boundingBox(around: centre, radiusKm: query.radiusKm)
            conditions.append("latitude BETWEEN \(bind: box.minLatitude) AND \(bind: box.maxLatitude)")
            conditions.append("longitude BETWEEN \(bind: box.minLongitude) AND \(bind: box.maxLongitude)")
            struct Candidate: Decodable { var id: UUID; var latitude: Double?; var longitude: Double?; var publishedAt: Date? }
            let candidates = try await database.sql.raw("SELECT id, latitude, longitude, published_at FROM job_offers WHERE " + conditions.joined(separator: " AND "))
                .all(decoding: Candidate.self, table: "job_offers", keys: .snakeCaseColumns)
            let nearest = OfferQuery.nearest(candidates.map { candidate in
                OfferQuery.Candidate(id: candidate.id, place: candidate.latitude.flatMap { latitude in candidate.longitude.map { GeoPoint(latitude: latitude, longitude: $0) } },
                                     publishedAt: candidate.publishedAt ?? .distantPast)
            }, to: centre, radiusKm: query.radiusKm)
            let page = Array(nearest.dropFirst(offset).prefix(query.size))
            let records = try await rows(page.map(\.id), on: database)
            return (page.compactMap { hit in records[hit.id].map { Found(offer: $0, distanceKm: hit.distanceKm) } }, nearest.count)
        }
        let whereClause = SQLQueryString(" WHERE ") + conditions.joined(separator: " AND ")
        let total = try await database.sql.raw("SELECT COUNT(*) AS count FROM job_offers" + whereClause).first(decodingColumn: "count", as: Int.self) ?? 0
        let offers = try await database.sql.raw("SELECT * FROM job_offers" + whereClause
            + " ORDER BY published_at DESC, id LIMIT \(unsafeRaw: String(query.size)) OFFSET \(unsafeRaw: String(offset))")
            .all(decoding: Row.self, table: "job_offers", keys: .snakeCaseColumns).map(\.record)
        return (offers.map { Found(offer: $0, distanceKm: nil) }, total)
    }

    /// Published offers whose place lies within `box`, for matching a profile (its reach, 200 km at most).
    package static func published(in box: (minLatitude: Double, maxLatitude: Double, minLongitude: Double, maxLongitude: Double), limit: Int = 5_000,
                                  on database: any Database) async throws -> [OfferRecord] {
        try await database.sql.raw("""
            SELECT * FROM job_offers WHERE state = \(bind: OfferState.published.rawValue)
              AND latitude BETWEEN \(bind: box.minLatitude) AND \(bind: box.maxLatitude) AND longitude BETWEEN \(bind: box.minLongitude) AND \(bind: box.maxLongitude)
            LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Row.self, table: "job_offers", keys: .snakeCaseColumns).map(\.record)
    }

    private static func rows(_ ids: [UUID], on database: any Database) async throws -> [UUID: OfferRecord] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.sql.select().column("*").from("job_offers").where("id", .in, SQLBind.group(ids))
            .all(decoding: Row.self, table: "job_offers", keys: .snakeCaseColumns)
        return Dictionary(rows.map { ($0.id, $0.record) }, uniquingKeysWith: { first, _ in first })
    }

    private static func list(_ column: String, _ values: [String]) -> SQLQueryString {
        var text = SQLQueryString(column + " IN (") + "\(bind: values[0])"
        for value in values.dropFirst() { text = text + ", \(bind: value)" }
        return text + ")"
    }
}
