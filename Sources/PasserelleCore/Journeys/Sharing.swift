import Foundation

/// How a person's record reaches another structure: a shared journey (its members read the
/// record while the sharing lasts) or a transfer (the record moves, once the other structure
/// accepts). Either is an explicit act, recorded, and ended the same way.
public enum ShareKind: String, CaseIterable, Sendable, Codable {
    case sharedJourney = "partage"
    case transfer = "transfert"

    public var label: String {
        switch self {
        case .sharedJourney: "Parcours partagé"
        case .transfer: "Transfert du dossier"
        }
    }
}

public enum ShareState: String, CaseIterable, Sendable, Codable {
    /// A shared journey under way.
    case active = "actif"
    /// A transfer waiting for the other structure's answer.
    case proposed = "propose"
    case accepted = "accepte"
    case declined = "refuse"
    case ended = "termine"

    public var label: String {
        switch self {
        case .active: "en cours"
        case .proposed: "proposé, en attente de réponse"
        case .accepted: "accepté"
        case .declined: "refusé"
        case .ended: "terminé"
        }
    }

    /// Whether the share still gives or promises something to the other structure.
    public var isOpen: Bool { self == .active || self == .proposed }

    /// The moves of each kind's life: a shared journey ends; a transfer is accepted, declined or
    /// withdrawn (ended) while it waits.
    public static func mayMove(_ kind: ShareKind, from: ShareState, to: ShareState) -> Bool {
        switch (kind, from, to) {
        case (.sharedJourney, .active, .ended): true
        case (.transfer, .proposed, .accepted), (.transfer, .proposed, .declined), (.transfer, .proposed, .ended): true
        default: false
        }
    }
}

/// Why an open share ended.
public enum ShareEnd: String, CaseIterable, Sendable, Codable {
    case byOwner = "fin-par-la-structure"
    case byReceiver = "fin-par-le-partenaire"
    case consentWithdrawn = "accord-retire"
    case transferred = "dossier-transfere"

    public var label: String {
        switch self {
        case .byOwner: "arrêté par la structure du dossier"
        case .byReceiver: "arrêté par la structure qui le recevait"
        case .consentWithdrawn: "la personne a retiré son accord au partage"
        case .transferred: "le dossier a changé de structure"
        }
    }
}

public enum ShareRules {
    /// The share that already exists for a structure, as the rule reads it.
    public struct Open: Sendable, Equatable {
        public var kind: ShareKind
        public var to: UUID
        public var toName: String

        public init(kind: ShareKind, to: UUID, toName: String) {
            self.kind = kind
            self.to = to
            self.toName = toName
        }
    }

    /// Why `kind` to `to` may not start now, or nil.
    public static func problem(starting kind: ShareKind, from owner: UUID, to: UUID, toName: String, consentToShare: Bool, openJourney: Bool,
                               open: [Open]) -> String? {
        if to == owner { return "Le dossier est déjà celui de cette structure." }
        if !consentToShare {
            return "La personne n’a pas donné son accord au partage de son dossier : recueillez-le d’abord, dans « Accords de la personne »."
        }
        if let same = open.first(where: { $0.to == to && $0.kind == kind }) {
            return same.kind == .transfer ? "Un transfert à \(toName) attend déjà sa réponse." : "Le parcours est déjà partagé avec \(toName)."
        }
        if kind == .transfer {
            if openJourney {
                return "Le parcours est en cours : enregistrez d’abord sa sortie (vers une autre structure inclusive, par exemple) ; le dossier se transfère ensuite."
            }
            if let pending = open.first(where: { $0.kind == .transfer }) {
                return "Un transfert à \(pending.toName) attend déjà sa réponse : retirez-le avant d’en proposer un autre."
            }
        }
        return nil
    }
}
