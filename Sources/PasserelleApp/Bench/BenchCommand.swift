import Fluent
import Foundation
import PasserelleCore
import Vapor

/// `passerelle bench seed --structures N`: fills the configured database with the generated
/// France-wide directory used by the benchmarks (`bench/`).
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "seed")
        var action: String

        @Option(name: "structures", help: "Number of structures to generate (50000 by default).")
        var structures: Int?
    }

    var help: String { "Remplit la base avec le jeu de données des mesures de performance." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "seed" else { throw CommandFailure("Action inconnue « \(signature.action) » : seed.") }
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
