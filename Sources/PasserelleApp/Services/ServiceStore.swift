import Fluent
import Foundation
import PasserelleCore
import SQLKit

/// Services in the database: one row per service, read whole into `Service`.
enum ServiceStore {
    static let revisionKey = "services.revision"

    struct Row: Codable, Sendable {
        var id: UUID
        var source: String?
        var source_id: String?
        var provider_name: String
        var provider_reference: String?
        var organisation_id: UUID?
        var structure_id: UUID?
        var name: String
        var description: String
        var type: String?
        var thematiques: String
        var publics: String
        var publics_details: String?
        var fee: ServiceFee?
        var fee_details: String?
        var access_conditions: String?
        var reception_modes: String
        var zone: String
        var address: String?
        var commune_code: String?
        var latitude: Double?
        var longitude: Double?
        var phone: String?
        var email: String?
        var contact_name: String?
        var mobilisation_link: String?
        var mobilisation_modes: String
        var mobilisers: String
        var mobilisation_details: String?
        var weekly_hours: Double?
        var weeks: Int?
        var opening_hours: String?
        var status: ServiceStatus
        var created_at: Date
        var updated_at: Date

        static let columns = ["id", "source", "source_id", "provider_name", "provider_reference", "organisation_id", "structure_id", "name",
                              "description", "type", "thematiques", "publics", "publics_details", "fee", "fee_details", "access_conditions",
                              "reception_modes", "zone", "address", "commune_code", "latitude", "longitude", "phone", "email", "contact_name",
                              "mobilisation_link", "mobilisation_modes", "mobilisers", "mobilisation_details", "weekly_hours", "weeks",
                              "opening_hours", "status", "created_at", "updated_at"]

        init(_ service: Service, createdAt: Date) {
            id = service.id
            source = service.source
            source_id = service.sourceId
            provider_name = service.provider.name
            provider_reference = service.provider.reference
            organisation_id = service.provider.organisationId
            structure_id = service.provider.structureId
            name = service.name
            description = service.description
            type = service.type
            thematiques = BarList.join(service.thematiques)
            publics = BarList.join(service.publics)
            publics_details = service.publicsDetails
            fee = service.fee
            fee_details = service.feeDetails
            access_conditions = service.accessConditions
            reception_modes = BarList.join(service.receptionModes.map(\.rawValue))
            zone = BarList.join(service.zone.codes)
            address = service.address
            commune_code = service.communeCode
            latitude = service.coordinates?.latitude
            longitude = service.coordinates?.longitude
            phone = service.phone
            email = service.email
            contact_name = service.contactName
            mobilisation_link = service.mobilisationLink
            mobilisation_modes = BarList.join(service.mobilisationModes.map(\.rawValue))
            mobilisers = BarList.join(service.mobilisers)
            mobilisation_details = service.mobilisationDetails
            weekly_hours = service.weeklyHours
            weeks = service.weeks
            opening_hours = service.openingHours
            status = service.status
            created_at = createdAt
            updated_at = service.updatedAt
        }

        func service() throws -> Service {
            Service(
                id: id, provider: ServiceProvider(name: provider_name, reference: provider_reference, organisationId: organisation_id, structureId: structure_id),
                source: source, sourceId: source_id, name: name, description: description, type: type, thematiques: BarList.split(thematiques),
                publics: BarList.split(publics), publicsDetails: publics_details, fee: fee, feeDetails: fee_details,
                accessConditions: access_conditions, receptionModes: try ReceptionMode.storedList(reception_modes, table: "services", column: "reception_modes", id: id),
                zone: EligibilityZone(BarList.split(zone)), address: address, communeCode: commune_code,
                coordinates: latitude.flatMap { lat in longitude.map { GeoPoint(latitude: lat, longitude: $0) } },
                phone: phone, email: email, contactName: contact_name, mobilisationLink: mobilisation_link,
                mobilisationModes: try MobilisationMode.storedList(mobilisation_modes, table: "services", column: "mobilisation_modes", id: id), mobilisers: BarList.split(mobilisers),
                mobilisationDetails: mobilisation_details, weeklyHours: weekly_hours, weeks: weeks, openingHours: opening_hours,
                status: status, updatedAt: updated_at
            )
        }
    }

    static func all(on database: any Database) async throws -> [Service] {
        try await database.sql.select().columns(Row.columns).from("services").all(decoding: Row.self, table: "services").map { try $0.service() }
    }

    static func published(on database: any Database) async throws -> [Service] {
        try await database.sql.select().columns(Row.columns).from("services")
            .where("status", .equal, SQLBind(ServiceStatus.published.rawValue)).all(decoding: Row.self, table: "services").map { try $0.service() }
    }

    static func service(_ id: UUID, on database: any Database) async throws -> Service? {
        try await database.sql.select().columns(Row.columns).from("services").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, table: "services")?.service()
    }

    static func service(source: String?, sourceId: String?, on database: any Database) async throws -> Service? {
        guard let source, let sourceId else { return nil }
        return try await database.sql.select().columns(Row.columns).from("services").where("source", .equal, SQLBind(source))
            .where("source_id", .equal, SQLBind(sourceId)).first(decoding: Row.self, table: "services")?.service()
    }

    static func count(on database: any Database) async throws -> Int {
        struct Count: Decodable { var count: Int }
        return try await database.sql.raw("SELECT COUNT(*) AS count FROM services").first(decoding: Count.self)?.count ?? 0
    }

    /// Writes new services in batches, and moves the revision the search index follows.
    static func insert(_ services: [Service], on database: any Database, now: Date = Date()) async throws {
        let sql = database.sql
        for batch in stride(from: 0, to: services.count, by: 200).map({ Array(services[$0..<min($0 + 200, services.count)]) }) {
            try await sql.insert(into: "services").models(batch.map { Row($0, createdAt: now) }, nilEncodingStrategy: .asNil).run()
        }
        _ = try await PlatformState.increment(revisionKey, on: database)
    }

    /// Writes one service, new or edited, and moves the revision (an import of many moves it
    /// once, after the last). An edit keeps its creation date.
    static func save(_ service: Service, on database: any Database, now: Date = Date(), movingRevision: Bool = true) async throws {
        let sql = database.sql
        if let created = try await sql.select().column("created_at").from("services").where("id", .equal, SQLBind(service.id))
            .first(decodingColumn: "created_at", as: Date.self) {
            try await sql.update("services").set(model: Row(service, createdAt: created), nilEncodingStrategy: .asNil)
                .where("id", .equal, SQLBind(service.id)).run()
        } else {
            try await sql.insert(into: "services").model(Row(service, createdAt: now), nilEncodingStrategy: .asNil).run()
        }
        if movingRevision { _ = try await PlatformState.increment(revisionKey, on: database) }
    }

    /// The services a user's organisations publish (every status), by name.
    static func published(by reach: ReferralStore.Reach, on database: any Database) async throws -> [Service] {
        guard !reach.organisations.isEmpty || !reach.structures.isEmpty else { return [] }
        var query = database.sql.select().columns(Row.columns).from("services")
        query = query.where { group in
            var group = group
            if !reach.organisations.isEmpty { group = group.orWhere("organisation_id", .in, SQLBind.group(reach.organisations)) }
            if !reach.structures.isEmpty { group = group.orWhere("structure_id", .in, SQLBind.group(reach.structures)) }
            return group
        }
        return try await query.orderBy("name").all(decoding: Row.self, table: "services").map { try $0.service() }
    }

    /// Published services not updated for six months whose publisher was not reminded since.
    static func dueForReview(before: Date, limit: Int, on database: any Database) async throws -> [Service] {
        try await database.sql.select().columns(Row.columns).from("services")
            .where("status", .equal, SQLBind(ServiceStatus.published.rawValue)).where("updated_at", .lessThanOrEqual, SQLBind(before))
            .where("organisation_id", .isNot, SQLLiteral.null)
            .where { $0.where("review_reminded_at", .is, SQLLiteral.null).orWhere(SQLColumn("review_reminded_at"), .lessThan, SQLColumn("updated_at")) }
            .orderBy("updated_at").limit(limit).all(decoding: Row.self, table: "services").map { try $0.service() }
    }

    /// Marks the service reminded, unless it already was since its last update; false then.
    static func markReviewReminded(_ id: UUID, at now: Date, on database: any Database) async throws -> Bool {
        try await database.sql.update("services").set("review_reminded_at", to: SQLBind(now)).where("id", .equal, SQLBind(id))
            .where { $0.where("review_reminded_at", .is, SQLLiteral.null).orWhere(SQLColumn("review_reminded_at"), .lessThan, SQLColumn("updated_at")) }
            .returning("id").all().count == 1
    }

    static func revision(on database: any Database) async throws -> Int {
        Int(try await PlatformState.value(revisionKey, on: database) ?? "0") ?? 0
    }
}
