import Foundation

/// A point on Earth in decimal degrees (WGS 84).
public struct GeoPoint: Hashable, Sendable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Mean radius used by the haversine formula; the error against the ellipsoid (< 0.5 %) is far
    /// below what "à moins de 30 km" means to a user.
    static let earthRadiusKm = 6371.0088

    /// Length of one degree along a meridian on the haversine's sphere.
    static let kilometresPerDegreeOfLatitude = earthRadiusKm * Double.pi / 180

    /// Great-circle distance in kilometres (haversine).
    public func distanceKm(to other: GeoPoint) -> Double {
        let toRadians = Double.pi / 180
        let lat1 = latitude * toRadians
        let lat2 = other.latitude * toRadians
        let dLat = lat2 - lat1
        let dLon = (other.longitude - longitude) * toRadians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1) * cos(lat2) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * Self.earthRadiusKm * asin(min(1, a.squareRoot()))
    }

    public var isValid: Bool {
        (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }
}
