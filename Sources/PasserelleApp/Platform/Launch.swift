import Foundation
import Logging
import Vapor

/// Starts the platform: reads the configuration, sets up logging, runs the command.
public enum Launch {
    public static func main() async {
        let config: AppConfig
        do {
            config = try AppConfig.load()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(2)
        }
        LoggingSystem.bootstrap { label in
            var handler = KeyValueLogHandler(label: label)
            handler.logLevel = config.logLevel
            return handler
        }
        do {
            let environment = Environment(name: config.environment == .production ? "production" : "development", arguments: CommandLine.arguments)
            let app = try await Application.make(environment)
            do {
                try await configure(app, config: config)
                try await app.execute()
            } catch {
                app.logger.report(error: error)
                try? await app.asyncShutdown()
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                exit(1)
            }
            try await app.asyncShutdown()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
    }
}

/// One line per event: time, level, message, then `key=value` metadata, so that logs can be
/// read by people and parsed by tools.
struct KeyValueLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    /// Where lines go: standard error, or a test's capture.
    let write: @Sendable (_ line: String, _ level: Logger.Level) -> Void

    init(label: String, write: @escaping @Sendable (_ line: String, _ level: Logger.Level) -> Void = { line, _ in FileHandle.standardError.write(Data(line.utf8)) }) {
        self.label = label
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
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

    static func quote(_ value: String) -> String {
        if !value.isEmpty && !value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
