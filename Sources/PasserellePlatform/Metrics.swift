import Foundation
import Synchronization
import Vapor

/// Request counts and latency histograms by route, served as Prometheus text on `/metrics`.
package final class RequestMetrics: Sendable {
    package static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Series: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: RequestMetrics.buckets.count)
        var sum = 0.0
        var total = 0
    }

    private let series = Mutex<[Series: Histogram]>([:])

    package func record(method: String, route: String, status: Int, seconds: Double) {
        series.withLock { table in
            var histogram = table[Series(method: method, route: route, status: status)] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound {
                histogram.counts[index] += 1
            }
            histogram.sum += seconds
            histogram.total += 1
            table[Series(method: method, route: route, status: status)] = histogram
        }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    package func exposition() -> String {
        let snapshot = series.withLock { $0 }
        let ordered = snapshot.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        var text = "# HELP passerelle_http_requests_total HTTP requests answered, by route and status.\n"
        text += "# TYPE passerelle_http_requests_total counter\n"
        for key in ordered {
            text += "passerelle_http_requests_total{\(labels(key))} \(snapshot[key]!.total)\n"
        }
        text += "# HELP passerelle_http_request_duration_seconds Time to answer HTTP requests, by route.\n"
        text += "# TYPE passerelle_http_request_duration_seconds histogram\n"
        for key in ordered {
            let histogram = snapshot[key]!
            for (index, bound) in Self.buckets.enumerated() {
                text += "passerelle_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(histogram.counts[index])\n"
            }
            text += "passerelle_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(histogram.total)\n"
            text += "passerelle_http_request_duration_seconds_sum{\(labels(key))} \(histogram.sum)\n"
            text += "passerelle_http_request_duration_seconds_count{\(labels(key))} \(histogram.total)\n"
        }
        return text
    }

    private func labels(_ key: Series) -> String {
        "method=\"\(key.method)\",route=\"\(escape(key.route))\",status=\"\(key.status)\""
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Logs one structured line per request and feeds the metrics. The route label is the route's
/// pattern (`/structures/:id`), never the raw path, so that series stay few.
package struct ObservationMiddleware: AsyncMiddleware {
    package let metrics: RequestMetrics

    package init(metrics: RequestMetrics) {
        self.metrics = metrics
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            observe(request, status: 500, started: started)
            throw error
        }
        observe(request, status: Int(response.status.code), started: started)
        return response
    }

    private func observe(_ request: Request, status: Int, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = request.routePattern
        metrics.record(method: request.method.rawValue, route: route, status: status, seconds: seconds)
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.url.path),
            "route": .string(route),
            "status": .stringConvertible(status),
            "duration_ms": .string(String(format: "%.2f", seconds * 1000)),
        ])
    }
}
