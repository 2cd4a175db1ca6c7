import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Mail: MIME rendering and SMTP replies")
struct MIMEMessageTests {
    let mail = OutgoingMail.compose(to: "camille@exemple.fr", subject: "Confirmez votre adresse e-mail sur Passerelle — dernière étape",
                                    greeting: "Bonjour Camille,", paragraphs: [".Une ligne qui commence par un point.", "Élan, façade, œuvre."],
                                    link: (label: "Confirmer", url: "https://passerelle.test/verifier?jeton=abc"))

    @Test func messageIsMultipartWithBase64BodiesAndAnEncodedSubject() throws {
        let message = try MIMEMessage(mail: mail, sender: "ne-pas-repondre@passerelle.test", date: Date(timeIntervalSince1970: 0)).rendered()
        #expect(message.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(message.contains("To: <camille@exemple.fr>\r\n"))
        #expect(message.contains("Subject: =?UTF-8?B?"))
        #expect(message.contains("Content-Type: multipart/alternative;\r\n boundary=\"=_passerelle_"))
        #expect(message.components(separatedBy: "Content-Transfer-Encoding: base64").count == 3)
        #expect(message.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 78 })
        // The encoded words read back as the subject.
        let subjectLines = message.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        let decoded = subjectLines.map { line -> String in
            let word = line.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces)
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
        #expect(decoded == mail.subject)
        // Every body part decodes back to the message's text.
        let parts = message.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().map { part in
            String(decoding: Data(base64Encoded: part.components(separatedBy: "\r\n--").first!.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
        }
        #expect(parts == [mail.text, mail.html])
    }

    @Test func plainSubjectsStayReadableAndLineBreaksInHeadersAreRefused() throws {
        #expect(MIMEMessage.encodedWord("Bienvenue") == "Bienvenue")
        var injected = mail
        injected.recipient = "a@exemple.fr\r\nBcc: b@exemple.fr"
        #expect(throws: MIMEMessage.UnsafeHeader.self) { try MIMEMessage(mail: injected, sender: "x@passerelle.test").rendered() }
        #expect(MIMEMessage.dotStuffed("a\r\n.b\r\n..c") == "a\r\n..b\r\n...c")
    }

    @Test func repliesAreReadWhateverTheWayTheyArrive() throws {
        var reader = SMTPReply.Reader()
        reader.append("250-relais.exemple.fr\r\n250-STAR")
        #expect(try reader.next() == nil)
        reader.append("TTLS\r\n250 AUTH PLAIN LOGIN\r\n354 Go")
        let hello = try #require(try reader.next())
        #expect(hello.code == 250 && hello.extensions == ["STARTTLS", "AUTH PLAIN LOGIN"])
        #expect(try reader.next() == nil)
        reader.append(" ahead\r\n")
        #expect(try reader.next() == SMTPReply(code: 354, lines: ["Go ahead"]))
        reader.append("bonjour\r\n")
        #expect(throws: SMTPFailure.self) { try reader.next() }
    }

    @Test func smtpSettingsAreCheckedWithTheRestOfTheConfiguration() throws {
        #expect(try AppConfig.load(from: [:]).smtp == nil)
        let relay = try #require(try AppConfig.load(from: ["SMTP_HOST": "smtp.exemple.fr", "SMTP_USERNAME": "plateforme", "SMTP_PASSWORD": "secret", "PUBLIC_URL": "https://passerelle.exemple.fr"]).smtp)
        #expect(relay.port == 587 && relay.security == .starttls && relay.sender == "ne-pas-repondre@passerelle.exemple.fr" && relay.heloName == "passerelle.exemple.fr")
        #expect(try AppConfig.load(from: ["SMTP_HOST": "smtp.exemple.fr", "SMTP_SECURITY": "tls"]).smtp?.port == 465)
        do {
            _ = try AppConfig.load(from: ["SMTP_HOST": "smtp.exemple.fr", "SMTP_SECURITY": "ssl", "SMTP_PORT": "99999", "SMTP_USERNAME": "u", "SMTP_CA_FILE": "/nulle/part.pem", "MAIL_FROM": "Passerelle <x@y>"])
            Issue.record("invalid SMTP settings were accepted")
        } catch let error as AppConfig.Invalid {
            #expect(error.problems.count == 5)
        }
        do {
            _ = try AppConfig.load(from: ["SMTP_HOST": "smtp.exemple.fr", "SMTP_SECURITY": "none", "SMTP_USERNAME": "u", "SMTP_PASSWORD": "p"])
            Issue.record("a password in clear text was accepted")
        } catch let error as AppConfig.Invalid {
            #expect(error.problems == ["SMTP_USERNAME avec SMTP_SECURITY=none enverrait le mot de passe en clair : choisir starttls ou tls."])
        }
    }
}

/// A scripted SMTP server on loopback: it answers each command from a table and keeps what it
/// was told. (The CI also talks to a real server, aiosmtpd with STARTTLS and AUTH.)
private final class ScriptedSMTPServer: Sendable {
    struct Script: Sendable {
        var extensions = ["AUTH PLAIN"]
        var recipientReply = "250 OK"
        var authReply = "235 Authentication successful"
    }

    let port: Int
    let transcript = Transcript()
    private let channel: any Channel

    actor Transcript {
        var commands: [String] = []
        var data = ""
        func add(_ command: String) { commands.append(command) }
        func setData(_ text: String) { data = text }
    }

    init(_ script: Script) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        port = server.channel.localAddress!.port!
        channel = server.channel
        let transcript = transcript
        Task {
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    try? await Self.converse(connection, script: script, transcript: transcript)
                }
            }
        }
    }

    func stop() async { try? await channel.close() }

    private static func converse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, script: Script, transcript: Transcript) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            try await say("220 faux.relais ESMTP")
            var pending = "", inData = false, data: [String] = []
            for try await bytes in inbound {
                pending += String(buffer: bytes)
                while let end = pending.range(of: "\r\n") {
                    let line = String(pending[..<end.lowerBound])
                    pending.removeSubrange(..<end.upperBound)
                    if inData {
                        if line == "." {
                            inData = false
                            await transcript.setData(data.joined(separator: "\r\n"))
                            try await say("250 Queued")
                        } else {
                            data.append(line)
                        }
                        continue
                    }
                    await transcript.add(line)
                    switch line.prefix(4).uppercased() {
                    case "EHLO":
                        let lines = ["faux.relais"] + script.extensions
                        for (index, text) in lines.enumerated() { try await say("250\(index == lines.count - 1 ? " " : "-")\(text)") }
                    case "AUTH": try await say(script.authReply)
                    case "MAIL": try await say("250 OK")
                    case "RCPT": try await say(script.recipientReply)
                    case "DATA": inData = true; try await say("354 End data with <CR><LF>.<CR><LF>")
                    case "QUIT": try await say("221 Bye"); return
                    default: try await say("502 Command not implemented")
                    }
                }
            }
        }
    }
}

@Suite("Mail: SMTP conversation")
struct SMTPConversationTests {
    let mail = OutgoingMail.compose(to: "camille@exemple.fr", subject: "Essai", greeting: "Bonjour,", paragraphs: ["Un paragraphe."])

    func transport(port: Int, security: SMTPSettings.Security = .none, username: String? = nil) -> SMTPMailTransport {
        SMTPMailTransport(
            settings: SMTPSettings(host: "127.0.0.1", port: port, security: security, username: username, password: username == nil ? nil : "secret",
                                   sender: "ne-pas-repondre@passerelle.test", certificateAuthorities: nil, heloName: "passerelle.test"),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"), timeout: .seconds(10))
    }

    @Test func aMessageIsHandedOverWithItsEnvelopeAndCredentials() async throws {
        let server = try await ScriptedSMTPServer(.init())
        try await transport(port: server.port, username: "plateforme").send(mail)
        await server.stop()
        let commands = await server.transcript.commands
        #expect(commands == ["EHLO passerelle.test", "AUTH PLAIN " + Data("\u{0}plateforme\u{0}secret".utf8).base64EncodedString(),
                             "MAIL FROM:<ne-pas-repondre@passerelle.test>", "RCPT TO:<camille@exemple.fr>", "DATA", "QUIT"])
        let data = await server.transcript.data
        #expect(data.contains("To: <camille@exemple.fr>") && data.contains("Subject: Essai"))
    }

    @Test func refusalsAreReportedAndPermanentOnesStopTheRetries() async throws {
        let server = try await ScriptedSMTPServer(.init(recipientReply: "550 5.1.1 Mailbox unknown"))
        await #expect(throws: SMTPFailure.self) { try await transport(port: server.port).send(mail) }
        try await withPasserelle(.reference) { app in
            try await Outbox.enqueue(mail, on: app.db)
            let result = try await Outbox.deliverDue(on: app.db, transport: transport(port: server.port))
            #expect(result.failed == 1)
            let stored = try #require(try await Outbox.messages(to: "camille@exemple.fr", on: app.db).first)
            #expect(stored.attempts == Outbox.maximumAttempts && stored.lastError?.contains("550") == true)
        }
        await server.stop()
    }

    @Test func nothingIsSaidInClearWhenStartTLSIsMissingOrCredentialsAreRefused() async throws {
        let plain = try await ScriptedSMTPServer(.init(extensions: ["AUTH PLAIN"]))
        await #expect(throws: SMTPFailure.self) { try await transport(port: plain.port, security: .starttls, username: "plateforme").send(mail) }
        await plain.stop()
        #expect(await plain.transcript.commands == ["EHLO passerelle.test"])

        let strict = try await ScriptedSMTPServer(.init(authReply: "535 5.7.8 Authentication credentials invalid"))
        do {
            try await transport(port: strict.port, username: "plateforme").send(mail)
            Issue.record("refused credentials went unnoticed")
        } catch let failure as SMTPFailure {
            #expect(failure.code == 535 && failure.isPermanent && !failure.description.contains("secret"))
        }
        await strict.stop()
        #expect(await !strict.transcript.commands.contains { $0.hasPrefix("MAIL") })
    }
}
