import PasserelleCore
import Vapor

/// Every HTML page leaves typeset as French is written (`FrenchTypography`): the no-break spaces
/// before « ; : ! ? » and inside « », curly apostrophes. Templates and messages are written with
/// ordinary spaces; error pages are typeset too, since this runs outside the errors' middleware.
package struct FrenchTypographyMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard response.headers.contentType?.type == "text", response.headers.contentType?.subType == "html",
              let buffer = response.body.buffer, let html = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            return response
        }
        response.body = .init(string: FrenchTypography.typesetHTML(html))
        return response
    }
}
