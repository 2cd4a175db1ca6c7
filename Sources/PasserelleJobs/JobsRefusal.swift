/// Why an application, an agreement or a contact request did not change, in French, for the
/// page or the API: the rules' refusals and a concurrent change that won.
package struct JobsRefusal: Error, Equatable, Sendable {
    package var message: String
}
