import Fluent
import Foundation
import PasserelleCore
import Vapor

/// `passerelle bench seed --structures N`: fills the configured database with the generated
/// France-wide directory used by the benchmarks (`bench/`). `passerelle bench account`: the
/// verified account that the log-in scenario logs in with (made once, kept after).
struct BenchCommand: AsyncCommand {
    /// Published in bench/README.md: the account exists only in benchmark databases.
    static let account = (name: "Compte des mesures", email: "banc@bench.passerelle.test", password: "banc-d-essai-passerelle")

    struct Signature: CommandSignature {
        @Argument(name: "action", help: "seed | account")
        var action: String

        @Option(name: "structures", help: "Number of structures to generate (50000 by default).")
        var structures: Int?
    }

    var help: String { "Remplit la base avec le jeu de données des mesures de performance." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "seed": try await seed(using: context, signature: signature)
        case "account": try await ensureAccount(using: context)
        default: throw CommandFailure("Action inconnue « \(signature.action) » : seed ou account.")
        }
    }

    private func ensureAccount(using context: CommandContext) async throws {
        let app = context.application
        try await Preparation.prepareSchema(app)
        let email = EmailAddress(Self.account.email)!
        if try await AccountQueries.account(email: email, on: app.db) == nil {
            let hash = try app.password.hash(Self.account.password)
            try await app.db.retryingTransaction { database in
                let id = try await AccountQueries.create(SignUp(name: Self.account.name, email: email, password: Self.account.password), passwordHash: hash, on: database)
                try await AccountQueries.markVerified(id, on: database)
            }
        }
        context.console.print("Compte de mesure prêt : \(Self.account.email).")
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
}
