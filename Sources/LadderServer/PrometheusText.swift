import LadderPostgres

/// `/metrics` in Prometheus's text format (version 0.0.4): the queue as PostgreSQL holds it, shared by every worker
/// and server, and this server's webhook deliveries.
enum PrometheusText {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(_ queue: QueueStatistics, deliveries: [String: Int]) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels) \(value)") }
        }
        metric(
            "ladder_jobs", "gauge", "Grading jobs by state; queued is the queue's depth.",
            JobState.allCases.map { ("{state=\"\($0.rawValue)\"}", String(queue.jobs[$0, default: 0])) })
        metric(
            "ladder_queue_oldest_wait_seconds", "gauge", "How long the oldest queued job has waited.",
            [("", number(queue.oldestQueuedAge))])
        metric(
            "ladder_job_claims_total", "counter", "Claims of jobs by workers, retries and takeovers included.",
            [("", String(queue.claims))])
        metric(
            "ladder_job_failures_total", "counter",
            "Gradings that ended without a grade, by cause: a lapsed lease, the infrastructure, a worker's refusal, "
                + "a job given up.",
            JobFailureCause.allCases.map { ("{cause=\"\($0.rawValue)\"}", String(queue.failures[$0, default: 0])) })
        var buckets = zip(QueueStatistics.durationBounds, queue.durationBuckets).map {
            ("_bucket{le=\"\(number($0))\"}", String($1))
        }
        buckets.append(("_bucket{le=\"+Inf\"}", String(queue.durationCount)))
        buckets.append(("_sum", number(queue.durationSum)))
        buckets.append(("_count", String(queue.durationCount)))
        lines.append("# HELP ladder_job_duration_seconds From enqueued to graded, for every graded job.")
        lines.append("# TYPE ladder_job_duration_seconds histogram")
        for (suffix, value) in buckets { lines.append("ladder_job_duration_seconds\(suffix) \(value)") }
        metric(
            "ladder_webhook_deliveries_total", "counter",
            "GitHub deliveries this server answered, by outcome.",
            ServerCounters.deliveryOutcomes.map { ("{outcome=\"\($0)\"}", String(deliveries[$0, default: 0])) })
        return lines.joined(separator: "\n") + "\n"
    }

    /// A sample value: integers without a fraction, others as Swift prints a Double.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
