// `cog-host queue stats`: depth, running, failed, the oldest job's age, live workers.
import ArgumentParser
import CogQueue

struct QueueStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print the queue's numbers: jobs by state, the oldest queued job's age, live workers.")

    @OptionGroup var database: QueueDatabaseOptions
    @Flag(help: "As one JSON object.") var json = false
    @Flag(help: "In Prometheus' text format (what a worker's /metrics adds to its own).") var prometheus = false

    func run() throws {
        let (database, json, prometheus) = (database, json, prometheus)
        try BlockingAsync.run {
            let stats = try await database.withStore { store in try await store.stats() }
            StandardStreams.writeResult(json ? stats.json : prometheus ? stats.prometheusText : stats.text)
        }
    }
}
