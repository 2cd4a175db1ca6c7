import Foundation
import PasserelleCore

/// The page links of a long list, for `components/pagination`: the first and the last pages, two
/// on each side of the current one, « … » where pages are left out, and the pages before and after.
/// Every list of the platform uses it (search results, back-office lists, needs, events, services…).
package struct Pagination: Encodable, Sendable {
    package struct Link: Encodable, Sendable {
        package var label: String
        /// None for the current page and for a gap.
        package var href: String?
        package var current: Bool
    }

    package var links: [Link]
    package var previous: String?
    package var next: String?

    /// `href` gives the address of a page, from 1 to `pages`.
    package init(page: Int, pages: Int, href: (Int) -> String) {
        let last = max(1, pages)
        let low = max(1, page - 2), high = min(last, page + 2)
        let shown = Set([1, last] + (low <= high ? Array(low...high) : [])).sorted()
        var links: [Link] = []
        var before = 0
        for number in shown {
            if number > before + 1 { links.append(Link(label: "…", href: nil, current: false)) }
            links.append(Link(label: French.number(number), href: number == page ? nil : href(number), current: number == page))
            before = number
        }
        self.links = links
        previous = page > 1 ? href(min(page - 1, last)) : nil
        next = page < pages ? href(page + 1) : nil
    }

    /// A list of `total` items shown `size` at a time at `path`, its filters in `query`.
    package init(page: Int, total: Int, size: Int, path: String, query: [(String, String)]) {
        self.init(page: page, pages: max(1, (total + size - 1) / size)) { path + "?" + QueryItems.encode(query + [("page", String($0))]) }
    }
}
