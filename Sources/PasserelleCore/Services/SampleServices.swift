import Foundation

/// Invented but plausible partner services for the demo (Hauts-de-France) and the benchmark
/// (France). Deterministic; providers are invented names of kinds of partners; no person, no real
/// contact: addresses are « rue de la Gare »-like, mails end in `.example`.
public enum SampleServices {
    struct Template {
        var thematiques: [String]
        var type: String
        var name: String
        var description: String
        var provider: String
        var publics: [String]
        /// How often it is also (or only) offered remotely, out of 10.
        var remote: Int
    }

    static let templates: [Template] = [
        Template(thematiques: ["choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"], type: "atelier", name: "Découvrir les métiers qui recrutent",
                 description: "Des matinées pour découvrir les métiers du territoire avec des professionnels, visiter une entreprise et préparer une immersion.", provider: "Maison de l’emploi", publics: ["demandeurs-emploi", "jeunes"], remote: 1),
        Template(thematiques: ["creer-une-entreprise--definir-son-projet-de-creation-dentreprise"], type: "accompagnement", name: "Tester son idée d’entreprise",
                 description: "Un conseiller aide à vérifier la viabilité d’un projet de création, à bâtir un premier budget et à connaître les aides.", provider: "Boutique de gestion", publics: ["tous-publics"], remote: 3),
        Template(thematiques: ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"], type: "accompagnement", name: "Aide aux démarches administratives",
                 description: "Permanences pour constituer un dossier, ouvrir ses droits, répondre à un courrier de l’administration, avec ou sans rendez-vous.", provider: "Centre social", publics: ["tous-publics"], remote: 2),
        Template(thematiques: ["difficultes-financieres--ameliorer-sa-gestion-budgetaire"], type: "accompagnement", name: "Point conseil budget",
                 description: "Un conseiller aide à faire le point sur le budget, prévenir le surendettement et négocier avec les créanciers.", provider: "Point conseil budget", publics: ["tous-publics"], remote: 4),
        Template(thematiques: ["equipement-et-alimentation--alimentation"], type: "aide-materielle", name: "Épicerie solidaire",
                 description: "Des produits du quotidien à petit prix pour les personnes orientées par un travailleur social, et des ateliers cuisine.", provider: "Épicerie solidaire", publics: ["beneficiaires-des-minimas-sociaux", "familles"], remote: 0),
        Template(thematiques: ["famille--garde-denfants"], type: "accompagnement", name: "Solution de garde pour reprendre un emploi",
                 description: "Une place en crèche ou chez une assistante maternelle, trouvée vite pour un parent qui commence un emploi ou une formation.", provider: "Relais petite enfance", publics: ["familles", "demandeurs-emploi"], remote: 1),
        Template(thematiques: ["lecture-ecriture-calcul--maitriser-le-francais"], type: "formation", name: "Cours de français à visée professionnelle",
                 description: "Des cours de français en petits groupes, de l’alphabétisation au niveau B1, avec le vocabulaire des métiers et des entretiens d’embauche.", provider: "Association de formation linguistique", publics: ["personnes-exilees", "demandeurs-emploi"], remote: 2),
        Template(thematiques: ["lecture-ecriture-calcul--maitriser-le-calcul"], type: "atelier", name: "Remise à niveau en calcul",
                 description: "Des ateliers pour reprendre les bases du calcul utiles au travail : mesures, pourcentages, lecture d’un bulletin de paie.", provider: "Centre de formation de base", publics: ["tous-publics"], remote: 2),
        Template(thematiques: ["logement-hebergement--louer-un-logement", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"], type: "accompagnement", name: "Accompagnement vers le logement",
                 description: "Un travailleur social aide à monter la demande de logement social, cherche une solution temporaire et prépare l’entrée dans les lieux.", provider: "Association d’aide au logement", publics: ["tous-publics"], remote: 0),
        Template(thematiques: ["mobilite--preparer-un-permis"], type: "formation", name: "Auto-école sociale",
                 description: "Le code et la conduite à tarif réduit, avec une pédagogie adaptée, pour les personnes à qui le permis ouvre un emploi.", provider: "Auto-école sociale", publics: ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"], remote: 0),
        Template(thematiques: ["mobilite--acceder-a-un-vehicule"], type: "aide-materielle", name: "Location solidaire de scooters et de voitures",
                 description: "Un véhicule loué quelques euros par jour pour aller travailler ou se former, le temps de trouver une solution durable.", provider: "Plateforme de mobilité", publics: ["demandeurs-emploi", "actifs"], remote: 0),
        Template(thematiques: ["numerique--maitriser-les-fondamentaux-du-numerique"], type: "atelier", name: "Premiers pas avec l’ordinateur",
                 description: "Des ateliers pour utiliser un ordinateur et un téléphone, créer une adresse électronique et faire ses démarches en ligne.", provider: "Espace numérique", publics: ["tous-publics"], remote: 3),
        Template(thematiques: ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"], type: "atelier", name: "Atelier CV et lettre de motivation",
                 description: "Faire un CV clair et une lettre adaptée à chaque offre, avec un conseiller et les outils en ligne.", provider: "Mission locale", publics: ["jeunes"], remote: 4),
        Template(thematiques: ["remobilisation--bien-etre-confiance-en-soi"], type: "accompagnement", name: "Reprendre confiance",
                 description: "Un parcours collectif de quelques semaines pour reprendre un rythme, faire le point sur ses freins et se fixer des objectifs.", provider: "Centre social", publics: ["beneficiaires-des-minimas-sociaux"], remote: 1),
        Template(thematiques: ["sante--acces-aux-soins"], type: "accompagnement", name: "Accès aux soins et bilan de santé",
                 description: "Ouvrir ses droits à l’assurance maladie, trouver un médecin traitant, passer un bilan de santé gratuit.", provider: "Centre d’examens de santé", publics: ["tous-publics"], remote: 1),
        Template(thematiques: ["se-former--trouver-sa-formation"], type: "information", name: "Trouver sa formation",
                 description: "Informations sur les formations du territoire, leurs financements et les démarches pour s’inscrire.", provider: "Point information formation", publics: ["tous-publics"], remote: 5),
        Template(thematiques: ["souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger"], type: "information", name: "Travailler en Europe",
                 description: "Informations et conseils pour partir travailler ou se former dans un autre pays d’Europe.", provider: "Centre d’information Europe", publics: ["jeunes", "demandeurs-emploi"], remote: 7),
        Template(thematiques: ["trouver-un-emploi--convaincre-un-recruteur-en-entretien"], type: "atelier", name: "Se préparer aux entretiens",
                 description: "Des simulations d’entretien filmées avec des recruteurs bénévoles, et les conseils pour se présenter.", provider: "Association de parrainage", publics: ["tous-publics"], remote: 3),
    ]

    /// At least `count` services in Hauts-de-France over every category; one in six or so remote.
    public static func demo(count: Int = 320, gazetteer: Gazetteer, now: Date) -> [Service] {
        generate(count: count, seed: 2026_12_01, source: "demo", regionCode: "32", gazetteer: gazetteer, now: now)
    }

    /// `count` services over all of France, for the benchmark.
    public static func benchmark(count: Int, gazetteer: Gazetteer, now: Date) -> [Service] {
        generate(count: count, seed: 100_000, source: "bench", regionCode: nil, gazetteer: gazetteer, now: now)
    }

    static func generate(count: Int, seed: UInt64, source: String, regionCode: String?, gazetteer: Gazetteer, now: Date) -> [Service] {
        var random = SeededRandom(seed: seed)
        let draw = CommuneDraw(gazetteer: gazetteer, regionCode: regionCode)
        return (0..<count).map { serial in
            // Every template in turn first, so that every category is there even in a small set.
            let template = serial < templates.count ? templates[serial] : templates[random.nextInt(templates.count)]
            let commune = draw.pick(&random)
            let remoteRoll = random.nextInt(10)
            let modes: [ReceptionMode] = remoteRoll < template.remote ? (remoteRoll % 2 == 0 ? [.remote] : [.onSite, .remote]) : [.onSite]
            let zone: [String] = switch random.nextInt(4) {
            case 0: []
            case 1: [commune.departementCode]
            case 2: commune.epciSiren.map { [$0] } ?? [commune.departementCode]
            default: modes == [.remote] ? (regionCode == nil ? ["france"] : [commune.departementCode]) : []
            }
            let provider = "\(template.provider) \(commune.name.withDe)"
            let slug = SearchText.fold(template.provider).split(separator: " ").prefix(2).joined(separator: "-")
            let mobilisation: [MobilisationMode] = [[.phone, .email], [.email], [.visit, .phone], [.link]][random.nextInt(4)]
            let updated = now.addingTimeInterval(-Double(random.nextInt(700)) * 86_400)
            let detailed = random.nextInt(3) > 0
            return Service(
                id: random.nextUUID(), provider: ServiceProvider(name: provider), source: source, sourceId: "\(serial + 1)",
                name: template.name, description: detailed ? template.description + " Accueil sur rendez-vous ; les professionnels orientent par la plateforme et reçoivent une réponse sous quelques jours." : template.description,
                type: template.type, thematiques: template.thematiques, publics: template.publics, fee: random.nextInt(8) == 0 ? .paying : .free,
                feeDetails: nil, receptionModes: modes, zone: EligibilityZone(zone),
                address: modes.contains(.onSite) ? "\(1 + random.nextInt(120)) \(["rue de la Gare", "place de la Mairie", "rue Jean-Jaurès", "avenue de la République"][random.nextInt(4)])" : nil,
                communeCode: modes.contains(.onSite) ? commune.code : nil, coordinates: modes.contains(.onSite) ? commune.centre : nil,
                phone: mobilisation.contains(.phone) || mobilisation.contains(.visit) ? String(format: "03 %02d %02d %02d %02d", random.nextInt(100), random.nextInt(100), random.nextInt(100), random.nextInt(100)) : nil,
                email: mobilisation.contains(.email) ? "accueil@\(slug)-\(serial + 1).example" : nil,
                mobilisationLink: mobilisation.contains(.link) ? "https://\(slug)-\(serial + 1).example/rendez-vous" : nil,
                mobilisationModes: mobilisation, mobilisers: random.nextInt(3) == 0 ? ["professionnels", "usagers"] : ["professionnels"],
                weeklyHours: template.type == "formation" ? Double(6 + random.nextInt(15)) : nil, weeks: template.type == "formation" ? 4 + random.nextInt(20) : nil,
                status: .published, updatedAt: updated
            )
        }
    }
}
