import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

extension APIHandler {
    package func searchCommunes(_ input: Operations.SearchCommunes.Input) async throws -> Operations.SearchCommunes.Output {
        let gazetteer = try app.platform.reference.gazetteer
        let text = input.query.q.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, input.query.q.unicodeScalars.count <= 100 else {
            return .badRequest(.init(body: .json(Self.error("Le paramètre q est obligatoire (100 caractères au plus) : le début d’un nom, un code postal ou un code INSEE."))))
        }
        let limit = input.query.limit ?? 10
        guard (1...50).contains(limit) else {
            return .badRequest(.init(body: .json(Self.error("Le paramètre limit doit être compris entre 1 et 50."))))
        }
        let communes = gazetteer.searchCommunes(text, limit: limit)
        return .ok(.init(body: .json(.init(items: communes.map { Self.commune($0, gazetteer: gazetteer) }, total: communes.count))))
    }

    package static func commune(_ commune: Commune, gazetteer: Gazetteer) -> Components.Schemas.Commune {
        let departement = gazetteer.departement(commune.departementCode)
        let region = gazetteer.region(commune.regionCode)
        let epci = commune.epciSiren.flatMap(gazetteer.epci)
        return Components.Schemas.Commune(
            code: commune.code, name: commune.name.name, postalCodes: commune.postalCodes,
            departement: .init(code: commune.departementCode, name: departement?.name.name ?? commune.departementCode),
            region: .init(code: commune.regionCode, name: region?.name.name ?? commune.regionCode),
            epci: epci.map { .init(code: $0.siren, name: $0.name) },
            latitude: commune.centre?.latitude, longitude: commune.centre?.longitude, population: commune.population,
            label: "\(commune.name.name) (\(commune.postalCodes.first ?? commune.departementCode))"
        )
    }

    package func searchPlaces(_ input: Operations.SearchPlaces.Input) async throws -> Operations.SearchPlaces.Output {
        let gazetteer = try app.platform.reference.gazetteer
        let text = input.query.q.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, input.query.q.unicodeScalars.count <= 100 else {
            return .badRequest(.init(body: .json(Self.error("Le paramètre q est obligatoire (100 caractères au plus) : le début d’un nom de commune, de département, de région ou d’EPCI."))))
        }
        let limit = input.query.limit ?? 10
        guard (1...50).contains(limit) else {
            return .badRequest(.init(body: .json(Self.error("Le paramètre limit doit être compris entre 1 et 50."))))
        }
        let places = ZoneList.suggestions(for: text, limit: limit, gazetteer: gazetteer).map { perimeter -> Components.Schemas.Place in
            let (kind, kindLabel, code): (Components.Schemas.Place.KindPayload, String, String)
            switch perimeter {
            case .country: (kind, kindLabel, code) = (.france, "pays", "FR")
            case .region(let region): (kind, kindLabel, code) = (.region, "région", region)
            case .departement(let departement): (kind, kindLabel, code) = (.departement, "département", departement)
            case .epci(let siren): (kind, kindLabel, code) = (.epci, "EPCI", siren)
            case .commune(let commune): (kind, kindLabel, code) = (.commune, "commune", commune)
            }
            return .init(token: perimeter.token, kind: kind, kindLabel: kindLabel, code: code, label: ZoneList.label(of: perimeter, in: gazetteer))
        }
        return .ok(.init(body: .json(.init(items: places, total: places.count))))
    }
}
