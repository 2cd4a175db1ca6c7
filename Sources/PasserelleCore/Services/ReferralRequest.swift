import Foundation

/// How the person prefers to be contacted by the service.
public enum ContactPreference: String, CaseIterable, Sendable, Codable {
    case phone = "telephone"
    case email = "courriel"
    case throughReferent = "referent"

    public var label: String {
        switch self {
        case .phone: "Par téléphone"
        case .email: "Par courriel"
        case .throughReferent: "Par l’intermédiaire du référent"
        }
    }
}

/// A referral as the referrer writes it, before it is checked. Text as typed; `check` says what
/// is wrong in French, field by field, or returns the clean values.
public struct ReferralRequest: Sendable, Equatable {
    public enum Field {
        public static let service = "Service"
        public static let firstName = "Prénom de la personne"
        public static let lastName = "Nom de la personne"
        public static let publics = "Situation de la personne"
        public static let situation = "Précisions sur la situation"
        public static let criteria = "Critères d’accès"
        public static let preference = "Préférence de contact"
        public static let phone = "Téléphone de la personne"
        public static let email = "Courriel de la personne"
        public static let availability = "Disponibilités"
        public static let referentName = "Référent"
        public static let referentPhone = "Téléphone du référent"
        public static let reason = "Motif de l’orientation"
        public static let consent = "Engagement"
    }

    public static let nameLengths = 1...80
    public static let reasonLengths = 10...2_000
    public static let textLimit = 2_000

    public var firstName = ""
    public var lastName = ""
    public var publics: [String] = []
    public var situation = ""
    public var criteriaChecked = false
    public var preference = ""
    public var phone = ""
    public var email = ""
    public var availability = ""
    public var referentName = ""
    public var referentPhone = ""
    public var reason = ""
    /// The referrer commits to have informed the person and to have their agreement.
    public var consent = false

    public init() {}

    /// The values once checked: trimmed, empty texts as nil.
    public struct Checked: Sendable, Equatable {
        public var firstName: String
        public var lastName: String
        public var publics: [String]
        public var situation: String?
        public var criteriaChecked: Bool
        public var preference: ContactPreference
        public var phone: String?
        public var email: String?
        public var availability: String?
        public var referentName: String
        public var referentPhone: String?
        public var reason: String
    }

    /// - Parameter service: the service referred to; only a published one takes referrals.
    public func check(service status: ServiceStatus) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String? {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        // Lengths in code points, as the API contract (JSON Schema) counts them.
        func length(_ text: String?) -> Int { text?.unicodeScalars.count ?? 0 }
        if status != .published {
            problems.append(FieldProblem(field: Field.service, message: status == .archived
                ? "Ce service est archivé : il ne reçoit plus d’orientations."
                : "Ce service n’est pas publié : il ne reçoit pas encore d’orientations."))
        }
        for (field, value) in [(Field.firstName, firstName), (Field.lastName, lastName)] {
            if !Self.nameLengths.contains(length(clean(value))) {
                problems.append(FieldProblem(field: field, message: "\(field) : obligatoire, 80 caractères au plus."))
            } else if let oneLine = OneLineText.problem(in: clean(value) ?? "") {
                problems.append(FieldProblem(field: field, message: "\(field) : " + oneLine))
            }
        }
        if let oneLine = OneLineText.problem(in: clean(referentName) ?? "") {
            problems.append(FieldProblem(field: Field.referentName, message: "\(Field.referentName) : " + oneLine))
        }
        let unknown = publics.filter { value in !ServiceVocabulary.publics.contains { $0.value == value } }
        if !unknown.isEmpty {
            problems.append(FieldProblem(field: Field.publics, message: "Situation inconnue : \(unknown.joined(separator: ", "))."))
        }
        for (field, value) in [(Field.situation, situation), (Field.availability, availability)] where length(clean(value)) > Self.textLimit {
            problems.append(FieldProblem(field: field, message: "\(field) : 2 000 caractères au plus."))
        }
        let preference = ContactPreference(rawValue: preference)
        if preference == nil {
            problems.append(FieldProblem(field: Field.preference, message: "Choisissez comment la personne préfère être contactée."))
        }
        let phone = clean(phone), email = clean(email)
        if let phone, !ContactRules.isPhone(phone) {
            problems.append(FieldProblem(field: Field.phone, message: "Numéro invalide : « \(phone) » (10 chiffres, ou +33 suivi de 9 chiffres)."))
        }
        if let email, !ContactRules.isEmail(email) {
            problems.append(FieldProblem(field: Field.email, message: "Adresse électronique invalide : « \(email) »."))
        }
        if preference == .phone && phone == nil {
            problems.append(FieldProblem(field: Field.phone, message: "La personne préfère le téléphone : indiquez son numéro."))
        }
        if preference == .email && email == nil {
            problems.append(FieldProblem(field: Field.email, message: "La personne préfère le courriel : indiquez son adresse."))
        }
        let referent = clean(referentName)
        if !(1...160).contains(length(referent)) {
            problems.append(FieldProblem(field: Field.referentName, message: "Indiquez le nom du référent qui suit la personne (160 caractères au plus)."))
        }
        let referentPhone = clean(referentPhone)
        if let referentPhone, !ContactRules.isPhone(referentPhone) {
            problems.append(FieldProblem(field: Field.referentPhone, message: "Numéro invalide : « \(referentPhone) »."))
        }
        if !Self.reasonLengths.contains(length(clean(reason))) {
            problems.append(FieldProblem(field: Field.reason, message: "Expliquez le motif de l’orientation en quelques phrases (10 à 2 000 caractères)."))
        }
        if !consent {
            problems.append(FieldProblem(field: Field.consent, message: "Cochez l’engagement : la personne est informée de l’orientation et d’accord pour que ses données soient transmises au service."))
        }
        guard problems.isEmpty, let preference, let referent else { return .failure(FieldProblems(problems)) }
        return .success(Checked(
            firstName: clean(firstName)!, lastName: clean(lastName)!, publics: publics, situation: clean(situation), criteriaChecked: criteriaChecked,
            preference: preference, phone: phone, email: email, availability: clean(availability), referentName: referent,
            referentPhone: referentPhone, reason: clean(reason)!
        ))
    }
}
