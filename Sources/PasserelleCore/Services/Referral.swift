import Foundation

/// Where a referral (orientation) stands. Opened by the referrer; the service's contact accepts
/// or refuses it; without an answer it expires.
public enum ReferralState: String, CaseIterable, Sendable, Codable {
    case open = "ouverte"
    case accepted = "validee"
    case refused = "refusee"
    case expired = "expiree"

    public var label: String {
        switch self {
        case .open: "Ouverte"
        case .accepted: "Validée"
        case .refused: "Refusée"
        case .expired: "Expirée"
        }
    }

    public var isClosed: Bool { self != .open }
}

/// Why a service refuses a referral.
public enum RefusalReason: String, CaseIterable, Sendable, Codable {
    case unreachable = "non-joignable"
    case absent
    case employed = "en-emploi"
    case inTraining = "en-formation"
    case notEligible = "non-eligible"
    case notMobile = "non-mobile"
    case notInterested = "non-interesse"
    case otherBarriers = "freins-peripheriques"
    case sessionFull = "session-complete"
    case duplicate = "doublon"
    case other = "autre"

    public var label: String {
        switch self {
        case .unreachable: "Personne non joignable"
        case .absent: "Personne absente au rendez-vous"
        case .employed: "Personne en emploi"
        case .inTraining: "Personne en formation"
        case .notEligible: "Personne non éligible"
        case .notMobile: "Personne non mobile"
        case .notInterested: "Personne non intéressée"
        case .otherBarriers: "Freins périphériques à lever d’abord"
        case .sessionFull: "Session complète"
        case .duplicate: "Orientation en doublon"
        case .other: "Autre motif"
        }
    }
}

/// The one place that says what may happen to a referral, and when.
public enum ReferralLifecycle {
    /// Without an answer, a referral expires after this many days.
    public static let expiryDays = 30
    /// The service's contact is reminded once after this many days without an answer.
    public static let reminderDays = 10
    /// Personal data of a closed referral is anonymised after this many months.
    public static let retentionMonths = 24

    public enum Change: Hashable, Sendable {
        case accept
        case refuse(RefusalReason, details: String?)
        case expire
    }

    public enum Refusal: Error, Equatable, Sendable {
        case alreadyClosed(ReferralState)
        case notDue
        case detailsRequired

        public var message: String {
            switch self {
            case .alreadyClosed(let state): "Cette orientation a déjà reçu sa réponse : elle est « \(state.label.lowercased()) »."
            case .notDue: "Cette orientation n’a pas encore atteint son délai de réponse."
            case .detailsRequired: "Précisez le motif « autre » en quelques mots."
            }
        }
    }

    /// The state after `event`, or why it cannot happen.
    public static func apply(_ event: Change, to state: ReferralState, sentAt: Date, now: Date) -> Result<ReferralState, Refusal> {
        guard state == .open else { return .failure(.alreadyClosed(state)) }
        switch event {
        case .accept:
            return .success(.accepted)
        case .refuse(let reason, let details):
            if reason == .other && (details ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .failure(.detailsRequired) }
            return .success(.refused)
        case .expire:
            return isExpired(sentAt: sentAt, now: now) ? .success(.expired) : .failure(.notDue)
        }
    }

    public static func expiresAt(sentAt: Date) -> Date { sentAt.addingTimeInterval(Double(expiryDays) * 86_400) }
    public static func isExpired(sentAt: Date, now: Date) -> Bool { now >= expiresAt(sentAt: sentAt) }

    /// Whether the reminder is due: still open, sent 10 days ago or more, not reminded yet.
    public static func reminderDue(state: ReferralState, sentAt: Date, remindedAt: Date?, now: Date) -> Bool {
        state == .open && remindedAt == nil && now >= sentAt.addingTimeInterval(Double(reminderDays) * 86_400) && !isExpired(sentAt: sentAt, now: now)
    }

    /// Whether the personal data must now be anonymised: closed 24 months ago or more.
    public static func anonymisationDue(closedAt: Date?, now: Date, calendar: Calendar = .init(identifier: .gregorian)) -> Bool {
        guard let closedAt, let limit = calendar.date(byAdding: .month, value: retentionMonths, to: closedAt) else { return false }
        return now >= limit
    }
}
