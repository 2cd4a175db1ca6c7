import Foundation

/// How long log-ins must wait after failures. Failures are counted in three scopes, each with
/// its own allowance (`Scope.freeFailures`); past it, each failure doubles the wait, from 30
/// seconds up to 15 minutes. The real owner is never locked out for good: a success clears the
/// counts of its account, and failures older than a day are forgotten.
public struct LoginThrottle: Sendable, Equatable {
    /// Where failures are counted. The narrowest scope, one account from one address, stops a
    /// guesser soon; the account's own count stops guessing spread over many addresses without
    /// letting one stranger lock its owner out; the address's count, much higher, slows one
    /// source that tries many accounts without blocking every user behind a shared proxy.
    public enum Scope: String, Sendable, CaseIterable {
        case accountFromAddress = "compte-adresse"
        case account = "compte"
        case address = "adresse"

        public var freeFailures: Int {
            switch self {
            case .accountFromAddress: 5
            case .account: 20
            case .address: 100
            }
        }

        /// Whether a success of the account clears this scope's count. The address's count stays:
        /// a guesser could otherwise clear it by logging into an account of its own.
        public var clearedBySuccess: Bool { self != .address }

        /// The stored key of this scope for an account's address (already normalised) and a
        /// client address.
        public func key(email: String, client: String) -> String {
            switch self {
            case .accountFromAddress: "\(rawValue):\(email)|\(client)"
            case .account: "\(rawValue):\(email)"
            case .address: "\(rawValue):\(client)"
            }
        }
    }

    public static let firstWait: TimeInterval = 30
    public static let longestWait: TimeInterval = 15 * 60
    public static let memory: TimeInterval = 24 * 3600

    public var failures: Int
    public var lastFailure: Date?

    public init(failures: Int = 0, lastFailure: Date? = nil) {
        self.failures = failures
        self.lastFailure = lastFailure
    }

    /// The state as it stands at `now`, once old failures are forgotten.
    public func current(at now: Date) -> LoginThrottle {
        guard let lastFailure, now.timeIntervalSince(lastFailure) < Self.memory else { return LoginThrottle() }
        return self
    }

    /// How long the next attempt must still wait at `now` (zero when it may go ahead), in a scope
    /// that allows `freeFailures`.
    public func wait(at now: Date, freeFailures: Int = Scope.accountFromAddress.freeFailures) -> TimeInterval {
        let state = current(at: now)
        guard state.failures >= freeFailures, let lastFailure = state.lastFailure else { return 0 }
        let doublings = min(state.failures - freeFailures, 10)
        let delay = min(Self.firstWait * pow(2, Double(doublings)), Self.longestWait)
        return max(0, delay - now.timeIntervalSince(lastFailure))
    }

    /// "Réessayez dans 2 minutes."
    public static func message(waiting seconds: TimeInterval) -> String {
        let rounded = Int(seconds.rounded(.up))
        if rounded < 60 { return "Trop de tentatives : réessayez dans \(rounded) seconde\(rounded > 1 ? "s" : "")." }
        let minutes = (rounded + 59) / 60
        return "Trop de tentatives : réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "")."
    }
}
