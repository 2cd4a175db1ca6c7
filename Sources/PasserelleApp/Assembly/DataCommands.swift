import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleServices
import Vapor

/// `passerelle import structures FILE [--skip-invalid]` and
/// `passerelle import data-inclusion FILE [--structures FILE] [--skip-invalid]`: a data·inclusion
/// file (JSON or CSV) of structures or of services, told apart by its content.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "structures (CSV) or data-inclusion (JSON).")
        var what: String

        @Argument(name: "file", help: "The file to import.")
        var file: String

        @Option(name: "structures", help: "For services: the data·inclusion structures file that names their structures.")
        var structures: String?

        @Flag(name: "skip-invalid", help: "Import the valid rows even when others are invalid.")
        var skipInvalid: Bool
    }

    var help: String { "Importe des structures (CSV documenté ou data·inclusion v1) ou des services (data·inclusion v1, JSON ou CSV)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let format: DirectoryImport.Format
        switch signature.what {
        case "structures": format = .csv
        case "data-inclusion": format = .dataInclusion
        default: throw CommandFailure("Que faut-il importer ? « structures » (CSV) ou « data-inclusion » (JSON), pas « \(signature.what) ».")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("Fichier introuvable ou illisible : \(signature.file)")
        }
        let app = context.application
        try await Preparation.prepare(app)
        let actor = "import \(URL(fileURLWithPath: signature.file).lastPathComponent)"
        let report: DirectoryImport.Report
        if format == .dataInclusion {
            let items: [DataInclusionFiles.Item]
            do { items = try DataInclusionFiles.items(data) } catch { throw CommandFailure(error.message) }
            switch DataInclusionFiles.content(of: items) {
            case .structures:
                report = try await DirectoryImport.importFile(DataInclusionFiles.array(items), format: .dataInclusion, skipInvalid: signature.skipInvalid,
                                                              actor: actor, reference: app.platform.reference, participants: app.directoryParticipants, on: app.db)
            case .services:
                var names: [String: String] = [:]
                if let path = signature.structures {
                    guard let structures = FileManager.default.contents(atPath: path) else { throw CommandFailure("Fichier introuvable ou illisible : \(path)") }
                    names = try ServiceImport.structureNames(structures)
                }
                report = try await ServiceImport.importFile(items, structureNames: names, skipInvalid: signature.skipInvalid, actor: actor,
                                                            reference: app.platform.reference, on: app.db)
                app.serviceIndexCache.invalidate()
            }
        } else {
            report = try await DirectoryImport.importFile(data, format: format, skipInvalid: signature.skipInvalid, actor: actor,
                                                          reference: app.platform.reference, participants: app.directoryParticipants, on: app.db)
        }
        if format == .dataInclusion, let notice = DataInclusionFiles.pageNotice(data) { context.console.print(notice) }
        let place = format == .csv || signature.file.lowercased().hasSuffix(".csv") ? "Ligne" : "Élément"
        for problem in report.problems.prefix(500) {
            let column = problem.column.isEmpty ? "" : ", colonne « \(problem.column) »"
            context.console.print("\(place) \(problem.line)\(column) : \(problem.reason)")
        }
        if report.problems.count > 500 { context.console.print("… et \(report.problems.count - 500) autres problèmes.") }
        for note in report.notes.prefix(200) {
            context.console.print("Note, \(place.lowercased()) \(note.line) : \(note.reason)")
        }
        if report.notes.count > 200 { context.console.print("… et \(report.notes.count - 200) autres notes.") }
        if report.applied {
            context.console.print("\(report.read) lu(s) : \(report.created) créé(s), \(report.updated) mis à jour, \(report.unchanged) inchangé(s), \(report.invalidRows) ignoré(s).")
            let partners = report.partners
            if partners.created + partners.updated + partners.unchanged > 0 {
                context.console.print("Organisations partenaires (structures qui ne sont pas des employeurs inclusifs) : "
                    + "\(partners.created) créée(s), \(partners.updated) mise(s) à jour, \(partners.unchanged) inchangée(s).")
            }
        } else {
            throw CommandFailure("\(report.invalidRows) ligne(s) invalide(s) sur \(report.read) : rien n’a été importé. Corrigez le fichier ou relancez avec --skip-invalid pour importer les lignes valides.")
        }
    }
}

/// `passerelle export structures --format csv|data-inclusion [--output FILE]`, and
/// `passerelle export services --format data-inclusion [--output FILE]` (published services).
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "structures or services")
        var what: String

        @Option(name: "format", help: "csv (by default) or data-inclusion.")
        var format: String?

        @Option(name: "output", short: "o", help: "File to write (standard output by default).")
        var output: String?
    }

    var help: String { "Exporte l’annuaire (CSV ou data·inclusion v1) ou les services publiés (data·inclusion v1)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.what {
        case "structures": break
        case "services":
            guard (signature.format ?? "data-inclusion") == "data-inclusion" else { throw CommandFailure("Les services s’exportent au format data-inclusion.") }
            try await Preparation.prepare(app)
            let services = try await ServiceStore.published(on: app.db).sorted { ($0.name, $0.id.uuidString) < ($1.name, $1.id.uuidString) }
            let data = try ServiceExport.dataInclusion(services, reference: try app.platform.reference, publicURL: app.platform.config.publicURL)
            try Self.write(data, to: signature.output, count: "\(services.count) service(s)", context: context)
            return
        case let other:
            throw CommandFailure("« \(other) » ne s’exporte pas : structures ou services.")
        }
        try await Preparation.prepare(app)
        let reference = try app.platform.reference
        let structures = try await DirectoryQueries.allStructures(on: app.db).sorted { $0.name < $1.name }
        let data: Data
        switch signature.format ?? "csv" {
        case "csv":
            let hits = structures.map { StructureHit(structure: $0, distanceKm: nil, reasons: []) }
            data = Data(DirectoryExport.csv(hits: hits, reference: reference, withSearchColumns: false).utf8)
        case "data-inclusion":
            data = try DirectoryExport.dataInclusion(structures, reference: reference, publicURL: app.platform.config.publicURL)
        case let other:
            throw CommandFailure("Format inconnu « \(other) » : csv ou data-inclusion.")
        }
        try Self.write(data, to: signature.output, count: "\(structures.count) structure(s)", context: context)
    }

    private static func write(_ data: Data, to output: String?, count: String, context: CommandContext) throws {
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: data) else { throw CommandFailure("Impossible d’écrire \(output).") }
            context.console.print("\(count) exporté(s) dans \(output).")
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension DirectoryExport {
    static func dataInclusion(_ structures: [Structure], reference: ReferenceData, publicURL: String) throws -> Data {
        let items = structures.map { DataInclusion.export($0, gazetteer: reference.gazetteer, profileURL: publicURL + Links.structure($0.id)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(items)
    }
}
