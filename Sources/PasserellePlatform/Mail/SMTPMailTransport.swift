import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how the platform hands its mail to an SMTP relay (read from the environment).
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS before anything else is said (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a relay on the same machine.
        case none

        package var defaultPort: Int {
            switch self {
            case .starttls: 587
            case .tls: 465
            case .none: 25
            }
        }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The envelope and `From:` address.
    public var sender: String
    /// A PEM file of certificate authorities to trust besides the system's (a private relay).
    public var certificateAuthorities: String?
    /// The name this platform gives in EHLO.
    public var heloName: String
}

/// A reply of an SMTP server: a code and its lines of text (RFC 5321 §4.2).
package struct SMTPReply: Sendable, Equatable {
    package var code: Int
    package var lines: [String]

    package var isPositive: Bool { (200..<400).contains(code) }
    /// The extensions an EHLO reply advertises, upper-cased (`STARTTLS`, `AUTH PLAIN LOGIN`…).
    package var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    /// Splits what the server sent into complete replies; a reply is complete at its line whose
    /// fourth character is a space instead of a hyphen.
    package struct Reader: Sendable {
        private var pending = ""
        private var lines: [String] = []

        package mutating func append(_ text: String) {
            pending += text
        }

        package mutating func next() throws -> SMTPReply? {
            while let end = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                guard line.count >= 3, let code = Int(line.prefix(3)) else {
                    throw SMTPFailure(code: 0, message: "réponse illisible du serveur SMTP : « \(line.prefix(80)) »")
                }
                let separator = line.dropFirst(3).first
                lines.append(String(line.dropFirst(4)))
                if separator != "-" {
                    defer { lines = [] }
                    return SMTPReply(code: code, lines: lines)
                }
            }
            return nil
        }
    }
}

/// A refusal or breakdown of the SMTP conversation. Codes 5xx are permanent: sending the same
/// message again will not help.
package struct SMTPFailure: Error, CustomStringConvertible {
    package var code: Int
    package var message: String
    package var isPermanent: Bool { (500..<600).contains(code) }
    package var description: String { code == 0 ? "SMTP : \(message)" : "SMTP \(code) : \(message)" }
}

/// Delivers each message over one SMTP conversation: EHLO, STARTTLS (or TLS from the start),
/// AUTH PLAIN or LOGIN when a user name is set, then the envelope and the message.
package struct SMTPMailTransport: MailTransport {
    package let settings: SMTPSettings
    package let eventLoopGroup: any EventLoopGroup
    package let logger: Logger
    /// The whole conversation must end within this delay, so that a silent server cannot hold
    /// the delivery job.
    package var timeout: Duration = .seconds(60)

    package func send(_ mail: OutgoingMail) async throws {
        let message = try MIMEMessage(mail: mail, sender: settings.sender).rendered()
        let tls = try settings.security == .none ? nil : makeTLSContext()
        let host = settings.host
        let implicitTLS = settings.security == .tls ? tls : nil
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.seconds(15))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: Self.sniName(host)))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let watchdog = Task { [timeout] in
            try await Task.sleep(for: timeout)
            channel.channel.close(promise: nil)
        }
        defer { watchdog.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var conversation = Conversation(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await conversation.expect(220, after: nil)
            var hello = try await conversation.expect(250, after: "EHLO \(settings.heloName)")
            if settings.security == .starttls {
                guard hello.extensions.contains(where: { $0.hasPrefix("STARTTLS") }) else {
                    throw SMTPFailure(code: 0, message: "le serveur \(host) ne propose pas STARTTLS ; rien n’est envoyé en clair (SMTP_SECURITY=none pour un relais local).")
                }
                try await conversation.expect(220, after: "STARTTLS")
                let context = tls!
                try await channel.channel.eventLoop.submit {
                    try channel.channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: Self.sniName(host)), position: .first)
                }.get()
                hello = try await conversation.expect(250, after: "EHLO \(settings.heloName)")
            }
            if let username = settings.username {
                try await authenticate(&conversation, username: username, password: settings.password ?? "", hello: hello)
            }
            try await conversation.expect(250, after: "MAIL FROM:<\(settings.sender)>")
            try await conversation.expect([250, 251], after: "RCPT TO:<\(mail.recipient)>")
            try await conversation.expect(354, after: "DATA")
            try await conversation.expect(250, after: MIMEMessage.dotStuffed(message) + ".")
            _ = try? await conversation.expect(221, after: "QUIT")
        }
        // The recipient's domain tells a delivery problem apart; the address would be personal data.
        logger.info("E-mail sent over SMTP", metadata: ["to_domain": "\(mail.recipient.split(separator: "@").last ?? "")", "relay": "\(settings.host):\(settings.port)"])
    }

    private func authenticate(_ conversation: inout Conversation, username: String, password: String, hello: SMTPReply) async throws {
        let methods = hello.extensions.first { $0.hasPrefix("AUTH") }.map { $0.split(separator: " ").dropFirst().map(String.init) } ?? []
        if methods.contains("PLAIN") || methods.isEmpty {
            let credentials = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            try await conversation.expect(235, after: "AUTH PLAIN \(credentials)", shown: "AUTH PLAIN ***")
        } else if methods.contains("LOGIN") {
            try await conversation.expect(334, after: "AUTH LOGIN")
            try await conversation.expect(334, after: Data(username.utf8).base64EncodedString(), shown: "(identifiant)")
            try await conversation.expect(235, after: Data(password.utf8).base64EncodedString(), shown: "(mot de passe)")
        } else {
            throw SMTPFailure(code: 0, message: "le serveur n’accepte ni AUTH PLAIN ni AUTH LOGIN (il propose : \(methods.joined(separator: ", "))).")
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let authorities = settings.certificateAuthorities {
            configuration.additionalTrustRoots = [.file(authorities)]
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Server Name Indication takes a host name, never an address.
    private static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    /// One command, one reply, in turn.
    private struct Conversation {
        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var reader = SMTPReply.Reader()

        @discardableResult
        mutating func expect(_ code: Int, after command: String?, shown: String? = nil) async throws -> SMTPReply {
            try await expect([code], after: command, shown: shown)
        }

        @discardableResult
        mutating func expect(_ codes: [Int], after command: String?, shown: String? = nil) async throws -> SMTPReply {
            if let command {
                try await outbound.write(ByteBuffer(string: command + "\r\n"))
            }
            let reply = try await nextReply()
            guard codes.contains(reply.code) else {
                let said = shown ?? command.map { String($0.prefix(40)) } ?? "(connexion)"
                throw SMTPFailure(code: reply.code, message: "« \(said) » refusé : \(reply.lines.joined(separator: " "))")
            }
            return reply
        }

        private mutating func nextReply() async throws -> SMTPReply {
            while true {
                if let reply = try reader.next() { return reply }
                guard let bytes = try await inbound.next() else {
                    throw SMTPFailure(code: 0, message: "le serveur a fermé la connexion (ou n’a pas répondu à temps).")
                }
                reader.append(String(buffer: bytes))
            }
        }
    }
}
