import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// The community's first content: the regional meeting on inclusion in employment that the DREETS
/// Hauts-de-France held in Lille on 4 May 2023, from its proceedings, summarised in our words.
/// Speakers appear by name, role and organisation, never with a way to reach them.
enum RegionalMeeting2023 {
    static let stateKey = "community.first-content"
    static let organiser = "DREETS Hauts-de-France"

    /// Writes the meeting once (recorded in `platform_state`), with its organiser.
    static func load(on database: any Database, gazetteer: Gazetteer, logger: Logger) async throws {
        guard try await PlatformState.value(stateKey, on: database) == nil else { return }
        let organisation: UUID
        if let found = try await OrganisationQueries.find(kind: .steward, name: organiser, on: database) {
            organisation = found
        } else {
            organisation = try await OrganisationQueries.create(kind: .steward, name: organiser, territory: [.region("32")], on: database)
        }
        try await EventWriter.create(plan, organisers: [organisation], by: nil, gazetteer: gazetteer, on: database)
        try await PlatformState.set(stateKey, to: "2023-05-04", on: database)
        logger.info("Community first content loaded", metadata: ["event": "\(plan.title)"])
    }

    private static func at(_ time: String) -> Date { ParisTime.date(day: "2023-05-04", time: time)! }

    private static func speaker(_ name: String, _ role: String, _ organisation: String) -> EventPlan.Speaker {
        .init(name: name, role: role, organisation: organisation)
    }

    static let plan = EventPlan(
        kind: .regionalMeeting,
        title: "Rencontres régionales de l’inclusion dans l’emploi 2023",
        summary: """
            Une journée organisée à Lille par la DREETS Hauts-de-France dans le cadre du comité régional pour l’inclusion dans l’emploi (CRIE), \
            sur la place de l’économie locale et solidaire dans les territoires de demain. Plus de 500 structures de l’insertion par l’activité \
            économique, entreprises adaptées et partenaires y ont pris part.

            Deux tables rondes et dix ateliers solutions ont traité de l’économie de proximité, des métiers de la transition écologique, des \
            coopérations territoriales et de l’évolution des métiers. Les actes de la journée restituent les interventions ; leurs retours \
            d’expérience, bonnes pratiques et perspectives sont repris dans la base de connaissances.

            Les actes ne donnent pas les horaires des sessions : ceux de l’agenda situent seulement le programme dans la journée.
            """,
        start: at("09:00"), end: at("17:00"), communeCode: "59350", address: nil, onlineURL: nil,
        audience: "Structures de l’IAE, entreprises adaptées, partenaires de l’inclusion des Hauts-de-France",
        capacity: nil, waitingList: false, registrationCloses: nil,
        themes: Theme.defaults.map(\.slug),
        sessions: [
            .init(kind: .roundTable, title: "Quelle place pour l’économie locale et solidaire dans les territoires de demain ?",
                  summary: """
                    Comment les territoires de demain peuvent-ils porter le développement des structures de l’ESS, et en particulier des SIAE et des \
                    entreprises adaptées ? La table ronde a regardé leur rôle dans les filières locales de la transition écologique et dans les \
                    coopérations avec les autres acteurs du territoire.
                    """,
                  start: at("09:30"), end: at("10:45"), room: "Plénière", theme: "ess-et-territoires",
                  speakers: [speaker("Christiane Bouchart", "administratrice et ancienne présidente", "RTES"),
                             speaker("Laurent Fraisse", "socio-économiste, membre associé", "LISE (CNAM)"),
                             speaker("Joséphine Labroue", "directrice générale adjointe", "GIP Les Entreprises s’engagent"),
                             speaker("Marie Vernier", "déléguée générale", "Le Labo de l’ESS")]),
            .init(kind: .solutionWorkshop, title: "Se saisir des clauses environnementales et sociales comme opportunité de développement",
                  summary: "La commande publique responsable ouvre des marchés aux SIAE et aux EA, et les pousse à progresser aussi sur l’environnement. Rôle des facilitateurs, exigences environnementales croissantes, exemple d’une entreprise adaptée des espaces verts.",
                  start: at("11:00"), end: at("12:30"), room: "Atelier 1", theme: "clauses-et-achat-public",
                  speakers: [speaker("Hugo Vandamme", "coordinateur régional clause sociale", "Mission Emploi Lys-Tourcoing – Lille Avenirs"),
                             speaker("Antoine Goxe", "consultant achats publics durables", "CD2E"),
                             speaker("Frédéric Maes", "directeur", "Entreprise adaptée Cadiflor")]),
            .init(kind: .solutionWorkshop, title: "Innover pour l’inclusion dans l’emploi dans les territoires fragiles",
                  summary: "Dans les quartiers prioritaires et les campagnes, l’éloignement, la mobilité et la précarité pèsent plus lourd. Deux réponses : une SIAE d’Amiens implantée en QPV depuis près de 30 ans, et l’action de la MSA dans les territoires ruraux.",
                  start: at("11:00"), end: at("12:30"), room: "Atelier 2", theme: "territoires-fragiles",
                  speakers: [speaker("Sophie Triquet", "directrice générale", "Les Astelles"),
                             speaker("Lison Lopez", "cheffe de projet inclusion, département ESS et médico-social", "Caisse centrale de la MSA")]),
            .init(kind: .solutionWorkshop, title: "S’investir dans l’économie du bien vieillir",
                  summary: "Le vieillissement de la population multiplie les besoins d’accompagnement : une piste de développement pour les structures inclusives déjà présentes dans les services à la personne. Une formation d’aide à domicile suivie d’immersions, et un chantier d’insertion qui mène au diplôme d’aide-soignant.",
                  start: at("11:00"), end: at("12:30"), room: "Atelier 3", theme: "economie-du-vieillissement",
                  speakers: [speaker("Camille Sandevoir", "directrice", "Eurasenior (groupe Eurasanté)"),
                             speaker("Yann Le Goanvic", "cofondateur et ancien dirigeant", "ENOUMA")]),
            .init(kind: .solutionWorkshop, title: "Coopérer avec les entreprises : les alliances économiques à impact",
                  summary: "Au-delà du mécénat et des achats des grands groupes, des coopérations de territoire : économie de la fonctionnalité et de la coopération, et pôle territorial de coopération économique (PTCE) autour de Calais.",
                  start: at("11:00"), end: at("12:30"), room: "Atelier 4", theme: "alliances-avec-les-entreprises",
                  speakers: [speaker("Maxime Salley", "animateur de réseau", "Club Noé"),
                             speaker("Xavier Retaux", "directeur", "Les Ateliers de la Citoyenneté (PTCE Anima Grand Calais Terres et Mers)")]),
            .init(kind: .solutionWorkshop, title: "S’inscrire dans une filière de réemploi pour des coopérations inclusives",
                  summary: "La loi AGEC encourage le réemploi dans de nombreuses filières : une fenêtre pour des offres inclusives et écologiques. Mobilier en bois de palette, équipements numériques reconditionnés, étude d’une nouvelle activité de réemploi informatique.",
                  start: at("11:00"), end: at("12:30"), room: "Atelier 5", theme: "filieres-du-reemploi",
                  speakers: [speaker("Zorha Haddou", "responsable", "Fibr’&Co"),
                             speaker("Camille Bardou", "cheffe de projet national", "Emmaüs Connect"),
                             speaker("Ludovic Dodin", "directeur des systèmes d’information", "AlterEos")]),
            .init(kind: .roundTable, title: "Adapter les parcours aux métiers et aux compétences de demain",
                  summary: """
                    Marché du travail plus tendu, nouveaux rapports au travail, nouveaux freins à l’emploi : la table ronde a cherché comment les acteurs \
                    de l’inclusion construisent des parcours qui mènent aux métiers et aux compétences de demain.
                    """,
                  start: at("14:00"), end: at("15:15"), room: "Plénière", theme: "competences-de-demain",
                  speakers: [speaker("Pascal Dumont", "directeur de la stratégie et des relations extérieures", "Pôle emploi Hauts-de-France"),
                             speaker("Maurice Monoky", "directeur AFP2I, délégué régional du SINOFDES, mandataire", "UDES"),
                             speaker("Hugues Deniele", "président", "Fédération des acteurs de la solidarité Hauts-de-France"),
                             speaker("Anne Bonichot", "chargée d’études et développement", "Agefiph Hauts-de-France")]),
            .init(kind: .solutionWorkshop, title: "Accélérer la montée en compétences des salariés de façon innovante",
                  summary: "Former autrement pour ouvrir de nouvelles activités et des parcours de qualité : un guide des étapes de la formation dans l’IAE, des chantiers écoles en situation de travail, une coopération avec une maison d’accueil spécialisée.",
                  start: at("15:30"), end: at("17:00"), room: "Atelier 6", theme: "innovation-en-formation",
                  speakers: [speaker("Marta Semplici", "consultante senior", "Sauléa"),
                             speaker("Jacques-Emmanuel Durand", "gérant", "Ease"),
                             speaker("Émilie Lengagne", "responsable ateliers et chantiers d’insertion", "AFEJI")]),
            .init(kind: .solutionWorkshop, title: "Développer les passerelles avec les entreprises du territoire",
                  summary: "Comment les structures inclusives construisent des passerelles vers les entreprises « classiques », pour des parcours utiles et pour répondre à leurs besoins de recrutement : une EA du numérique et un ACI engagé dans SEVE Emploi.",
                  start: at("15:30"), end: at("17:00"), room: "Atelier 7", theme: "passerelles-vers-l-entreprise",
                  speakers: [speaker("Paul Cacheux", "directeur général", "Urbilog & Compéthance"),
                             speaker("Virginie Datchy", "référente accompagnement et formatrice SEVE Emploi", "Devenir en Vermandois"),
                             speaker("Thierry Dolle", "coordinateur", "ACI Devenir en Vermandois")]),
            .init(kind: .solutionWorkshop, title: "Agir pour la diversité dans les recrutements",
                  summary: "Des acteurs du recrutement inclusif hors de l’IAE inspirent les SIAE et les EA : les programmes de la Fondation Mozaïk et le réseau LinkedOut de l’association Entourage.",
                  start: at("15:30"), end: at("17:00"), room: "Atelier 8", theme: "diversite-dans-le-recrutement",
                  speakers: [speaker("Nabil Rehmouni", "responsable entreprises, secteur Lille", "Association Entourage")]),
            .init(kind: .solutionWorkshop, title: "Adapter les outils d’accompagnement pour lever les freins à la reprise d’emploi",
                  summary: "Mobilité, santé, logement, maîtrise du français : trois initiatives qui traitent les freins périphériques pendant le parcours, pour des personnes très éloignées de l’emploi.",
                  start: at("15:30"), end: at("17:00"), room: "Atelier 9", theme: "outils-d-accompagnement-et-freins",
                  speakers: [speaker("Sébastien Cavitte", "coordinateur des programmes Convergence et Premières heures en chantier", "Convergence Lille"),
                             speaker("Laétitia Fachin", "responsable", "Chantier d’insertion FAIRE"),
                             speaker("Anna Jacquiez-Von Montigny", "cheffe de service addictologie", "La Sauvegarde du Nord")]),
            .init(kind: .solutionWorkshop, title: "Faciliter les transitions professionnelles des bénéficiaires",
                  summary: "Des outils pensés par et pour les SIAE et les EA : le CDD Tremplin en entreprise adaptée, les entreprises d’insertion par le travail indépendant (EITI), les innovations des GEIQ.",
                  start: at("15:30"), end: at("17:00"), room: "Atelier 10", theme: "transitions-professionnelles",
                  speakers: [speaker("Pierre Lemaire", "directeur", "EA Malécot (Les Papillons blancs de Lille)"),
                             speaker("Chrystelle Alain", "directrice générale", "All Inclusive"),
                             speaker("Reynald Simon", "animateur", "Comité régional des GEIQ Hauts-de-France")]),
        ])
}
