// A real PostgreSQL for the queue tests: CI's (COG_HOST_TEST_DATABASE_URL) or one started here.
import CogQueue
import CogTestSupport
import Foundation
import Synchronization
import PostgresNIO
import Testing

/// A PostgreSQL cluster. The shared one is the server `.ci/run` started (its URL in
/// `COG_HOST_TEST_DATABASE_URL`), or, when that is unset, one this test process starts in a
/// temporary directory on a free port with `.ci/postgres` (stopped when the process exits).
/// Each test makes its own database in it, so tests do not see each other's jobs.
final class TestPostgres: Sendable {
    let serverURL: String
    /// Set when this process started the cluster (it can then stop and restart it).
    let directory: String?
    let port: Int

    static let script = CogHostBinary.repositoryRoot + "/.ci/postgres"

    /// The shared cluster.
    static let shared = Result { () throws -> TestPostgres in
        if let url = ProcessInfo.processInfo.environment["COG_HOST_TEST_DATABASE_URL"], !url.isEmpty {
            let parsed = try QueueDatabaseURL(url)
            return TestPostgres(serverURL: url, directory: nil, port: parsed.port)
        }
        return try TestPostgres.start()
    }

    private init(serverURL: String, directory: String?, port: Int) {
        self.serverURL = serverURL
        self.directory = directory
        self.port = port
    }

    /// A new cluster of this test's own (for a test that restarts its server).
    static func start() throws -> TestPostgres {
        let directory = NSTemporaryDirectory() + "cog-host-pg-\(UUID().uuidString.prefix(8))"
        let port = try FreePort.next()
        let output = try Shell.run(script, ["start", directory, String(port)])
        guard output.status == 0 else {
            throw TestFailure("could not start PostgreSQL with .ci/postgres (CI installs it; locally: apt-get install postgresql): \(output.text)")
        }
        let first = started.withLock { started in
            started.append(directory)
            return started.count == 1
        }
        // Whatever happens to the tests, the clusters this process started stop with it.
        if first { atexit { TestPostgres.stopStartedClusters() } }
        return TestPostgres(serverURL: output.text.trimmingCharacters(in: .whitespacesAndNewlines), directory: directory, port: port)
    }

    private static let started = Mutex<[String]>([])

    private static func stopStartedClusters() {
        for directory in started.withLock({ $0 }) { remove(directory) }
    }

    /// Stops a cluster this process started and deletes its directory (a test's own cluster,
    /// when the test ends).
    func remove() {
        guard let directory else { return }
        Self.started.withLock { $0.removeAll { $0 == directory } }
        Self.remove(directory)
    }

    private static func remove(_ directory: String) {
        _ = try? Shell.run(script, ["stop", directory])
        try? FileManager.default.removeItem(atPath: directory)
    }

    func stopServer() throws {
        guard let directory else { throw TestFailure("the shared cluster is not this test's to stop") }
        let output = try Shell.run(Self.script, ["stop", directory])
        guard output.status == 0 else { throw TestFailure("pg_ctl stop: \(output.text)") }
    }

    /// Starts the stopped server again on the same port and data.
    func restartServer() throws {
        guard let directory else { throw TestFailure("the shared cluster is not this test's to start") }
        let bin = try Self.serverBinaries()
        let owner = getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []
        let output = try Shell.run("/usr/bin/env", owner + ["\(bin)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/server.log", "-w", "-t", "60",
                                   "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"])
        guard output.status == 0 else { throw TestFailure("pg_ctl start: \(output.text)") }
    }

    static func serverBinaries() throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }).last else {
            throw TestFailure("PostgreSQL's server is not installed (CI installs it; locally: apt-get install postgresql)")
        }
        return "/usr/lib/postgresql/\(newest)/bin"
    }

    /// A fresh, empty database in this cluster; its URL.
    func makeDatabase() async throws -> String {
        let name = "cogq_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        _ = try await QueueConnection.with(try QueueDatabaseURL(serverURL)) { store in
            try await store.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        guard var components = URLComponents(string: serverURL) else { throw TestFailure("bad server URL \(serverURL)") }
        components.path = "/" + name
        return components.string ?? serverURL
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a short command, its stdout and stderr together (in a file: `pg_ctl start` leaves the
/// server holding whatever output it inherited, so a pipe would never end). posix_spawn and
/// waitpid, not Foundation's Process, whose waitUntilExit can stall inside a lazy static.
enum Shell {
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let outputPath = NSTemporaryDirectory() + "cog-host-shell-\(UUID().uuidString.prefix(8))"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestFailure("could not run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), text)
    }
}

