import Foundation
import PasserelleCore
import Vapor

/// A CSV file that a signed-in user downloads from a list: the answer, and an entry in the audit
/// log (who took which rows, with which filter).
package enum AuditedExport {
    package static func csv(_ text: String, name: String, rows: Int, request: Request) async throws -> Response {
        if let user = request.signedInUser {
            try await Audit.record(.exported, actorID: user.id, actor: user.email, object: name, detail: "\(rows) lignes : \(request.url.query ?? "sans filtre")",
                address: request.clientAddress, on: request.db)
        }
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"passerelle-\(name)-\(DateText.isoDay(Date())).csv\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
