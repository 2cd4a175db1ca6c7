import Crypto
import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import Vapor

/// The writes of immersion agreements after they are written: sending them for signature (a
/// link per party, mailed), each signature, validation, refusal, cancellation and the assessment
/// recorded in the person's journey. The lifecycle decides (`ImmersionLifecycle`); each write
/// with its messages and audit entry is one transaction.
package enum ImmersionFlows {
    /// A party's link signs one version of the terms: after a change, the earlier links no
    /// longer sign.
    package static func links(_ party: ImmersionParty, version: Int) -> MailedLink {
        MailedLink(purpose: "immersion-\(party.rawValue)-v\(version)", keyName: "immersions.link-key")
    }

    /// The moment a party's link stops: the end of the immersion's last day (in Paris, a day later in UTC).
    package static func linkExpiry(_ agreement: ImmersionRecord) -> Date {
        (ISO8601DateFormatter().date(from: agreement.endsOn + "T00:00:00Z") ?? Date()).addingTimeInterval(2 * 86_400)
    }

    package struct Actor: Sendable {
        package var userID: UUID?
        package var label: String
        package var address: String?

        package init(userID: UUID?, label: String, address: String?) {
            self.userID = userID
            self.label = label
            self.address = address
        }
    }

    package static let notFound = "Cette convention d’immersion n’existe pas, ou n’est visible que par l’équipe qui l’a écrite."

    /// An agreement for a member of the team that wrote it; the read is audited.
    package static func read(_ id: UUID?, by user: SignedInUser, actor: Policy.Actor, channel: String, address: String?,
                             on database: any Database) async throws -> ImmersionRecord {
        guard let id, let agreement = try await ImmersionStore.agreement(id, on: database),
              ImmersionPolicy.follows(agreement.prescriberOrganisationID, actor: actor) else { throw Abort(.notFound, reason: notFound) }
        try await Audit.record(.immersionRead, actorID: user.id, actor: user.email, object: "immersion:\(id.uuidString.lowercased())", detail: channel,
                               address: address, on: database)
        return agreement
    }

    /// The mails with each party's signature link, for the agreement's current version.
    static func signatureMails(_ agreement: ImmersionRecord, prescriber: String, publicURL: String, on database: any Database) async throws -> [OutgoingMail] {
        var mails: [OutgoingMail] = []
        for party in [ImmersionParty.beneficiary, .host] {
            guard let address = agreement.address(of: party) else { continue }
            let link = links(party, version: agreement.version)
            let key = try await link.key(on: database)
            let url = publicURL + link.link(JobsPaths.signImmersion, for: agreement.id, expires: linkExpiry(agreement), recipient: address, key: key)
                + "&p=\(party.rawValue)&v=\(agreement.version)"
            let greeting = party == .beneficiary ? "Bonjour \(agreement.firstName)," : "Bonjour \(agreement.hostContact),"
            let about = party == .beneficiary
                ? "\(prescriber) vous propose une immersion chez \(agreement.hostName), du \(DateText.frenchDay(iso: agreement.startsOn)) au \(DateText.frenchDay(iso: agreement.endsOn))."
                : "\(prescriber) propose à \(agreement.hostName) d’accueillir une personne en immersion, du "
                    + "\(DateText.frenchDay(iso: agreement.startsOn)) au \(DateText.frenchDay(iso: agreement.endsOn))."
            mails.append(OutgoingMail.compose(
                to: address, subject: "Convention d’immersion à signer", greeting: greeting,
                paragraphs: [about, "Lisez la convention et signez-la en ligne depuis le lien ci-dessous : il vous est personnel et ne sert qu’une fois. Aucun compte n’est nécessaire.",
                             "Si la convention change avant d’être validée, vous recevrez un nouveau lien ; celui-ci ne signera plus."],
                link: ("Lire et signer la convention", url)))
        }
        return mails
    }

    /// Applies `change` (not a signature nor an edit) to the agreement, with its messages.
    package static func change(_ id: UUID, _ change: ImmersionLifecycle.Change, by actor: Actor, publicURL: String, on database: any Database,
                               now: Date = Date()) async throws -> Result<ImmersionState, JobsRefusal> {
        guard let agreement = try await ImmersionStore.agreement(id, on: database) else { throw Abort(.notFound, reason: notFound) }
        let next: ImmersionLifecycle.Agreement
        switch ImmersionLifecycle.apply(change, to: agreement.lifecycle, today: DateText.parisDay(now)) {
        case .failure(let refusal): return .failure(JobsRefusal(message: refusal.message))
        case .success(let agreed): next = agreed
        }
        let reason: String? = switch change {
        case .refuse(let text), .cancel(let text): String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1_000))
        default: nil
        }
        let prescriber = try await OrganisationQueries.name(of: agreement.prescriberOrganisationID, on: database) ?? "La structure d’accompagnement"
        var mails: [OutgoingMail] = []
        if change == .send {
            mails = try await signatureMails(agreement, prescriber: prescriber, publicURL: publicURL, on: database)
        } else if next.state == .validated || next.state == .cancelled || next.state == .refused {
            let what = next.state == .validated ? "est validée : l’immersion peut commencer le \(DateText.frenchDay(iso: agreement.startsOn))"
                : "est \(next.state.label.lowercased()) par \(prescriber)" + (reason.map { " (motif : \($0))" } ?? "")
            for party in [ImmersionParty.beneficiary, .host] where agreement.address(of: party) != nil {
                mails.append(OutgoingMail.compose(
                    to: agreement.address(of: party)!, subject: "Convention d’immersion : \(next.state.label.lowercased())", greeting: "Bonjour,",
                    paragraphs: ["La convention d’immersion chez \(agreement.hostName), du \(DateText.frenchDay(iso: agreement.startsOn)) au \(DateText.frenchDay(iso: agreement.endsOn)), \(what)."]))
            }
        }
        let messages = mails
        let moved = try await database.retryingTransaction { transaction -> Bool in
            guard try await ImmersionStore.move(id, from: agreement.state, to: next.state, version: agreement.version, reason: reason, at: now, on: transaction) else { return false }
            try await Audit.record(.immersionState, actorID: actor.userID, actor: actor.label, object: "immersion:\(id.uuidString.lowercased())",
                                   detail: next.state.label + (reason.map { " — \($0)" } ?? ""), address: actor.address, on: transaction, at: now)
            for mail in messages { try await Outbox.enqueue(mail, on: transaction, now: now) }
            return true
        }
        return moved ? .success(next.state) : .failure(JobsRefusal(message: "La convention vient de changer : rechargez la page. Rien n’a été enregistré."))
    }

    /// Records `party`'s signature on `version`; when the three have signed, the agreement waits
    /// for its validation and the team is told.
    package static func sign(_ id: UUID, party: ImmersionParty, version: Int, by actor: Actor, on database: any Database,
                             now: Date = Date()) async throws -> Result<ImmersionState, JobsRefusal> {
        guard let agreement = try await ImmersionStore.agreement(id, on: database) else { throw Abort(.notFound, reason: notFound) }
        guard agreement.version == version else {
            return .failure(JobsRefusal(message: "La convention a changé depuis l’envoi de ce lien : il ne signe plus. Un nouveau lien a été envoyé avec la nouvelle version."))
        }
        if case .failure(let refusal) = ImmersionLifecycle.apply(.sign(party), to: agreement.lifecycle, today: DateText.parisDay(now)) {
            return .failure(JobsRefusal(message: refusal.message))
        }
        let object = "immersion:\(id.uuidString.lowercased())"
        let signed = try await database.retryingTransaction { transaction -> ImmersionState? in
            guard try await ImmersionStore.sign(id, party: party, version: version, by: party == .prescriber ? actor.label : nil, at: now, on: transaction) else { return nil }
            try await Audit.record(.immersionSigned, actorID: actor.userID, actor: actor.label, object: object, detail: "pour \(party.label)", address: actor.address,
                                   on: transaction, at: now)
            // The row says whether this was the last signature, whoever signed just before.
            guard try await ImmersionStore.completeSignatures(id, version: version, at: now, on: transaction) else { return .toSign }
            if let author = EmailAddress(agreement.createdBy) {
                try await Outbox.enqueue(OutgoingMail.compose(
                    to: author.value, subject: "Convention d’immersion signée : à valider", greeting: "Bonjour,",
                    paragraphs: ["La convention d’immersion de \(agreement.fullName) chez \(agreement.hostName) est signée par les trois parties. Validez-la pour que l’immersion commence."]),
                                         on: transaction, now: now)
            }
            return .signed
        }
        guard let signed else { return .failure(JobsRefusal(message: ImmersionLifecycle.Refusal.alreadySigned(party).message)) }
        return .success(signed)
    }

    /// The assessment: the agreement is closed, and the person's journey (when the team follows
    /// them) records what the immersion gave.
    package static func assess(_ id: UUID, _ assessment: ImmersionAssessment, by user: SignedInUser, address: String?, on database: any Database,
                               now: Date = Date()) async throws -> Result<Void, JobsRefusal> {
        guard let agreement = try await ImmersionStore.agreement(id, on: database) else { throw Abort(.notFound, reason: notFound) }
        if case .failure(let refusal) = ImmersionLifecycle.apply(.assess, to: agreement.lifecycle, today: DateText.parisDay(now)) {
            return .failure(JobsRefusal(message: refusal.message))
        }
        let problems = assessment.problems()
        if !problems.isEmpty { return .failure(JobsRefusal(message: problems.map(\.message).joined(separator: " "))) }
        var open: UUID?
        if let person = agreement.personID { open = try await JourneyStore.journeys(of: person, on: database).first { $0.state == .open }?.id }
        let journey = open
        let summary = "Immersion chez \(agreement.hostName) du \(DateText.frenchDay(iso: agreement.startsOn)) au \(DateText.frenchDay(iso: agreement.endsOn)) : "
            + assessment.attendance.label.lowercased()
            + (assessment.skillsObserved.isEmpty ? "" : " ; compétences observées : " + assessment.skillsObserved.joined(separator: ", "))
            + (assessment.endedInHiring ? " ; embauche à l’issue (\(assessment.hiringContract ?? "contrat"))." : " ; sans embauche à l’issue.")
        let done = try await database.retryingTransaction { transaction -> Bool in
            guard try await ImmersionStore.assess(id, assessment, at: now, on: transaction) else { return false }
            if let person = agreement.personID {
                try await PeopleStore.event(person: person, journey: journey, kind: "immersion", summary: summary, actor: user.name, at: now, on: transaction)
            }
            try await Audit.record(.immersionAssessed, actorID: user.id, actor: user.email, object: "immersion:\(id.uuidString.lowercased())",
                                   detail: assessment.endedInHiring ? "embauche" : "sans embauche", address: address, on: transaction, at: now)
            return true
        }
        return done ? .success(()) : .failure(JobsRefusal(message: "La convention vient de changer : rechargez la page. Rien n’a été enregistré."))
    }
}

