/// The links of the pages that templates name (`#(layout.links.needs)`), gathered from every
/// module's `templateLinks` by the assembly, so that a template never writes a page's path.
package struct TemplateLinks: Sendable {
    package let byName: [String: String]

    package init(byName: [String: String]) {
        self.byName = byName
    }
}
