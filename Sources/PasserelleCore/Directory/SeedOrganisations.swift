import Foundation

/// The inclusive employers that spoke at the Hauts-de-France regional meeting of 4 May 2023. The
/// directory holds them from the first start, as part of the meeting's content, which its editors
/// keep in `Resources/Content/rencontre-2023/organisations.yaml`.
public enum SeedOrganisations {
    /// Marks the records in the directory, so that they are found again rather than duplicated.
    public static let source = "rencontre-2023"
}
