import Foundation

/// The start of a journey: a hiring by a structure, with what the law asks of it. A SIAE checks
/// the IAE eligibility by the rules in force on the diagnosis's day and the approval runs from the
/// hiring; an EA or an ESAT records the RQTH or the orientation instead; the contract, when
/// recorded, keeps within its kind's bounds.
public struct HireDraft: Sendable, Equatable {
    public enum Field {
        public static let hiredOn = "Date d’embauche"
        public static let diagnosisDate = "Date du diagnostic"
        public static let diagnosisAuthor = "Auteur du diagnostic"
        public static let prescriber = "Prescripteur"
        public static let criteria = "Critères d’éligibilité"
        public static let proofs = "Justificatifs vus"
        public static let recognition = "Reconnaissance"
        public static let recognitionFrom = "Début de la reconnaissance"
        public static let recognitionTo = "Fin de la reconnaissance"
        public static let contract = "Contrat"
    }

    /// Who made the IAE diagnosis: its validity depends on it.
    public enum DiagnosisAuthor: String, CaseIterable, Sendable, Codable {
        case prescriber = "prescripteur"
        case structure = "structure"

        public var label: String {
            switch self {
            case .prescriber: "Un prescripteur habilité"
            case .structure: "La structure elle-même (auto-prescription)"
            }
        }

        /// How long a diagnosis stays valid, the rule of Les emplois de l'inclusion (6 months by a
        /// prescriber; 92 days by the employer, the proofs' 3 months): no legal text sets it.
        public func lastValidDay(from day: String) -> String? {
            guard let start = CivilDay(day) else { return nil }
            switch self {
            case .prescriber: return start.addingMonths(6).addingDays(-1).text
            case .structure: return start.addingDays(91).text
            }
        }
    }

    /// What opens a journey in an EA or an ESAT, instead of an IAE diagnosis.
    public enum Recognition: String, CaseIterable, Sendable, Codable {
        case rqth
        case orientation = "orientation-cdaph"

        public var label: String {
            switch self {
            case .rqth: "Reconnaissance de la qualité de travailleur handicapé (RQTH)"
            case .orientation: "Orientation par la CDAPH (ESAT, marché du travail)"
            }
        }
    }

    public var kind: StructureKind
    public var hiredOn = ""
    public var diagnosisDate = ""
    public var diagnosisAuthor = ""
    public var prescriber = ""
    public var criteria: [String] = []
    /// The proof seen, by criterion code (« attestation CAF de moins de 3 mois »).
    public var proofs: [String: String] = [:]
    public var recognition = ""
    public var recognitionFrom = ""
    public var recognitionTo = ""
    public var contract: ContractTerms?

    public init(kind: StructureKind) {
        self.kind = kind
    }

    public struct Diagnosis: Sendable, Equatable {
        public var day: String
        public var author: DiagnosisAuthor
        public var prescriber: String?
        public var criteria: [String]
        public var proofs: [String: String]
        public var rulesVersion: String
        public var explanation: String

        public init(day: String, author: DiagnosisAuthor, prescriber: String?, criteria: [String], proofs: [String: String], rulesVersion: String, explanation: String) {
            self.day = day
            self.author = author
            self.prescriber = prescriber
            self.criteria = criteria
            self.proofs = proofs
            self.rulesVersion = rulesVersion
            self.explanation = explanation
        }
    }

    public struct RecognitionRecord: Sendable, Equatable {
        public var kind: Recognition
        public var from: String
        public var to: String?

        public init(kind: Recognition, from: String, to: String?) {
            self.kind = kind
            self.from = from
            self.to = to
        }
    }

    public struct Checked: Sendable, Equatable {
        public var hiredOn: String
        public var diagnosis: Diagnosis?
        public var approvalEnd: String?
        public var recognition: RecognitionRecord?
        public var contract: ContractTerms?
    }

    public func check(rules: [EligibilityRuleSet], bounds: [ContractBounds]) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ message: String) { problems.append(FieldProblem(field: field, message: message)) }
        guard let hired = CivilDay(hiredOn) else {
            return .failure(FieldProblems([FieldProblem(field: Field.hiredOn, message: "Date d’embauche : obligatoire, au format AAAA-MM-JJ.")]))
        }
        var diagnosis: Diagnosis?
        var recognitionRecord: RecognitionRecord?
        if kind.isSIAE {
            let author = DiagnosisAuthor(rawValue: diagnosisAuthor)
            if author == nil { add(Field.diagnosisAuthor, "Indiquez qui a fait le diagnostic d’éligibilité.") }
            let prescriberName = prescriber.trimmingCharacters(in: .whitespacesAndNewlines)
            if author == .prescriber && (prescriberName.isEmpty || prescriberName.count > 160) {
                add(Field.prescriber, "Indiquez le prescripteur qui a fait le diagnostic (160 caractères au plus).")
            }
            if let day = CivilDay(diagnosisDate) {
                if day.ordinal > hired.ordinal {
                    add(Field.diagnosisDate, "Le diagnostic (\(DateText.frenchDay(civil: day))) doit précéder l’embauche (\(DateText.frenchDay(civil: hired))).")
                } else if let author, let last = author.lastValidDay(from: diagnosisDate), last < hiredOn {
                    add(Field.diagnosisDate, "Un diagnostic fait par \(author == .prescriber ? "un prescripteur vaut 6 mois" : "la structure vaut 92 jours") : "
                        + "celui-ci valait jusqu’au \(DateText.frenchDay(civil: CivilDay(last)!)), avant l’embauche.")
                }
                switch Eligibility.evaluate(Set(criteria), kind: kind, on: diagnosisDate, sets: rules) {
                case .failure(let problem): add(Field.criteria, problem.message)
                case .success(let verdict):
                    if !verdict.eligible { add(Field.criteria, verdict.explanation) }
                    let proofs = Dictionary(uniqueKeysWithValues: criteria.map { ($0, (self.proofs[$0] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) })
                    let missing = criteria.filter { (proofs[$0] ?? "").isEmpty || (proofs[$0] ?? "").count > 200 }
                    if !missing.isEmpty {
                        let labels = missing.map { code in Eligibility.inForce(rules, on: diagnosisDate)?.criterion(code)?.label ?? code }
                        add(Field.proofs, "Indiquez le justificatif vu pour chaque critère retenu (200 caractères au plus) : \(labels.joined(separator: " ; ")).")
                    }
                    if let author, verdict.eligible, missing.isEmpty, let set = Eligibility.inForce(rules, on: diagnosisDate) {
                        diagnosis = Diagnosis(day: diagnosisDate, author: author, prescriber: author == .prescriber ? prescriberName : nil, criteria: criteria.sorted(),
                                              proofs: proofs, rulesVersion: set.version, explanation: verdict.explanation)
                    }
                }
            } else {
                add(Field.diagnosisDate, "Date du diagnostic : obligatoire, au format AAAA-MM-JJ.")
            }
        } else if kind == .ea || kind == .eatt || kind == .esat {
            let recognition = Recognition(rawValue: recognition)
            if recognition == nil { add(Field.recognition, "Indiquez la RQTH ou l’orientation qui ouvre le parcours.") }
            let from = CivilDay(recognitionFrom)
            if from == nil { add(Field.recognitionFrom, "Début de la reconnaissance : obligatoire, au format AAAA-MM-JJ.") }
            let to = recognitionTo.isEmpty ? nil : CivilDay(recognitionTo)
            if !recognitionTo.isEmpty && to == nil { add(Field.recognitionTo, "Fin de la reconnaissance : au format AAAA-MM-JJ, ou vide si elle est sans fin.") }
            if let from, from.ordinal > hired.ordinal { add(Field.recognitionFrom, "La reconnaissance doit commencer au plus tard le jour de l’embauche.") }
            if let to, to.ordinal < hired.ordinal { add(Field.recognitionTo, "La reconnaissance a pris fin avant l’embauche.") }
            if let recognition, from != nil, problems.isEmpty {
                recognitionRecord = RecognitionRecord(kind: recognition, from: recognitionFrom, to: recognitionTo.isEmpty ? nil : recognitionTo)
            }
        }
        if let contract {
            if let bounds = bounds.first(where: { $0.kind == contract.kind }), !bounds.structures.contains(kind) {
                add(Field.contract, "\(bounds.label) : ce contrat est signé par \(French.list(bounds.structures.map(\.acronym))), pas par une structure \(kind.acronym).")
            } else if contract.start < hiredOn {
                add(Field.contract, "Le contrat commence avant l’embauche.")
            } else {
                switch ContractCheck.problems(contract, bounds: bounds) {
                case .failure(let problem): add(Field.contract, problem.message)
                case .success(let found): for problem in found { add(Field.contract, problem) }
                }
            }
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        let approvalEnd = kind.isSIAE ? (try? Approval(start: hiredOn).end().get())?.lastDay : nil
        return .success(Checked(hiredOn: hiredOn, diagnosis: diagnosis, approvalEnd: approvalEnd, recognition: recognitionRecord, contract: contract))
    }
}

/// A journey's state: open from the hiring, exited with a category, reopened when the person
/// comes back.
public enum JourneyState: String, CaseIterable, Sendable, Codable {
    case open = "en-cours"
    case exited = "sorti"

    public var label: String {
        switch self {
        case .open: "en cours"
        case .exited: "sorti"
        }
    }
}
