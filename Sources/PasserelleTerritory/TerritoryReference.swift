import Fluent
import PasserelleCore
import PasserellePlatform
import SQLKit

/// The reference files of the territory and how they map to tables.
package enum TerritoryReference {
    package static let files: [ReferenceFile] = [
        ReferenceFile(file: "regions.csv", table: "regions", columns: ["code", "name", "article_type"]) { row in
            guard let code = row["code"], let name = row["nom"] else { return nil }
            return [code, name, Int(row["type_nom_insee"] ?? "") ?? 0]
        },
        ReferenceFile(file: "departements.csv", table: "departements", columns: ["code", "name", "article_type", "region_code"]) { row in
            guard let code = row["code"], let name = row["nom"], let region = row["code_region"] else { return nil }
            return [code, name, Int(row["type_nom_insee"] ?? "") ?? 0, region]
        },
        ReferenceFile(file: "epci.csv", table: "epcis", columns: ["siren", "name", "kind"]) { row in
            guard let siren = row["siren"], let name = row["nom"] else { return nil }
            return [siren, name, row["type"] ?? ""]
        },
        ReferenceFile(
            file: "communes.csv", table: "communes",
            columns: ["code", "kind", "name", "bare_name", "article_type", "parent_code", "departement_code", "region_code", "epci_siren", "postal_codes", "latitude", "longitude", "population"]
        ) { row in
            guard let code = row["code_insee"], let name = row["nom"], let departement = row["code_departement"], let region = row["code_region"] else { return nil }
            func optional(_ key: String) -> String? { row[key].flatMap { $0.isEmpty ? nil : $0 } }
            return [
                code, row["type"] ?? "COM", name, optional("nom_sans_article") ?? name, Int(row["type_nom_insee"] ?? "") ?? 0,
                optional("code_commune_parent"), departement, region, optional("siren_epci"), row["codes_postaux"] ?? "",
                optional("latitude").flatMap(Double.init), optional("longitude").flatMap(Double.init),
                Int(row["population_municipale"] ?? "") ?? 0,
            ]
        },
    ]
}

/// Reads the territory from the database into the core's gazetteer.
package enum TerritoryQueries {
    package static func gazetteer(on database: any Database) async throws -> Gazetteer {
        let sql = database.sql
        struct RegionRow: Decodable { var code: String; var name: String; var articleType: Int }
        struct DepartementRow: Decodable { var code: String; var name: String; var articleType: Int; var regionCode: String }
        struct EPCIRow: Decodable { var siren: String; var name: String; var kind: String }
        let regions = try await sql.select().columns("*").from("regions").all(decoding: RegionRow.self, table: "regions", keys: .snakeCaseColumns)
        let departements = try await sql.select().columns("*").from("departements").all(decoding: DepartementRow.self, table: "departements", keys: .snakeCaseColumns)
        let epcis = try await sql.select().columns("*").from("epcis").all(decoding: EPCIRow.self)
        var communes: [Commune] = []
        communes.reserveCapacity(35_000)
        let query = "SELECT code, kind, name, bare_name, article_type, parent_code, departement_code, region_code, epci_siren, postal_codes, latitude, longitude, population FROM communes ORDER BY code"
        try await StoredRows.each(query, on: database) { row in
            let latitude = try row.double("latitude"), longitude = try row.double("longitude")
            let code = try row.text(required: "code")
            communes.append(Commune(
                code: code, kind: try .stored(try row.text(required: "kind"), table: "communes", column: "kind", id: code),
                name: FrenchName(name: try row.text(required: "name"), bare: try row.text(required: "bare_name"), articleType: try row.integer(required: "article_type")),
                parentCode: try row.text("parent_code"), departementCode: try row.text(required: "departement_code"),
                regionCode: try row.text(required: "region_code"), epciSiren: try row.text("epci_siren"),
                postalCodes: try row.text(required: "postal_codes").utf8.split(separator: UInt8(ascii: "|")).map { String(Substring($0)) },
                centre: latitude.flatMap { latitude in longitude.map { GeoPoint(latitude: latitude, longitude: $0) } },
                population: try row.integer(required: "population")
            ))
        }
        return Gazetteer(
            communes: communes,
            departements: departements.map { Departement(code: $0.code, name: FrenchName(name: $0.name, articleType: $0.articleType), regionCode: $0.regionCode) },
            regions: regions.map { Region(code: $0.code, name: FrenchName(name: $0.name, articleType: $0.articleType)) },
            epcis: epcis.map { EPCI(siren: $0.siren, name: $0.name, kind: $0.kind) }
        )
    }
}
