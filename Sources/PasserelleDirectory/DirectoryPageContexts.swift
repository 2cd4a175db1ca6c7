import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// Everything the search page shows; filled by `DirectoryPages.search`.
package struct SearchPageContext: Encodable {
    /// What to do next when the search finds few structures.
    package var invitation: FewResultsInvitation?
    package struct Option: Encodable {
        package var value: String
        package var label: String
        package var checked: Bool
        package var count: String?
    }

    package struct KindFamily: Encodable {
        package var label: String
        package var kinds: [Option]
    }

    package struct Item: Encodable {
        package var name: String
        package var brand: String?
        package var href: String
        package var kind: String
        package var kindLabel: String
        package var place: String
        package var sectors: String
        package var reasons: [String]
        package var distance: String?
        package var latitude: Double?
        package var longitude: Double?
    }

    package var layout: Layout
    /// The result list and the kind boxes, written in Swift (see `HTMLFragments`): as Leaf
    /// loops they made the page several times slower than the API.
    package var itemsHTML = ""
    package var kindFamiliesHTML = ""
    package var text: String
    package var communeText: String
    package var communeCode: String
    package var modeNear: Bool
    package var radii: [Option]
    package var kindFamilies: [KindFamily]
    package var sectorGroupsHTML: String
    package var serviceTypes: [Option]
    package var departementOptionsHTML: String
    package var regionOptionsHTML: String
    package var sorts: [Option]
    /// "1 choisi", "3 choisis", or nothing.
    package var chosenSectors: String?
    package var error: String?
    package var placeNote: String?
    package var hasResults = false
    package var summary = ""
    package var items: [Item] = []
    package var hasItems = false
    package var pagination = Pagination(page: 1, pages: 1) { _ in "" }
    package var pageNote = ""
    package var csvHref = ""
    package var mapNote = ""

    /// What the template reads; the lists it does not loop over any more stay out of Leaf's data.
    package enum CodingKeys: String, CodingKey {
        case layout, itemsHTML, kindFamiliesHTML, text, communeText, communeCode, modeNear, radii, sectorGroupsHTML
        case serviceTypes, departementOptionsHTML, regionOptionsHTML, sorts, chosenSectors, error, placeNote, hasResults
        case summary, hasItems, pagination, pageNote, csvHref, mapNote, invitation
    }

    package init(form: SearchForm, reference: ReferenceData, request: Request) {
        let place = form.communeCode.flatMap(reference.gazetteer.commune)
        var title = "Structures inclusives"
        if let place { title += form.mode == "near" ? " près \(place.name.withDe)" : " intervenant à \(place.name.name)" }
        layout = Layout(title: "\(title) — Passerelle", section: "structures", breadcrumbs: [Layout.Crumb(label: "Annuaire des structures")], request: request)
        text = form.text
        communeText = form.communeText
        communeCode = form.communeCode ?? ""
        modeNear = form.mode == "near"
        radii = SearchForm.radii.map { Option(value: $0, label: "\($0) km", checked: $0 == form.radius) }
        kindFamilies = StructureKind.Family.allCases.map { family in
            KindFamily(label: family.label, kinds: family.kinds.map {
                Option(value: $0.rawValue, label: "\($0.acronym) — \($0.label)", checked: form.kinds.contains($0.rawValue))
            })
        }
        sectorGroupsHTML = reference.taxonomy.groups.map { group in
            let sectors = group.sectors.map { HTMLFragments.Choice(value: $0.slug, label: $0.name, chosen: form.sectors.contains($0.slug)) }
            let all = HTMLFragments.Choice(value: group.slug, label: "Tout le groupe « \(group.name) »", chosen: form.sectorGroups.contains(group.slug))
            return "<details class=\"sector-group\"\(sectors.contains(where: \.chosen) ? " open" : "")><summary>\(HTMLFragments.escape(group.name))</summary>"
                + HTMLFragments.checkbox(id: "group-\(group.slug)", name: "sector_group", all)
                + sectors.map { HTMLFragments.checkbox(id: "sector-\($0.value)", name: "sector", $0) }.joined()
                + "</details>"
        }.joined()
        let chosen = form.sectors.count + form.sectorGroups.count
        chosenSectors = chosen == 0 ? nil : French.count(chosen, "choisi")
        serviceTypes = ServiceType.allCases.map { Option(value: $0.rawValue, label: $0.label, checked: form.serviceTypes.contains($0.rawValue)) }
        departementOptionsHTML = HTMLFragments.options(reference.gazetteer.departements.map {
            HTMLFragments.Choice(value: $0.code, label: "\($0.code) — \($0.name.name)", chosen: $0.code == form.departement)
        })
        regionOptionsHTML = HTMLFragments.options(reference.gazetteer.regions.map {
            HTMLFragments.Choice(value: $0.code, label: $0.name.name, chosen: $0.code == form.region)
        })
        kindFamiliesHTML = Self.html(kindFamilies)
        sorts = StructureQuery.Sort.allCases.map { Option(value: $0.rawValue, label: $0.label, checked: $0.rawValue == form.sort) }
        if let guessed = form.guessedCommune {
            placeNote = "Commune retenue : \(guessed.name.name) (\(guessed.departementCode)). Si ce n’est pas la bonne, précisez le code postal."
        } else if form.unknownCommune {
            error = "Aucune commune ne correspond à « \(form.communeText) ». Vérifiez l’orthographe ou saisissez un code postal."
        }
    }

    package mutating func fill(with result: StructureSearchResult, query: StructureQuery, form: SearchForm, reference: ReferenceData) {
        guard error == nil else { return }
        hasResults = true
        let gazetteer = reference.gazetteer
        let total = result.total
        summary = total == 0 ? "Aucune structure ne correspond à cette recherche." : "\(French.count(total, "structure")) \(total > 1 ? "correspondent" : "correspond") à cette recherche."
        for family in kindFamilies.indices {
            for kind in kindFamilies[family].kinds.indices {
                let value = StructureKind(rawValue: kindFamilies[family].kinds[kind].value)!
                kindFamilies[family].kinds[kind].count = French.number(result.countsByKind[value] ?? 0)
            }
        }
        items = result.hits.map { hit in
            let structure = hit.structure
            let commune = structure.communeCode.flatMap(gazetteer.commune)
            return Item(
                name: structure.name, brand: structure.brand.flatMap { $0 == structure.name ? nil : $0 },
                href: Links.structure(structure.id), kind: structure.kind.acronym, kindLabel: structure.kind.label,
                place: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? "Commune non renseignée",
                sectors: structure.sectorSlugs.compactMap { reference.taxonomy.sector($0)?.name }.joined(separator: " · "),
                reasons: hit.reasons, distance: hit.distanceKm.map { $0 < 0.5 ? "même commune" : "à \(DistanceFormat.kilometres($0))" },
                latitude: structure.coordinates?.latitude, longitude: structure.coordinates?.longitude
            )
        }
        let base = form.items
        csvHref = Links.csv(base.filter { $0.0 != "size" })
        let pageCount = result.pages
        if pageCount > 0 {
            pageNote = "Page \(result.page) sur \(French.number(pageCount))"
        }
        func link(_ page: Int) -> String { Links.search(base + (page > 1 ? [("page", String(page))] : [])) }
        pagination = Pagination(page: result.page, pages: pageCount, href: link)
        itemsHTML = items.map(Self.html).joined()
        hasItems = !items.isEmpty
        kindFamiliesHTML = Self.html(kindFamilies)
        let located = items.filter { $0.latitude != nil }.count
        mapNote = "Carte des \(French.count(located, "structure")) de cette page. La liste ci-dessous donne les mêmes résultats."
    }
}

extension SearchPageContext {
    package static func html(_ item: Item) -> String {
        let e = HTMLFragments.escape
        var html = "<li class=\"result\" data-lat=\"\(item.latitude.map { String($0) } ?? "")\" data-lon=\"\(item.longitude.map { String($0) } ?? "")\" data-name=\"\(e(item.name))\" data-href=\"\(e(item.href))\">"
        html += "<h3><a href=\"\(e(item.href))\">\(e(item.name))</a></h3>"
        if let brand = item.brand { html += "<p class=\"brand-name\">\(e(brand))</p>" }
        html += "<p class=\"meta\"><abbr title=\"\(e(item.kindLabel))\" class=\"tag\">\(e(item.kind))</abbr> <span>\(e(item.place))</span>"
        if let distance = item.distance { html += " <span>· \(e(distance))</span>" }
        html += "</p>"
        if !item.sectors.isEmpty { html += "<p class=\"sectors\">\(e(item.sectors))</p>" }
        if !item.reasons.isEmpty {
            html += "<ul class=\"reasons\" aria-label=\"Pourquoi ce résultat\">" + item.reasons.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        return html + "</li>"
    }

    package static func html(_ families: [KindFamily]) -> String {
        let e = HTMLFragments.escape
        return families.map { family in
            "<fieldset class=\"subgroup\"><legend>\(e(family.label))</legend>" + family.kinds.map { kind in
                let count = kind.count.map { " <span class=\"count\">(\(e($0)))</span>" } ?? ""
                return "<div class=\"check\"><input type=\"checkbox\" id=\"kind-\(e(kind.value))\" name=\"kind\" value=\"\(e(kind.value))\"\(kind.checked ? " checked" : "")><label for=\"kind-\(e(kind.value))\">\(e(kind.label))\(count)</label></div>"
            }.joined() + "</fieldset>"
        }.joined()
    }
}

/// Everything a structure's profile page shows.
package struct ProfileContext: Encodable {
    package struct ActivityItem: Encodable {
        package var sector: String
        package var group: String
        package var serviceTypes: String
        package var reach: String
        package var description: String?
        /// The activity's edit and deletion pages, for those who may edit.
        package var editHref: String?
        package var deleteHref: String?
    }

    package struct ChangeItem: Encodable {
        package var date: String
        package var actor: String
        package var summary: String
    }

    package var layout: Layout
    package var id: String
    package var name: String
    package var brand: String?
    package var kind: String
    package var kindLabel: String
    package var family: String
    package var siret: String?
    package var description: [String]
    package var address: String?
    package var communeLine: String?
    package var departement: String?
    package var region: String?
    package var phone: String?
    package var email: String?
    package var website: String?
    package var networks: [String]
    package var labels: [String]
    package var staff: [String]
    package var yearFounded: Int?
    package var clientReferences: [String]
    package var territoryFlags: [String]
    package var updatedAt: String
    package var activities: [ActivityItem]
    package var dataInclusionHref: String
    package var apiHref: String
    package var history: [ChangeItem]
    package var latitude: Double?
    package var longitude: Double?
    /// Who manages the profile, as the viewer sees it (from the accounts module, `DirectoryParticipants`).
    package var management: ProfileManagement?
    /// The viewer may edit the profile: links to the edit pages.
    package var editable: Bool
    package var editHref: String
    package var addActivityHref: String
    /// The viewer comes back from saving an edit.
    package var justSaved = false

    package struct Report: Encodable {
        package var title: String
        package var href: String

        package init(title: String, href: String) {
            self.title = title
            self.href = href
        }
    }

    /// The structure's published experience reports (set by the community module).
    package var reports: [Report] = []

    package struct Hidden: Encodable {
        package var on: String
        package var reason: String
    }

    /// Set when the moderation hid the profile (only its members and moderators see it then).
    package var hidden: Hidden?

    package struct Moderation: Encodable {
        package var hideHref: String?
        package var restoreAction: String?
        package var csrf: String?
    }

    /// The moderation box, for the platform team and the territory's stewards.
    package var moderation: Moderation?

    /// - Parameters:
    ///   - showsEditors: whether the history names the people who made changes (else their role).
    ///   - editable: whether the viewer may edit the profile.
    package init(structure: Structure, history: [DirectoryQueries.Change], reference: ReferenceData, request: Request, showsEditors: Bool = false, editable: Bool = false) {
        let gazetteer = reference.gazetteer
        let commune = structure.communeCode.flatMap(gazetteer.commune)
        layout = Layout(
            title: "\(structure.name) — \(structure.kind.acronym)\(commune.map { " à \($0.name.name)" } ?? "") — Passerelle",
            section: "structures",
            breadcrumbs: [Layout.Crumb(label: "Annuaire des structures", href: DirectoryPaths.search.link()), Layout.Crumb(label: structure.name)],
            request: request
        )
        id = structure.id.uuidString.lowercased()
        name = structure.name
        brand = structure.brand.flatMap { $0 == structure.name ? nil : $0 }
        kind = structure.kind.acronym
        kindLabel = structure.kind.label
        family = structure.kind.family.label
        siret = structure.siret.map { siret in
            let digits = Array(siret)
            return [digits[0..<3], digits[3..<6], digits[6..<9], digits[9...]].map { String($0) }.joined(separator: " ")
        }
        description = (structure.description ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        address = structure.address
        communeLine = commune.map { "\($0.postalCodes.first.map { $0 + " " } ?? "")\($0.name.name)" }
        departement = commune.flatMap { gazetteer.departement($0.departementCode) }.map { "\($0.name.name) (\($0.code))" }
        region = commune.flatMap { gazetteer.region($0.regionCode)?.name.name }
        phone = structure.phone
        email = structure.email
        website = structure.website
        networks = structure.networks
        labels = structure.labels
        var staff: [String] = []
        if let count = structure.insertionStaff { staff.append("\(French.count(count, "salarié")) en insertion") }
        if let count = structure.permanentStaff { staff.append("\(French.count(count, "salarié")) \(count > 1 ? "permanents" : "permanent")") }
        self.staff = staff
        yearFounded = structure.yearFounded
        clientReferences = structure.clientReferences
        var flags: [String] = []
        if structure.inQPV { flags.append("Située en quartier prioritaire de la politique de la ville (QPV)") }
        if structure.inZRR { flags.append("Située en zone de revitalisation rurale (ZRR / France Ruralités Revitalisation)") }
        territoryFlags = flags
        updatedAt = DateText.frenchDay(structure.updatedAt)
        self.editable = editable
        editHref = DirectoryPaths.editProfile.link(structure.id)
        addActivityHref = DirectoryPaths.newActivity.link(structure.id)
        activities = structure.activities.enumerated().map { position, activity in
            let sector = reference.taxonomy.sector(activity.sectorSlug)
            return ActivityItem(
                sector: sector?.name ?? activity.sectorSlug,
                group: sector.flatMap { reference.taxonomy.group($0.groupSlug)?.name } ?? "",
                serviceTypes: activity.serviceTypes.map(\.label).joined(separator: ", "),
                reach: gazetteer.describe(activity.reach, aroundCommune: structure.communeCode),
                description: activity.description,
                editHref: editable ? DirectoryPaths.activity.link(structure.id, position + 1) : nil,
                deleteHref: editable ? DirectoryPaths.deleteActivity.link(structure.id, position + 1) : nil
            )
        }
        dataInclusionHref = Links.dataInclusion(structure.id)
        apiHref = "/api/v1/structures/\(id)"
        self.history = history.map { change in
            let actor = showsEditors ? change.userName.map { "\($0) (\(change.actor))" } ?? change.actor : change.actor
            return ChangeItem(date: DateText.frenchDay(change.at), actor: actor, summary: change.summary)
        }
        latitude = structure.coordinates?.latitude
        longitude = structure.coordinates?.longitude
    }
}
