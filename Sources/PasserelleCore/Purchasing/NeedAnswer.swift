import Foundation

/// What a structure says about a need it received.
public enum AnswerStance: String, CaseIterable, Codable, Sendable {
    case interested = "interessee"
    case notInterested = "pas-interessee"
    case group = "groupement"

    public var label: String {
        switch self {
        case .interested: "Intéressée"
        case .notInterested: "Pas intéressée"
        case .group: "Répondre en groupement"
        }
    }
}

/// Why a structure passes on a need: a short list, so that buyers and facilitators can count them.
public enum DeclineReason: String, CaseIterable, Codable, Sendable {
    case outsideActivity = "hors-activite"
    case tooFar = "trop-loin"
    case notAvailable = "pas-disponible"
    case tooLarge = "montant-trop-eleve"
    case tooSmall = "montant-trop-faible"
    case tooShort = "delai-trop-court"
    case other = "autre"

    public var label: String {
        switch self {
        case .outsideActivity: "Hors de notre activité"
        case .tooFar: "Trop loin de nos implantations"
        case .notAvailable: "Pas disponible sur la période"
        case .tooLarge: "Volume ou montant trop important pour nous"
        case .tooSmall: "Montant trop faible"
        case .tooShort: "Délai de réponse trop court"
        case .other: "Autre raison"
        }
    }
}

/// An answer as a structure types it (form or API), before the checks.
public struct AnswerDraft: Sendable, Equatable {
    public var stance: String
    public var reason: String
    public var comment: String
    /// The answers to the buyer's questions, in their order.
    public var responses: [String]

    public init(stance: String, reason: String = "", comment: String = "", responses: [String] = []) {
        self.stance = stance
        self.reason = reason
        self.comment = comment
        self.responses = responses
    }
}

/// An answer, checked.
public struct NeedAnswer: Sendable, Equatable {
    public var stance: AnswerStance
    public var reason: DeclineReason?
    public var comment: String
    public var responses: [String]

    public init(stance: AnswerStance, reason: DeclineReason? = nil, comment: String = "", responses: [String] = []) {
        self.stance = stance
        self.reason = reason
        self.comment = comment
        self.responses = responses
    }
}

public enum AnswerRules {
    public static let maximumCommentLength = 2000
    public static let maximumResponseLength = 4000

    /// Why a need takes no answers now, if it does not: it must be published and its deadline (a
    /// Paris day: answers are taken all that day) not passed.
    public static func closedReason(state: NeedState, deadline: Date?, now: Date) -> String? {
        guard state == .published else {
            return "Ce besoin n’attend plus de réponses : il est « \(state.label.lowercased()) »."
        }
        if let deadline, DateText.parisDay(deadline) < DateText.parisDay(now) {
            return "La date limite de réponse (\(DateText.frenchDay(deadline))) est passée."
        }
        return nil
    }

    /// Checks an answer against the buyer's questions. A structure that passes gives a reason; one
    /// that is interested answers every question, as the buyer needs them to compare.
    public static func validate(_ draft: AnswerDraft, questions: [String]) -> Result<NeedAnswer, FieldProblems> {
        var problems: [FieldProblem] = []
        guard let stance = AnswerStance(rawValue: draft.stance) else {
            return .failure(FieldProblems([FieldProblem(field: "stance", message: "Dites si la structure est intéressée, pas intéressée, ou veut répondre en groupement.")]))
        }
        let comment = draft.comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > maximumCommentLength {
            problems.append(FieldProblem(field: "comment", message: "Le commentaire compte \(maximumCommentLength) caractères au plus."))
        }
        var reason: DeclineReason?
        var responses: [String] = []
        switch stance {
        case .notInterested:
            reason = DeclineReason(rawValue: draft.reason)
            if reason == nil {
                problems.append(FieldProblem(field: "reason", message: "Choisissez la raison pour laquelle la structure ne répond pas : l’acheteur s’en sert pour ses prochains besoins."))
            } else if reason == .other && comment.isEmpty {
                problems.append(FieldProblem(field: "comment", message: "Pour « autre raison », précisez-la en quelques mots."))
            }
        case .interested, .group:
            if draft.responses.count > questions.count {
                problems.append(FieldProblem(field: "responses", message: "L’acheteur pose " + French.count(questions.count, "question") + " : il y a plus de réponses que de questions."))
            }
            for index in questions.indices {
                let text = index < draft.responses.count ? draft.responses[index].trimmingCharacters(in: .whitespacesAndNewlines) : ""
                if text.isEmpty {
                    problems.append(FieldProblem(field: "response-\(index + 1)", message: "Répondez à la question \(index + 1) : « \(questions[index]) »."))
                } else if text.count > maximumResponseLength {
                    problems.append(FieldProblem(field: "response-\(index + 1)", message: "La réponse à la question \(index + 1) compte \(maximumResponseLength) caractères au plus."))
                }
                responses.append(text)
            }
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(NeedAnswer(stance: stance, reason: reason, comment: comment, responses: responses))
    }
}

/// What became of the structures a need was sent to, for its buyer.
public struct AnswerFunnel: Sendable, Equatable {
    public var sent: Int
    public var seen: Int
    public var interested: Int
    public var notInterested: Int
    public var inGroups: Int

    public init(sent: Int = 0, seen: Int = 0, interested: Int = 0, notInterested: Int = 0, inGroups: Int = 0) {
        self.sent = sent
        self.seen = seen
        self.interested = interested
        self.notInterested = notInterested
        self.inGroups = inGroups
    }

    /// The share of structures that answered at all, in percent of those it was sent to.
    public var answerRate: Int {
        sent == 0 ? 0 : Int((Double(interested + notInterested + inGroups) * 100 / Double(sent)).rounded())
    }
}

/// What a structure says of a closed need it answered: it won the contract, or it was not retained.
public enum ReportedOutcome: String, CaseIterable, Codable, Sendable {
    case won = "remporte"
    case notRetained = "pas-retenue"

    /// As the buyer reads it on the need's page.
    public var label: String {
        switch self {
        case .won: "Déclare avoir remporté le marché"
        case .notRetained: "Déclare ne pas avoir été retenue"
        }
    }

    /// As the audit log records it.
    public var auditDetail: String {
        switch self {
        case .won: "marché remporté"
        case .notRetained: "pas retenue"
        }
    }
}
