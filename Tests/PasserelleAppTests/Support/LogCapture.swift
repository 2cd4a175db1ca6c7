import Foundation
import Logging
import Synchronization
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The log lines of the test process, as the platform writes them (`KeyValueLogHandler`), kept
/// while at least one test reads them: a test looks for what must never be there.
final class LogCapture: Sendable {
    static let shared: LogCapture = {
        let capture = LogCapture()
        LoggingSystem.bootstrap { label in
            var handler = KeyValueLogHandler(label: label) { line, level in capture.receive(line, level: level) }
            handler.logLevel = .info
            return handler
        }
        return capture
    }()

    private struct State {
        var readers = 0
        var lines: [String] = []
    }

    private let state = Mutex(State())

    private func receive(_ line: String, level: Logger.Level) {
        let kept = state.withLock { state in
            guard state.readers > 0 else { return false }
            state.lines.append(line)
            return true
        }
        // Outside a capture, what deserves a look still reaches the test's output.
        if !kept, level >= .warning { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Runs `body` and returns every line written meanwhile, by any logger of the process.
    func lines(during body: () async throws -> Void) async throws -> [String] {
        let start = state.withLock { state in
            state.readers += 1
            return state.lines.count
        }
        defer {
            state.withLock { state in
                state.readers -= 1
                if state.readers == 0 { state.lines = [] }
            }
        }
        try await body()
        return state.withLock { Array($0.lines[start...]) }
    }
}
