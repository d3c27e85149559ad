// The queue's numbers for people (`queue stats`), scripts (`--json`) and autoscalers (`/metrics`).
public import Foundation

/// Counts of jobs by state, the age of the oldest queued job, and the live workers (seen in
/// the last two minutes) with their slots.
public struct QueueStats: Sendable, Equatable, Codable {
    public var queued = 0
    public var running = 0
    public var succeeded = 0
    public var failed = 0
    public var canceled = 0
    /// Seconds since the oldest queued job was submitted (0 when none waits).
    public var oldestQueuedSeconds = 0.0
    public var workers = 0
    public var workerSlots = 0
    /// False when the finished jobs were not counted (`/metrics`: the queued and running ones
    /// are read from their partial indexes, the finished ones would take a scan of the table).
    public var countsFinished = true

    public init() {}

    public init(queued: Int, running: Int, succeeded: Int, failed: Int, canceled: Int, oldestQueuedSeconds: Double, workers: Int, workerSlots: Int) {
        self.queued = queued
        self.running = running
        self.succeeded = succeeded
        self.failed = failed
        self.canceled = canceled
        self.oldestQueuedSeconds = oldestQueuedSeconds
        self.workers = workers
        self.workerSlots = workerSlots
    }

    enum CodingKeys: String, CodingKey {
        case queued, running, succeeded, failed, canceled
        case oldestQueuedSeconds = "oldest_queued_seconds"
        case workers
        case workerSlots = "worker_slots"
    }

    /// Aligned lines for a terminal.
    public var text: String {
        let rows: [(String, String)] = [
            ("queued", String(queued)), ("running", String(running)), ("succeeded", String(succeeded)),
            ("failed", String(failed)), ("canceled", String(canceled)),
            ("oldest queued", String(format: "%.1f s", oldestQueuedSeconds)),
            ("workers", "\(workers) (\(workerSlots) slots)"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    /// One JSON object (keys as in `CodingKeys`, sorted).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The queue-wide gauges in Prometheus' text format.
    public var prometheusText: String {
        var text = PrometheusText()
        var byState = [("state=\"queued\"", Double(queued)), ("state=\"running\"", Double(running))]
        if countsFinished {
            byState += [("state=\"succeeded\"", Double(succeeded)), ("state=\"failed\"", Double(failed)), ("state=\"canceled\"", Double(canceled))]
        }
        text.gauge("cog_queue_jobs", "Jobs in the queue's table by state.", byState)
        text.gauge("cog_queue_depth", "Jobs waiting for a worker (what an autoscaler scales on).", [("", Double(queued))])
        text.gauge("cog_queue_oldest_queued_seconds", "Age of the oldest waiting job.", [("", oldestQueuedSeconds)])
        text.gauge("cog_queue_workers", "Workers seen in the last two minutes.", [("", Double(workers))])
        text.gauge("cog_queue_live_worker_slots", "Prediction slots of those workers.", [("", Double(workerSlots))])
        return text.text
    }
}

/// Builds Prometheus exposition text (version 0.0.4): `# HELP`, `# TYPE`, then samples.
public struct PrometheusText: Sendable {
    public private(set) var text = ""

    public init() {}

    public mutating func gauge(_ name: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
        family(name, "gauge", help, samples)
    }

    public mutating func counter(_ name: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
        family(name, "counter", help, samples)
    }

    private mutating func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        for sample in samples {
            let labels = sample.labels.isEmpty ? "" : "{\(sample.labels)}"
            let value = sample.value.rounded() == sample.value && abs(sample.value) < 1e15 ? String(Int(sample.value)) : String(sample.value)
            text += "\(name)\(labels) \(value)\n"
        }
    }
}
