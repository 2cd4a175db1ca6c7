import Foundation

/// A problem with one field of a record, in French, for forms and import reports.
public struct FieldProblem: Hashable, Sendable {
    /// The field as users name it (a form label or a CSV header).
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// The problems of one submission, for `Result`.
public struct FieldProblems: Error, Equatable, Sendable {
    public var list: [FieldProblem]

    public init(_ list: [FieldProblem]) {
        self.list = list
    }

    /// The first message about `field`, for the form that shows it next to the field.
    public subscript(field: String) -> String? { list.first { $0.field == field }?.message }
}

/// What makes a structure record acceptable in the directory.
public enum StructureRules {
    public static let nameLengths = 3...150
    public static let maximumDescriptionLength = 10_000
    public static let maximumRadiusKm = 1000.0

    public static func validate(_ structure: Structure, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, currentYear: Int) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let name = structure.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            problems.append(FieldProblem(field: "Nom", message: "Le nom est obligatoire."))
        } else if !nameLengths.contains(name.count) {
            problems.append(FieldProblem(field: "Nom", message: "Le nom doit compter de 3 à 150 caractères."))
        } else if let oneLine = OneLineText.problem(in: name) {
            problems.append(FieldProblem(field: "Nom", message: oneLine))
        }
        if let siret = structure.siret, case .failure(let problem) = Siret.validate(siret) {
            problems.append(FieldProblem(field: "Nᵒ SIRET", message: problem.message))
        }
        // A structure whose town is not known (a regional group, one named in proceedings) is still
        // listed; only a reach drawn around it needs the commune.
        if let code = structure.communeCode, gazetteer.commune(code) == nil {
            problems.append(FieldProblem(field: "Code commune", message: "Commune inconnue : « \(code) » n’est pas un code INSEE de commune."))
        }
        if let point = structure.coordinates, !point.isValid {
            problems.append(FieldProblem(field: "Latitude", message: "Coordonnées hors limites : latitude entre -90 et 90, longitude entre -180 et 180."))
        }
        if let description = structure.description, description.count > maximumDescriptionLength {
            problems.append(FieldProblem(field: "Description", message: "La description dépasse 10 000 caractères."))
        }
        if let email = structure.email, !ContactRules.isEmail(email) {
            problems.append(FieldProblem(field: "Courriel", message: "Adresse électronique invalide : « \(email) »."))
        }
        if let website = structure.website, !ContactRules.isWebsite(website) {
            problems.append(FieldProblem(field: "Site web", message: "Adresse de site invalide : elle doit commencer par http:// ou https://."))
        }
        if let phone = structure.phone, !ContactRules.isPhone(phone) {
            problems.append(FieldProblem(field: "Téléphone", message: "Numéro de téléphone invalide : « \(phone) » (10 chiffres, ou +33 suivi de 9 chiffres)."))
        }
        for (field, value) in [("Salariés en insertion", structure.insertionStaff), ("Salariés permanents", structure.permanentStaff)] {
            if let value, !(0...100_000).contains(value) {
                problems.append(FieldProblem(field: field, message: "L’effectif doit être un nombre entier entre 0 et 100 000."))
            }
        }
        if let year = structure.yearFounded, !(1800...currentYear).contains(year) {
            problems.append(FieldProblem(field: "Année de création", message: "L’année de création doit être comprise entre 1800 et \(currentYear)."))
        }
        for (number, activity) in structure.activities.enumerated() {
            let field = "Activités"
            let prefix = structure.activities.count > 1 ? "Activité \(number + 1) : " : ""
            if taxonomy.sector(activity.sectorSlug) == nil {
                problems.append(FieldProblem(field: field, message: "\(prefix)secteur inconnu « \(activity.sectorSlug) »."))
            }
            if activity.serviceTypes.isEmpty {
                problems.append(FieldProblem(field: field, message: "\(prefix)indiquez au moins un type de prestation."))
            }
            switch activity.reach {
            case .national:
                break
            case .radius(let km):
                if !(1...maximumRadiusKm).contains(km) {
                    problems.append(FieldProblem(field: field, message: "\(prefix)le rayon d’intervention doit être compris entre 1 et 1 000 km."))
                }
                if structure.communeCode == nil {
                    problems.append(FieldProblem(field: "Code commune", message: "\(prefix)un rayon d’intervention se compte depuis la commune de la structure : indiquez-la."))
                }
            case .perimeters(let perimeters):
                if perimeters.isEmpty {
                    problems.append(FieldProblem(field: field, message: "\(prefix)indiquez la zone d’intervention."))
                }
                for perimeter in perimeters where !gazetteer.knows(perimeter) {
                    problems.append(FieldProblem(field: field, message: "\(prefix)zone inconnue « \(perimeter.token) »."))
                }
            }
            if let text = activity.description, text.count > 1000 {
                problems.append(FieldProblem(field: field, message: "\(prefix)la description d’une activité tient en 1 000 caractères."))
            }
        }
        return problems
    }
}

/// Checks of contact details; lenient on form, strict on what cannot work.
public enum ContactRules {
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { return false }
        return text.count <= 254
    }

    public static func isWebsite(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, host.contains(".") else { return false }
        return text.count <= 2000
    }

    public static func isPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        let allowed = text.allSatisfy { $0.isNumber || $0 == " " || $0 == "." || $0 == "-" || $0 == "+" || $0 == "(" || $0 == ")" }
        guard allowed else { return false }
        if text.hasPrefix("+") { return (8...15).contains(digits.count) }
        return digits.count == 10 && digits.hasPrefix("0")
    }
}
