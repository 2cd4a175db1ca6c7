import Foundation

/// The CSV a structure already keeps about its people, read into the same drafts as the forms:
/// one line per person (and per contract: a later line of the same person adds a renewal). The
/// columns are named in the first line, in any order; only the first four are required.
public enum PeopleImport {
    public struct Column: Sendable {
        public var name: String
        public var required: Bool
        public var meaning: String
    }

    public static let columns: [Column] = [
        Column(name: "nom", required: true, meaning: "Nom de famille (sans chiffres)."),
        Column(name: "prenom", required: true, meaning: "Prénom."),
        Column(name: "date_naissance", required: true, meaning: "AAAA-MM-JJ ou JJ/MM/AAAA."),
        Column(name: "commune", required: true, meaning: "Code INSEE de la commune de résidence, ou son nom s’il est unique en France."),
        Column(name: "contact", required: false, meaning: "telephone, courriel ou referent (par défaut : referent)."),
        Column(name: "telephone", required: false, meaning: "10 chiffres, ou +33 suivi de 9 chiffres."),
        Column(name: "courriel", required: false, meaning: "Adresse électronique de la personne."),
        Column(name: "situation", required: false, meaning: "Publics data·inclusion séparés par « | » (jeunes|beneficiaires-des-minimas-sociaux…)."),
        Column(name: "referent", required: false, meaning: "Adresse du compte du référent, membre de la structure (par défaut : qui importe)."),
        Column(name: "accord", required: false, meaning: "oui : la personne est d’accord pour que la structure tienne son dossier (exigé pour un nouveau dossier)."),
        Column(name: "embauche", required: false, meaning: "Date d’embauche ; vide : personne accueillie, sans embauche."),
        Column(name: "diagnostic_date", required: false, meaning: "Date du diagnostic d’éligibilité IAE."),
        Column(name: "diagnostic_par", required: false, meaning: "prescripteur ou structure."),
        Column(name: "prescripteur", required: false, meaning: "Nom du prescripteur, s’il a fait le diagnostic."),
        Column(name: "criteres", required: false, meaning: "Codes des critères d’éligibilité séparés par « | » (voir « Règles des parcours »)."),
        Column(name: "justificatifs", required: false, meaning: "Le justificatif vu pour tous les critères, ou code=justificatif séparés par « | »."),
        Column(name: "reconnaissance", required: false, meaning: "EA, ESAT : rqth ou orientation-cdaph."),
        Column(name: "reconnaissance_debut", required: false, meaning: "Début de la reconnaissance."),
        Column(name: "reconnaissance_fin", required: false, meaning: "Fin de la reconnaissance ; vide si elle est sans fin."),
        Column(name: "contrat", required: false, meaning: "cddi, mise_a_disposition, eiti, cdd_tremplin ou geiq_professionnalisation."),
        Column(name: "contrat_debut", required: false, meaning: "Début du contrat (ou du renouvellement)."),
        Column(name: "contrat_fin", required: false, meaning: "Fin du contrat."),
        Column(name: "heures_hebdo", required: false, meaning: "Durée hebdomadaire, par exemple 26 ou 24,5."),
        Column(name: "exception", required: false, meaning: "Code de l’exception aux bornes du contrat, s’il y en a une."),
    ]

    /// The most lines one import takes: a structure's whole file, not a national one.
    public static let maximumLines = 5_000

    public enum FileProblem: Error, Equatable, Sendable {
        case unreadable(String)
        case empty
        case missingColumns([String])
        case unknownColumns([String])
        case tooManyLines(Int)

        public var message: String {
            switch self {
            case .unreadable(let reason): "Le fichier ne se lit pas comme un CSV : \(reason)"
            case .empty: "Le fichier est vide : la première ligne nomme les colonnes, une personne par ligne ensuite."
            case .missingColumns(let names): "Colonnes obligatoires absentes : \(names.joined(separator: ", ")). La première ligne doit les nommer."
            case .unknownColumns(let names):
                "Colonnes inconnues : \(names.joined(separator: ", ")). Les colonnes possibles : \(PeopleImport.columns.map(\.name).joined(separator: ", "))."
            case .tooManyLines(let count): "\(count) lignes : un import en prend \(PeopleImport.maximumLines) au plus ; découpez le fichier."
            }
        }
    }

    /// A line of the file, read: the person's draft (its referent is an address the caller
    /// resolves), the hiring when the line has one, and what could not even be read.
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var person = PersonDraft()
        public var commune = ""
        public var referentEmail = ""
        public var hire: HireDraft?
        public var problems: [String] = []

        /// Who the line is about, whatever the spelling's accents and case: the import's key.
        public var key: String { PeopleImport.key(lastName: person.lastName, firstName: person.firstName, birthDate: person.birthDate) }
    }

    public static func key(lastName: String, firstName: String, birthDate: String) -> String {
        "\(SearchText.fold(lastName))|\(SearchText.fold(firstName))|\(birthDate.trimmingCharacters(in: .whitespaces))"
    }

    /// A column's name as spreadsheets write it (« Date de naissance », « date-naissance »).
    static func columnName(_ header: String) -> String {
        let folded = SearchText.fold(header).replacingOccurrences(of: "-", with: " ")
        let words = folded.split(separator: " ").filter { $0 != "de" && $0 != "d" }
        return words.joined(separator: "_")
    }

    /// `JJ/MM/AAAA` as spreadsheets show dates, or `AAAA-MM-JJ`; anything else is kept for the
    /// checks to refuse with their own message.
    static func day(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/")
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4,
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return trimmed }
        return DateText.dayText(year, month, day)
    }

    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "|" || $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Reads the file for a structure of `kind`.
    public static func read(_ text: String, kind: StructureKind) -> Result<[Line], FileProblem> {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { return .failure(.unreadable(error.message)) }
        guard let header = records.first else { return .failure(.empty) }
        let names = header.fields.map(columnName)
        let known = Set(columns.map(\.name))
        let unknown = names.filter { !$0.isEmpty && !known.contains($0) }
        if !unknown.isEmpty { return .failure(.unknownColumns(unknown)) }
        let missing = columns.filter { $0.required && !names.contains($0.name) }.map(\.name)
        if !missing.isEmpty { return .failure(.missingColumns(missing)) }
        let body = records.dropFirst()
        guard !body.isEmpty else { return .failure(.empty) }
        guard body.count <= maximumLines else { return .failure(.tooManyLines(body.count)) }
        return .success(body.map { record in
            var values: [String: String] = [:]
            for (index, name) in names.enumerated() where index < record.fields.count && !name.isEmpty {
                values[name] = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return line(values, number: record.line, kind: kind)
        })
    }

    static func line(_ values: [String: String], number: Int, kind: StructureKind) -> Line {
        func value(_ name: String) -> String { values[name] ?? "" }
        var line = Line(number: number)
        line.person.lastName = value("nom")
        line.person.firstName = value("prenom")
        line.person.birthDate = day(value("date_naissance"))
        line.commune = value("commune")
        line.person.preference = value("contact").isEmpty ? ContactPreference.throughReferent.rawValue : SearchText.fold(value("contact"))
        line.person.phone = value("telephone")
        line.person.email = value("courriel")
        line.person.publics = list(value("situation"))
        line.referentEmail = value("referent")
        let agreement = SearchText.fold(value("accord"))
        if !["", "oui", "non"].contains(agreement) { line.problems.append("Accord : « oui », « non » ou vide, pas « \(value("accord").prefix(20)) ».") }
        line.person.consent = agreement == "oui"
        let journeyColumns = ["embauche", "diagnostic_date", "diagnostic_par", "prescripteur", "criteres", "justificatifs", "reconnaissance",
                              "reconnaissance_debut", "reconnaissance_fin", "contrat", "contrat_debut", "contrat_fin", "heures_hebdo", "exception"]
        guard journeyColumns.contains(where: { !value($0).isEmpty }) else { return line }
        if value("embauche").isEmpty { line.problems.append("Embauche : la date d’embauche est obligatoire pour un diagnostic ou un contrat.") }
        var hire = HireDraft(kind: kind)
        hire.hiredOn = day(value("embauche"))
        hire.diagnosisDate = day(value("diagnostic_date"))
        hire.diagnosisAuthor = SearchText.fold(value("diagnostic_par"))
        hire.prescriber = value("prescripteur")
        hire.criteria = list(value("criteres"))
        let proofs = value("justificatifs")
        if proofs.contains("=") {
            for pair in proofs.split(separator: "|") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { hire.proofs[parts[0]] = parts[1] }
            }
        } else if !proofs.isEmpty {
            for code in hire.criteria { hire.proofs[code] = proofs }
        }
        hire.recognition = SearchText.fold(value("reconnaissance")).replacingOccurrences(of: " ", with: "-")
        hire.recognitionFrom = day(value("reconnaissance_debut"))
        hire.recognitionTo = day(value("reconnaissance_fin"))
        if !value("contrat").isEmpty || !value("contrat_debut").isEmpty {
            let hours = Double(value("heures_hebdo").replacingOccurrences(of: ",", with: "."))
            if let kind = ContractKind(rawValue: SearchText.fold(value("contrat")).replacingOccurrences(of: " ", with: "_")), let hours {
                hire.contract = ContractTerms(kind: kind, start: day(value("contrat_debut")), end: day(value("contrat_fin")), weeklyHours: hours,
                                              exception: value("exception").isEmpty ? nil : value("exception"))
            } else if hours == nil {
                line.problems.append("Heures hebdomadaires : un nombre, par exemple 26 ou 24,5 (« \(value("heures_hebdo").prefix(20)) »).")
            } else {
                line.problems.append("Contrat inconnu : « \(value("contrat").prefix(40)) » (cddi, mise_a_disposition, eiti, cdd_tremplin, geiq_professionnalisation).")
            }
        }
        line.hire = hire
        return line
    }
}
