import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// Reads and writes of the directory. Every function takes the database it works on, so that
/// pages, API, commands and tests share them, inside or outside a transaction.
package enum DirectoryQueries {
    // MARK: Rows as stored

    package struct StructureRow: Codable {
        package var id: UUID
        package var siret: String?
        package var source: String?
        package var sourceID: String?
        package var name: String
        package var brand: String?
        package var kind: String
        package var description: String?
        package var address: String?
        package var communeCode: String?
        package var latitude: Double?
        package var longitude: Double?
        package var phone: String?
        package var email: String?
        package var website: String?
        package var networks: String
        package var labels: String
        package var insertionStaff: Int?
        package var permanentStaff: Int?
        package var yearFounded: Int?
        package var clientReferences: String
        package var inQpv: Bool
        package var inZrr: Bool
        package var createdAt: Date
        package var updatedAt: Date

        package static let columns = [
            "id", "siret", "source", "source_id", "name", "brand", "kind", "description", "address", "commune_code",
            "latitude", "longitude", "phone", "email", "website", "networks", "labels", "insertion_staff",
            "permanent_staff", "year_founded", "client_references", "in_qpv", "in_zrr", "created_at", "updated_at",
        ]

        package init(columns row: StoredColumns) throws {
            id = try row.uuid(required: "id")
            siret = try row.text("siret")
            source = try row.text("source")
            sourceID = try row.text("source_id")
            name = try row.text(required: "name")
            brand = try row.text("brand")
            kind = try row.text(required: "kind")
            description = try row.text("description")
            address = try row.text("address")
            communeCode = try row.text("commune_code")
            latitude = try row.double("latitude")
            longitude = try row.double("longitude")
            phone = try row.text("phone")
            email = try row.text("email")
            website = try row.text("website")
            networks = try row.text(required: "networks")
            labels = try row.text(required: "labels")
            insertionStaff = try row.integer("insertion_staff")
            permanentStaff = try row.integer("permanent_staff")
            yearFounded = try row.integer("year_founded")
            clientReferences = try row.text(required: "client_references")
            inQpv = try row.bool(required: "in_qpv")
            inZrr = try row.bool(required: "in_zrr")
            // The creation date is not part of a structure's record; parsing 50,000 dates costs.
            createdAt = .distantPast
            updatedAt = try row.date(required: "updated_at")
        }

        package init(_ structure: Structure, createdAt: Date) {
            id = structure.id
            siret = structure.siret
            source = structure.source
            sourceID = structure.sourceId
            name = structure.name
            brand = structure.brand
            kind = structure.kind.rawValue
            description = structure.description
            address = structure.address
            communeCode = structure.communeCode
            latitude = structure.coordinates?.latitude
            longitude = structure.coordinates?.longitude
            phone = structure.phone
            email = structure.email
            website = structure.website
            networks = Self.join(structure.networks)
            labels = Self.join(structure.labels)
            insertionStaff = structure.insertionStaff
            permanentStaff = structure.permanentStaff
            yearFounded = structure.yearFounded
            clientReferences = Self.join(structure.clientReferences)
            inQpv = structure.inQPV
            inZrr = structure.inZRR
            self.createdAt = createdAt
            updatedAt = structure.updatedAt
        }

        package var values: [any Encodable & Sendable] {
            [id, siret, source, sourceID, name, brand, kind, description, address, communeCode, latitude, longitude,
             phone, email, website, networks, labels, insertionStaff, permanentStaff, yearFounded, clientReferences,
             inQpv, inZrr, createdAt, updatedAt]
        }

        package func structure(activities: [Activity]) throws -> Structure {
            let kind = try StructureKind.stored(kind, table: "structures", column: "kind", id: id)
            return Structure(
                id: id, siret: siret, source: source, sourceId: sourceID, name: name, brand: brand, kind: kind,
                description: description, address: address, communeCode: communeCode,
                coordinates: latitude.flatMap { latitude in longitude.map { GeoPoint(latitude: latitude, longitude: $0) } },
                phone: phone, email: email, website: website, networks: Self.split(networks), labels: Self.split(labels),
                insertionStaff: insertionStaff, permanentStaff: permanentStaff, yearFounded: yearFounded,
                clientReferences: Self.split(clientReferences), inQPV: inQpv, inZRR: inZrr, updatedAt: updatedAt,
                activities: activities
            )
        }

        /// Lists are stored one item per line; an item never holds a line break.
        package static func join(_ items: [String]) -> String {
            items.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
        }

        package static func split(_ text: String) -> [String] {
            text.utf8.split(separator: UInt8(ascii: "\n")).map { String(Substring($0)) }
        }
    }

    package struct ActivityRow: Codable {
        package var id: UUID
        package var structureID: UUID
        package var position: Int
        package var sectorSlug: String
        package var serviceTypes: String
        package var reachKind: String
        package var radiusKm: Double?
        package var perimeters: String
        package var description: String?

        package static let columns = ["id", "structure_id", "position", "sector_slug", "service_types", "reach_kind", "radius_km", "perimeters", "description"]

        /// Reads a row selected without its own id, which nothing but writes needs.
        package init(columns row: StoredColumns) throws {
            id = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
            structureID = try row.uuid(required: "structure_id")
            position = try row.integer(required: "position")
            sectorSlug = try row.text(required: "sector_slug")
            serviceTypes = try row.text(required: "service_types")
            reachKind = try row.text(required: "reach_kind")
            radiusKm = try row.double("radius_km")
            perimeters = try row.text(required: "perimeters")
            description = try row.text("description")
        }

        package init(_ activity: Activity, structure: UUID, position: Int) {
            id = UUID()
            structureID = structure
            self.position = position
            sectorSlug = activity.sectorSlug
            serviceTypes = activity.serviceTypes.map(\.rawValue).joined(separator: ",")
            description = activity.description
            switch activity.reach {
            case .national:
                reachKind = "national"
                radiusKm = nil
                perimeters = ""
            case .radius(let km):
                reachKind = "radius"
                radiusKm = km
                perimeters = ""
            case .perimeters(let list):
                reachKind = "perimeters"
                radiusKm = nil
                perimeters = list.map(\.token).joined(separator: " ")
            }
        }

        package var values: [any Encodable & Sendable] {
            [id, structureID, position, sectorSlug, serviceTypes, reachKind, radiusKm, perimeters, description]
        }

        /// The activity; a reach, a perimeter or a service type that does not read is an
        /// `UnreadableStoredValue` (named by the structure's id: an activity's own id is not read).
        package func activity() throws -> Activity {
            func unreadable(_ column: String) -> UnreadableStoredValue {
                UnreadableStoredValue(table: "structure_activities", column: column, id: structureID.uuidString.lowercased())
            }
            let reach: Reach
            switch reachKind {
            case "national": reach = .national
            case "radius":
                guard let radiusKm else { throw unreadable("radius_km") }
                reach = .radius(km: radiusKm)
            case "perimeters":
                reach = .perimeters(try perimeters.utf8.split(separator: UInt8(ascii: " ")).map { token in
                    guard let perimeter = Perimeter(token: String(Substring(token))) else { throw unreadable("perimeters") }
                    return perimeter
                })
            default: throw unreadable("reach_kind")
            }
            return Activity(
                sectorSlug: sectorSlug,
                serviceTypes: try serviceTypes.utf8.split(separator: UInt8(ascii: ",")).map { token in
                    guard let type = ServiceType(rawValue: String(Substring(token))) else { throw unreadable("service_types") }
                    return type
                },
                reach: reach, description: description
            )
        }
    }

    // MARK: Reading

    /// Every structure with its activities: what the search index is built from (without the
    /// hidden ones) and what imports compare with (with them, so that they are not created twice).
    package static func allStructures(on database: any Database, includingHidden: Bool = false) async throws -> [Structure] {
        // Activities and structures are read at the same time, on two connections.
        async let activities = allActivities(on: database)
        let columns = StructureRow.columns.filter { $0 != "created_at" }
        var rows: [StructureRow] = []
        let condition = includingHidden ? "" : " WHERE hidden_at IS NULL"
        try await StoredRows.each("SELECT \(columns.joined(separator: ", ")) FROM structures" + condition, on: database) { row in
            rows.append(try StructureRow(columns: row))
        }
        let activitiesByStructure = try await activities
        return try rows.map { try $0.structure(activities: activitiesByStructure[$0.id] ?? []) }
    }

    private static func allActivities(on database: any Database) async throws -> [UUID: [Activity]] {
        // Read in table order and put in position order here: ordering by structure in SQL
        // walks the index row by row and takes three times as long.
        var rowsByStructure: [UUID: [(position: Int, activity: Activity)]] = [:]
        let columns = ActivityRow.columns.filter { $0 != "id" }
        try await StoredRows.each("SELECT \(columns.joined(separator: ", ")) FROM structure_activities", on: database) { row in
            let activity = try ActivityRow(columns: row)
            rowsByStructure[activity.structureID, default: []].append((activity.position, try activity.activity()))
        }
        return rowsByStructure.mapValues { rows in
            rows.count < 2 ? rows.map(\.activity) : rows.sorted { $0.position < $1.position }.map(\.activity)
        }
    }

    /// One structure with its activities; with `includingHidden: false`, nil when moderation hid it.
    package static func structure(id: UUID, on database: any Database, includingHidden: Bool = true) async throws -> Structure? {
        let sql = database.sql
        var query = sql.select().columns(StructureRow.columns.map { SQLColumn($0) }).from("structures").where("id", .equal, id)
        if !includingHidden { query = query.where("hidden_at", .is, SQLLiteral.null) }
        guard let row = try await query.first(decoding: StructureRow.self, table: "structures", keys: .snakeCaseColumns) else { return nil }
        let activities = try await sql.select().columns(ActivityRow.columns.map { SQLColumn($0) }).from("structure_activities")
            .where("structure_id", .equal, id).orderBy("position").all(decoding: ActivityRow.self, table: "structure_activities", keys: .snakeCaseColumns)
        return try row.structure(activities: activities.map { try $0.activity() })
    }

    /// Who the structures are, for the modules that show them (answers, groups, claims), hidden
    /// ones included: one query for a whole page.
    package static func summaries(of structures: [UUID], on database: any Database) async throws -> [UUID: StructureSummary] {
        let ids = Array(Set(structures))
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var name: String; var kind: String; var communeCode: String?; var email: String?; var phone: String? }
        var summaries: [UUID: StructureSummary] = [:]
        for row in try await database.sql.select().columns("id", "name", "kind", "commune_code", "email", "phone").from("structures")
            .where("id", .in, SQLBind.group(ids)).all(decoding: Row.self, table: "structures", keys: .snakeCaseColumns) {
            let kind = try StructureKind.stored(row.kind, table: "structures", column: "kind", id: row.id)
            summaries[row.id] = StructureSummary(id: row.id, name: row.name, kind: kind, communeCode: row.communeCode, email: row.email, phone: row.phone)
        }
        return summaries
    }

    /// Every structure's id, in their order.
    package static func ids(on database: any Database) async throws -> [UUID] {
        try await database.sql.select().column("id").from("structures").orderBy("id").all(decodingColumn: "id", as: UUID.self)
    }

    /// The first demo structure of this kind, by name, with an activity in this sector (when
    /// given) and a reach naming this perimeter (when given), in this commune (when given): the
    /// ones the demo accounts run.
    package static func demoStructure(kind: StructureKind, sector: String? = nil, perimeter: String? = nil, commune: String? = nil,
                                      on database: any Database) async throws -> (id: UUID, name: String)? {
        struct Row: Decodable { var id: UUID; var name: String }
        var query: SQLQueryString = "SELECT s.id AS id, s.name AS name FROM structures s WHERE s.kind = \(bind: kind.rawValue) AND s.source = 'demo'"
        if let commune { query = query + " AND s.commune_code = \(bind: commune)" }
        query = query + " AND EXISTS (SELECT 1 FROM structure_activities a WHERE a.structure_id = s.id"
        if let sector { query = query + " AND a.sector_slug = \(bind: sector)" }
        if let perimeter { query = query + " AND a.perimeters LIKE \(bind: "%" + perimeter + "%")" }
        return try await database.sql.raw(query + ") ORDER BY s.name LIMIT 1").first(decoding: Row.self, table: "structures", keys: .snakeCaseColumns).map { ($0.id, $0.name) }
    }

    /// The names of the structures that came from one source (the first content's organisations).
    package static func names(fromSource source: String, on database: any Database) async throws -> [(id: UUID, name: String)] {
        struct Row: Decodable { var id: UUID; var name: String }
        return try await database.sql.select().columns("id", "name").from("structures")
            .where("source", .equal, SQLBind(source)).all(decoding: Row.self, table: "structures", keys: .snakeCaseColumns).map { ($0.id, $0.name) }
    }

    /// The structures of one source whose every change was made by `actor` (by `source_id`): those
    /// that no one else has edited since that actor wrote them.
    package static func changedOnly(by actor: String, fromSource source: String, on database: any Database) async throws -> [String: UUID] {
        struct Row: Decodable { var id: UUID; var sourceID: String? }
        let rows = try await database.sql.raw("""
            SELECT s.id, s.source_id FROM structures s WHERE s.source = \(bind: source)
            AND NOT EXISTS (SELECT 1 FROM structure_changes c WHERE c.structure_id = s.id AND c.actor <> \(bind: actor))
            """).all(decoding: Row.self, table: "structures", keys: .snakeCaseColumns)
        return Dictionary(rows.compactMap { row in row.sourceID.map { ($0, row.id) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether a moderator hid the structure, when and why.
    package struct Moderation: Decodable, Sendable {
        package var hiddenAt: Date?
        package var hiddenReason: String?
    }

    package static func moderation(of id: UUID, on database: any Database) async throws -> Moderation? {
        try await database.sql.select().columns("hidden_at", "hidden_reason").from("structures")
            .where("id", .equal, SQLBind(id)).first(decoding: Moderation.self, table: "structures", keys: .snakeCaseColumns)
    }

    /// A structure hidden by a moderator, as the moderation list shows it.
    package struct HiddenStructure: Decodable, Sendable {
        package var id: UUID
        package var name: String
        package var kind: StructureKind
        package var communeCode: String?
        package var hiddenAt: Date
        package var hiddenReason: String?
    }

    /// Hidden structures whose name contains `text`, latest hidden first.
    package static func hidden(matching text: String?, on database: any Database) async throws -> [HiddenStructure] {
        var query = database.sql.select().columns("id", "name", "kind", "commune_code", "hidden_at", "hidden_reason")
            .from("structures").where("hidden_at", .isNot, SQLLiteral.null)
        if let pattern = ContainsPattern.of(text) {
            query = query.where(SQLFunction("LOWER", args: SQLColumn("name")), .like, SQLBind(pattern))
        }
        return try await query.orderBy("hidden_at", .descending).limit(10_000).all(decoding: HiddenStructure.self, table: "structures", keys: .snakeCaseColumns)
    }

    /// The structures of the directory, leaving out those of one source when given.
    package static func count(excludingSource source: String? = nil, on database: any Database) async throws -> Int {
        let sql = database.sql
        struct Count: Decodable { var count: Int }
        let filter: SQLQueryString = source.map { "WHERE source IS NULL OR source <> \(bind: $0)" } ?? ""
        return try await sql.raw("SELECT COUNT(*) AS count FROM structures \(filter)").first(decoding: Count.self)?.count ?? 0
    }

    package struct Change: Sendable {
        package var at: Date
        /// Who, as the public reads it: "import", "Membre de la structure"…
        package var actor: String
        package var action: String
        package var summary: String
        /// The account's name when a person made the change (a pseudonym once the account is deleted).
        package var userName: String?
    }

    /// The history of a structure, latest first, with the names of the accounts that made the
    /// changes as `names` gives them.
    package static func history(of id: UUID, on database: any Database,
                        names accountNames: @Sendable ([UUID], any Database) async throws -> [UUID: String]) async throws -> [Change] {
        struct Row: Decodable { var at: Date; var actor: String; var action: String; var summary: String; var userID: UUID? }
        let rows = try await database.sql.raw("""
            SELECT c.at, c.actor, c.action, c.summary, c.user_id
            FROM structure_changes c WHERE c.structure_id = \(bind: id) ORDER BY c.at DESC LIMIT 50
            """).all(decoding: Row.self, table: "structure_changes", keys: .snakeCaseColumns)
        let names = try await accountNames(rows.compactMap(\.userID), database)
        return rows.map { Change(at: $0.at, actor: $0.actor, action: $0.action, summary: $0.summary, userName: $0.userID.flatMap { names[$0] }) }
    }

    // MARK: Writing

    /// Writes every field of an existing structure (not its activities).
    package static func replaceFields(of structure: Structure, on sql: any SQLDatabase) async throws {
        let row = StructureRow(structure, createdAt: structure.updatedAt)
        var statement = sql.update("structures")
        for (column, value) in zip(StructureRow.columns, row.values) where column != "id" && column != "created_at" {
            statement = statement.set(SQLIdentifier(column), to: SQLBind(value))
        }
        try await statement.where("id", .equal, structure.id).run()
    }

    /// Writes a structure and its activities, replacing what was stored.
    package static func replace(_ structure: Structure, on sql: any SQLDatabase) async throws {
        try await replaceFields(of: structure, on: sql)
        try await sql.delete(from: "structure_activities").where("structure_id", .equal, structure.id).run()
        let rows = structure.activities.enumerated().map { ActivityRow($0.element, structure: structure.id, position: $0.offset).values }
        try await DirectoryImport.insert(rows, into: "structure_activities", columns: ActivityRow.columns, on: sql)
    }

    /// Adds a line to a structure's history.
    package static func recordChange(of structure: UUID, actor: String, user: UUID?, action: String, summary: String, on sql: any SQLDatabase, at: Date) async throws {
        try await sql.insert(into: "structure_changes").columns("id", "structure_id", "at", "actor", "action", "summary", "user_id")
            .values(SQLBind(UUID()), SQLBind(structure), SQLBind(at), SQLBind(actor), SQLBind(action), SQLBind(summary), SQLBind(user))
            .run()
    }

    /// The directory's revision: it changes with every write, so that every instance knows when
    /// to rebuild its search index.
    package static let revisionKey = "directory.revision"

    package static func revision(on database: any Database) async throws -> Int {
        Int(try await PlatformState.value(revisionKey, on: database) ?? "0") ?? 0
    }
}
