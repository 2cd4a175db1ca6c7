import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// A need as pages show it: every value in words.
package struct NeedView: Encodable {
    package struct ClauseView: Encodable {
        package var label: String
        package var detail: String?
    }

    package struct LotView: Encodable {
        package var number: Int
        package var title: String
        package var sectors: String
        package var amount: String
        package var clauses: [ClauseView]
    }

    package struct Contact: Encodable {
        package var name: String?
        package var email: String?
        package var phone: String?
        package var channel: String?
        package var address: String?
        package var addressIsLink: Bool
    }

    package var id: String
    package var href: String
    package var title: String
    package var kind: String
    package var state: String
    package var stateLabel: String
    package var buyer: String
    package var place: String
    package var amount: String
    package var deadline: String?
    package var startsOn: String?
    package var publishedOn: String?
    package var description: [String]
    package var sectors: String
    package var serviceTypes: String?
    package var kinds: String?
    package var nationalSuppliers: Bool
    package var clauses: [ClauseView]
    package var lots: [LotView]
    package var questions: [String]
    package var insertionHours: String?
    package var contact: Contact?

    package init(_ record: NeedRecord, reference: ReferenceData, withContact: Bool) {
        let content = record.content
        id = record.id.uuidString.lowercased()
        href = Links.need(record.id)
        title = content.title
        kind = content.kind.label
        state = record.state.rawValue
        stateLabel = record.state.label
        buyer = record.organisationName
        place = NeedPlaceLabel.of(content.location, gazetteer: reference.gazetteer)
        amount = content.amount.label
        deadline = content.deadline.map(DateText.frenchDay)
        startsOn = content.startsOn.map(DateText.frenchDay)
        publishedOn = record.publishedAt.map(DateText.frenchDay)
        description = content.description.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        sectors = Self.sectorNames(content.sectors, taxonomy: reference.taxonomy)
        serviceTypes = content.serviceTypes.isEmpty ? nil : content.serviceTypes.map(\.label).sorted().joined(separator: ", ")
        kinds = content.kinds.isEmpty ? nil : content.kinds.sorted().map(\.acronym).joined(separator: ", ")
        nationalSuppliers = content.acceptsNationalSuppliers
        clauses = content.clauses.map(Self.clause)
        lots = content.lots.enumerated().map { offset, lot in
            LotView(number: offset + 1, title: lot.title, sectors: Self.sectorNames(lot.sectors, taxonomy: reference.taxonomy), amount: lot.amount.label, clauses: lot.clauses.map(Self.clause))
        }
        questions = content.questions
        insertionHours = content.insertionHours > 0 ? French.count(content.insertionHours, "heure d’insertion", "heures d’insertion") : nil
        if withContact {
            contact = Contact(name: content.contactName, email: content.contactEmail, phone: content.contactPhone, channel: content.answerChannel?.label,
                              address: content.answerAddress, addressIsLink: content.answerChannel == .link)
        }
    }

    package static func sectorNames(_ slugs: Set<String>, taxonomy: SectorTaxonomy) -> String {
        slugs.map { taxonomy.sector($0)?.name ?? $0 }.sorted { SearchText.fold($0) < SearchText.fold($1) }.joined(separator: ", ")
    }

    package static func clause(_ clause: Clause) -> ClauseView {
        var parts: [String] = []
        if let hours = clause.hours { parts.append(French.count(hours, "heure d’insertion", "heures d’insertion")) }
        if let topic = clause.topic { parts.append(topic.label) }
        if let detail = clause.detail, !detail.isEmpty { parts.append(detail) }
        return ClauseView(label: clause.kind.label, detail: parts.isEmpty ? nil : parts.joined(separator: " — "))
    }
}

/// One line of a list of needs.
package struct NeedRow: Encodable {
    package var href: String
    package var title: String
    package var kind: String
    package var stateLabel: String
    package var buyer: String
    package var place: String
    package var deadline: String?
    package var clauses: [String]
    package var updatedOn: String

    package init(_ record: NeedRecord, gazetteer: Gazetteer) {
        href = Links.need(record.id)
        title = record.content.title
        kind = record.content.kind.label
        stateLabel = record.state.label
        buyer = record.organisationName
        place = NeedPlaceLabel.of(record.content.location, gazetteer: gazetteer)
        deadline = record.content.deadline.map(DateText.frenchDay)
        var seen = Set<ClauseKind>()
        clauses = (record.content.clauses + record.content.lots.flatMap(\.clauses)).map(\.kind).filter { seen.insert($0).inserted }.map(\.label)
        updatedOn = DateText.frenchDay(record.updatedAt)
    }
}
