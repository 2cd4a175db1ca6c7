import Foundation

/// An application to an offer, from its sending to the employer's answer. An employer that does
/// not answer within `JobApplicationLifecycle.unansweredDays` leaves it « sans réponse »: the
/// person's referent is told, and looks elsewhere.
public enum JobApplicationState: String, CaseIterable, Sendable, Codable {
    case new = "nouvelle"
    case studied = "a-l-etude"
    case interview = "entretien"
    case accepted = "acceptee"
    case refused = "refusee"
    case cancelled = "annulee"
    case unanswered = "sans-reponse"

    public var label: String {
        switch self {
        case .new: "Nouvelle"
        case .studied: "À l’étude"
        case .interview: "Entretien prévu"
        case .accepted: "Acceptée"
        case .refused: "Refusée"
        case .cancelled: "Annulée"
        case .unanswered: "Sans réponse"
        }
    }

    public var isOpen: Bool { [.new, .studied, .interview].contains(self) }
}

/// Why an employer declines an application: a list, so that the figures can count them.
public enum JobApplicationRefusal: String, CaseIterable, Sendable, Codable {
    case filled = "poste-pourvu"
    case profile = "profil-different"
    case unreachable = "injoignable"
    case withdrew = "desistement"
    case notEligible = "non-eligible"
    case other = "autre"

    public var label: String {
        switch self {
        case .filled: "Le poste est pourvu"
        case .profile: "Le profil ne correspond pas au poste"
        case .unreachable: "La personne n’a pas pu être jointe"
        case .withdrew: "La personne s’est désistée"
        case .notEligible: "La personne n’est pas éligible au contrat proposé"
        case .other: "Autre motif"
        }
    }
}

public enum JobApplicationLifecycle {
    /// Days without an answer after which an open application is « sans réponse ».
    public static let unansweredDays = 30

    public enum Change: Equatable, Sendable {
        /// The employer reads it and studies it.
        case study
        /// The employer proposes an interview.
        case interview
        case accept
        case refuse(JobApplicationRefusal)
        /// The person, or whoever applied for them, withdraws it.
        case cancel
        /// The daily job: no answer within the delay.
        case expire
    }

    public enum Refusal: Error, Equatable, Sendable {
        case closed(JobApplicationState)
        case notDue

        public var message: String {
            switch self {
            case .closed(let state): "Cette candidature est déjà « \(state.label.lowercased()) » : elle ne change plus."
            case .notDue: "Cette candidature attend encore la réponse de l’employeur."
            }
        }
    }

    /// The state after `change`, from `state` last changed at `changedAt`.
    public static func apply(_ change: Change, to state: JobApplicationState, changedAt: Date, now: Date) -> Result<JobApplicationState, Refusal> {
        guard state.isOpen else { return .failure(.closed(state)) }
        switch change {
        case .study:
            return .success(state == .new ? .studied : state)
        case .interview: return .success(.interview)
        case .accept: return .success(.accepted)
        case .refuse: return .success(.refused)
        case .cancel: return .success(.cancelled)
        case .expire:
            guard state != .interview, now.timeIntervalSince(changedAt) >= Double(unansweredDays) * 86_400 else { return .failure(.notDue) }
            return .success(.unanswered)
        }
    }
}

extension JobApplicationLifecycle {
    /// Days after which an employer who has not opened an application is reminded of it, once.
    public static let reminderDays = 10
    /// Days the employer's mailed link answers for: twice the delay, as studying restarts it.
    public static let linkDays = 2 * unansweredDays
    /// The person's name and contact on a closed application are blanked after this many months,
    /// as on a referral.
    public static let retentionMonths = 24

    public static func reminderDue(state: JobApplicationState, sentAt: Date, remindedAt: Date?, now: Date) -> Bool {
        state == .new && remindedAt == nil && now.timeIntervalSince(sentAt) >= Double(reminderDays) * 86_400
    }

    /// Who may make each change: the employer answers, the applicant withdraws, time expires.
    public static func isEmployers(_ change: Change) -> Bool {
        switch change {
        case .study, .interview, .accept, .refuse: true
        case .cancel, .expire: false
        }
    }
}

/// An application as a referent or a prescriber sends it: the person (one the structure follows,
/// or named here), a word for the employer, and the person's agreement that the employer receives
/// it: without that agreement nothing leaves.
public struct ApplicationDraft: Sendable, Equatable {
    public var firstName = ""
    public var lastName = ""
    public var phone = ""
    public var email = ""
    public var message = ""
    public var consent = false

    public init() {}

    public enum Field {
        public static let firstName = "Prénom de la personne"
        public static let lastName = "Nom de la personne"
        public static let phone = "Téléphone de la personne"
        public static let email = "Courriel de la personne"
        public static let message = "Message à l’employeur"
        public static let consent = "Accord de la personne"
    }

    public static let messageLength = 2_000

    public struct Checked: Sendable, Equatable {
        public var firstName: String
        public var lastName: String
        public var phone: String?
        public var email: String?
        public var message: String
    }

    public func check() -> Result<Checked, FieldProblems> {
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
            }
        }
        let phone = clean(phone), email = clean(email)
        if let phone, !ContactRules.isPhone(phone) {
            problems.append(FieldProblem(field: Field.phone, message: "Numéro invalide : « \(phone.prefix(40)) » (10 chiffres, ou +33 suivi de 9 chiffres)."))
        }
        if let email, !ContactRules.isEmail(email) {
            problems.append(FieldProblem(field: Field.email, message: "Adresse électronique invalide : « \(email.prefix(80)) »."))
        }
        let message = clean(self.message) ?? ""
        if message.count > Self.messageLength {
            problems.append(FieldProblem(field: Field.message, message: "Le message tient en 2 000 caractères (il en a \(message.count))."))
        }
        if !consent {
            problems.append(FieldProblem(field: Field.consent,
                                         message: "Cochez l’accord : la personne sait que sa candidature et ses coordonnées sont transmises à cet employeur, et elle est d’accord."))
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(Checked(firstName: clean(firstName)!, lastName: clean(lastName)!, phone: phone, email: email, message: message))
    }

    /// Whether `offer` still takes applications on `today`.
    public static func offerOpen(state: OfferState, closesOn: String, today: String) -> Bool {
        state == .published && closesOn >= today
    }

    public static let closedOffer = "Cette offre ne reçoit plus de candidatures : elle est pourvue, fermée ou close depuis sa date de clôture."
}

/// Who sees an application and does what with it. An application carries a person's name and
/// contact: it is read by the employer's team, to which the person agreed to send it, and by the
/// team that sent it; by nobody else, not the platform team.
public enum ApplicationPolicy {
    public enum Side: Equatable, Sendable {
        case employer
        case applicant
    }

    /// The organisations in whose name `actor` may apply for a person: the verified teams of
    /// inclusive structures (for the people they follow) and of partners and prescribers.
    public static func applicants(_ actor: Policy.Actor) -> [UUID] {
        var seen = Set<UUID>()
        return actor.memberships.compactMap { membership -> UUID? in
            guard membership.verified, let organisation = membership.organisation,
                  membership.kind == .structure || membership.kind == .partner else { return nil }
            return seen.insert(organisation).inserted ? organisation : nil
        }
    }

    /// The side `actor` stands on for an application from `applicant` to `employer`; nil for
    /// anyone else, who is told the application does not exist.
    public static func side(employer: UUID, applicant: UUID, actor: Policy.Actor) -> Side? {
        guard actor.isSignedIn else { return nil }
        let organisations = Set(actor.memberships.compactMap(\.organisation))
        if organisations.contains(employer) { return .employer }
        if organisations.contains(applicant) { return .applicant }
        return nil
    }

    /// Whether `actor` confirms a hiring for `employer`: a member of its team, once verified —
    /// the confirmation closes a journey in another structure's records.
    public static func mayConfirmHire(employer: UUID, actor: Policy.Actor) -> Bool {
        actor.isSignedIn && actor.memberships.contains { $0.organisation == employer && $0.verified }
    }

    /// Whether `actor`, on `side`, may make `change`.
    public static func may(_ change: JobApplicationLifecycle.Change, side: Side) -> Bool {
        switch side {
        case .employer: JobApplicationLifecycle.isEmployers(change)
        case .applicant: change == .cancel
        }
    }
}
