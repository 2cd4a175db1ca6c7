/// The kinds of inclusive employer the directory lists (GLOSSARY.md).
public enum StructureKind: String, CaseIterable, Codable, Sendable, Comparable {
    case aci, ei, ai, etti, eiti, geiq, ea, eatt, esat

    /// The two families the search groups kinds into.
    public enum Family: String, CaseIterable, Sendable {
        case insertion
        case disability

        public var label: String {
            switch self {
            case .insertion: "Insertion (SIAE et GEIQ)"
            case .disability: "Handicap (EA, EATT, ESAT)"
            }
        }

        public var kinds: [StructureKind] { StructureKind.allCases.filter { $0.family == self } }
    }

    public var family: Family {
        switch self {
        case .aci, .ei, .ai, .etti, .eiti, .geiq: .insertion
        case .ea, .eatt, .esat: .disability
        }
    }

    /// Short form used in lists: "ACI", "EA".
    public var acronym: String { rawValue.uppercased() }

    public var label: String {
        switch self {
        case .aci: "Atelier et chantier d’insertion"
        case .ei: "Entreprise d’insertion"
        case .ai: "Association intermédiaire"
        case .etti: "Entreprise de travail temporaire d’insertion"
        case .eiti: "Entreprise d’insertion par le travail indépendant"
        case .geiq: "Groupement d’employeurs pour l’insertion et la qualification"
        case .ea: "Entreprise adaptée"
        case .eatt: "Entreprise adaptée de travail temporaire"
        case .esat: "Établissement et service d’accompagnement par le travail"
        }
    }

    /// Whether the kind is a SIAE (the five IAE kinds), which reserved contracts L2113-13 admit.
    public var isSIAE: Bool { [.aci, .ei, .ai, .etti, .eiti].contains(self) }

    /// The data·inclusion v1 "réseau porteur" value of the kind: the same slug in every case.
    public var dataInclusionNetwork: String { rawValue }

    /// Reads a kind typed by a person or a file ("ACI", "aci", " Ei ").
    public init?(code: String) {
        self.init(rawValue: code.trimmingCharacters(in: .whitespaces).lowercased())
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

/// The three ways an inclusive structure sells its work (Le marché de l'inclusion's "types de
/// prestation").
public enum ServiceType: String, CaseIterable, Codable, Sendable {
    case staffing = "mise-a-disposition"
    case services = "prestation-de-services"
    case goods = "fabrication-et-vente"

    public var label: String {
        switch self {
        case .staffing: "Mise à disposition de personnel"
        case .services: "Prestation de services"
        case .goods: "Fabrication et vente de biens"
        }
    }
}

import Foundation
