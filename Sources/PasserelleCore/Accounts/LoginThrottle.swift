import Foundation

/// How long log-ins must wait after failures, for one account or one address. Five failures in a
/// row are free (typos happen); then each failure doubles the wait, from 30 seconds up to 15
/// minutes. The real owner is never locked out for good: a success clears the count, and
/// failures older than a day are forgotten.
public struct LoginThrottle: Sendable, Equatable {
    public static let freeFailures = 5
    public static let firstWait: TimeInterval = 30
    public static let longestWait: TimeInterval = 15 * 60
    public static let memory: TimeInterval = 24 * 3600

    public var failures: Int
    public var lastFailure: Date?

    public init(failures: Int = 0, lastFailure: Date? = nil) {
        self.failures = failures
        self.lastFailure = lastFailure
    }

    /// The state after one more failure at `now`.
    public func failing(at now: Date) -> LoginThrottle {
        LoginThrottle(failures: current(at: now).failures + 1, lastFailure: now)
    }

    /// The state as it stands at `now`, once old failures are forgotten.
    public func current(at now: Date) -> LoginThrottle {
        guard let lastFailure, now.timeIntervalSince(lastFailure) < Self.memory else { return LoginThrottle() }
        return self
    }

    /// How long the next attempt must still wait at `now` (zero when it may go ahead).
    public func wait(at now: Date) -> TimeInterval {
        let state = current(at: now)
        guard state.failures >= Self.freeFailures, let lastFailure = state.lastFailure else { return 0 }
        let doublings = min(state.failures - Self.freeFailures, 10)
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
