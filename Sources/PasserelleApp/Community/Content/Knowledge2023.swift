import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// An item of the knowledge base to write whole: the first content and the structures' proposals.
struct KnowledgePlan: Sendable {
    struct Link: Sendable, Codable, Equatable {
        var label: String
        var url: String
    }

    var kind: KnowledgeKind
    var title: String
    var summary: String
    var themes: [String]
    var organisation: String? = nil
    var communeCode: String? = nil
    var structureKinds: [StructureKind] = []
    var activity: String? = nil
    var finding: String? = nil
    var actions: String? = nil
    var results: String? = nil
    var figures: [ResultFigure] = []
    var programmes: [String] = []
    var links: [Link] = []
    var resourceKind: ResourceKind? = nil
    var url: String? = nil
    /// The session of the 2023 meeting it comes from, by title.
    var session: String? = nil
}

/// Everything the proceedings of the 2023 regional meeting report — experience reports, good
/// practices, outlooks, further reading — summarised in our words, facts and figures kept.
/// Reports name their organisation, never a person.
enum Knowledge2023 {
    private static func figure(_ value: Double, _ label: String, outOf: Double? = nil, percent: Bool = false) -> ResultFigure {
        ResultFigure(value: value, outOf: outOf, percent: percent, label: label)
    }

    private static func report(_ session: String, _ theme: String, _ title: String, organisation: String, commune: String? = nil, kinds: [StructureKind] = [],
                               activity: String, finding: String, actions: String, results: String? = nil, figures: [ResultFigure] = [],
                               programmes: [String] = []) -> KnowledgePlan {
        KnowledgePlan(kind: .report, title: title, summary: activity, themes: [theme], organisation: organisation, communeCode: commune, structureKinds: kinds,
                      activity: activity, finding: finding, actions: actions, results: results, figures: figures, programmes: programmes, session: session)
    }

    private static func practice(_ session: String, _ theme: String, _ title: String, _ text: String) -> KnowledgePlan {
        KnowledgePlan(kind: .practice, title: title, summary: text, themes: [theme], session: session)
    }

    private static func outlook(_ session: String, _ theme: String, _ title: String, _ text: String) -> KnowledgePlan {
        KnowledgePlan(kind: .outlook, title: title, summary: text, themes: [theme], session: session)
    }

    private static func resource(_ session: String, _ theme: String, _ kind: ResourceKind, _ title: String, _ url: String?, _ text: String) -> KnowledgePlan {
        KnowledgePlan(kind: .resource, title: title, summary: text, themes: [theme], resourceKind: kind, url: url, session: session)
    }

    // Session titles, as in `RegionalMeeting2023`.
    static let territories = "Quelle place pour l’économie locale et solidaire dans les territoires de demain ?"
    static let clauses = "Se saisir des clauses environnementales et sociales comme opportunité de développement"
    static let fragile = "Innover pour l’inclusion dans l’emploi dans les territoires fragiles"
    static let ageing = "S’investir dans l’économie du bien vieillir"
    static let alliances = "Coopérer avec les entreprises : les alliances économiques à impact"
    static let reuse = "S’inscrire dans une filière de réemploi pour des coopérations inclusives"
    static let skills = "Adapter les parcours aux métiers et aux compétences de demain"
    static let training = "Accélérer la montée en compétences des salariés de façon innovante"
    static let bridges = "Développer les passerelles avec les entreprises du territoire"
    static let diversity = "Agir pour la diversité dans les recrutements"
    static let barriers = "Adapter les outils d’accompagnement pour lever les freins à la reprise d’emploi"
    static let transitions = "Faciliter les transitions professionnelles des bénéficiaires"

    static let items: [KnowledgePlan] = reports + practices + outlooks + resources

    static let reports: [KnowledgePlan] = [
        report(clauses, "clauses-et-achat-public", "Le rôle des facilitateurs des clauses sociales",
               organisation: "Mission Emploi Lys-Tourcoing – Lille Avenirs", commune: "59599",
               activity: "Les facilitateurs aident les acheteurs publics à écrire des marchés qui comportent des clauses sociales, et orientent les grands groupes vers les SIAE et les entreprises du secteur protégé et adapté (STPA) de leur territoire capables de les exécuter.",
               finding: "Les acheteurs connaissent mal l’offre inclusive locale. Pour être mises en relation, les SIAE et les structures du STPA doivent d’abord se faire connaître des facilitateurs.",
               actions: "Un appui à la rédaction des marchés pour qu’ils puissent recevoir des réponses en groupement d’acteurs de l’IAE et du STPA."),
        report(clauses, "clauses-et-achat-public", "Des exigences environnementales croissantes dans la commande publique",
               organisation: "CD2E", commune: "62528",
               activity: "Le CD2E aide les acheteurs professionnels des Hauts-de-France à faire de leurs achats un levier de transition écologique, avec une expertise en bâtiment durable, économie circulaire et énergie.",
               finding: "Le dérèglement climatique oblige tous les fournisseurs à se transformer, et la commande publique le traduit (lois Climat et résilience, AGEC, Egalim, TECV). Les SIAE et les EA, habituées aux marchés réservés et aux critères sociaux, doivent désormais répondre aussi à des exigences environnementales : une contrainte, mais aussi une ouverture (réemploi de mobilier, traitement des D3E).",
               actions: "Un « guichet vert » auquel les acheteurs s’adressent pour intégrer des dispositions environnementales à leurs marchés. L’objectif national est que tous les marchés publics comportent une considération environnementale d’ici août 2026 ; les fournisseurs ont trois ans pour adapter leurs offres, et les acheteurs craignent déjà des marchés infructueux faute d’offre.",
               figures: [figure(100, "des marchés publics avec une considération environnementale en août 2026 (objectif national)", percent: true)]),
        report(clauses, "clauses-et-achat-public", "Cadiflor : l’environnement comme atout d’une entreprise adaptée",
               organisation: "Entreprise adaptée Cadiflor", kinds: [.ea],
               activity: "Création et entretien d’espaces verts, remise en état et petits travaux, location, vente et entretien de plantes, fleurissement d’événements.",
               finding: "Agir tôt pour l’environnement répond au défi climatique et aux attentes de plus en plus précises des entreprises et des collectivités clientes.",
               actions: "La responsabilité sociétale fait partie de l’identité de l’EA. Elle publie sur son site des fiches de bonnes pratiques pour l’environnement et la biodiversité, et fait évaluer sa démarche RSE par l’AFNOR au regard de la norme ISO 26000.",
               results: "Ses engagements environnementaux décident certains acheteurs ; pour d’autres, ils sont un plus, comme une démarche qualité. L’EA montre ce que le secteur adapté apporte à la transition écologique."),
        report(fragile, "territoires-fragiles", "Les Astelles : trente ans d’insertion dans les quartiers d’Amiens et au-delà",
               organisation: "Les Astelles", commune: "80021", kinds: [.aci, .ei],
               activity: "Une SIAE (ACI et EI) installée dans un quartier prioritaire d’Amiens depuis près de trente ans, avec 150 ETP sur deux sites, Amiens et Montdidier (zone rurale) : propreté, espaces verts, tri des déchets et réemploi.",
               finding: "Dans les territoires fragiles, les freins périphériques pèsent plus : mobilité, langue, précarité — 60 % des salariés accompagnés sont bénéficiaires du RSA.",
               actions: "Un accompagnement renforcé : financement du permis (aide du département, auto-école sociale, CPF), contrat d’engagement réciproque, suivi à trois (conseiller en insertion, encadrant technique, salarié) et une chargée de relations entreprises. Une offre de services dans le quartier (bailleurs sociaux et copropriétés, en partenariat de longue date avec l’office public de l’habitat de la Somme), hors du quartier (entreprises engagées en RSE, agences immobilières, grands groupes) et au-delà : la ressourcerie, dont 90 % des clients viennent des QPV, cherche à attirer ceux des autres quartiers.",
               figures: [figure(150, "ETP sur deux sites"), figure(60, "des salariés accompagnés bénéficiaires du RSA", percent: true), figure(90, "des clients de la ressourcerie issus des QPV", percent: true)]),
        report(fragile, "territoires-fragiles", "La MSA au service de l’inclusion dans les territoires ruraux",
               organisation: "Caisse centrale de la MSA",
               activity: "Au-delà de la protection sociale, la MSA a suscité la création d’environ 400 structures de l’ESS, dont 26 SIAE réunies dans le réseau Laser Emploi, et soutenu 35 lauréats de son programme Inclusion & Ruralité (surtout des SIAE, quelques EA).",
               finding: "L’isolement des campagnes aggrave les freins (santé, mobilité, garde d’enfants, numérique) et laisse des besoins sociaux sans réponse. Recruter, pour les structures comme pour les parcours, y est difficile : l’insertion peut y créer à la fois de l’emploi et des services utiles.",
               actions: "Une offre adaptée : des structures créées pour les besoins de recrutement et de services des assurés agricoles, puis, avec Inclusion & Ruralité, des projets tournés vers l’emploi durable, comme une EA qui fait circuler un bus pour le lien social et l’inclusion numérique. De la créativité contre l’isolement : jeux et escape game pour mobiliser, transport à la demande monté par un centre social pour ses salariés en insertion, véhicules et conseillers en insertion partagés entre SIAE.",
               figures: [figure(400, "structures de l’ESS créées"), figure(26, "SIAE du réseau Laser Emploi"), figure(35, "lauréats du programme Inclusion & Ruralité")],
               programmes: ["Laser Emploi", "Inclusion & Ruralité"]),
        report(ageing, "economie-du-vieillissement", "Le projet 2ASD : se former à l’aide à domicile",
               organisation: "Eurasenior (groupe Eurasanté)", commune: "62041",
               activity: "Eurasenior, à Arras, est le premier incubateur européen consacré à la silver économie : il accompagne les porteurs de projets du bien vieillir.",
               finding: "La part des plus de 65 ans dans la population des Hauts-de-France passera de 15 % en 2015 à 25 % en 2050 ; ils entrent plus tard en EHPAD et veulent vieillir actifs. Le secteur manque de bras, mais ses métiers souffrent de préjugés et de conditions de travail particulières.",
               actions: "Depuis 2022, l’attestation 2ASD : 35 heures de formation puis deux semaines d’immersion en établissement, en service d’aide à domicile ou en CCAS, pour des personnes éloignées de l’emploi, suivies à leurs débuts.",
               results: "75 personnes sont entrées dans la première édition ; 90 % ont été embauchées localement. Le dispositif, créé en 2018, affiche 80 % d’embauches à l’issue du parcours.",
               figures: [figure(75, "personnes dans la première édition"), figure(90, "embauchées à l’issue de la formation", percent: true), figure(80, "d’embauches depuis la création du dispositif", percent: true)],
               programmes: ["2ASD (attestation d’aptitude de la santé à domicile)"]),
        report(ageing, "economie-du-vieillissement", "ENOUMA : du chantier d’insertion au diplôme d’aide-soignant",
               organisation: "ENOUMA", kinds: [.aci],
               activity: "Un atelier et chantier d’insertion d’Île-de-France qui prépare ses salariés, surtout des femmes immigrées qui maîtrisent mal le français, au diplôme d’État d’aide-soignant.",
               finding: "Beaucoup de demandeuses d’emploi, passées par le ménage, le repassage ou des vacations, ont l’envie et la capacité d’aller jusqu’au diplôme, mais craignent la reprise d’études à cause de la langue et des contraintes familiales.",
               actions: "500 heures de cours avec un didacticien pour la remise à niveau en français, 500 heures de tutorat en EHPAD et 90 à 100 heures d’accompagnement social individuel.",
               results: "Dans la première promotion, 9 femmes sur 10 ont obtenu le diplôme, et 3 ont repris des études d’infirmière. Quatre promotions à ce jour, toutes entrées en institut de formation d’aides-soignants.",
               figures: [figure(9, "diplômées", outOf: 10), figure(100, "d’entrée en IFAS sur quatre promotions", percent: true)]),
        report(alliances, "alliances-avec-les-entreprises", "Entrer dans l’économie de la fonctionnalité et de la coopération avec le Club Noé",
               organisation: "Club Noé",
               activity: "Une association qui aide les acteurs économiques des Hauts-de-France à revoir leur organisation et leur production pour intégrer les enjeux sociaux et environnementaux à leurs offres.",
               finding: "Production industrialisée, concurrence entre acteurs, développement durable traité en supplément : ces logiques limitent la valeur créée dans un monde aux ressources finies.",
               actions: "Exemple présenté : un chauffagiste qui vivait de la vente de chaudières s’est demandé ce que ses clients attendaient vraiment — souvent une meilleure isolation plutôt qu’un nouvel appareil. Il a cartographié les professionnels du confort thermique de son territoire, autrefois concurrents, et créé avec eux une association locale, animée par un expert, qui répartit les interventions selon les besoins réels des clients."),
        report(alliances, "alliances-avec-les-entreprises", "Un PTCE pour des coopérations de proximité dans le Calaisis",
               organisation: "Les Ateliers de la Citoyenneté (PTCE Anima Grand Calais Terres et Mers)", commune: "62193",
               activity: "Un pôle territorial de coopération économique qui réunit une vingtaine de structures de l’ESS pour faire des besoins des habitants et des entreprises des occasions de développement local, à commencer par le centre-ville de Calais.",
               finding: "Les commerces de proximité n’avaient pas d’outil simple pour vendre en ligne, étaient mal connus des habitants, et la ville voulait les rendre plus attractifs.",
               actions: "Un site de commande en ligne, « Mon shopping, c’est Calais », qui rassemble plus de 100 commerçants ; les achats sont livrés par une structure d’insertion ou retirés à la conciergerie du pôle. De nouvelles filières : collecte d’invendus alimentaires avec un grossiste et cuisine solidaire avec la Croix-Rouge (200 plats par jour en 2022), agriculture urbaine, urbanisme transitoire.",
               figures: [figure(100, "commerçants sur le site de commande"), figure(200, "plats solidaires par jour en 2022"), figure(20, "structures de l’ESS dans le pôle")],
               programmes: ["PTCE"]),
        report(reuse, "filieres-du-reemploi", "Le réemploi de palettes en bois, support d’insertion",
               organisation: "Fibr’&Co", kinds: [.aci],
               activity: "Un atelier d’insertion qui transforme le bois de palettes hors normes et jetables en mobilier vendu : il assure la collecte, la fabrication et la vente.",
               finding: "L’activité valorise des matériaux promis au rebut et donne des meubles durables et beaux ; elle développe les compétences et la créativité des salariés. Mais elle s’équilibre difficilement pour une petite structure qui a peu de permanents.",
               actions: "Un accompagnement technique et financier pour consolider le modèle économique, et des services complémentaires (location, ateliers ouverts au public) pour diversifier les ressources."),
        report(reuse, "filieres-du-reemploi", "Lutter contre la précarité numérique grâce au réemploi",
               organisation: "Emmaüs Connect",
               activity: "L’association équipe, connecte et accompagne les personnes exclues du numérique avec du matériel reconditionné.",
               finding: "Sans équipement, sans connexion ou sans savoir s’en servir, on reste à l’écart alors que les services se numérisent.",
               actions: "Des filières régionales de collecte, de reconditionnement et de redistribution de matériel informatique, où des reconditionneurs solidaires emploient des salariés en insertion : 7 filières en France et 13 lieux d’accueil.",
               figures: [figure(7, "filières régionales"), figure(13, "lieux d’accueil des bénéficiaires")]),
        report(reuse, "filieres-du-reemploi", "Étudier une nouvelle activité : le réemploi de matériel informatique",
               organisation: "AlterEos", kinds: [.ea],
               activity: "Une entreprise adaptée qui offre des prestations tertiaires et industrielles pour donner un emploi durable à des personnes fragilisées par un handicap.",
               finding: "L’entreprise cherche une nouvelle activité support, un atelier de réemploi de matériel informatique, adaptée à ses salariés et facile à industrialiser.",
               actions: "Une étude de préfiguration pour identifier et sécuriser les gisements de matériel, trouver des partenaires et mesurer les besoins du territoire."),
        report(training, "innovation-en-formation", "Les étapes clés d’un parcours de formation dans l’IAE",
               organisation: "Sauléa",
               activity: "Un bureau d’études spécialisé dans l’emploi, la formation, l’orientation et l’insertion.",
               finding: "L’évaluation du plan d’investissement dans les compétences (PIC IAE) en Hauts-de-France a montré que les SIAE trouvent difficilement formations et financements pour leurs salariés, et connaissent mal l’appui qui existe déjà.",
               actions: "Un guide, « Les étapes clés du parcours de formation professionnelle », publié par la DREETS Hauts-de-France pour les structures de l’IAE.",
               programmes: ["PIC IAE"]),
        report(training, "innovation-en-formation", "Monter en compétences sur des chantiers écoles",
               organisation: "Ease", kinds: [.ea],
               activity: "Une entreprise adaptée qui intègre par le travail des personnes éloignées de l’emploi, dans l’entretien d’espaces verts et la rénovation de bâtiments (second œuvre).",
               finding: "La rénovation, intérieure et extérieure, est très demandée, mais l’entreprise peine à recruter sur son bassin d’emploi.",
               actions: "Une action de formation en situation de travail (AFEST) sur des chantiers écoles : on apprend en faisant, avec le droit à l’erreur, directement sur le chantier.",
               programmes: ["AFEST"]),
        report(training, "innovation-en-formation", "Le projet Colibri : coopérer pour une nouvelle offre de travail inclusive",
               organisation: "AFEJI", kinds: [.aci],
               activity: "L’AFEJI regroupe 80 établissements médico-sociaux (enfance, handicap, insertion, EHPAD).",
               finding: "Son chantier d’insertion d’entretien des locaux menait peu à l’emploi, alors que des établissements clients avaient de vrais besoins de recrutement, y compris aux premiers niveaux de qualification.",
               actions: "Avec une maison d’accueil spécialisée, le chantier a créé le projet Colibri : les salariés en insertion apprennent auprès du personnel les tâches du quotidien (petits-déjeuners, lingerie, bionettoyage, aide aux soins, animations), puis sont suivis par un encadrement de proximité, formés, et font des immersions dans d’autres établissements, y compris hors de l’association.",
               results: "85 % de sorties positives la première année.",
               figures: [figure(85, "de sorties positives la première année", percent: true), figure(80, "établissements médico-sociaux")]),
        report(bridges, "passerelles-vers-l-entreprise", "Compéthance : une entreprise adaptée tremplin vers l’entreprise classique",
               organisation: "Urbilog & Compéthance", kinds: [.ea],
               activity: "Programmation informatique, avec 60 travailleurs en situation de handicap parmi 72 salariés.",
               finding: "Tout pousse l’EA à devenir un tremplin vers l’entreprise ordinaire, et les besoins sont là : plus de 850 000 postes informatiques vacants. Mais passer par une EA demande des efforts d’adaptation aux entreprises clientes.",
               actions: "L’EA place des salariés chez ses clients en gardant le lien, les suit longtemps (jusqu’à deux ans), aide à adapter le poste et sensibilise les équipes qui accueillent. Il faut parfois aussi convaincre la personne elle-même d’aller vers l’entreprise ordinaire.",
               figures: [figure(60, "travailleurs en situation de handicap", outOf: 72), figure(850_000, "postes informatiques vacants")]),
        report(bridges, "passerelles-vers-l-entreprise", "Devenir en Vermandois dans le dispositif SEVE Emploi",
               organisation: "ACI Devenir en Vermandois", kinds: [.aci],
               activity: "Un chantier d’insertion dans le bâtiment et les espaces verts.",
               finding: "La structure voulait davantage de sorties positives et d’emplois durables ; construire des passerelles vers les entreprises demande du temps et des moyens.",
               actions: "L’entrée dans SEVE Emploi : toute l’équipe a revu ses pratiques, jusqu’à mobiliser ses réseaux personnels pour trouver des entreprises partenaires, et raisonne désormais en objectifs professionnels plutôt qu’en projet professionnel.",
               programmes: ["SEVE Emploi"]),
        report(diversity, "diversite-dans-le-recrutement", "Tech Your Job, Mozaïk Talents et Ambition : les programmes de la Fondation Mozaïk",
               organisation: "Fondation Mozaïk",
               activity: "Rapprocher les recruteurs et les candidats des territoires éloignés ou en difficulté, pour l’égalité des chances.",
               finding: "L’origine sociale, culturelle ou géographique ferme encore l’accès à l’emploi, et les SIAE, tenues par des critères légaux, ne peuvent accueillir tout le monde.",
               actions: "Tech Your Job forme dès 16 ans aux outils numériques ; la plateforme Mozaïk Talents met en relation entreprises et candidats sur leurs compétences, pas seulement sur le CV ; Ambition coache des étudiants avec des entreprises et des universités (plus de 600 en 2021).",
               results: "Plus de 60 000 candidats inscrits et 130 000 offres déposées sur Mozaïk Talents.",
               figures: [figure(60_000, "candidats inscrits"), figure(130_000, "offres déposées"), figure(600, "étudiants accompagnés en 2021")],
               programmes: ["Tech Your Job", "Mozaïk Talents", "Ambition"]),
        report(diversity, "diversite-dans-le-recrutement", "LinkedOut : un réseau professionnel pour celles et ceux qui n’en ont pas",
               organisation: "Association Entourage", commune: "59350",
               activity: "Née en 2016 pour recréer du lien entre personnes sans abri et riverains, l’association a lancé LinkedOut, un réseau social professionnel qui met en avant les compétences des personnes éloignées de l’emploi auprès d’entreprises engagées.",
               finding: "Manque d’information sur les dispositifs, absence de réseau, démarches sans accompagnement : beaucoup ne retrouvent pas le chemin de l’emploi.",
               actions: "Les candidats partagent leur CV avec le réseau de leurs proches ; un parcours d’accompagnement par un coach bénévole les suit jusqu’à l’emploi ; des ateliers de sensibilisation informent les entreprises.",
               results: "Plus de 100 entreprises engagées dans LinkedOut en 2023.",
               figures: [figure(100, "entreprises engagées en 2023")],
               programmes: ["LinkedOut"]),
        report(barriers, "outils-d-accompagnement-et-freins", "Les programmes Convergence et Premières heures en chantier",
               organisation: "Convergence Lille", commune: "59350", kinds: [.aci],
               activity: "Deux programmes pour des personnes très éloignées de l’emploi et sans logement stable.",
               finding: "Sans accompagnement individuel, pas d’insertion durable ; sans logement, le projet professionnel n’avance pas.",
               actions: "Convergence renforce les chantiers d’insertion de la métropole lilloise qui le rejoignent : un conseiller en insertion ou un travailleur social rejoint l’équipe pour relier chaque salarié à un réseau de partenaires, et le CDDI peut aller jusqu’à cinq ans. Premières heures en chantier propose des CDDI de 1 à 20 heures par semaine à des personnes à la rue, pour reprendre confiance.",
               results: "7 chantiers d’insertion participent à Convergence et 249 personnes ont été accompagnées. Après Premières heures en chantier, 70 % des personnes passent à un contrat classique.",
               figures: [figure(7, "chantiers d’insertion dans Convergence"), figure(249, "personnes accompagnées"), figure(70, "passent ensuite à un contrat classique", percent: true)],
               programmes: ["Convergence", "Premières heures en chantier"]),
        report(barriers, "outils-d-accompagnement-et-freins", "Les réunions mensuelles avec les partenaires du chantier FAIRE",
               organisation: "Chantier d’insertion FAIRE", commune: "60057", kinds: [.aci],
               activity: "Trois ateliers à Beauvais : repassage, couture et une boutique-atelier de vente et d’upcycling.",
               finding: "Orienter vers une banque ou la sécurité sociale ne suffit pas : il faut accompagner la démarche.",
               actions: "Pendant leur temps de travail, les salariés sont accompagnés sur tous les freins : cours de français, rendez-vous avec une psychologue. Chaque mois, un partenaire vient sur place pour un premier contact (par exemple, sensibilisation et dépistage en santé sexuelle).",
               results: "Les salariés gagnent en autonomie, savent à qui s’adresser, et leur insertion dure davantage."),
        report(barriers, "outils-d-accompagnement-et-freins", "TAPAJ : un travail payé à la journée pour renouer le lien",
               organisation: "La Sauvegarde du Nord", commune: "59350",
               activity: "Le service d’addictologie de l’association, à Lille, soutient des personnes dépendantes ; reprendre une activité est un des leviers pour renouer avec elles.",
               finding: "La manche peut rapporter jusqu’à 10 euros de l’heure, mais elle enferme dans la précarité et l’addiction.",
               actions: "Le travail alternatif payé à la journée propose à des jeunes de 18 à 25 ans, souvent à la rue, des chantiers participatifs en trois temps : 4 heures par semaine payées 10 euros de l’heure pour créer le lien ; puis, avec de l’assiduité, trois chantiers par semaine avec une association intermédiaire et un accompagnement sur les freins ; enfin une formation ou un CDDI dans l’association intermédiaire.",
               figures: [figure(4, "heures par semaine pour commencer"), figure(10, "euros de l’heure")],
               programmes: ["TAPAJ"]),
        report(transitions, "transitions-professionnelles", "Le CDD Tremplin à l’entreprise adaptée Malécot",
               organisation: "EA Malécot (Les Papillons blancs de Lille)", commune: "59378", kinds: [.ea],
               activity: "Une EA de Marcq-en-Barœul qui emploie 110 personnes reconnues travailleurs handicapés, en entretien de locaux, espaces verts et second œuvre du bâtiment.",
               finding: "L’expérimentation lancée par l’État a permis de renforcer le travail vers le milieu ordinaire, jusque-là peu demandé par les salariés.",
               actions: "Une convention avec le service d’insertion de l’association met à disposition une partie du temps d’une conseillère en insertion pour les salariés en CDD Tremplin : un rendez-vous par mois, projet professionnel, simulations d’entretien, stages, immersions, formations. Le recrutement passe par Cap emploi et les missions locales.",
               results: "12 CDD Tremplin depuis le lancement, dont 2 en cours ; 8 sorties positives sur 10 ; une équipe dont les pratiques se tournent davantage vers l’inclusion.",
               figures: [figure(12, "CDD Tremplin depuis le lancement"), figure(8, "sorties positives", outOf: 10), figure(110, "salariés reconnus travailleurs handicapés")],
               programmes: ["CDD Tremplin"]),
        report(transitions, "transitions-professionnelles", "L’expérimentation EITI d’All Inclusive",
               organisation: "All Inclusive", kinds: [.eiti],
               activity: "L’accompagnement, pendant deux ans au plus et dans tous les métiers, de travailleurs indépendants immatriculés qui remplissent des critères d’insertion ; présente dans l’Aisne, la Somme et l’Oise.",
               finding: "Certaines personnes ne trouvent pas leur place dans le salariat et cherchent indépendance et souplesse : le travail indépendant peut être leur voie d’insertion.",
               actions: "Un long diagnostic avant l’entrée, un accompagnement sur trois plans (inclusion, entrepreneuriat, commercial), les principaux freins levés dans les six premiers mois, et aucun lien de subordination.",
               results: "160 personnes accompagnées sur 7 territoires ; 55 % des activités pérennisées et 35 % de retours à l’emploi, avec de belles réussites auprès de publics souvent écartés.",
               figures: [figure(160, "personnes accompagnées"), figure(55, "des activités pérennisées", percent: true), figure(35, "de retour à l’emploi", percent: true)],
               programmes: ["EITI"]),
        report(transitions, "transitions-professionnelles", "Les innovations des GEIQ des Hauts-de-France",
               organisation: "Comité régional des GEIQ Hauts-de-France", kinds: [.geiq],
               activity: "Un GEIQ réunit des employeurs qui misent sur des personnes en difficulté d’accès à l’emploi pour résoudre leurs problèmes de recrutement, par des parcours d’insertion et de qualification. La région compte 20 GEIQ (agriculture, travaux publics, bâtiment, industrie, petite enfance, propreté, services…).",
               finding: "Les entreprises peinent à recruter pendant que des personnes peu qualifiées ou éloignées de l’emploi peinent à s’insérer.",
               actions: "Des contrats expérimentaux qui montent la formation dans l’entreprise quand aucune n’existe pour un métier ancien ou nouveau ; et des façons nouvelles de faire découvrir les métiers : recruter des laveurs de vitres dans des salles d’escalade, réalité virtuelle, simulateurs d’engins, opérations « Mets tes bottes » dans les exploitations agricoles.",
               figures: [figure(20, "GEIQ en Hauts-de-France")]),
    ]

    static let practices: [KnowledgePlan] = [
        practice(clauses, "clauses-et-achat-public", "Se référencer là où les acheteurs cherchent", "Inscrire sa structure sur les plateformes et les annuaires que consultent les acheteurs (annuaires des réseaux, plateformes de l’inclusion) pour être visible au moment où un marché se prépare."),
        practice(clauses, "clauses-et-achat-public", "Se faire aider pour le mémoire technique", "Le mémoire technique fait souvent la différence : les réseaux d’accompagnement locaux peuvent aider à le rédiger."),
        practice(clauses, "clauses-et-achat-public", "S’appuyer sur les réseaux pour la veille et les groupements", "Les réseaux de l’IAE et des entreprises adaptées repèrent les marchés et aident à monter des groupements momentanés d’entreprises."),
        practice(clauses, "clauses-et-achat-public", "Écrire et faire connaître ses engagements", "Formaliser ses engagements sociaux et environnementaux, puis les communiquer aux clients et aux acheteurs."),
        practice(fragile, "territoires-fragiles", "Décloisonner et travailler avec tous", "Dans les campagnes comme dans les quartiers prioritaires, personne ne réussit seul : s’appuyer sur les ressources existantes et coopérer avec collectivités, élus, service public de l’emploi, entreprises et acteurs de l’ESS."),
        practice(fragile, "territoires-fragiles", "Mutualiser les moyens", "Partager véhicules, locaux ou personnels entre structures aide à surmonter l’éloignement et les difficultés de mobilité."),
        practice(fragile, "territoires-fragiles", "Penser la durabilité de l’emploi", "Développer de nouvelles activités dans la transition écologique et sociale du territoire rend l’emploi plus durable : utile, local et pérenne."),
        practice(ageing, "economie-du-vieillissement", "Libérer du temps pour la relation", "Des outils technologiques peuvent décharger soignants et accompagnants de tâches et leur rendre du temps pour les personnes."),
        practice(ageing, "economie-du-vieillissement", "Remettre à niveau en français avant la formation", "Une remise à niveau en français ouvre les formations du secteur aux demandeurs d’emploi qui ont des difficultés de langue."),
        practice(ageing, "economie-du-vieillissement", "Aider à concilier formation et vie personnelle", "Des emplois du temps progressifs et adaptés aident les personnes formées à concilier leur nouveau métier et leurs obligations familiales."),
        practice(ageing, "economie-du-vieillissement", "Dire la réalité du métier", "Prévoir dans les formations des temps sur la réalité du secteur du grand âge évite les déceptions, chez les personnes formées comme chez les personnes aidées."),
        practice(ageing, "economie-du-vieillissement", "Diversifier le financement des formations", "Faire participer EHPAD, hôpitaux et centres de soins, par exemple en accueillant des apprentis, pour que les formations durent."),
        practice(alliances, "alliances-avec-les-entreprises", "Des partenariats RSE au-delà de l’achat et du mécénat", "Les grandes entreprises peuvent aussi fournir des gisements (invendus alimentaires, matières) qui permettent aux structures de l’ESS de lancer de nouvelles offres sur le territoire."),
        practice(alliances, "alliances-avec-les-entreprises", "Innover à plusieurs sur le territoire", "Groupements et clusters, formels ou non, mutualisent recherche et investissement ; leurs membres se placent sur toute la chaîne de valeur (collecte, fabrication, distribution, recyclage) et en partagent la valeur."),
        practice(reuse, "filieres-du-reemploi", "Sécuriser ses gisements", "Une activité de réemploi dure si ses matières sont de qualité et disponibles dans le temps : cela suppose des partenariats solides et de confiance."),
        practice(reuse, "filieres-du-reemploi", "Partir des besoins des futurs clients", "Cartographier les besoins et les acteurs du territoire pour construire avec eux des solutions qui tiennent."),
        practice(reuse, "filieres-du-reemploi", "Laisser le temps au déploiement", "Certaines activités de réemploi ne s’industrialisent pas et demandent du temps, notamment pour que les salariés en insertion montent en compétences."),
        practice(training, "innovation-en-formation", "Innover à toutes les étapes du parcours", "Innover en formation ne se réduit ni au numérique ni au contenu : chaque étape du parcours peut changer."),
        practice(training, "innovation-en-formation", "Connaître ses clients, ses métiers et ses partenaires", "C’est en connaissant clients, métiers et partenaires du territoire (fédérations, organismes de formation) qu’on invente des formations adaptées aux personnes en parcours."),
        practice(training, "innovation-en-formation", "Des équipes capables de former", "La capacité des équipes à monter des actions de formation adaptées aux salariés et aux emplois du territoire compte beaucoup dans la réussite des parcours."),
        practice(bridges, "passerelles-vers-l-entreprise", "Suivre dans la durée", "Accompagner les personnes recrutées longtemps après leur embauche."),
        practice(bridges, "passerelles-vers-l-entreprise", "Impliquer toute l’équipe", "Les passerelles vers l’entreprise ne sont pas l’affaire des seuls conseillers en insertion : toute l’équipe y contribue."),
        practice(bridges, "passerelles-vers-l-entreprise", "Mobiliser tous les réseaux", "Saisir chaque occasion de rencontrer des entreprises qui recrutent, réseaux personnels compris."),
        practice(bridges, "passerelles-vers-l-entreprise", "Ne pas attendre que tous les freins soient levés", "Le parcours n’est pas linéaire : une passerelle vers une entreprise classique peut venir avant que tout soit réglé."),
        practice(diversity, "diversite-dans-le-recrutement", "Relier les acteurs du recrutement inclusif", "Faire se connaître les réseaux de recrutement inclusif et les SIAE et EA, pour orienter les personnes et répondre aux besoins de recrutement des structures."),
        practice(diversity, "diversite-dans-le-recrutement", "Recruter sur les compétences", "Inviter les entreprises à regarder les compétences acquises plutôt que les seules expériences."),
        practice(diversity, "diversite-dans-le-recrutement", "Un référent pour chaque personne", "Un accompagnement individuel aide à préciser son projet et à travailler ses difficultés propres."),
        practice(diversity, "diversite-dans-le-recrutement", "Sensibiliser les entreprises à la diversité", "Informer les entreprises et les inviter à rejoindre les réseaux de recrutement inclusif."),
        practice(barriers, "outils-d-accompagnement-et-freins", "Garder des activités accessibles aux plus éloignés", "Certaines activités, par exemple sous clause sociale, sont trop exigeantes pour les personnes très éloignées de l’emploi : en conserver qui leur conviennent."),
        practice(barriers, "outils-d-accompagnement-et-freins", "Accompagner tous les freins pendant le temps de travail", "On tient difficilement un emploi quand on est mal logé : traiter l’ensemble des freins sur le temps de travail."),
        practice(barriers, "outils-d-accompagnement-et-freins", "Rapprocher les structures de leurs partenaires", "Des liens étroits avec la santé, le logement, la formation facilitent les démarches des salariés et rendent l’insertion plus durable."),
        practice(transitions, "transitions-professionnelles", "Poser le cadre du CDD Tremplin dès le départ", "Bien informer (pas d’embauche garantie à l’issue), préférer des contrats courts de six mois quitte à les renouveler, vérifier que le projet de la personne correspond aux activités de la structure."),
        practice(transitions, "transitions-professionnelles", "Mêler accompagnement individuel et collectif", "L’individuel suit le rythme et les besoins de chacun ; le collectif crée une promotion et rompt l’isolement, surtout pour les travailleurs indépendants."),
        practice(transitions, "transitions-professionnelles", "Aider les entreprises à faire un pas de côté", "Sensibiliser les entreprises du territoire et les accompagner pour qu’elles accueillent des personnes éloignées de l’emploi."),
    ]

    static let outlooks: [KnowledgePlan] = [
        outlook(territories, "ess-et-territoires", "Construire une culture commune du territoire", "Des outils pour bâtir avec les habitants une vision partagée de leur territoire."),
        outlook(territories, "ess-et-territoires", "Des gouvernances territoriales partagées", "Inciter les collectivités à s’engager dans des gouvernances ouvertes aux acteurs de l’ESS."),
        outlook(territories, "ess-et-territoires", "Innover entre secteurs", "Chercher l’innovation dans les rencontres entre secteurs plutôt qu’à l’intérieur de chacun."),
        outlook(alliances, "alliances-avec-les-entreprises", "Interroger sa raison d’être", "Les SIAE et les EA ont une mission sociale ; contribuer pleinement au développement local suppose aussi de se situer face aux enjeux environnementaux, avec l’économie de la fonctionnalité et l’économie circulaire comme grilles de lecture."),
        outlook(reuse, "filieres-du-reemploi", "Répondre aux marchés publics du réemploi", "La loi AGEC pousse les acheteurs publics à intégrer le réemploi dans leurs marchés : une occasion pour l’IAE, qui demande parfois de se réorganiser et de monter en compétences."),
        outlook(reuse, "filieres-du-reemploi", "Vendre le réemploi", "Les produits du réemploi se vendent mieux avec une stratégie commerciale responsable qui explique et convainc."),
        outlook(training, "innovation-en-formation", "Plus de mixité dans les formations", "Comment ouvrir des formations de filières jugées « masculines » ou « féminines » à tous ?"),
        outlook(training, "innovation-en-formation", "Repérer tôt les difficultés", "Repérer handicaps et difficultés avant l’échec scolaire pour orienter plus tôt vers une voie adaptée."),
        outlook(bridges, "passerelles-vers-l-entreprise", "La diversité dans les politiques RSE", "Les entreprises engagées en RSE agissent de plus en plus pour la diversité de leurs recrutements."),
        outlook(bridges, "passerelles-vers-l-entreprise", "Des formations sur mesure avec les entreprises", "Construire avec les entreprises du territoire des formations pour les métiers en tension, comme l’ont permis des projets du PIC."),
        outlook(skills, "competences-de-demain", "La technologie au service de l’insertion", "Par exemple, la réalité virtuelle pour préparer les encadrants techniques aux comportements violents ou difficiles."),
    ]

    static let resources: [KnowledgePlan] = [
        resource(territories, "ess-et-territoires", .website, "Politiques publiques et ESS (Avise)", "https://www.avise.org/territoires", "Ce que font les collectivités pour l’économie sociale et solidaire."),
        resource(territories, "ess-et-territoires", .guide, "Kits ESS pour les régions, départements, communes et intercommunalités (RTES)", "https://www.rtes.fr/retrouvez-les-kits-regionaless-departements-ess-et-communes-intercommunalites-ess", "Des kits pour chaque échelon de collectivité."),
        resource(territories, "ess-et-territoires", .website, "Coopérations territoriales et ESS (Le Labo de l’ESS)", "https://www.lelabo-ess.org/cooperations-territoriales", "Travaux sur les coopérations de territoire."),
        resource(fragile, "territoires-fragiles", .study, "L’ESS, une chance pour les territoires fragiles (ANCT)", "https://agence-cohesion-territoires.gouv.fr/leconomie-sociale-et-solidaire-ess-une-chance-pour-les-territoires-fragiles-447", "Étude de l’Agence nationale de la cohésion des territoires."),
        resource(fragile, "territoires-fragiles", .guide, "Ressources sur l’ESS dans les territoires ruraux (Avise)", nil, "Un catalogue de ressources publié par l’Avise (vade-mecum « Tressons ») ; son adresse, illisible dans les actes, n’est pas reprise."),
        resource(fragile, "territoires-fragiles", .study, "État des lieux de l’ESS dans les quartiers de la politique de la ville (ESS France)", "https://www.ess-france.org/etat-des-lieux-de-l-ess-dans-les-quartiers-de-la-politique-de-la-ville", "Où en est l’ESS dans les QPV."),
        resource(alliances, "alliances-avec-les-entreprises", .guide, "Partenariats économiques entre SIAE et entreprises (Avise, 2021)", "https://www.avise.org/sites/default/files/atoms/files/20211125/avise_guide_partenariatsecoiae_2021.pdf", "Un guide des partenariats."),
        resource(alliances, "alliances-avec-les-entreprises", .website, "L’économie de la fonctionnalité (ministère de la Transition écologique)", "https://www.ecologie.gouv.fr/leconomie-fonctionnalite", "Présentation officielle."),
        resource(alliances, "alliances-avec-les-entreprises", .website, "La relance des PTCE", "https://www.ptce-saison3.fr/", "Le site des pôles territoriaux de coopération économique."),
        resource(alliances, "alliances-avec-les-entreprises", .video, "La coopération, outil de développement des structures de l’IAE et des EA", "https://vimeo.com/793326369", "Vidéo."),
        resource(reuse, "filieres-du-reemploi", .law, "La loi anti-gaspillage pour une économie circulaire (AGEC)", "https://www.ecologie.gouv.fr/loi-anti-gaspillage-economie-circulaire", "Le texte et ses mesures."),
        resource(reuse, "filieres-du-reemploi", .study, "Économie circulaire et emplois en Hauts-de-France (ADEME)", "https://librairie.ademe.fr/dechets-economie-circulaire/3975-economie-circulaire-et-emplois-en-hauts-de-france-9791029716393.html", "Étude régionale."),
        resource(reuse, "filieres-du-reemploi", .website, "Observatoire national des ressourceries et recycleries", "https://ressourceries.info/", "Chiffres et ressources du réseau."),
        resource(training, "innovation-en-formation", .guide, "Les étapes clés du parcours de formation professionnelle dans l’IAE (DREETS Hauts-de-France)", "https://hauts-de-france.dreets.gouv.fr/sites/hauts-de-france.dreets.gouv.fr/IMG/pdf/crie_-_guide_etapes_cles_formation_des_salaries_iae.pdf", "Le guide issu de l’évaluation du PIC IAE."),
        resource(training, "innovation-en-formation", .video, "Expérimentation de l’AFEST dans l’IAE", "https://vimeo.com/810517238", "Vidéo."),
        resource(training, "innovation-en-formation", .website, "Le PIC EA : CDD Tremplin et EATT (Agefiph)", "https://www.agefiph.fr/articles/propos-de-lagefiph/plan-dinvestissement-dans-les-competences-cdd-tremplin-et-eatt", "Présentation du plan."),
        resource(bridges, "passerelles-vers-l-entreprise", .toolSheet, "Présentation du dispositif SEVE Emploi", "http://www.seve-emploi.com/wp-content/uploads/2021/08/2020-Plaquette-SEVE-Emploi.pdf", "La plaquette du dispositif."),
        resource(bridges, "passerelles-vers-l-entreprise", .guide, "Construire de nouvelles relations aux entreprises dans les parcours d’inclusion", "https://travail-emploi.gouv.fr/IMG/pdf/hcc_no6_construire_de_nouvelles_relations_aux_entreprises_v221019.pdf", "Guide de capitalisation du plan d’investissement dans les compétences."),
        resource(bridges, "passerelles-vers-l-entreprise", .website, "Le CDD Tremplin en entreprise adaptée (UNEA)", "https://www.unea.fr/le-cdd-tremplin-en-entreprise-adaptee", "Présentation du contrat."),
        resource(diversity, "diversite-dans-le-recrutement", .website, "Fondation Mozaïk", nil, "Le site de la fondation et de ses programmes."),
        resource(diversity, "diversite-dans-le-recrutement", .website, "Entourage et LinkedOut", nil, "Le site de l’association et de son réseau professionnel."),
        resource(transitions, "transitions-professionnelles", .website, "Entreprise adaptée et CDD Tremplin (ministère du Travail)", "https://travail-emploi.gouv.fr/le-ministere-en-action/pic/ea-cddtremplin-pic", "Présentation de l’expérimentation."),
        resource(transitions, "transitions-professionnelles", .toolSheet, "Les entreprises d’insertion par le travail indépendant (EITI)", "https://travail-emploi.gouv.fr/emploi-et-insertion/insertion-activite-economique/article/entreprises-d-insertion-par-le-travail-independant-eiti", "Fiche du ministère du Travail."),
        resource(transitions, "transitions-professionnelles", .toolSheet, "Plaquette EITI", "https://travail-emploi.gouv.fr/IMG/pdf/plaquetteeiti-defweb-pap.pdf", "La plaquette de présentation."),
    ]
}

extension Knowledge2023 {
    static let stateKey = "community.knowledge-2023"

    /// Writes the proceedings' items once, each linked to its session of the 2023 meeting and, for
    /// a report, to the directory structure of the same name when there is one.
    static func load(on database: any Database, gazetteer: Gazetteer, logger: Logger) async throws {
        guard try await PlatformState.value(stateKey, on: database) == nil else { return }
        let sql = database.sql
        guard let event = try await sql.select().column("id").from("events").where("title", .equal, SQLBind(RegionalMeeting2023.plan.title))
            .first(decodingColumn: "id", as: UUID.self) else { return }
        let sessions = try await EventStore.sessions(of: event, on: database)
        let published = RegionalMeeting2023.plan.end
        try await database.retryingTransaction { database in
            for plan in items {
                let session = sessions.first { $0.title == plan.session }?.id
                try await KnowledgeStore.create(plan, state: .published, origin: .init(event: event, session: session),
                                                gazetteer: gazetteer, on: database, now: published)
            }
            try await PlatformState.set(stateKey, to: "\(items.count)", on: database)
        }
        logger.info("Knowledge base first content loaded", metadata: ["items": "\(items.count)"])
    }
}
