/// The words of the field and of the platform that pages use without explaining them each time:
/// the glossary page lists them, and pages link a word to its entry (`/glossaire#stpa`).
public enum Glossary {
    public struct Entry: Sendable, Equatable {
        /// The anchor of the entry on the glossary page.
        public var id: String
        public var term: String
        public var definition: String
    }

    public static let entries: [Entry] = [
        .init(id: "iae", term: "IAE (insertion par l’activité économique)", definition: "Un emploi salarié assorti d’un accompagnement, pour des personnes éloignées de l’emploi ; il est porté par les SIAE."),
        .init(id: "siae", term: "SIAE", definition: "Structure d’insertion par l’activité économique : ACI, EI, AI, ETTI ou EITI."),
        .init(id: "aci", term: "ACI", definition: "Atelier et chantier d’insertion, le plus souvent une association, qui emploie des personnes en CDDI sur des activités utiles au territoire."),
        .init(id: "ei", term: "EI", definition: "Entreprise d’insertion : une entreprise du marché qui emploie des personnes en CDDI."),
        .init(id: "ai", term: "AI", definition: "Association intermédiaire : elle met ses salariés à disposition de particuliers, d’entreprises ou de collectivités."),
        .init(id: "etti", term: "ETTI", definition: "Entreprise de travail temporaire d’insertion : des missions d’intérim assorties d’un accompagnement."),
        .init(id: "eiti", term: "EITI", definition: "Entreprise d’insertion par le travail indépendant : elle accompagne des personnes qui créent leur activité, deux ans au plus."),
        .init(id: "geiq", term: "GEIQ", definition: "Groupement d’employeurs pour l’insertion et la qualification : des entreprises qui recrutent ensemble et qualifient en contrat de professionnalisation."),
        .init(id: "ea", term: "EA", definition: "Entreprise adaptée : une entreprise dont la plupart des salariés ont une reconnaissance de travailleur handicapé (RQTH)."),
        .init(id: "esat", term: "ESAT", definition: "Établissement et service d’accompagnement par le travail : un établissement médico-social de travail protégé."),
        .init(id: "stpa", term: "STPA", definition: "Secteur du travail protégé et adapté : les entreprises adaptées (EA) et les ESAT. Un marché peut leur être réservé (article L2113-12 du Code de la commande publique)."),
        .init(id: "marche-reserve", term: "Marché réservé", definition: "Un marché public ouvert aux seules SIAE (article L2113-13) ou aux seules EA et ESAT (article L2113-12)."),
        .init(id: "clause-insertion", term: "Clause sociale d’insertion", definition: "Une clause du marché qui demande au titulaire un nombre d’heures de travail confiées à des personnes en insertion."),
        .init(id: "critere-social", term: "Critère social d’attribution", definition: "Un critère de choix des offres qui tient compte de leur performance sociale."),
        .init(id: "facilitateur", term: "Facilitateur des clauses sociales", definition: "La personne qui aide les acheteurs à écrire leurs clauses, trouve les structures qui peuvent y répondre et suit les heures d’insertion."),
        .init(id: "prescripteur", term: "Prescripteur", definition: "Un organisme habilité à orienter des personnes vers l’IAE : France Travail, Cap emploi, mission locale, département…"),
        .init(id: "rqth", term: "RQTH", definition: "Reconnaissance de la qualité de travailleur handicapé."),
        .init(id: "qpv-zrr", term: "QPV, ZRR", definition: "Quartier prioritaire de la politique de la ville ; zone de revitalisation rurale (France Ruralités Revitalisation)."),
        .init(id: "pmsmp", term: "PMSMP (immersion)", definition: "Période de mise en situation en milieu professionnel : quelques jours en entreprise pour découvrir un métier, sous une convention signée."),
        .init(id: "siret", term: "Nᵒ SIRET", definition: "Les 14 chiffres qui identifient un établissement ; les 9 premiers forment le SIREN de l’entreprise. Le dernier chiffre est une clé de contrôle."),
        .init(id: "data-inclusion", term: "data·inclusion", definition: "Le format national commun des structures et des services de l’insertion : les fiches de Passerelle s’exportent et s’importent dans ce format."),
        .init(id: "ical", term: "iCal", definition: "Le format d’agenda que lisent Outlook, Thunderbird, Google Agenda ou le calendrier d’un téléphone : le lien ajoute les événements à votre agenda."),
        .init(id: "atom", term: "Flux Atom", definition: "Un lien à ajouter à un lecteur de flux (ou à un outil de veille) : il y fait paraître chaque nouveau besoin sans revenir sur le site."),
        .init(id: "jeton-api", term: "Jeton d’API", definition: "Une clé secrète qui permet à un logiciel de votre organisation d’utiliser l’API de Passerelle en votre nom. Elle se révoque à tout moment depuis « Mon compte »."),
        .init(id: "csv", term: "CSV", definition: "Un fichier de tableau que Excel, LibreOffice ou un script ouvrent : chaque liste de Passerelle se télécharge ainsi."),
    ]

    public static func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }
}
