/// The words people type for what a person needs (« FLE », « permis », « loyer ») and the
/// data·inclusion thématiques they mean: the services search reads words through this table and
/// through the thématiques' own labels.
public enum ThematiqueWords {
    /// Folded words (see `SearchText`) → the thématiques, or categories, they point to.
    static let synonyms: [String: [String]] = {
        let table: [(words: String, themes: [String])] = [
            ("fle francais langue alphabetisation alpha illettrisme lire lecture ecrire ecriture asl", ["lecture-ecriture-calcul--maitriser-le-francais"]),
            ("calcul compter maths mathematiques", ["lecture-ecriture-calcul--maitriser-le-calcul"]),
            ("permis code conduire conduite autoecole", ["mobilite--preparer-un-permis"]),
            ("voiture vehicule scooter mobylette velo pret", ["mobilite--acceder-a-un-vehicule"]),
            ("garage reparation reparer panne", ["mobilite--entretenir-reparer-son-vehicule"]),
            ("transport transports bus train covoiturage", ["mobilite--mobilite-douce-partagee-collective", "mobilite--financer-ma-mobilite"]),
            ("carburant essence billet", ["mobilite--financer-ma-mobilite"]),
            ("mobilite deplacement deplacer", ["mobilite"]),
            ("numerique informatique ordinateur internet wifi tablette smartphone", ["numerique"]),
            ("logement loyer appartement hlm bailleur expulsion", ["logement-hebergement"]),
            ("hebergement urgence 115 sdf abri", ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"]),
            ("sante soins soin medecin docteur mutuelle css cmu", ["sante--acces-aux-soins"]),
            ("psy psychologue psychiatre depression", ["sante--sante-mentale"]),
            ("addiction addictions alcool drogue tabac", ["sante--addictions"]),
            ("mdph handicap invalidite rqth", ["sante--constituer-un-dossier-mdph-invalidite"]),
            ("garde creche nounou enfant enfants", ["famille--garde-denfants"]),
            ("parent parents parentalite education", ["famille--soutien-a-la-parentalite-et-a-leducation"]),
            ("violence violences separation divorce conflit", ["famille--surmonter-conflits-separation-violence"]),
            ("aidant aidants dependance dependante", ["famille--soutien-aidants", "famille--prise-en-charge-personne-dependante"]),
            ("budget argent banque dette dettes endettement surendettement microcredit", ["difficultes-financieres"]),
            ("papiers administratif administratives demarches caf droits", ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
                                                                             "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"]),
            ("sejour naturalisation citoyennete nationalite", ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete"]),
            ("justice avocat judiciaire prison", ["difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"]),
            ("discrimination", ["difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination"]),
            ("alimentaire alimentation colis nourriture repas epicerie", ["equipement-et-alimentation--alimentation"]),
            ("vetements habits habillement vestiaire", ["equipement-et-alimentation--habillement"]),
            ("meubles electromenager", ["equipement-et-alimentation--electromenager"]),
            ("emploi travail job offre offres recrutement", ["trouver-un-emploi"]),
            ("cv lettre motivation candidature", ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"]),
            ("entretien", ["trouver-un-emploi--convaincre-un-recruteur-en-entretien"]),
            ("reseau", ["preparer-sa-candidature--developper-son-reseau"]),
            ("metier orientation immersion pmsmp stage bilan", ["choisir-un-metier"]),
            ("competences", ["choisir-un-metier--identifier-ses-points-forts-et-ses-competences", "preparer-sa-candidature--valoriser-ses-competences"]),
            ("formation former apprentissage qualification diplome cpf", ["se-former"]),
            ("creation createur entreprise autoentrepreneur microentreprise", ["creer-une-entreprise"]),
            ("sport culture loisirs", ["remobilisation--activites-sportives-et-culturelles"]),
            ("benevolat", ["remobilisation--benevolat-action-citoyenne"]),
            ("confiance estime", ["remobilisation--bien-etre-confiance-en-soi"]),
            ("isolement solitude", ["remobilisation--lien-social"]),
            ("etranger international europe", ["souvrir-a-linternational"]),
        ]
        var synonyms: [String: [String]] = [:]
        for row in table {
            for word in row.words.split(separator: " ") { synonyms[String(word), default: []] += row.themes }
        }
        return synonyms
    }()

    /// Folded words of the thématiques' labels, to the thématiques they name: « logement »,
    /// « permis », « soins » are found even when the table above forgets them.
    static let labelWords: [String: Set<String>] = {
        var index: [String: Set<String>] = [:]
        for term in ServiceVocabulary.thematiques {
            for word in SearchText.queryWords(term.label) where word.count >= 4 { index[word, default: []].insert(term.value) }
        }
        return index
    }()

    /// The thématiques `text` speaks of (categories expanded), and the words that meant none.
    public static func thematiques(for text: String) -> (thematiques: Set<String>, unknown: [String]) {
        var found = Set<String>()
        var unknown: [String] = []
        for word in SearchText.queryWords(text) {
            var meant = Set<String>()
            for theme in synonyms[word] ?? [] { meant.formUnion(ServiceVocabulary.expand(theme) ?? []) }
            meant.formUnion(labelWords[word] ?? [])
            if meant.isEmpty { unknown.append(word) } else { found.formUnion(meant) }
        }
        return (found, unknown)
    }
}
