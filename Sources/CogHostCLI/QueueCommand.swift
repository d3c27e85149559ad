// `cog-host queue …`: predictions through a PostgreSQL queue, many workers anywhere.
import ArgumentParser

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Run predictions through a queue in PostgreSQL: workers on any machine take jobs from one table.",
        discussion: """
        Start workers with `cog-host queue worker --database postgres://…` in the project (each runs the \
        predictor as `serve` does); submit with `cog-host queue submit -i name=value` or SQL \
        (SELECT cog_host.submit('{"text": "hi"}')); read results with `queue status`. The schema \
        `cog_host` is made by the first worker (versioned migrations). See the README's fleet section.
        """,
        subcommands: [
            QueueWorkerCommand.self, QueueSubmitCommand.self, QueueStatusCommand.self, QueueCancelCommand.self,
            QueueStatsCommand.self, QueueKeygenCommand.self, QueueMigrateCommand.self,
        ])
}
