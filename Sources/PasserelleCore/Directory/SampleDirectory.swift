import Foundation

/// Invented but plausible directories: the demo's Hauts-de-France and the benchmark's France.
/// Deterministic: the same seed gives the same structures, identifiers included. Nobody real is
/// named; the organisations of the 2023 regional meeting are not among them (they are part of the
/// first content, see `SeedOrganisations`).
public enum SampleDirectory {
    /// `count` structures in the five départements of Hauts-de-France.
    public static func demo(gazetteer: Gazetteer, taxonomy: SectorTaxonomy, count: Int = 420, now: Date) -> [Structure] {
        var generator = Generator(seed: 2023_05_04, source: "demo", gazetteer: gazetteer, taxonomy: taxonomy, regionCode: "32", now: now)
        return (0..<count).map { _ in generator.next() }
    }

    /// `count` structures over all of France, communes drawn by population.
    public static func benchmark(count: Int, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, now: Date) -> [Structure] {
        var generator = Generator(seed: 50_000, source: "bench", gazetteer: gazetteer, taxonomy: taxonomy, regionCode: nil, now: now)
        return (0..<count).map { _ in generator.next() }
    }

    /// What a kind of structure typically does: sectors with their usual service types.
    static let trades: [StructureKind: [(sector: String, types: [ServiceType], words: String)]] = [
        .aci: [
            ("creation-et-entretien-des-espaces-verts", [.services], "entretien d’espaces verts et fauchage"),
            ("entretien-restauration-amenagement-des-espaces-naturels", [.services], "restauration de milieux naturels et de berges"),
            ("maraichage", [.goods], "maraîchage biologique et paniers de légumes"),
            ("recyclage-textiles", [.goods, .services], "tri et revente de vêtements de seconde main"),
            ("recyclage-delements-dameublement-dae-et-petits-objets", [.goods, .services], "ressourcerie : collecte, valorisation et vente d’objets"),
            ("peinture-revetement-des-murs", [.services], "second œuvre : peinture et revêtements"),
            ("nettoyage-de-locaux-16", [.services], "nettoyage de locaux et de parties communes"),
            ("reparation-de-velos-14", [.services, .goods], "atelier de réparation et de vente de vélos"),
            ("couture-reprisage-retouches", [.services, .goods], "couture, retouches et confection"),
        ],
        .ei: [
            ("nettoyage-de-locaux-16", [.services], "propreté de bureaux et d’immeubles"),
            ("nettoyage-industriel", [.services], "nettoyage industriel"),
            ("travaux-de-chantiers-74", [.services], "travaux de bâtiment et de voirie"),
            ("collecte-des-dechets-dequipements-electriques-et-electroniques-deee", [.services], "collecte et démantèlement de DEEE"),
            ("restauration-collective", [.services, .goods], "restauration collective et portage de repas"),
            ("logistique-conditionnement", [.services], "logistique, préparation de commandes et conditionnement"),
            ("reconditionnement-informatique", [.goods], "reconditionnement d’ordinateurs et de téléphones"),
            ("blanchisserie", [.services], "blanchisserie industrielle"),
        ],
        .ai: [
            ("aide-menagere", [.staffing], "aide ménagère chez les particuliers"),
            ("nettoyage-de-locaux-16", [.staffing], "mise à disposition d’agents d’entretien"),
            ("manutention", [.staffing], "manutention et renfort logistique"),
            ("entretien-des-jardins", [.staffing], "jardinage chez les particuliers"),
            ("petits-travaux", [.staffing], "petits travaux et bricolage"),
        ],
        .etti: [
            ("travaux-de-chantiers-74", [.staffing], "intérim dans le bâtiment et les travaux publics"),
            ("logistique-conditionnement", [.staffing], "intérim en logistique"),
            ("sous-traitance-industrielle-generale-53", [.staffing], "intérim dans l’industrie"),
            ("nettoyage-de-locaux-16", [.staffing], "intérim dans la propreté"),
        ],
        .eiti: [
            ("services-dartisanat", [.services], "artisans indépendants accompagnés"),
            ("creation-de-sites-internets-webmastering-70", [.services], "indépendants du numérique"),
            ("coursiers-livraison-de-plis-colis", [.services], "coursiers à vélo indépendants"),
            ("traiteur", [.services, .goods], "traiteurs indépendants"),
        ],
        .geiq: [
            ("travaux-de-chantiers-74", [.staffing], "qualification aux métiers des travaux publics"),
            ("agriculture", [.staffing], "qualification aux métiers agricoles"),
            ("nettoyage-de-locaux-16", [.staffing], "qualification aux métiers de la propreté"),
            ("sous-traitance-industrielle-generale-53", [.staffing], "qualification aux métiers de l’industrie"),
            ("soins-et-accompagnement", [.staffing], "qualification aux métiers de l’aide à domicile"),
        ],
        .ea: [
            ("sous-traitance-industrielle-generale-53", [.services], "sous-traitance industrielle et assemblage"),
            ("nettoyage-de-locaux-16", [.services], "nettoyage de bureaux"),
            ("creation-et-entretien-des-espaces-verts", [.services], "création et entretien d’espaces verts"),
            ("numerisation-ged", [.services], "numérisation et gestion électronique de documents"),
            ("accueil-hotline", [.services, .staffing], "accueil téléphonique et relation client"),
            ("logistique-conditionnement", [.services], "conditionnement et routage"),
            ("conception-de-logiciels", [.services], "développement d’applications"),
        ],
        .eatt: [
            ("logistique-conditionnement", [.staffing], "intérim en logistique pour travailleurs handicapés"),
            ("accueil-hotline", [.staffing], "intérim administratif"),
            ("sous-traitance-industrielle-generale-53", [.staffing], "intérim dans l’industrie"),
        ],
        .esat: [
            ("creation-et-entretien-des-espaces-verts", [.services], "entretien d’espaces verts"),
            ("blanchisserie", [.services], "blanchisserie"),
            ("logistique-conditionnement", [.services], "conditionnement à façon"),
            ("restaurants-cantines", [.services, .goods], "restauration et traiteur"),
            ("impressions", [.services, .goods], "imprimerie et reprographie"),
            ("mailing-archivage-secretariat-52", [.services], "mise sous pli et archivage"),
            ("travail-du-bois", [.goods], "menuiserie et fabrication de mobilier"),
        ],
    ]

    static let kindWeights: [(StructureKind, Int)] = [
        (.aci, 30), (.ei, 16), (.ai, 12), (.etti, 6), (.eiti, 2), (.geiq, 5), (.ea, 14), (.eatt, 3), (.esat, 12),
    ]

    static let networks: [StructureKind: [String]] = [
        .aci: ["Chantier École", "Coorace", "Fédération des acteurs de la solidarité", "Réseau Cocagne"],
        .ei: ["Fédération des entreprises d’insertion", "Coorace"],
        .ai: ["Coorace", "UNAI"],
        .etti: ["Fédération des entreprises d’insertion"],
        .eiti: ["Fédération des entreprises d’insertion"],
        .geiq: ["Fédération française des GEIQ"],
        .ea: ["UNEA"],
        .eatt: ["UNEA"],
        .esat: ["Andicat", "Unapei"],
    ]

    static let labels = ["ISO 9001", "ISO 14001", "RSEi", "Qualibat", "ESUS", "Ecocert", "Imprim’Vert"]

    static let clientKinds = [
        "Bailleur social", "Communauté d’agglomération", "Centre hospitalier", "Commune", "Conseil départemental",
        "Entreprise de logistique", "Groupe industriel", "Syndic de copropriété", "Établissement scolaire", "Grande distribution",
    ]

    static let namePatterns: [StructureKind: [String]] = [
        .aci: ["Chantier %@", "Atelier %@", "Jardins %@", "Ressourcerie %@", "Recyclerie %@"],
        .ei: ["%@ Services", "Entreprise d’insertion %@", "Net’%@", "%@ Environnement"],
        .ai: ["Association intermédiaire %@", "Solidarité Emploi %@", "Coup de main %@"],
        .etti: ["Intérim solidaire %@", "ETTI %@"],
        .eiti: ["Indépendants solidaires %@"],
        .geiq: ["GEIQ %@"],
        .ea: ["Entreprise adaptée %@", "%@ Industrie adaptée", "Ateliers %@"],
        .eatt: ["Intérim adapté %@"],
        .esat: ["ESAT %@", "ESAT les Ateliers %@"],
    ]

    struct Generator {
        var random: SeededRandom
        let gazetteer: Gazetteer
        let taxonomy: SectorTaxonomy
        let draw: CommuneDraw
        let now: Date
        let source: String
        var serial = 0

        init(seed: UInt64, source: String, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, regionCode: String?, now: Date) {
            random = SeededRandom(seed: seed)
            self.source = source
            self.gazetteer = gazetteer
            self.taxonomy = taxonomy
            self.now = now
            draw = CommuneDraw(gazetteer: gazetteer, regionCode: regionCode)
        }

        mutating func pickCommune() -> Commune { draw.pick(&random) }

        mutating func pickKind() -> StructureKind {
            let total = kindWeights.reduce(0) { $0 + $1.1 }
            var roll = random.nextInt(total)
            for (kind, weight) in kindWeights {
                if roll < weight { return kind }
                roll -= weight
            }
            return .aci
        }

        mutating func next() -> Structure {
            serial += 1
            let kind = pickKind()
            let commune = pickCommune()
            let trades = (SampleDirectory.trades[kind] ?? []).filter { taxonomy.sector($0.sector) != nil }
            let activityCount = min(trades.count, 1 + random.nextInt(3))
            var chosen: [(sector: String, types: [ServiceType], words: String)] = []
            while chosen.count < activityCount {
                let trade = trades[random.nextInt(trades.count)]
                if !chosen.contains(where: { $0.sector == trade.sector }) { chosen.append(trade) }
            }
            let activities = chosen.map { trade in
                Activity(sectorSlug: trade.sector, serviceTypes: trade.types, reach: reach(for: kind, commune: commune), description: trade.words.prefix(1).uppercased() + trade.words.dropFirst())
            }
            let place = commune.name.name
            let pattern = SampleDirectory.namePatterns[kind]!.randomElement(using: &random)!
            let flavour = ["du Val", "des Prés", "de l’Avenir", "Horizon", "Ensemble", "Tremplin", "Envol", "Rebond"]
            let qualifier = random.nextInt(3) == 0 ? flavour[random.nextInt(flavour.count)] : place
            let name = pattern.replacingOccurrences(of: "%@", with: qualifier) + (qualifier == place ? "" : " \(place)")
            let slug = SearchText.fold(name).replacingOccurrences(of: " ", with: "-") + "-\(serial)"
            let insertion = kind == .esat ? nil : 5 + random.nextInt(kind.family == .disability ? 60 : 45)
            let sectors = chosen.map(\.words).joined(separator: ", ")
            let description = "\(kind.label) \(commune.name.withDe), fondée pour ouvrir l’emploi à des personnes qui en sont éloignées : \(sectors)."
            let id = random.nextUUID()
            return Structure(
                id: id,
                siret: random.nextInt(10) < 9 ? random.nextSiret() : nil,
                source: source, sourceId: "\(serial)",
                name: name,
                kind: kind,
                description: description,
                address: "\(1 + random.nextInt(120)) \(["rue de la Gare", "avenue Jean Jaurès", "rue Victor Hugo", "zone d’activités du Moulin", "rue des Métiers", "place de la Mairie"].randomElement(using: &random)!)",
                communeCode: commune.code,
                coordinates: commune.centre.map { GeoPoint(latitude: $0.latitude + (random.nextDouble() - 0.5) * 0.01, longitude: $0.longitude + (random.nextDouble() - 0.5) * 0.01) },
                phone: String(format: "03 53 01 %02d %02d", random.nextInt(100), random.nextInt(100)),
                email: "contact@\(slug).example",
                website: random.nextInt(3) == 0 ? nil : "https://\(slug).example",
                networks: random.nextInt(3) == 0 ? [] : [SampleDirectory.networks[kind]!.randomElement(using: &random)!],
                labels: random.nextInt(4) == 0 ? [SampleDirectory.labels.randomElement(using: &random)!] : [],
                insertionStaff: insertion,
                permanentStaff: 2 + random.nextInt(kind == .esat ? 80 : 25),
                yearFounded: 1980 + random.nextInt(43),
                clientReferences: (0..<random.nextInt(4)).map { _ in SampleDirectory.clientKinds.randomElement(using: &random)! },
                inQPV: random.nextInt(7) == 0,
                inZRR: commune.population < 2000 && random.nextInt(3) == 0,
                updatedAt: now.addingTimeInterval(-Double(random.nextInt(400)) * 86_400),
                activities: activities
            )
        }

        mutating func reach(for kind: StructureKind, commune: Commune) -> Reach {
            let roll = random.nextInt(10)
            switch kind {
            case .aci, .ai:
                return roll < 7 ? .radius(km: Double([10, 15, 20, 25, 30, 40][random.nextInt(6)])) : .perimeters([.departement(commune.departementCode)])
            case .ei, .ea, .esat:
                if roll == 0 && kind != .esat { return .national }
                if roll < 6 { return .radius(km: Double([20, 30, 40, 50, 60, 80][random.nextInt(6)])) }
                if roll < 8, let epci = commune.epciSiren { return .perimeters([.epci(epci), .departement(commune.departementCode)]) }
                return .perimeters([.departement(commune.departementCode)])
            case .etti, .geiq, .eatt, .eiti:
                return roll < 6 ? .perimeters([.departement(commune.departementCode)]) : .perimeters([.region(commune.regionCode)])
            }
        }
    }
}

/// Communes drawn by population for invented data: larger towns get more, but not in proportion,
/// so that small towns have some too.
public struct CommuneDraw: Sendable {
    let communes: [Commune]
    let cumulative: [Double]

    public init(gazetteer: Gazetteer, regionCode: String?) {
        communes = gazetteer.communes.filter { commune in
            commune.kind == .commune && commune.centre != nil && (regionCode == nil || commune.regionCode == regionCode)
        }
        var total = 0.0
        cumulative = communes.map { commune in
            total += pow(Double(max(commune.population, 50)), 0.8)
            return total
        }
    }

    public func pick(_ random: inout SeededRandom) -> Commune {
        let target = random.nextDouble() * (cumulative.last ?? 1)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < target { low = mid + 1 } else { high = mid }
        }
        return communes[low]
    }
}

/// A small, fast, deterministic random number generator (SplitMix64).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func nextInt(_ upperBound: Int) -> Int { Int(next() % UInt64(max(upperBound, 1))) }
    public mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func nextUUID() -> UUID {
        let high = next(), low = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (8 * index))
            bytes[index + 8] = UInt8(truncatingIfNeeded: low >> (8 * index))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A SIRET that passes the Luhn check (never La Poste's SIREN).
    public mutating func nextSiret() -> String {
        var digits = (0..<13).map { _ in nextInt(10) }
        if digits[0] == 3 && digits[1] == 5 && digits[2] == 6 { digits[0] = 4 }
        for check in 0...9 {
            let candidate = digits.map(String.init).joined() + String(check)
            if Siret.luhn(candidate) { return candidate }
        }
        return ""
    }
}
