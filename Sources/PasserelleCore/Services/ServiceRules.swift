import Foundation

/// What a service must be to be stored, with French messages naming the field.
public enum ServiceRules {
    public static let nameLengths = 3...150
    public static let descriptionLengths = 5...10_000

    /// - Parameter importing: a service read from another platform, held to the national schema
    ///   only: it may leave its reception modes unsaid, and say « sur place » without a commune.
    public static func validate(_ service: Service, gazetteer: Gazetteer, importing: Bool = false) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func allowed(_ terms: [ServiceVocabulary.Term]) -> String { terms.map(\.value).joined(separator: ", ") }
        let name = service.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if !nameLengths.contains(name.count) {
            problems.append(FieldProblem(field: "Nom", message: "Le nom du service compte de 3 à 150 caractères."))
        } else if let oneLine = OneLineText.problem(in: name) {
            problems.append(FieldProblem(field: "Nom", message: oneLine))
        }
        let description = service.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if !descriptionLengths.contains(description.count) {
            problems.append(FieldProblem(field: "Description", message: "La description est obligatoire (5 à 10 000 caractères)."))
        }
        if let type = service.type, !ServiceVocabulary.types.contains(where: { $0.value == type }) {
            problems.append(FieldProblem(field: "Type", message: "Type inconnu « \(type) » ; valeurs possibles : \(allowed(ServiceVocabulary.types))."))
        }
        let unknownThemes = service.thematiques.filter { ServiceVocabulary.thematique($0) == nil }
        if !unknownThemes.isEmpty {
            problems.append(FieldProblem(field: "Thématiques", message: "Thématique inconnue : \(unknownThemes.joined(separator: ", "))."))
        }
        let unknownPublics = service.publics.filter { value in !ServiceVocabulary.publics.contains { $0.value == value } }
        if !unknownPublics.isEmpty {
            problems.append(FieldProblem(field: "Publics", message: "Public inconnu : \(unknownPublics.joined(separator: ", ")) ; valeurs possibles : \(allowed(ServiceVocabulary.publics))."))
        }
        if service.publics.contains("tous-publics") && service.publics.count > 1 {
            problems.append(FieldProblem(field: "Publics", message: "« Tous publics » ne se combine pas avec un autre public."))
        }
        let unknownMobilisers = service.mobilisers.filter { value in !ServiceVocabulary.mobilisers.contains { $0.value == value } }
        if !unknownMobilisers.isEmpty {
            problems.append(FieldProblem(field: "Mobilisable par", message: "Valeur inconnue : \(unknownMobilisers.joined(separator: ", ")) ; valeurs possibles : \(allowed(ServiceVocabulary.mobilisers))."))
        }
        let unknownZone = service.zone.unknownCodes(in: gazetteer)
        if !unknownZone.isEmpty {
            problems.append(FieldProblem(field: "Zone d’éligibilité", message: "Code inconnu : \(unknownZone.joined(separator: ", ")) (codes INSEE de commune, SIREN d’EPCI, départements, ou « france »)."))
        }
        if let code = service.communeCode, gazetteer.commune(code) == nil {
            problems.append(FieldProblem(field: "Commune", message: "Commune inconnue : « \(code) » n’est pas un code INSEE de commune."))
        }
        if service.receptionModes.isEmpty && !importing {
            problems.append(FieldProblem(field: "Modes d’accueil", message: "Dites si le service reçoit sur place, à distance, ou les deux."))
        }
        if service.isOnSite && service.communeCode == nil && !importing {
            problems.append(FieldProblem(field: "Commune", message: "Un service proposé sur place indique sa commune."))
        }
        if let point = service.coordinates, !point.isValid {
            problems.append(FieldProblem(field: "Latitude", message: "Coordonnées hors limites : latitude entre -90 et 90, longitude entre -180 et 180."))
        }
        if let email = service.email, !ContactRules.isEmail(email) {
            problems.append(FieldProblem(field: "Courriel", message: "Adresse électronique invalide : « \(email) »."))
        }
        if let phone = service.phone, !ContactRules.isPhone(phone) {
            problems.append(FieldProblem(field: "Téléphone", message: "Numéro de téléphone invalide : « \(phone) » (10 chiffres, ou +33 suivi de 9 chiffres)."))
        }
        if let link = service.mobilisationLink, !ContactRules.isWebsite(link) {
            problems.append(FieldProblem(field: "Lien de mobilisation", message: "Lien invalide : il doit commencer par http:// ou https://."))
        }
        if let hours = service.weeklyHours, !(0...168).contains(hours) {
            problems.append(FieldProblem(field: "Volume horaire hebdomadaire", message: "Le volume horaire d’une semaine est compris entre 0 et 168 heures."))
        }
        if let weeks = service.weeks, !(1...520).contains(weeks) {
            problems.append(FieldProblem(field: "Nombre de semaines", message: "Le nombre de semaines est un entier entre 1 et 520."))
        }
        return problems
    }

    /// A service to review: published and not updated for six months.
    public static func needsReview(_ service: Service, now: Date) -> Bool {
        service.status == .published && now.timeIntervalSince(service.updatedAt) >= 365.25 / 2 * 86_400
    }
}
