import Foundation
import Logging
import PasserelleDirectory
import PasserellePlatform
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
