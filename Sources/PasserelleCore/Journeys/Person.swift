import Foundation

/// A person accompanied by a structure, as the referent writes the record: a minimal identity,
/// never a social security number (there is no field for it, and the import refuses the column).
public struct PersonDraft: Sendable, Equatable {
    public enum Field {
        public static let firstName = "Prénom"
        public static let lastName = "Nom"
        public static let birthDate = "Date de naissance"
        public static let commune = "Commune de résidence"
        public static let preference = "Préférence de contact"
        public static let phone = "Téléphone"
        public static let email = "Courriel"
        public static let publics = "Situation"
        public static let referent = "Référent"
        public static let consent = "Accord de la personne"
    }

    /// The ages at which a person may be hired in a journey (16: end of compulsory schooling).
    public static let ages = 16...99

    public var firstName = ""
    public var lastName = ""
    public var birthDate = ""
    public var communeCode = ""
    public var preference = ""
    public var phone = ""
    public var email = ""
    public var publics: [String] = []
    public var referent = ""
    /// The referent states that the person agreed to the structure keeping this record.
    public var consent = false

    public init() {}

    public struct Checked: Sendable, Equatable {
        public var firstName: String
        public var lastName: String
        public var birthDate: String
        public var communeCode: String
        public var preference: ContactPreference
        public var phone: String?
        public var email: String?
        public var publics: [String]
        public var referent: UUID
    }

    /// - Parameters:
    ///   - today: the day in Paris, `YYYY-MM-DD`, for the age.
    ///   - isCommune: whether an INSEE code names a commune of the reference data.
    ///   - referents: the members of the structure who may follow the person.
    ///   - consentNeeded: a new record needs the person's agreement; an edit keeps the one recorded.
    public func check(today: String, isCommune: (String) -> Bool, referents: Set<UUID>, consentNeeded: Bool) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String? {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        for (field, value) in [(Field.firstName, firstName), (Field.lastName, lastName)] {
            let text = clean(value) ?? ""
            if !ReferralRequest.nameLengths.contains(text.unicodeScalars.count) {
                problems.append(FieldProblem(field: field, message: "\(field) : obligatoire, 80 caractères au plus."))
            } else if let oneLine = OneLineText.problem(in: text) {
                problems.append(FieldProblem(field: field, message: "\(field) : " + oneLine))
            } else if text.contains(where: \.isNumber) {
                problems.append(FieldProblem(field: field, message: "\(field) : sans chiffres (le dossier ne porte aucun numéro d’identification)."))
            }
        }
        let birth = clean(birthDate) ?? ""
        if let day = CivilDay(birth), let now = CivilDay(today) {
            let age = now.year - day.year - ((now.month, now.day) < (day.month, day.day) ? 1 : 0)
            if !Self.ages.contains(age) {
                problems.append(FieldProblem(field: Field.birthDate, message: "Date de naissance : la personne aurait \(age) ans ; un parcours s’ouvre de 16 à 99 ans."))
            }
        } else {
            problems.append(FieldProblem(field: Field.birthDate, message: "Date de naissance : obligatoire, au format AAAA-MM-JJ."))
        }
        let commune = clean(communeCode) ?? ""
        if !isCommune(commune) {
            problems.append(FieldProblem(field: Field.commune, message: commune.isEmpty ? "Commune de résidence : obligatoire." : "Commune inconnue : « \(commune.prefix(40)) »."))
        }
        let unknown = publics.filter { value in !ServiceVocabulary.publics.contains { $0.value == value } }
        if !unknown.isEmpty {
            problems.append(FieldProblem(field: Field.publics, message: "Situation inconnue : \(unknown.map { String($0.prefix(40)) }.joined(separator: ", "))."))
        }
        let preference = ContactPreference(rawValue: preference)
        if preference == nil { problems.append(FieldProblem(field: Field.preference, message: "Choisissez comment la personne préfère être contactée.")) }
        let phone = clean(phone), email = clean(email)
        if let phone, !ContactRules.isPhone(phone) {
            problems.append(FieldProblem(field: Field.phone, message: "Numéro invalide : « \(phone.prefix(40)) » (10 chiffres, ou +33 suivi de 9 chiffres)."))
        }
        if let email, !ContactRules.isEmail(email) {
            problems.append(FieldProblem(field: Field.email, message: "Adresse électronique invalide : « \(email.prefix(80)) »."))
        }
        if preference == .phone && phone == nil { problems.append(FieldProblem(field: Field.phone, message: "La personne préfère le téléphone : indiquez son numéro.")) }
        if preference == .email && email == nil { problems.append(FieldProblem(field: Field.email, message: "La personne préfère le courriel : indiquez son adresse.")) }
        let referent = UUID(uuidString: referent)
        if referent.map(referents.contains) != true {
            problems.append(FieldProblem(field: Field.referent, message: "Choisissez le référent parmi les membres de la structure."))
        }
        if consentNeeded && !consent {
            problems.append(FieldProblem(field: Field.consent, message: "Cochez l’accord : la personne est informée et d’accord pour que la structure tienne ce dossier."))
        }
        guard problems.isEmpty, let preference, let referent else { return .failure(FieldProblems(problems)) }
        return .success(Checked(firstName: clean(firstName)!, lastName: clean(lastName)!, birthDate: birth, communeCode: commune, preference: preference,
                                phone: phone, email: email, publics: publics, referent: referent))
    }
}

/// What a person agrees to, each recorded with its day and withdrawn the same way.
public enum ConsentPurpose: String, CaseIterable, Sendable, Codable {
    /// The structure keeps the record and follows the journey.
    case accompaniment = "accompagnement"
    /// The record is shared with another organisation through an explicit act (a referral, a transfer).
    case sharing = "partage"

    public var label: String {
        switch self {
        case .accompaniment: "Tenue du dossier et accompagnement par la structure"
        case .sharing: "Partage avec un partenaire (orientation, transfert)"
        }
    }
}

/// Where a person stands, for lists and filters: welcomed (a record, no hiring yet), in a journey,
/// or exited.
public enum PersonStage: String, CaseIterable, Sendable, Codable {
    case welcomed = "accueilli"
    case inJourney = "en-parcours"
    case exited = "sorti"

    public var label: String {
        switch self {
        case .welcomed: "accueilli, sans embauche"
        case .inJourney: "en parcours"
        case .exited: "sorti"
        }
    }
}
