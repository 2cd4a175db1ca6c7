import Foundation
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

extension APIHandler {
    package func previewNeedMatches(_ input: Operations.PreviewNeedMatches.Input) async throws -> Operations.PreviewNeedMatches.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON."))))
        }
        // The generated code checks types, not sizes.
        guard (body.size ?? 20) >= 0, (body.size ?? 20) <= 100, (body.serviceTypes?.count ?? 0) <= 3, (body.kinds?.count ?? 0) <= 9,
              (body.clauses?.count ?? 0) <= 5 else {
            return .badRequest(.init(body: .json(Self.error("size va de 0 à 100 ; au plus 3 types de prestation, 9 types de structure et 5 clauses."))))
        }
        var target = NeedTargetInput()
        target.sectors = body.sectors
        target.serviceTypes = body.serviceTypes?.map(\.rawValue) ?? []
        target.place = body.place
        target.radiusKm = body.radiusKm
        target.perimeters = body.perimeters ?? []
        target.national = body.national ?? false
        target.acceptsNationalSuppliers = body.nationalSuppliers ?? false
        target.kinds = body.kinds?.map(\.rawValue) ?? []
        target.clauses = body.clauses?.map(\.kind.rawValue) ?? []
        let amount: NeedAmount
        if let token = body.amount {
            guard let read = NeedAmount(token: token) else {
                return .badRequest(.init(body: .json(Self.error("amount : montant illisible « \(token.prefix(30)) » (une tranche comme 40k-100k, exact:75000, inconnu ou non-communique)."))))
            }
            amount = read
        } else {
            amount = .unknown
        }
        let index = try await app.directoryIndex()
        let preview: MatchPreview
        switch MatchPreview.of(target, amount: amount, in: index, size: body.size ?? 20) {
        case .success(let found): preview = found
        case .failure(let problems):
            return .badRequest(.init(body: .json(Self.error(problems.list.map { "\($0.field) : \($0.message)" }.joined(separator: " ; ")))))
        }
        return .ok(.init(body: .json(.init(
            total: preview.total,
            items: preview.shown.map { match in
                .init(
                    structure: .init(id: match.structure.id.uuidString.lowercased(), name: match.structure.name, kind: .init(rawValue: match.structure.kind.rawValue)!,
                                     commune: match.structure.communeCode.flatMap(index.gazetteer.commune).map { .init(code: $0.code, name: $0.name.name) }),
                    reasons: match.reasons, distanceKm: match.distanceKm.map { ($0 * 10).rounded() / 10 })
            },
            potential: .init(siae: preview.potential.siae, stpa: preview.potential.stpa, total: preview.potential.total,
                             recommendation: .init(rawValue: preview.potential.recommendation.rawValue)!, label: preview.potential.recommendation.label,
                             rule: preview.potential.rule)
        ))))
    }
}

/// The structures that could answer a need, and the advice on its clause: one query for the
/// API, the buyer's form and the command line.
package struct MatchPreview {
    package var total: Int
    package var shown: [NeedMatch]
    package var potential: InclusivePotential

    package static func of(_ input: NeedTargetInput, amount: NeedAmount, in index: DirectoryIndex, size: Int) -> Result<MatchPreview, FieldProblems> {
        input.validate(gazetteer: index.gazetteer, taxonomy: index.taxonomy).map { target in
            let matcher = index.needMatcher
            // The advice weighs what the territory offers, whatever the clauses already chosen.
            var open = target
            open.clauses = []
            open.kinds = []
            let offer = matcher.offer(open)
            let ranked = matcher.rank(target, in: offer)
            return MatchPreview(
                total: ranked.count,
                shown: ranked.prefix(max(0, min(size, 100))).map { matcher.explain($0, for: target) },
                potential: InclusivePotential(kinds: offer.kinds, amount: amount)
            )
        }
    }
}
