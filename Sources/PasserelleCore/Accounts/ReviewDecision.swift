import Foundation

/// A reviewer's decision on a request (a claim on a profile, an organisation to verify): accepted,
/// or refused with a reason that is sent to those who asked.
public struct ReviewDecision: Equatable, Sendable {
    public var accepted: Bool
    public var reason: String?

    public static let maximumReasonLength = 1000

    public enum Problem: Error, Equatable, Sendable {
        /// Neither of the two buttons' values: a forged form (400).
        case unknown
        case missingReason(toldTo: String)
        case reasonTooLong

        public var message: String {
            switch self {
            case .unknown: "Décision inconnue : choisissez l’un des deux boutons, accepter ou refuser."
            case .missingReason(let told): "Indiquez le motif du refus : il est envoyé \(told)."
            case .reasonTooLong: "Le motif ne peut pas dépasser 1 000 caractères."
            }
        }
    }

    /// Reads the form's `decision` and `reason`; `accept` is the accepting button's value
    /// (« accepter », « verifier »), the refusing one's is « refuser »; `toldTo` says who reads the
    /// reason (« à la personne qui a fait la demande »).
    public static func read(decision: String, reason typed: String, accept: String, toldTo: String) -> Result<ReviewDecision, Problem> {
        let reason = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard decision == accept || decision == "refuser" else { return .failure(.unknown) }
        if decision == "refuser" && reason.isEmpty { return .failure(.missingReason(toldTo: toldTo)) }
        guard reason.count <= maximumReasonLength else { return .failure(.reasonTooLong) }
        return .success(ReviewDecision(accepted: decision == accept, reason: reason.isEmpty ? nil : reason))
    }
}
