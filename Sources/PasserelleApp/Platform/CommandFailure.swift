import Foundation

/// A command that stops with a message for the operator (exit status 1).
struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    var description: String
    init(_ description: String) { self.description = description }
    var errorDescription: String? { description }
}
