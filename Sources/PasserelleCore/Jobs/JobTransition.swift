import Foundation

/// The way out of a journey through an accepted application: the employer confirms the hiring
/// (its day and, for a fixed-term contract, its length), and the journey's exit follows from the
/// offer's contract.
public enum JobTransition {
    /// Whether the employer confirms a hiring on this contract from the application: an ordinary
    /// contract, or the CDD Tremplin and the GEIQ's contract, which lead out of an insertion
    /// journey. Another insertion post is a hiring into a new journey, recorded by its employer.
    public static func confirmsHire(_ contract: OfferContract) -> Bool {
        !contract.isInsertionPost || contract == .cddTremplin || contract == .geiq
    }

    /// Whether the contract's length decides the exit: every fixed-term contract.
    public static func needsMonths(_ contract: OfferContract) -> Bool {
        switch contract {
        case .cdi, .cddi, .mission: false
        case .cdd, .interim, .apprenticeship, .cddTremplin, .geiq: true
        }
    }

    /// The exit a hiring on `contract` records: six months or more of a fixed-term contract is
    /// sustainable employment; an insertion post elsewhere is a move to another inclusive structure.
    public static func exitContract(for contract: OfferContract, months: Int?) -> ExitContract {
        let long = (months ?? 0) >= 6
        switch contract {
        case .cdi: return .permanent
        case .cdd, .apprenticeship: return long ? .longFixedTerm : .shortFixedTerm
        case .interim: return long ? .longFixedTerm : .temping
        case .cddTremplin: return .tremplin
        case .geiq: return .geiq
        case .cddi, .mission: return .otherStructure
        }
    }
}

/// The hiring an employer confirms on an accepted application.
public struct JobHireDraft: Sendable, Equatable {
    public enum Field {
        public static let day = "Date d’embauche"
        public static let months = "Durée du contrat"
    }

    public static let maximumMonths = 36

    public var day = ""
    public var months = ""

    public init(day: String = "", months: String = "") {
        self.day = day
        self.months = months
    }

    public struct Checked: Sendable, Equatable {
        public var day: String
        public var months: Int?

        public init(day: String, months: Int?) {
            self.day = day
            self.months = months
        }
    }

    /// `sentOn`: the day the application was sent, before which nobody was hired from it.
    public func check(contract: OfferContract, sentOn: String, today: String) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        // Compared and kept as written by `CivilDay` (« 2026-3-1 » reads, and is 2026-03-01).
        let parsed = CivilDay(day.trimmingCharacters(in: .whitespaces))
        let day = parsed?.text ?? ""
        if let parsed {
            if day < sentOn {
                problems.append(FieldProblem(field: Field.day, message: "L’embauche ne peut précéder la candidature (\(DateText.frenchDay(iso: sentOn)))."))
            } else if let limit = CivilDay(today)?.addingDays(365), parsed.text > limit.text {
                problems.append(FieldProblem(field: Field.day, message: "Date d’embauche : dans l’année qui vient au plus."))
            }
        } else {
            problems.append(FieldProblem(field: Field.day, message: "Date d’embauche : obligatoire, au format AAAA-MM-JJ."))
        }
        var months: Int?
        if JobTransition.needsMonths(contract) {
            months = Int(self.months.trimmingCharacters(in: .whitespaces))
            if months.map({ !(1...Self.maximumMonths).contains($0) }) ?? true {
                problems.append(FieldProblem(field: Field.months, message: "Durée du contrat : en mois, de 1 à \(Self.maximumMonths)."))
            }
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(Checked(day: day, months: months))
    }
}
