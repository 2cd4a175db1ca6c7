import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// « Importer un fichier »: a structure leaves its spreadsheet. The form takes the CSV and the
/// mode (check only, all or nothing, the valid lines), the answer is the report line by line.
package struct PeopleImportPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.importPeople, use: form)
        routes.postFile(JourneysPaths.importPeople, use: upload)
        routes.get(JourneysPaths.importTemplate, use: template)
    }

    package struct Column: Encodable {
        var name: String
        var required: Bool
        var meaning: String
    }

    package struct Line: Encodable {
        var number: Int
        var name: String
        var href: String?
        var result: String
        var problems: [String]
    }

    package struct Context: Encodable {
        var layout: Layout
        var csrf: String
        var action: String
        var structureName: String
        var structureID: String
        var columns: [Column]
        var templateHref: String
        var maximumLines: String
        var mode: String
        var fileError: String?
        var errorList: [FormErrors.Listed]
        var report: Report?
    }

    package struct Report: Encodable {
        var heading: String
        var summary: String
        var written: Bool
        var lines: [Line]
        var refused: Int
    }

    private func structure(_ asked: String?, _ request: Request) async throws -> (PeopleAccess.Reader, Structure)? {
        guard let reader = try await request.peopleReader() else { return nil }
        guard let id = PeopleAccess.structure(asked: asked.flatMap(UUID.init(uuidString:)), for: reader.actor),
              let structure = try await DirectoryQueries.structure(id: id, on: request.db) else { throw Abort(.forbidden, reason: PeoplePages.refused) }
        return (reader, structure)
    }

    @Sendable
    package func form(request: Request) async throws -> Response {
        guard let (_, structure) = try await structure(request.query[String.self, at: "structure"], request) else {
            return request.redirect(to: Links.login(next: request.url.string))
        }
        return try await render(request, structure: structure, mode: .check)
    }

    private func render(_ request: Request, structure: Structure, mode: PeopleImporter.Mode, fileError: String? = nil, report: PeopleImporter.Report? = nil,
                        status: HTTPStatus = .ok) async throws -> Response {
        let response = try await request.view.render("journeys/import", Context(
            layout: PeoplePages.layout("Importer des personnes", crumbs: [.init(label: "Personnes accompagnées", href: JourneysPaths.people.link()),
                                                                         .init(label: "Importer un fichier")], request: request),
            csrf: CSRF.token(for: request), action: JourneysPaths.importPeople.link(), structureName: structure.name,
            structureID: structure.id.uuidString.lowercased(),
            columns: PeopleImport.columns.map { .init(name: $0.name, required: $0.required, meaning: $0.meaning) },
            templateHref: JourneysPaths.importTemplate.link(), maximumLines: French.number(PeopleImport.maximumLines), mode: mode.rawValue,
            fileError: fileError, errorList: fileError.map { [.init(href: "#fichier", message: $0)] } ?? [],
            report: report.map { Self.report($0, mode: mode) }
        )).encodeResponse(for: request)
        response.status = status
        return PeoplePages.private(response)
    }

    static func report(_ report: PeopleImporter.Report, mode: PeopleImporter.Mode) -> Report {
        let counts = [French.count(report.created, "nouveau dossier", "nouveaux dossiers"), French.count(report.updated, "dossier mis à jour", "dossiers mis à jour"),
                      French.count(report.unchanged, "dossier inchangé", "dossiers inchangés"), French.count(report.hired, "embauche"),
                      French.count(report.contracts, "contrat ajouté", "contrats ajoutés"), French.count(report.refused, "ligne refusée", "lignes refusées")]
        let heading: String
        switch (mode, report.written) {
        case (.check, _): heading = "Vérification : rien n’a été écrit"
        case (_, true): heading = report.refused == 0 ? "Import terminé" : "Import des lignes valides terminé"
        case (_, false): heading = "Rien n’a été écrit : des lignes sont refusées"
        }
        return Report(
            heading: heading, summary: counts.joined(separator: ", ") + ".", written: report.written,
            lines: report.outcomes.map { outcome in
                Line(number: outcome.line, name: outcome.name.isEmpty ? "sans nom" : outcome.name,
                     href: report.written && outcome.problems.isEmpty ? outcome.person.map { JourneysPaths.person.link($0) } : nil,
                     result: outcome.problems.isEmpty ? outcome.done.joined(separator: ", ") : "refusée", problems: outcome.problems)
            },
            refused: report.refused)
    }

    private struct Upload: Content {
        var structure: String?
        var mode: String?
        var fichier: File?
    }

    @Sendable
    package func upload(request: Request) async throws -> Response {
        let upload = try? request.content.decode(Upload.self)
        guard let (reader, structure) = try await structure(upload?.structure, request) else {
            return request.redirect(to: Links.login(next: JourneysPaths.importPeople.link()))
        }
        let mode = upload?.mode.flatMap(PeopleImporter.Mode.init(rawValue:)) ?? .check
        guard let file = upload?.fichier, file.data.readableBytes > 0 else {
            return try await render(request, structure: structure, mode: mode, fileError: "Choisissez le fichier CSV à importer.", status: .unprocessableEntity)
        }
        let data = Data(file.data.readableBytesView)
        // Spreadsheets save CSV in UTF-8, or in Windows-1252 for older Excel.
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            return try await render(request, structure: structure, mode: mode, fileError: "Le fichier ne se lit pas comme du texte : enregistrez-le en CSV (UTF-8).",
                                    status: .unprocessableEntity)
        }
        let lines: [PeopleImport.Line]
        switch PeopleImport.read(text, kind: structure.kind) {
        case .success(let read): lines = read
        case .failure(let problem): return try await render(request, structure: structure, mode: mode, fileError: problem.message, status: .unprocessableEntity)
        }
        let setting = PeopleImporter.Setting(
            structure: structure.id, kind: structure.kind, today: DateText.parisDay(Date()), gazetteer: try request.platform.reference.gazetteer,
            rules: try await EligibilityRuleStore.ruleSets(on: request.db), bounds: request.application.contractRules.bounds)
        let report = try await PeopleImporter.run(lines, mode: mode, setting: setting, by: reader.user, address: reader.address, on: request.db)
        return try await render(request, structure: structure, mode: mode, report: report, status: report.refused > 0 && !report.written ? .unprocessableEntity : .ok)
    }

    /// The file to start from: the header and two invented lines.
    @Sendable
    package func template(request: Request) async throws -> Response {
        guard try await structure(nil, request) != nil else { return request.redirect(to: Links.login(next: request.url.string)) }
        var writer = CSV.Writer()
        writer.append(PeopleImport.columns.map(\.name))
        let example: [[String: String]] = [
            ["nom": "Exemple", "prenom": "Alix", "date_naissance": "14/03/1990", "commune": "59350", "contact": "courriel", "courriel": "alix.exemple@example.org",
             "situation": "beneficiaires-des-minimas-sociaux", "accord": "oui", "embauche": "02/09/2026", "diagnostic_date": "20/08/2026",
             "diagnostic_par": "prescripteur", "prescripteur": "Mission locale (exemple)", "criteres": "rsa", "justificatifs": "Attestation CAF",
             "contrat": "cddi", "contrat_debut": "02/09/2026", "contrat_fin": "01/03/2027", "heures_hebdo": "26"],
            ["nom": "Modèle", "prenom": "Sami", "date_naissance": "2001-07-30", "commune": "Roubaix", "situation": "jeunes", "accord": "oui"],
        ]
        for line in example { writer.append(PeopleImport.columns.map { line[$0.name] ?? "" }) }
        let response = Response(status: .ok, body: .init(string: writer.text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"modele-import-personnes.csv\"")
        return response
    }
}
