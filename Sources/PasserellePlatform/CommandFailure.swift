import Foundation

/// A command that stops with a message for the operator (exit status 1).
package struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    package var description: String
    package init(_ description: String) { self.description = description }
    package var errorDescription: String? { description }
}
