import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Services in the database: one row per service, read whole into `Service`.
package enum ServiceStore {
    package static let revisionKey = "services.revision"

    private struct Row: Codable, Sendable {
        var id: UUID
        var source: String?
        var sourceID: String?
        var providerName: String
        var providerReference: String?
        var organisationID: UUID?
        var structureID: UUID?
        var name: String
        var description: String
        var type: String?
        var thematiques: String
        var publics: String
        var publicsDetails: String?
        var fee: ServiceFee?
        var feeDetails: String?
        var accessConditions: String?
        var receptionModes: String
        var zone: String
        var address: String?
        var communeCode: String?
        var latitude: Double?
        var longitude: Double?
        var phone: String?
        var email: String?
        var contactName: String?
        var mobilisationLink: String?
        var mobilisationModes: String
        var mobilisers: String
        var mobilisationDetails: String?
        var weeklyHours: Double?
        var weeks: Int?
        var openingHours: String?
        var status: ServiceStatus
        var createdAt: Date
        var updatedAt: Date

        static let columns = ["id", "source", "source_id", "provider_name", "provider_reference", "organisation_id", "structure_id", "name",
                              "description", "type", "thematiques", "publics", "publics_details", "fee", "fee_details", "access_conditions",
                              "reception_modes", "zone", "address", "commune_code", "latitude", "longitude", "phone", "email", "contact_name",
                              "mobilisation_link", "mobilisation_modes", "mobilisers", "mobilisation_details", "weekly_hours", "weeks",
                              "opening_hours", "status", "created_at", "updated_at"]

        init(_ service: Service, createdAt: Date) {
            id = service.id
            source = service.source
            sourceID = service.sourceId
            providerName = service.provider.name
            providerReference = service.provider.reference
            organisationID = service.provider.organisationId
            structureID = service.provider.structureId
            name = service.name
            description = service.description
            type = service.type
            thematiques = BarList.join(service.thematiques)
            publics = BarList.join(service.publics)
            publicsDetails = service.publicsDetails
            fee = service.fee
            feeDetails = service.feeDetails
            accessConditions = service.accessConditions
            receptionModes = BarList.join(service.receptionModes.map(\.rawValue))
            zone = BarList.join(service.zone.codes)
            address = service.address
            communeCode = service.communeCode
            latitude = service.coordinates?.latitude
            longitude = service.coordinates?.longitude
            phone = service.phone
            email = service.email
            contactName = service.contactName
            mobilisationLink = service.mobilisationLink
            mobilisationModes = BarList.join(service.mobilisationModes.map(\.rawValue))
            mobilisers = BarList.join(service.mobilisers)
            mobilisationDetails = service.mobilisationDetails
            weeklyHours = service.weeklyHours
            weeks = service.weeks
            openingHours = service.openingHours
            status = service.status
            self.createdAt = createdAt
            updatedAt = service.updatedAt
        }

        func service() throws -> Service {
            Service(
                id: id, provider: ServiceProvider(name: providerName, reference: providerReference, organisationId: organisationID, structureId: structureID),
                source: source, sourceId: sourceID, name: name, description: description, type: type, thematiques: BarList.split(thematiques),
                publics: BarList.split(publics), publicsDetails: publicsDetails, fee: fee, feeDetails: feeDetails,
                accessConditions: accessConditions, receptionModes: try ReceptionMode.storedList(receptionModes, table: "services", column: "reception_modes", id: id),
                zone: EligibilityZone(BarList.split(zone)), address: address, communeCode: communeCode,
                coordinates: latitude.flatMap { lat in longitude.map { GeoPoint(latitude: lat, longitude: $0) } },
                phone: phone, email: email, contactName: contactName, mobilisationLink: mobilisationLink,
                mobilisationModes: try MobilisationMode.storedList(mobilisationModes, table: "services", column: "mobilisation_modes", id: id), mobilisers: BarList.split(mobilisers),
                mobilisationDetails: mobilisationDetails, weeklyHours: weeklyHours, weeks: weeks, openingHours: openingHours,
                status: status, updatedAt: updatedAt
            )
        }
    }

    package static func all(on database: any Database) async throws -> [Service] {
        try await database.sql.select().columns(Row.columns).from("services").all(decoding: Row.self, table: "services", keys: .snakeCaseColumns).map { try $0.service() }
    }

    package static func published(on database: any Database) async throws -> [Service] {
        try await database.sql.select().columns(Row.columns).from("services")
            .where("status", .equal, SQLBind(ServiceStatus.published.rawValue)).all(decoding: Row.self, table: "services", keys: .snakeCaseColumns).map { try $0.service() }
    }

    package static func service(_ id: UUID, on database: any Database) async throws -> Service? {
        try await database.sql.select().columns(Row.columns).from("services").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, table: "services", keys: .snakeCaseColumns)?.service()
    }

    package static func service(source: String?, sourceId: String?, on database: any Database) async throws -> Service? {
        guard let source, let sourceId else { return nil }
        return try await database.sql.select().columns(Row.columns).from("services").where("source", .equal, SQLBind(source))
            .where("source_id", .equal, SQLBind(sourceId)).first(decoding: Row.self, table: "services", keys: .snakeCaseColumns)?.service()
    }

    package static func count(on database: any Database) async throws -> Int {
        struct Count: Decodable { var count: Int }
        return try await database.sql.raw("SELECT COUNT(*) AS count FROM services").first(decoding: Count.self)?.count ?? 0
    }

    package static func publishedCount(on database: any Database) async throws -> Int {
        struct Count: Decodable { var count: Int }
        return try await database.sql.raw("SELECT COUNT(*) AS count FROM services WHERE status = \(bind: ServiceStatus.published.rawValue)")
            .first(decoding: Count.self)?.count ?? 0
    }

    /// Writes new services in batches, and moves the revision the search index follows.
    package static func insert(_ services: [Service], on database: any Database, now: Date = Date()) async throws {
        let sql = database.sql
        for batch in stride(from: 0, to: services.count, by: 200).map({ Array(services[$0..<min($0 + 200, services.count)]) }) {
            try await sql.insert(into: "services").models(batch.map { Row($0, createdAt: now) }, keyEncodingStrategy: .snakeCaseColumns, nilEncodingStrategy: .asNil).run()
        }
        _ = try await PlatformState.increment(revisionKey, on: database)
    }

    /// Writes one service, new or edited, and moves the revision (an import of many moves it
    /// once, after the last). An edit keeps its creation date.
    package static func save(_ service: Service, on database: any Database, now: Date = Date(), movingRevision: Bool = true) async throws {
        let sql = database.sql
        if let created = try await sql.select().column("created_at").from("services").where("id", .equal, SQLBind(service.id))
            .first(decodingColumn: "created_at", as: Date.self) {
            try await sql.update("services").set(model: Row(service, createdAt: created), keyEncodingStrategy: .snakeCaseColumns, nilEncodingStrategy: .asNil)
                .where("id", .equal, SQLBind(service.id)).run()
        } else {
            try await sql.insert(into: "services").model(Row(service, createdAt: now), keyEncodingStrategy: .snakeCaseColumns, nilEncodingStrategy: .asNil).run()
        }
        if movingRevision { _ = try await PlatformState.increment(revisionKey, on: database) }
    }

    /// The services a user's organisations publish (every status), by name.
    package static func published(by reach: ReferralStore.Reach, on database: any Database) async throws -> [Service] {
        guard !reach.organisations.isEmpty || !reach.structures.isEmpty else { return [] }
        var query = database.sql.select().columns(Row.columns).from("services")
        query = query.where { group in
            var group = group
            if !reach.organisations.isEmpty { group = group.orWhere("organisation_id", .in, SQLBind.group(reach.organisations)) }
            if !reach.structures.isEmpty { group = group.orWhere("structure_id", .in, SQLBind.group(reach.structures)) }
            return group
        }
        return try await query.orderBy("name").all(decoding: Row.self, table: "services", keys: .snakeCaseColumns).map { try $0.service() }
    }

    /// Published services not updated for six months whose publisher was not reminded since.
    package static func dueForReview(before: Date, limit: Int, on database: any Database) async throws -> [Service] {
        try await database.sql.select().columns(Row.columns).from("services")
            .where("status", .equal, SQLBind(ServiceStatus.published.rawValue)).where("updated_at", .lessThanOrEqual, SQLBind(before))
            .where("organisation_id", .isNot, SQLLiteral.null)
            .where { $0.where("review_reminded_at", .is, SQLLiteral.null).orWhere(SQLColumn("review_reminded_at"), .lessThan, SQLColumn("updated_at")) }
            .orderBy("updated_at").limit(limit).all(decoding: Row.self, table: "services", keys: .snakeCaseColumns).map { try $0.service() }
    }

    /// Marks the service reminded, unless it already was since its last update; false then.
    package static func markReviewReminded(_ id: UUID, at now: Date, on database: any Database) async throws -> Bool {
        try await database.sql.update("services").set("review_reminded_at", to: SQLBind(now)).where("id", .equal, SQLBind(id))
            .where { $0.where("review_reminded_at", .is, SQLLiteral.null).orWhere(SQLColumn("review_reminded_at"), .lessThan, SQLColumn("updated_at")) }
            .returning("id").all().count == 1
    }

    package static func revision(on database: any Database) async throws -> Int {
        Int(try await PlatformState.value(revisionKey, on: database) ?? "0") ?? 0
    }
}
