import Foundation
import Logging
import Vapor

/// One line per event: time, level, message, then `key=value` metadata, so that logs can be
/// read by people and parsed by tools.
package struct KeyValueLogHandler: LogHandler {
    package let label: String
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    /// Where lines go: standard error, or a test's capture.
    package let write: @Sendable (_ line: String, _ level: Logger.Level) -> Void

    package init(label: String, write: @escaping @Sendable (_ line: String, _ level: Logger.Level) -> Void = { line, _ in FileHandle.standardError.write(Data(line.utf8)) }) {
        self.label = label
        self.write = write
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let time = Date().formatted(.iso8601)
        var line = "time=\(time) level=\(event.level.rawValue) msg=\(Self.quote(event.message.description))"
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quote(merged[key]!.description))"
        }
        line += "\n"
        write(line, event.level)
    }

    package static func quote(_ value: String) -> String {
        if !value.isEmpty && !value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
