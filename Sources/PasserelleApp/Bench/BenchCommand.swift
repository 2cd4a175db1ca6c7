import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserelleJobs
import PasserelleJourneys
import PasserellePlatform
import PasserelleServices
import SQLKit
import Vapor

/// `passerelle bench seed --structures N`: fills the configured database with the generated
/// France-wide directory used by the benchmarks (`bench/`). `passerelle bench journeys --structures N
/// --people M --output FILE`: N structures with two referents each and M people each at every stage
/// of their journeys, and an API token per structure written to FILE. `passerelle bench services --services N`:
/// the France-wide partner services of the services' search benchmark. `passerelle bench account`: the
/// verified account that the log-in scenario logs in with, member of a trusted buyer (the
/// publication scenario posts needs with it), and a team account for one structure in five, so
/// that publishing fills the outbox as it would with real teams (made once, kept after).
/// `passerelle bench offers --offers N --profiles M`: N published offers over France from 1,000
/// invented companies, and M people of one structure with a skills profile around Lille.
/// `passerelle bench match`: the time of matching offers of the Nord against those profiles.
struct BenchCommand: AsyncCommand {
    /// Published in bench/README.md: the account exists only in benchmark databases.
    static let account = (name: "Compte des mesures", email: "banc@bench.passerelle.test", password: "banc-d-essai-passerelle")
    static let teams = (name: "Équipes des structures (mesures)", email: "equipes@bench.passerelle.test")

    struct Signature: CommandSignature {
        @Argument(name: "action", help: "seed | account | services | journeys | offers | match")
        var action: String

        @Option(name: "structures", help: "Number of structures to generate (50000 by default).")
        var structures: Int?

        @Option(name: "services", help: "Number of services to generate (100000 by default).")
        var services: Int?

        @Option(name: "people", help: "People per structure for `journeys` (300 by default).")
        var people: Int?

        @Option(name: "offers", help: "Offers to generate for `offers` (200000 by default).")
        var offers: Int?

        @Option(name: "profiles", help: "Skills profiles to generate for `offers` (60000 by default).")
        var profiles: Int?

        @Option(name: "output", help: "For `journeys`: the file where each structure's token, id and referent are written.")
        var output: String?
    }

    var help: String { "Remplit la base avec le jeu de données des mesures de performance." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "seed": try await seed(using: context, signature: signature)
        case "account": try await ensureAccount(using: context)
        case "services": try await seedServices(using: context, signature: signature)
        case "journeys": try await seedJourneys(using: context, signature: signature)
        case "offers": try await seedOffers(using: context, signature: signature)
        case "match": try await timeMatching(using: context)
        default: throw CommandFailure("Action inconnue « \(signature.action) » : seed, account, services, journeys, offers ou match.")
        }
    }

    private func ensureAccount(using context: CommandContext) async throws {
        let app = context.application
        try await Preparation.prepareSchema(app)
        let hash = try app.password.hash(Self.account.password)
        for (name, address) in [(Self.account.name, Self.account.email), (Self.teams.name, Self.teams.email)] {
            let email = EmailAddress(address)!
            guard try await AccountQueries.account(email: email, on: app.db) == nil else { continue }
            try await app.db.retryingTransaction { database in
                let id = try await AccountQueries.create(SignUp(name: name, email: email, password: Self.account.password, profile: .structure), passwordHash: hash, on: database)
                try await AccountQueries.markVerified(id, on: database)
            }
        }
        // The log-in account posts needs for a buyer whose needs are published at once.
        if let banc = try await AccountQueries.account(email: EmailAddress(Self.account.email)!, on: app.db)?.id,
           try await OrganisationQueries.memberships(of: banc, on: app.db).isEmpty {
            try await app.db.retryingTransaction { database in
                let buyer = try await OrganisationQueries.create(kind: .publicBuyer, name: "Acheteur des mesures", on: database)
                try await OrganisationQueries.addMember(banc, to: buyer, role: .admin, on: database)
                try await OrganisationQueries.trustBuyer(buyer, on: database)
            }
        }
        // One structure in five gets a team, all of them this one account's; once.
        guard let teams = try await AccountQueries.account(email: EmailAddress(Self.teams.email)!, on: app.db)?.id else { return }
        let existing = try await OrganisationQueries.memberships(of: teams, on: app.db).count
        guard existing == 0 else {
            context.console.print("Comptes de mesure prêts : \(Self.account.email) (acheteur de confiance), \(Self.teams.email) (\(existing) équipe(s) de structure).")
            return
        }
        let run = try await OrganisationQueries.structuresWithTeam(on: app.db)
        let structures = try await DirectoryQueries.ids(on: app.db).filter { !run.contains($0) }
            .enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        for batch in structures.chunked(into: 400) {
            try await app.db.retryingTransaction { database in
                try await OrganisationQueries.createTeams(ofStructures: Array(batch), named: "Équipe de mesure", admin: teams, on: database)
            }
        }
        context.console.print("Comptes de mesure prêts : \(Self.account.email) (acheteur de confiance), \(Self.teams.email) (\(structures.count) équipe(s) de structure ajoutée(s)).")
    }

    private func seed(using context: CommandContext, signature: Signature) async throws {
        let count = signature.structures ?? 50_000
        guard (1...1_000_000).contains(count) else { throw CommandFailure("--structures doit être compris entre 1 et 1 000 000.") }
        let app = context.application
        try await Preparation.prepare(app)
        let reference = try app.platform.reference
        let started = Date()
        let structures = SampleDirectory.benchmark(count: count, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
        let plan = try await DirectoryImport.write(structures.map { (line: 0, structure: $0, id: nil) }, actor: "bench seed", on: app.db)
        context.console.print("\(plan.creations.count) structure(s) créée(s), \(plan.updates.count) mise(s) à jour, \(plan.unchanged) inchangée(s) en \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }

    private func seedServices(using context: CommandContext, signature: Signature) async throws {
        let count = signature.services ?? 100_000
        guard (1...1_000_000).contains(count) else { throw CommandFailure("--services doit être compris entre 1 et 1 000 000.") }
        let app = context.application
        try await Preparation.prepare(app)
        guard try await ServiceStore.count(on: app.db) == 0 else {
            context.console.print("La base contient déjà des services : rien n’est ajouté.")
            return
        }
        let started = Date()
        let services = SampleServices.benchmark(count: count, gazetteer: try app.platform.reference.gazetteer, now: Date())
        try await app.db.retryingTransaction { database in try await ServiceStore.insert(services, on: database) }
        context.console.print("\(services.count) service(s) créé(s) en \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }

    /// Published in bench/README.md: the referents exist only in benchmark databases.
    static let referentPassword = "banc-d-essai-parcours"

    private func seedJourneys(using context: CommandContext, signature: Signature) async throws {
        let count = signature.structures ?? 200, people = signature.people ?? 300
        guard (1...10_000).contains(count), (1...5_000).contains(people) else {
            throw CommandFailure("--structures va de 1 à 10 000 et --people de 1 à 5 000.")
        }
        guard let output = signature.output else { throw CommandFailure("--output : le fichier où écrire les jetons des structures.") }
        let app = context.application
        try await Preparation.prepare(app)
        guard try await AccountQueries.account(email: EmailAddress("referent-1-1@bench.passerelle.test")!, on: app.db) == nil else {
            throw CommandFailure("La base contient déjà les parcours des mesures : elles partent d’une base neuve.")
        }
        let reference = try app.platform.reference
        let started = Date()
        let structures = SampleDirectory.benchmark(count: count, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
        let created = try await DirectoryImport.write(structures.map { (line: 0, structure: $0, id: nil) }, actor: "bench journeys", on: app.db).creations
        let hash = try app.password.hash(Self.referentPassword)
        var lines: [String] = [], events = 0
        for (index, structure) in created.enumerated() {
            var referents: [UUID] = []
            for number in 1...2 {
                let email = EmailAddress("referent-\(index + 1)-\(number)@bench.passerelle.test")!
                let id = try await AccountQueries.create(SignUp(name: "Référent \(index + 1)-\(number) (mesures)", email: email, password: Self.referentPassword,
                                                                profile: .structure), passwordHash: hash, on: app.db)
                try await AccountQueries.markVerified(id, on: app.db)
                referents.append(id)
            }
            try await OrganisationQueries.createTeams(ofStructures: [structure.id], named: structure.name, admin: referents[0], on: app.db)
            if let team = try await OrganisationQueries.memberships(of: referents[0], on: app.db).first?.organisationID {
                try await OrganisationQueries.addMember(referents[1], to: team, role: .member, on: app.db)
            }
            let communes = [structure.communeCode].compactMap { $0 } + ["59350", "59512", "62041", "80021"]
            events += try await BenchJourneys.insert(structure: structure.id, kind: structure.kind, referents: referents, count: people, seed: index,
                                                     communes: communes, on: app.db)
            let token = try await APITokens.create(for: referents[0], email: "referent-\(index + 1)-1@bench.passerelle.test", name: "bench", address: nil, on: app.db)
            lines.append("\(token.token);\(structure.id.uuidString.lowercased());\(referents[0].uuidString.lowercased());referent-\(index + 1)-1@bench.passerelle.test")
        }
        try lines.joined(separator: "\n").appending("\n").write(toFile: output, atomically: true, encoding: .utf8)
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        context.console.print("\(count) structure(s), \(count * people) personne(s), \(events) événement(s) de parcours en \(seconds) s ; jetons dans \(output).")
    }

    private func seedOffers(using context: CommandContext, signature: Signature) async throws {
        let count = signature.offers ?? 200_000, profiles = signature.profiles ?? 60_000
        guard (1...2_000_000).contains(count), (0...500_000).contains(profiles) else {
            throw CommandFailure("--offers va de 1 à 2 000 000 et --profiles de 0 à 500 000.")
        }
        let app = context.application
        try await Preparation.prepare(app)
        guard try await OrganisationQueries.find(kind: .company, name: "Entreprise 1 (mesures)", on: app.db) == nil else {
            throw CommandFailure("La base contient déjà les offres des mesures : elles partent d’une base neuve.")
        }
        let reference = try app.platform.reference
        let started = Date()
        var employers: [(organisation: UUID, name: String)] = []
        for number in 1...1_000 {
            let name = "Entreprise \(number) (mesures)"
            employers.append((try await OrganisationQueries.create(kind: .company, name: name, on: app.db), name))
        }
        try await BenchJobs.offers(count: count, employers: employers, gazetteer: reference.gazetteer, rome: app.jobsReference.rome, on: app.db)
        let offersSeconds = Date().timeIntervalSince(started)
        if profiles > 0 {
            // One structure of Lille keeps them; the people live within 60 km, where the offers of the Nord reach them.
            let structure = SampleDirectory.benchmark(count: 1, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
            let created = try await DirectoryImport.write(structure.map { (line: 0, structure: $0, id: nil) }, actor: "bench offers", on: app.db).creations
            guard let keeper = created.first, let lille = reference.gazetteer.commune("59350")?.centre else { throw CommandFailure("Structure des mesures non créée.") }
            let communes = reference.gazetteer.communes.filter { commune in
                commune.kind == .commune && commune.centre.map { lille.distanceKm(to: $0) <= 60 } == true
            }
            let people = try await BenchJourneys.people(count: profiles, structure: keeper.id, communes: communes.map(\.code), on: app.db)
            let jobs = Array(Set(app.jobsReference.rome.titles.values.map(\.job))).sorted()
            try await BenchJobs.profiles(people: people, structure: keeper.id, communes: communes, jobs: jobs, on: app.db)
        }
        context.console.print("\(count) offre(s) en \(String(format: "%.1f", offersSeconds)) s, \(profiles) profil(s) ; en tout \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }

    private func timeMatching(using context: CommandContext) async throws {
        let app = context.application
        try await Preparation.prepare(app)
        let (load, times) = try await BenchJobs.matchTimes(count: 50, departements: ["59"], on: app.db)
        guard !times.isEmpty else { throw CommandFailure("Aucune offre publiée dans le Nord : lancez d’abord `bench offers`.") }
        let sorted = times.map(\.milliseconds).sorted()
        func at(_ share: Double) -> String { String(format: "%.1f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))]) }
        let read = times.map(\.profiles).sorted()
        context.console.print("index_load_ms=\(String(format: "%.1f", load)) match_offers=\(times.count) profiles_read_median=\(read[read.count / 2]) "
                              + "match_ms_p50=\(at(0.5)) match_ms_p95=\(at(0.95)) match_ms_max=\(at(1))")
    }
}
