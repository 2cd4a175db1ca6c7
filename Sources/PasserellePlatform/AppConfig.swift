import Foundation
import PasserelleCore
import Vapor

/// Everything the platform reads from its environment, read once at start-up.
public struct AppConfig: Sendable {
    public enum Environment: String, Sendable {
        case development, production, testing
    }

    public enum DatabaseChoice: Sendable, Equatable {
        case sqlite(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var environment: Environment
    public var database: DatabaseChoice
    /// Address at which users reach the platform, for links in files and e-mails.
    public var publicURL: String
    /// Map tiles (an XYZ URL template); empty disables the background map, markers still show.
    public var mapTileURL: String
    public var mapAttribution: String
    /// How often an instance checks whether another one changed the directory.
    public var directoryRefreshSeconds: Double
    /// How long the audit log keeps its entries.
    public var auditRetentionDays: Int
    public var logLevel: Logger.Level
    /// The SMTP relay; without one, messages go to the log and stay readable in the outbox.
    public var smtp: SMTPSettings?
    /// How many password hashes may wait or run at once; nil for eight per hashing thread. Not
    /// read from the environment: tests set it to see how a full queue is answered.
    package var passwordWorkCapacity: Int?
    /// The reverse proxies whose `X-Forwarded-For` tells the client's address.
    public var trustedProxies = TrustedProxies()
    /// The bearer token `/metrics` asks for; nil leaves it open (a private network's scraper).
    public var metricsToken: String?
    /// How many months after the end of the follow-up (24 months after the exit) a journey is anonymised.
    public var journeyRetentionMonths = 24

    public static let variables: [(name: String, meaning: String, fallback: String)] = [
        ("APP_ENV", "development, production or testing. Production turns on secure cookies and hides error details.", "development"),
        ("DATABASE_URL", "postgres://user:password@host:port/name selects PostgreSQL.", "(SQLite)"),
        ("SQLITE_PATH", "SQLite database file, used when DATABASE_URL is not set.", "./passerelle.sqlite"),
        ("PUBLIC_URL", "Address of the platform as users reach it (links in exports).", "http://localhost:8080"),
        ("MAP_TILE_URL", "Tile server of the result maps (XYZ template); empty to draw markers only.", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        ("MAP_ATTRIBUTION", "Credit line of the map tiles.", "© OpenStreetMap"),
        ("DIRECTORY_REFRESH_SECONDS", "How often an instance looks for directory changes made by other instances.", "5"),
        ("AUDIT_RETENTION_DAYS", "How many days the audit log keeps its entries (older ones are deleted every hour).", "365"),
        ("JOURNEY_RETENTION_MONTHS", "Months after the end of a journey's follow-up (24 months after the exit) before the person's identity is erased, the facts kept.", "24"),
        ("LOG_LEVEL", "trace, debug, info, notice, warning, error or critical.", "info"),
        ("TRUSTED_PROXIES", "Reverse proxies (CIDR list: 10.0.0.0/8, ::1) whose X-Forwarded-For gives the client's address; the header is ignored from anyone else.", "(none)"),
        ("METRICS_TOKEN", "Token that /metrics asks for (Authorization: Bearer …); empty leaves /metrics open.", "(open)"),
        ("SMTP_HOST", "SMTP relay that delivers the mail; empty keeps messages in the outbox table (shown in the log outside production).", "(none)"),
        ("SMTP_PORT", "Port of the relay.", "587 (465 with tls, 25 with none)"),
        ("SMTP_SECURITY", "starttls, tls (from the first byte) or none (a relay on the same machine only).", "starttls"),
        ("SMTP_USERNAME", "Account on the relay (AUTH PLAIN or LOGIN, over TLS only); empty for none.", ""),
        ("SMTP_PASSWORD", "Password of that account.", ""),
        ("SMTP_CA_FILE", "PEM file of certificate authorities to trust besides the system's (a private relay).", ""),
        ("MAIL_FROM", "Sender address of the platform's mail.", "ne-pas-repondre@ + the host of PUBLIC_URL"),
    ]

    public struct Invalid: Error, CustomStringConvertible {
        public var problems: [String]
        public var description: String { "Configuration invalide :\n- " + problems.joined(separator: "\n- ") }
    }

    /// Reads and checks the environment; every problem is reported at once.
    public static func load(from environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var problems: [String] = []
        let envName = environment["APP_ENV"].flatMap { $0.isEmpty ? nil : $0 } ?? "development"
        let appEnvironment = Environment(rawValue: envName) ?? {
            problems.append("APP_ENV doit valoir development, production ou testing (reçu « \(envName) »).")
            return .development
        }()
        let database: DatabaseChoice
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            if URL(string: url)?.scheme?.hasPrefix("postgres") != true {
                problems.append("DATABASE_URL doit être de la forme postgres://utilisateur:mot-de-passe@hôte:port/base.")
            }
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: environment["SQLITE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "./passerelle.sqlite")
        }
        let publicURL = (environment["PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://localhost:8080")
        if URL(string: publicURL)?.host == nil {
            problems.append("PUBLIC_URL doit être une adresse complète (https://passerelle.example.org).")
        }
        let refresh = environment["DIRECTORY_REFRESH_SECONDS"].flatMap { $0.isEmpty ? nil : $0 }.map { Double($0) } ?? 5
        if refresh == nil || refresh! <= 0 {
            problems.append("DIRECTORY_REFRESH_SECONDS doit être un nombre de secondes positif.")
        }
        let retentionText = environment["AUDIT_RETENTION_DAYS"].flatMap { $0.isEmpty ? nil : $0 } ?? "365"
        let retention = Int(retentionText)
        if retention == nil || retention! < 30 {
            problems.append("AUDIT_RETENTION_DAYS doit être un nombre de jours, 30 au moins (reçu « \(retentionText) »).")
        }
        let journeyRetentionText = environment["JOURNEY_RETENTION_MONTHS"].flatMap { $0.isEmpty ? nil : $0 } ?? "24"
        let journeyRetention = Int(journeyRetentionText)
        if journeyRetention == nil || journeyRetention! < 1 || journeyRetention! > 240 {
            problems.append("JOURNEY_RETENTION_MONTHS doit être un nombre de mois, de 1 à 240 (reçu « \(journeyRetentionText) »).")
        }
        let levelName = environment["LOG_LEVEL"].flatMap { $0.isEmpty ? nil : $0 } ?? "info"
        let level = Logger.Level(rawValue: levelName) ?? {
            problems.append("LOG_LEVEL inconnu : « \(levelName) ».")
            return .info
        }()
        let smtp = smtpSettings(from: environment, publicHost: URL(string: publicURL)?.host ?? "localhost", problems: &problems)
        let proxies = TrustedProxies.parse(environment["TRUSTED_PROXIES"] ?? "")
        if !proxies.invalid.isEmpty {
            problems.append("TRUSTED_PROXIES doit être une liste de réseaux (10.0.0.0/8, 192.0.2.1, ::1) ; illisible : « \(proxies.invalid.joined(separator: " », « ")) ».")
        }
        let metricsToken = environment["METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let metricsToken, metricsToken.count < 16 {
            problems.append("METRICS_TOKEN doit compter 16 caractères au moins.")
        }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        return AppConfig(
            environment: appEnvironment,
            database: database,
            publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL,
            mapTileURL: environment["MAP_TILE_URL"] ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            mapAttribution: environment["MAP_ATTRIBUTION"] ?? "© OpenStreetMap",
            directoryRefreshSeconds: refresh ?? 5,
            auditRetentionDays: retention ?? 365,
            logLevel: level,
            smtp: smtp,
            trustedProxies: proxies.proxies,
            metricsToken: metricsToken,
            journeyRetentionMonths: journeyRetention ?? 24
        )
    }

    private static func smtpSettings(from environment: [String: String], publicHost: String, problems: inout [String]) -> SMTPSettings? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let sender = value("MAIL_FROM") ?? "ne-pas-repondre@\(publicHost)"
        let senderParts = sender.split(separator: "@", omittingEmptySubsequences: false)
        if senderParts.count != 2 || senderParts.contains(where: \.isEmpty) || sender.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) {
            problems.append("MAIL_FROM doit être une adresse seule, comme ne-pas-repondre@passerelle.example.org (reçu « \(sender) »).")
        }
        guard let host = value("SMTP_HOST") else { return nil }
        let securityName = value("SMTP_SECURITY") ?? "starttls"
        let security = SMTPSettings.Security(rawValue: securityName) ?? {
            problems.append("SMTP_SECURITY doit valoir starttls, tls ou none (reçu « \(securityName) »).")
            return .starttls
        }()
        let portText = value("SMTP_PORT") ?? String(security.defaultPort)
        let port = Int(portText).flatMap { (1...65535).contains($0) ? $0 : nil } ?? {
            problems.append("SMTP_PORT doit être un numéro de port (reçu « \(portText) »).")
            return security.defaultPort
        }()
        let username = value("SMTP_USERNAME"), password = value("SMTP_PASSWORD")
        if username != nil, password == nil {
            problems.append("SMTP_PASSWORD manque pour le compte SMTP_USERNAME.")
        }
        if username != nil, security == .none, !["localhost", "127.0.0.1", "::1"].contains(host) {
            problems.append("SMTP_USERNAME avec SMTP_SECURITY=none enverrait le mot de passe en clair : choisir starttls ou tls.")
        }
        let authorities = value("SMTP_CA_FILE")
        if let authorities, !FileManager.default.fileExists(atPath: authorities) {
            problems.append("SMTP_CA_FILE : fichier introuvable (« \(authorities) »).")
        }
        return SMTPSettings(host: host, port: port, security: security, username: username, password: password,
                            sender: sender, certificateAuthorities: authorities, heloName: publicHost)
    }

    /// Configuration of the test suites: in-memory SQLite unless a database is given.
    public static func testing(database: DatabaseChoice = .sqliteMemory) -> AppConfig {
        AppConfig(
            environment: .testing, database: database, publicURL: "http://passerelle.test", mapTileURL: "",
            mapAttribution: "", directoryRefreshSeconds: 3600, auditRetentionDays: 365, logLevel: .warning
        )
    }
}
