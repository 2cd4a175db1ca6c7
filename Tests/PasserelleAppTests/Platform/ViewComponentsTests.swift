import Foundation
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The view components written once: a field's error and its ARIA ties, the error summary, the
/// pagination.
@Suite("View components")
struct ViewComponentsTests {
    @Test func aFieldsErrorIsTiedToItsControlAndItsHint() async throws {
        try await withPasserelle(.reference) { app in
            let browser = Browser(app)
            try await browser.get("/inscription")
            let html = try await browser.post("/inscription", [("name", "Nom"), ("email", "pas-une-adresse"), ("password", "court"), ("password_confirmation", "court")]).body.text
            // The error, next to its field, with the id the control points at (and its hint kept).
            #expect(html.contains(#"<p class="field-error" id="email-error">"#))
            #expect(html.contains(#"aria-describedby="email-hint email-error" aria-invalid="true""#))
            // A field without an error keeps its hint only, and no error paragraph.
            #expect(!html.contains(#"id="name-error""#) && html.contains(#"id="name""#))
            // The summary links to each field.
            #expect(html.contains(#"<div class="notice notice-error" role="alert" tabindex="-1" id="erreurs" autofocus>"#) && html.contains(##"href="#email""##))
        }
    }

    @Test func pagesAreLinkedWithGapsAndNeighbours() {
        let pagination = Pagination(page: 6, pages: 20) { "/liste?page=\($0)" }
        #expect(pagination.links.map(\.label) == ["1", "…", "4", "5", "6", "7", "8", "…", "20"])
        #expect(pagination.links.first { $0.current }?.href == nil && pagination.previous == "/liste?page=5" && pagination.next == "/liste?page=7")
        let first = Pagination(page: 1, total: 45, size: 20, path: "/admin/journal", query: [("action", "connexion")])
        #expect(first.links.map(\.label) == ["1", "2", "3"] && first.previous == nil && first.next == "/admin/journal?action=connexion&page=2")
        // A page past the end links back into the list and does not crash.
        let past = Pagination(page: 9, pages: 3) { "/p\($0)" }
        #expect(past.links.map(\.label) == ["1", "…", "3"] && past.previous == "/p3" && past.next == nil)
    }
}
