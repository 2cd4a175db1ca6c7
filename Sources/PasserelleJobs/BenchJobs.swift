import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// The jobs' benchmark (`passerelle bench offers`): published offers over all of France, communes
/// drawn by population and titles over the whole ROME, written in bulk (the form writes one per
/// transaction); skills profiles of invented people around a city; and the timing of the matching
/// of one offer against them, the same function as the company's page.
package enum BenchJobs {
    static let skills = ["Travail en équipe", "Respect des consignes de sécurité", "Accueil des clients", "Port de charges", "Lecture de plans", "Conduite de chariot",
                         "Entretien des sols", "Préparation de commandes", "Permis B", "Gestion des stocks", "Relation client", "Encaissement"]
    static let contracts: [OfferContract] = [.cdi, .cdd, .interim, .cdi, .apprenticeship, .cdd]

    /// Writes `count` published offers of `employers` (company organisations, in turn).
    package static func offers(count: Int, employers: [(organisation: UUID, name: String)], gazetteer: Gazetteer, rome: Rome, on database: any Database,
                               now: Date = Date()) async throws {
        let draw = CommuneDraw(gazetteer: gazetteer, regionCode: nil)
        let titles = rome.titles.values.sorted { $0.code < $1.code }
        let today = CivilDay(DateText.parisDay(now))!
        var random = SeededRandom(seed: 21)
        var rows: [[any SQLExpression]] = []
        for n in 0..<count {
            let commune = draw.pick(&random)
            let title = titles[random.nextInt(titles.count)]
            let employer = employers[n % employers.count]
            let asked = (0..<3).map { _ in skills[random.nextInt(skills.count)] }
            let contract = contracts[n % contracts.count]
            let key = SearchText.fold([title.label, rome.job(title.job)?.label ?? "", employer.name, asked.joined(separator: " ")].joined(separator: " "))
            let published = now.addingTimeInterval(-Double(random.nextInt(60 * 86_400)))
            rows.append([
                SQLBind(UUID()), SQLBind(employer.organisation), SQLBind(UUID?.none), SQLBind(employer.name), SQLBind(OfferQuery.companyKind), SQLBind(title.label),
                SQLBind(title.code), SQLBind(title.job), SQLBind("Offre générée par le banc de mesure."), SQLBind(commune.code), SQLBind(commune.departementCode),
                SQLBind(commune.centre?.latitude), SQLBind(commune.centre?.longitude), SQLBind(contract.rawValue), SQLBind(35.0),
                SQLBind(today.addingDays(7 + n % 30).text), SQLBind(today.addingDays(30 + n % 120).text), SQLBind(1 + n % 3), SQLBind(BarList.join(asked)),
                SQLBind(n % 3 == 0), SQLBind(n % 2 == 0), SQLBind(OfferState.published.rawValue), SQLBind(key), SQLBind("banc de mesure"), SQLBind(published),
                SQLBind(published), SQLBind(published),
            ])
        }
        let columns = ["id", "organisation_id", "structure_id", "employer_name", "employer_kind", "title", "rome_title", "rome_code", "description", "commune_code",
                       "departement", "latitude", "longitude", "contract", "weekly_hours", "starts_on", "closes_on", "openings", "skills", "open_to_disabled_workers",
                       "open_to_insertion_leavers", "state", "search_key", "created_by", "created_at", "updated_at", "published_at"]
        try await write(rows, into: "job_offers", columns: columns, on: database)
    }

    /// Writes a skills profile for each of `people` (of `structure`), placed at the centres of
    /// `communes` in turn, with projects over the ROME jobs of `jobs`.
    package static func profiles(people: [UUID], structure: UUID, communes: [Commune], jobs: [String], on database: any Database, now: Date = Date()) async throws {
        var random = SeededRandom(seed: 60)
        var rows: [[any SQLExpression]] = []
        for (n, person) in people.enumerated() {
            let commune = communes[n % communes.count]
            let projects = Array(Set((0..<(1 + n % 3)).map { _ in jobs[random.nextInt(jobs.count)] })).sorted()
            let owned = Array(Set((0..<4).map { _ in skills[random.nextInt(skills.count)] })).sorted()
            rows.append([
                SQLBind(UUID()), SQLBind(person), SQLBind(structure), SQLBind(BarList.join(projects)), SQLBind(BarList.join(owned)), SQLBind([10, 20, 30, 50][n % 4]),
                SQLBind(BarList.join(["transports-en-commun"])), SQLBind(String?.none), SQLBind(BarList.join(["français"])), SQLBind(BarList.join(n % 2 == 0 ? ["B"] : [])),
                SQLBind(commune.centre?.latitude), SQLBind(commune.centre?.longitude), SQLBind(n % 3 != 0), SQLBind(now), SQLBind(now), SQLBind(now),
            ])
        }
        let columns = ["id", "person_id", "structure_id", "projects", "skills", "radius_km", "mobility", "available_from", "languages", "licences", "latitude",
                       "longitude", "contact_consent", "consented_at", "created_at", "updated_at"]
        try await write(rows, into: "skills_profiles", columns: columns, on: database)
    }

    /// The time, in milliseconds, of matching each of `count` published offers of `departements`
    /// against the profiles (`ProfilePages.matching`, the company's page's own work, with an index
    /// of its own), and how many profiles each read; first, the time of loading that index.
    package static func matchTimes(count: Int, departements: [String], on database: any Database) async throws
        -> (loadMilliseconds: Double, runs: [(milliseconds: Double, profiles: Int)]) {
        let ids = try await database.sql.select().column("id").from("job_offers").where("state", .equal, SQLBind(OfferState.published.rawValue))
            .where("departement", .in, SQLBind.group(departements)).limit(count).all(decodingColumn: "id", as: UUID.self)
        let index = ProfileMatchIndex()
        let load = try await ContinuousClock().measure { _ = try await index.candidates(in: (-90, 90, -180, 180), on: database) }
        var times: [(Double, Int)] = []
        for id in ids {
            guard let offer = try await OfferStore.offer(id, on: database), let place = offer.place else { continue }
            let read = try await index.candidates(in: OfferQuery.boundingBox(around: place, radiusKm: 200), on: database).count
            let elapsed = try await ContinuousClock().measure { _ = try await ProfilePages.matching(offer, index: index, on: database) }
            times.append((milliseconds(elapsed), read))
        }
        return (milliseconds(load), times)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Rows a few hundred per statement, within the databases' limits on bound values, in one transaction.
    private static func write(_ rows: [[any SQLExpression]], into table: String, columns: [String], on database: any Database) async throws {
        try await database.retryingTransaction { database in
            for chunk in rows.chunked(into: max(1, 2_000 / columns.count)) {
                var insert = database.sql.insert(into: table).columns(columns)
                for row in chunk { insert = insert.values(row) }
                try await insert.run()
            }
        }
    }
}
