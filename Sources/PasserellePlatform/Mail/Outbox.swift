import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// One e-mail, in French, as plain text and HTML.
package struct OutgoingMail: Sendable, Equatable {
    package var recipient: String
    package var subject: String
    package var text: String
    package var html: String

    /// A message made of paragraphs and, when given, one link to follow: the two bodies say the
    /// same thing, and every value is escaped in the HTML one.
    package static func compose(to recipient: String, subject: String, greeting: String, paragraphs: [String], link: (label: String, url: String)? = nil) -> OutgoingMail {
        let closing = "L’équipe Passerelle"
        var text = greeting + "\n\n"
        var html = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>\(HTMLFragments.escape(subject))</title></head><body><p>\(HTMLFragments.escape(greeting))</p>"
        for paragraph in paragraphs {
            text += paragraph + "\n\n"
            html += "<p>\(HTMLFragments.escape(paragraph))</p>"
        }
        if let link {
            text += "\(link.label) : \(link.url)\n\n"
            html += "<p><a href=\"\(HTMLFragments.escape(link.url))\">\(HTMLFragments.escape(link.label))</a></p>"
        }
        text += closing + "\n\n-- \nPasserelle, la plateforme territoriale de l’inclusion dans l’emploi\n"
        html += "<p>\(HTMLFragments.escape(closing))</p><p>— Passerelle, la plateforme territoriale de l’inclusion dans l’emploi</p></body></html>"
        // A subject is often made of what users typed (a need's title): it must stay one line.
        return OutgoingMail(recipient: recipient, subject: OneLineText.flattened(subject), text: text, html: html)
    }
}

/// How mail leaves the platform.
package protocol MailTransport: Sendable {
    func send(_ mail: OutgoingMail) async throws
}

/// Development and tests: the message goes to the log (and stays readable in the outbox). In
/// production its address and text stay out of the log: they hold people's addresses and the
/// secret links of their accounts.
package struct LogMailTransport: MailTransport {
    package let logger: Logger
    package var showsMessage = true

    package func send(_ mail: OutgoingMail) async throws {
        if showsMessage {
            logger.notice("E-mail (not sent: no SMTP server configured)", metadata: ["to": "\(mail.recipient)", "subject": "\(mail.subject)", "text": "\(mail.text)"])
        } else {
            logger.warning("E-mail not sent: no SMTP server configured (the message stays in the outbox table)")
        }
    }
}

/// The outbox: messages are written in the same transaction as what caused them, then a delivery
/// job sends those that are due, retrying failures with a growing delay.
package enum Outbox {
    package struct Stored: Decodable, Sendable {
        package var id: UUID
        package var recipient: String
        package var subject: String
        package var textBody: String
        package var htmlBody: String
        package var createdAt: Date
        package var attempts: Int
        package var sentAt: Date?
        package var lastError: String?

        package static let columns = ["id", "recipient", "subject", "text_body", "html_body", "created_at", "attempts", "sent_at", "last_error"].map { SQLColumn($0) }
    }

    package static let maximumAttempts = 8

    package static func enqueue(_ mail: OutgoingMail, on database: any Database, now: Date = Date()) async throws {
        try await enqueue([mail], on: database, now: now)
    }

    /// Many messages, a hundred per statement (digests go out by the thousand).
    package static func enqueue(_ mails: [OutgoingMail], on database: any Database, now: Date = Date()) async throws {
        for chunk in mails.chunked(into: 100) {
            var insert = database.sql.insert(into: "outbox")
                .columns("id", "recipient", "subject", "text_body", "html_body", "created_at", "next_attempt_at", "attempts")
            for mail in chunk {
                insert = insert.values(SQLBind(UUID()), SQLBind(mail.recipient), SQLBind(mail.subject), SQLBind(mail.text), SQLBind(mail.html), SQLBind(now), SQLBind(now), SQLBind(0))
            }
            try await insert.run()
        }
    }

    /// Sends the messages that are due; returns how many were sent and how many failed.
    @discardableResult
    package static func deliverDue(on database: any Database, transport: any MailTransport, now: Date = Date(), limit: Int = 50) async throws -> (sent: Int, failed: Int) {
        let sql = database.sql
        let due = try await sql.select().columns(Stored.columns)
            .from("outbox").where("sent_at", .is, SQLLiteral.null).where("next_attempt_at", .lessThanOrEqual, SQLBind(now))
            .where("attempts", .lessThan, SQLBind(maximumAttempts))
            .orderBy("created_at").limit(limit).all(decoding: Stored.self, table: "outbox", keys: .snakeCaseColumns)
        var sent = 0, failed = 0
        for message in due {
            // Claim the message, so that another instance running this job does not send it too.
            // The claim outlasts a send (the SMTP conversation gives up after 60 s): a message
            // claimed by an instance that died is sent by another once the claim is over.
            // Counted from the claim itself, not from the batch's start: a slow relay must not
            // leave the later messages of a batch claimed for a moment already past.
            let claimUntil = max(now, Date()).addingTimeInterval(Self.claimSeconds)
            let claimed = try await sql.update("outbox").set("next_attempt_at", to: SQLBind(claimUntil))
                .where("id", .equal, SQLBind(message.id)).where("sent_at", .is, SQLLiteral.null)
                .where("next_attempt_at", .lessThanOrEqual, SQLBind(now)).returning("id").all().count
            guard claimed == 1 else { continue }
            do {
                try await transport.send(OutgoingMail(recipient: message.recipient, subject: OneLineText.flattened(message.subject), text: message.textBody, html: message.htmlBody))
                try await sql.update("outbox").set("sent_at", to: SQLBind(Date())).set("attempts", to: SQLBind(message.attempts + 1))
                    .where("id", .equal, SQLBind(message.id)).run()
                sent += 1
            } catch {
                let retry = now.addingTimeInterval(60 * pow(2, Double(message.attempts)))
                // A refusal such as an unknown recipient will not change: no more attempts.
                let attempts = (error as? SMTPFailure)?.isPermanent == true ? maximumAttempts : message.attempts + 1
                try await sql.update("outbox").set("attempts", to: SQLBind(attempts)).set("next_attempt_at", to: SQLBind(retry))
                    .set("last_error", to: SQLBind(String(describing: error))).where("id", .equal, SQLBind(message.id)).run()
                failed += 1
            }
        }
        return (sent, failed)
    }

    package static let claimSeconds: TimeInterval = 75

    /// Removes every message to `recipient` (a deleted account), sent or not.
    package static func forget(_ recipient: String, on database: any Database) async throws {
        try await database.sql.delete(from: "outbox").where("recipient", .equal, SQLBind(recipient)).run()
    }

    /// How many messages of `subject` were queued for `recipient` since `date`.
    package static func count(to recipient: String, subject: String, since date: Date, on database: any Database) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("outbox")
            .where("recipient", .equal, SQLBind(recipient)).where("subject", .equal, SQLBind(subject)).where("created_at", .greaterThan, SQLBind(date))
            .first()?.decode(column: "count", as: Int.self) ?? 0
    }

    /// The messages addressed to `recipient`, latest first (tests, and the user's data export).
    package static func messages(to recipient: String, on database: any Database) async throws -> [Stored] {
        try await database.sql.select().columns(Stored.columns)
            .from("outbox").where("recipient", .equal, SQLBind(recipient)).orderBy("created_at", .descending).all(decoding: Stored.self, table: "outbox", keys: .snakeCaseColumns)
    }
}

extension PeriodicJob {
    /// Sends what the outbox holds, every 10 seconds.
    package static func outboxDelivery(transport: any MailTransport) -> PeriodicJob {
        PeriodicJob("Outbox delivery", every: .seconds(10)) { application in
            let (sent, failed) = try await Outbox.deliverDue(on: application.jobsDB, transport: transport)
            if sent + failed > 0 { application.logger.info("Outbox delivered", metadata: ["sent": "\(sent)", "failed": "\(failed)"]) }
        }
    }
}
