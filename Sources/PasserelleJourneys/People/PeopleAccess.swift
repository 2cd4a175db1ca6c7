import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The one door to a person's record: the policy first, then the audit log. Someone who may not
/// see a person gets the same 404 as for a person who does not exist, and the attempt is logged.
package enum PeopleAccess {
    package static let notFound = "Aucune personne accompagnée par votre structure n’a cet identifiant."

    /// Who asks, from where: pages and API read the same way.
    package struct Reader: Sendable {
        package var user: SignedInUser
        package var actor: Policy.Actor
        package var channel: String
        package var address: String?

        package init(user: SignedInUser, actor: Policy.Actor, channel: String, address: String?) {
            self.user = user
            self.actor = actor
            self.channel = channel
            self.address = address
        }
    }

    /// The person `id` for `reader`; `logRead` records the reading (pages that show the record, API
    /// reads), the forms that write it record their writing instead.
    package static func person(_ id: UUID?, for reader: Reader, logRead: Bool, on database: any Database) async throws -> PeopleStore.Person {
        guard let id, let person = try await PeopleStore.person(id, on: database) else { throw Abort(.notFound, reason: notFound) }
        let object = "personne:\(id.uuidString.lowercased())"
        guard Policy.mayAccompany(structure: person.structureID, actor: reader.actor) == .allowed else {
            try await Audit.record(.personRefused, actorID: reader.user.id, actor: reader.user.email, object: object, detail: reader.channel, address: reader.address, on: database)
            throw Abort(.notFound, reason: notFound)
        }
        if logRead {
            try await Audit.record(.personRead, actorID: reader.user.id, actor: reader.user.email, object: object, detail: reader.channel, address: reader.address, on: database)
        }
        return person
    }

    /// The person `id` for a reader who may only read it: their own structure's, or one shared
    /// with a structure they accompany (the share comes back, nil for their own). Every reading
    /// is logged, with the share it went through; anyone else gets the same 404 as `person`.
    package static func readable(_ id: UUID?, for reader: Reader, on database: any Database) async throws -> (person: PeopleStore.Person, share: PersonShareStore.Share?) {
        guard let id, let person = try await PeopleStore.person(id, on: database) else { throw Abort(.notFound, reason: notFound) }
        if Policy.mayAccompany(structure: person.structureID, actor: reader.actor) == .allowed {
            return (try await Self.person(id, for: reader, logRead: true, on: database), nil)
        }
        let object = "personne:\(id.uuidString.lowercased())"
        guard let share = try await PersonShareStore.activeShare(of: id, to: Policy.accompaniedStructures(of: reader.actor), on: database) else {
            try await Audit.record(.personRefused, actorID: reader.user.id, actor: reader.user.email, object: object, detail: reader.channel, address: reader.address, on: database)
            throw Abort(.notFound, reason: notFound)
        }
        try await Audit.record(.personRead, actorID: reader.user.id, actor: reader.user.email, object: object,
                               detail: "\(reader.channel), partage \(share.id.uuidString.lowercased())", address: reader.address, on: database)
        return (person, share)
    }

    /// The structure whose people the reader lists: the one asked if they accompany it, or their
    /// first; nil when they accompany none.
    package static func structure(asked: UUID?, for actor: Policy.Actor) -> UUID? {
        let mine = Policy.accompaniedStructures(of: actor)
        if let asked { return mine.contains(asked) ? asked : nil }
        return mine.first
    }
}

extension Request {
    /// The reader of a people page; a visitor is sent to log in by the caller.
    package func peopleReader() async throws -> PeopleAccess.Reader? {
        guard let user = signedInUser else { return nil }
        return PeopleAccess.Reader(user: user, actor: try await actor(), channel: "page", address: clientAddress)
    }
}
