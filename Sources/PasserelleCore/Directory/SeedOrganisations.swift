import Foundation

/// The inclusive employers that spoke at the Hauts-de-France regional meeting of 4 May 2023,
/// with what the proceedings say of them (kind, trades, figures, places). The directory holds them
/// from the first start, as part of the meeting's content. Only the proceedings' facts: a commune
/// only where they give the town, no person named, no contact detail.
public enum SeedOrganisations {
    /// Marks the records in the directory, so that they are found again rather than duplicated.
    public static let source = "rencontre-2023"

    struct Entry {
        var name: String
        var kind: StructureKind
        /// The town, when the proceedings give it.
        var commune: String?
        var description: String
        var activities: [(sector: String, types: [ServiceType], reach: Reach, words: String)]
        var networks: [String] = []
        var labels: [String] = []
        var insertionStaff: Int?
        var permanentStaff: Int?
        var inQPV = false
    }

    static let entries: [Entry] = [
        Entry(
            name: "Les Astelles — atelier et chantier d’insertion", kind: .aci, commune: "80021",
            description: "Structure d’insertion installée depuis près de 30 ans dans un quartier prioritaire d’Amiens, avec un second site à Montdidier. Propreté, espaces verts, tri des déchets et réemploi ; une ressourcerie dont la clientèle vient surtout des quartiers prioritaires.",
            activities: [
                ("creation-et-entretien-des-espaces-verts", [.services], .perimeters([.departement("80")]), "Espaces verts"),
                ("recyclage-delements-dameublement-dae-et-petits-objets", [.goods, .services], .radius(km: 40), "Ressourcerie : tri, réemploi et vente"),
            ],
            insertionStaff: 120, inQPV: true
        ),
        Entry(
            name: "Les Astelles — entreprise d’insertion", kind: .ei, commune: "80021",
            description: "Entreprise d’insertion du groupe Les Astelles (150 ETP sur les deux structures) : propreté pour les bailleurs sociaux et les syndics de copropriété, remplacement de gardiens, remise en état de logements, services aux entreprises engagées dans une démarche RSE.",
            activities: [
                ("nettoyage-de-locaux-16", [.services], .perimeters([.departement("80")]), "Propreté d’immeubles et de parties communes"),
                ("tous-travaux-et-petits-bricolages-42", [.services], .radius(km: 30), "Remise en état de logements"),
            ],
            inQPV: true
        ),
        Entry(
            name: "Cadiflor", kind: .ea, commune: nil,
            description: "Entreprise adaptée du paysage : création d’espaces verts, remise en état et travaux ponctuels, location, vente et entretien de plantes, fleurissement d’événements. Sa démarche RSE est évaluée par l’AFNOR au regard de la norme ISO 26000 et elle partage des fiches de bonnes pratiques environnementales.",
            activities: [
                ("creation-et-entretien-des-espaces-verts", [.services], .perimeters([.region("32")]), "Création et entretien d’espaces verts"),
                ("location-et-entretien-de-plantes", [.services, .goods], .perimeters([.region("32")]), "Location, vente et entretien de plantes"),
                ("organisation-devenements", [.services], .perimeters([.region("32")]), "Fleurissement d’événements"),
            ],
            networks: ["UNEA"], labels: ["Démarche RSE évaluée AFNOR (ISO 26000)"]
        ),
        Entry(
            name: "API Truck’s", kind: .ea, commune: nil,
            description: "Entreprise adaptée soutenue par le programme Inclusion & Ruralité de la MSA : un bus itinérant qui va de commune rurale en commune rurale pour créer du lien social et favoriser l’inclusion numérique.",
            activities: [("conseils-formation", [.services], .perimeters([.region("32")]), "Médiation et inclusion numérique itinérantes")]
        ),
        Entry(
            name: "ENOUMA", kind: .aci, commune: nil,
            description: "Atelier et chantier d’insertion d’Île-de-France qui prépare au diplôme d’État d’aide-soignant, avec une remise à niveau en français : 9 diplômées sur 10 dans la première promotion, 100 % d’entrée en IFAS.",
            activities: [("soins-et-accompagnement", [.services], .perimeters([.region("11")]), "Formation et accompagnement vers le métier d’aide-soignant")]
        ),
        Entry(
            name: "Fibr’&Co", kind: .aci, commune: nil,
            description: "Atelier d’insertion qui transforme du bois de palettes hors norme en mobilier : collecte, fabrication et vente, complétées par de la location et des ateliers grand public.",
            activities: [
                ("equipements-et-mobiliers", [.goods], .perimeters([.region("32")]), "Mobilier en bois de palette"),
                ("location-de-mobiliers-61", [.services], .perimeters([.region("32")]), "Location de mobilier"),
            ]
        ),
        Entry(
            name: "AlterEos", kind: .ea, commune: nil,
            description: "Entreprise adaptée de prestations tertiaires et industrielles, qui étudie la création d’un atelier de réemploi de matériel informatique.",
            activities: [
                ("accueil-hotline", [.services], .perimeters([.region("32")]), "Prestations tertiaires"),
                ("sous-traitance-industrielle-generale-53", [.services], .perimeters([.region("32")]), "Prestations industrielles"),
            ],
            networks: ["UNEA"]
        ),
        Entry(
            name: "Ease", kind: .ea, commune: nil,
            description: "Entreprise adaptée de l’Aisne : entretien d’espaces verts et rénovation intérieure et extérieure des bâtiments (second œuvre). Elle forme ses salariés par l’AFEST sur des chantiers écoles.",
            activities: [
                ("creation-et-entretien-des-espaces-verts", [.services], .perimeters([.departement("02")]), "Entretien d’espaces verts"),
                ("peinture-revetement-des-murs", [.services], .perimeters([.departement("02")]), "Rénovation, second œuvre"),
            ],
            networks: ["UNEA"]
        ),
        Entry(
            name: "AFEJI — ateliers et chantiers d’insertion", kind: .aci, commune: nil,
            description: "Les chantiers d’insertion de l’AFEJI, association de 80 établissements médico-sociaux. Le projet Colibri forme des salariés en insertion aux métiers du quotidien d’une maison d’accueil spécialisée : 85 % de sorties positives la première année.",
            activities: [
                ("nettoyage-de-locaux-16", [.services], .perimeters([.departement("59")]), "Entretien de locaux"),
                ("soins-et-accompagnement", [.services], .perimeters([.departement("59")]), "Appui aux équipes d’établissements médico-sociaux"),
            ]
        ),
        Entry(
            name: "Compéthance", kind: .ea, commune: nil,
            description: "Entreprise adaptée de programmation informatique : 72 salariés dont 60 travailleurs en situation de handicap. Elle place des salariés chez ses clients et les suit dans la durée, jusqu’à deux ans, pour en faire un tremplin vers l’entreprise ordinaire.",
            activities: [
                ("conception-de-logiciels", [.services, .staffing], .national, "Développement et tests de logiciels"),
                ("tests-de-logiciels", [.services], .national, "Tests et accessibilité numérique"),
            ],
            networks: ["UNEA"], insertionStaff: 60, permanentStaff: 72
        ),
        Entry(
            name: "Devenir en Vermandois", kind: .aci, commune: nil,
            description: "Atelier et chantier d’insertion du Vermandois, bâtiment et espaces verts, engagé dans le dispositif SEVE Emploi pour développer les passerelles vers les entreprises du territoire.",
            activities: [
                ("travaux-de-chantiers-74", [.services], .perimeters([.departement("02")]), "Travaux de bâtiment"),
                ("creation-et-entretien-des-espaces-verts", [.services], .perimeters([.departement("02")]), "Espaces verts"),
            ],
            networks: ["Chantier École"]
        ),
        Entry(
            name: "Chantier d’insertion FAIRE", kind: .aci, commune: "60057",
            description: "Trois ateliers à Beauvais : repassage, couture et une boutique-atelier de vente et d’upcycling. Chaque mois un partenaire (santé, droits, banque…) vient à la rencontre des salariés.",
            activities: [
                ("repassage", [.services], .radius(km: 20), "Atelier de repassage"),
                ("couture-reprisage-retouches", [.services, .goods], .radius(km: 20), "Couture et retouches"),
                ("recyclage-textiles", [.goods], .radius(km: 20), "Boutique-atelier et upcycling"),
            ]
        ),
        Entry(
            name: "Interm’aide", kind: .ai, commune: nil,
            description: "Association intermédiaire lilloise, partenaire du dispositif TAPAJ : des jeunes en situation d’addiction y passent de chantiers de quelques heures à un contrat d’insertion.",
            activities: [("tous-travaux-et-petits-bricolages-42", [.staffing], .perimeters([.region("32")]), "Mises à disposition pour petits travaux")],
            networks: ["Coorace"]
        ),
        Entry(
            name: "EA Malécot", kind: .ea, commune: "59378",
            description: "Entreprise adaptée du groupe Malécot (Les Papillons Blancs de Lille) à Marcq-en-Barœul : 110 salariés avec une RQTH, entretien des locaux, espaces verts et second œuvre du bâtiment. Pionnière du CDD Tremplin : 8 sorties positives sur 10.",
            activities: [
                ("nettoyage-de-locaux-16", [.services], .radius(km: 40), "Entretien des locaux"),
                ("creation-et-entretien-des-espaces-verts", [.services], .radius(km: 40), "Espaces verts"),
                ("peinture-revetement-des-murs", [.services], .radius(km: 40), "Second œuvre du bâtiment"),
            ],
            networks: ["UNEA"], insertionStaff: 110
        ),
        Entry(
            name: "All Inclusive", kind: .eiti, commune: nil,
            description: "Entreprise d’insertion par le travail indépendant présente dans l’Aisne, la Somme et l’Oise : 160 travailleurs indépendants accompagnés, 55 % d’activités pérennisées.",
            activities: [("conseils-formation", [.services], .perimeters([.departement("02"), .departement("60"), .departement("80")]), "Accompagnement de travailleurs indépendants")]
        ),
        Entry(
            name: "GEIQ 3A Hauts-de-France", kind: .geiq, commune: nil,
            description: "Groupement d’employeurs pour l’insertion et la qualification qui fait découvrir les métiers par la réalité virtuelle.",
            activities: [("agriculture", [.staffing], .perimeters([.region("32")]), "Qualification aux métiers agricoles et agroalimentaires")],
            networks: ["Fédération française des GEIQ"]
        ),
        Entry(
            name: "GEIQ Travaux publics Hauts-de-France", kind: .geiq, commune: nil,
            description: "Groupement d’employeurs des travaux publics qui recrute autrement, avec des simulateurs d’engins pour tester les métiers.",
            activities: [("travaux-de-chantiers-74", [.staffing], .perimeters([.region("32")]), "Qualification aux métiers des travaux publics")],
            networks: ["Fédération française des GEIQ"]
        ),
    ]

    public static func structures(gazetteer: Gazetteer, taxonomy: SectorTaxonomy, now: Date) -> [Structure] {
        entries.enumerated().map { index, entry in
            let commune = entry.commune.flatMap(gazetteer.commune)
            return Structure(
                source: source, sourceId: "\(index + 1)", name: entry.name, kind: entry.kind,
                description: entry.description, communeCode: commune?.code, coordinates: commune?.centre,
                networks: entry.networks, labels: entry.labels, insertionStaff: entry.insertionStaff,
                permanentStaff: entry.permanentStaff, inQPV: entry.inQPV, updatedAt: now,
                activities: entry.activities.filter { taxonomy.sector($0.sector) != nil }.map {
                    Activity(sectorSlug: $0.sector, serviceTypes: $0.types, reach: $0.reach, description: $0.words)
                }
            )
        }
    }
}
