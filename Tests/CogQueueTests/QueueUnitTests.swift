// The queue's parts that need no database: sealing, URLs, numbers, and the Kubernetes example.
import CogQueue
import CogTestSupport
import Foundation
import PostgresNIO
import Testing
import Yams

@Suite struct SecretSealerTests {
    @Test func aSealedValueOpensOnlyWithTheWorkersKeyAndForItsJob() throws {
        let worker = try SecretSealer(privateKeyText: SecretSealer.generatePrivateKeyText())
        let submitter = try SecretSealer(publicKeyText: worker.publicKeyText)
        let plaintext = #"{"api_token": "sk-très-secret"}"#
        let sealed = try submitter.seal(plaintext, jobID: "job-1")
        #expect(sealed.hasPrefix("cogq1:"))
        #expect(!sealed.contains("secret"))
        #expect(try worker.open(sealed, jobID: "job-1") == plaintext)
        // Not as another job's, not with another key, not by the submitter, not tampered with.
        #expect(throws: SecretSealer.Failure.wrongKey) { try worker.open(sealed, jobID: "job-2") }
        let other = try SecretSealer(privateKeyText: SecretSealer.generatePrivateKeyText())
        #expect(throws: SecretSealer.Failure.wrongKey) { try other.open(sealed, jobID: "job-1") }
        #expect(throws: SecretSealer.Failure.noPrivateKey) { try submitter.open(sealed, jobID: "job-1") }
        var bytes = Array(sealed.utf8)
        bytes[bytes.count - 5] = bytes[bytes.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: SecretSealer.Failure.self) { try worker.open(String(decoding: bytes, as: UTF8.self), jobID: "job-1") }
        // Two seals of one value differ (a fresh ephemeral key each time).
        #expect(try submitter.seal(plaintext, jobID: "job-1") != sealed)
    }

    @Test func aMalformedKeyIsRefusedWithAReason() {
        #expect(throws: SecretSealer.Failure.self) { try SecretSealer(privateKeyText: "not base64!") }
        #expect(throws: SecretSealer.Failure.self) { try SecretSealer(privateKeyText: Data(count: 16).base64EncodedString()) }
        #expect(throws: SecretSealer.Failure.self) { try SecretSealer(publicKeyText: "") }
    }
}

@Suite struct QueueDatabaseURLTests {
    @Test func theFormsOfLibpqsURLs() throws {
        let full = try QueueDatabaseURL("postgres://cog:p%40ss@db.internal:6543/jobs?sslmode=require")
        #expect(full.username == "cog" && full.password == "p@ss" && full.host == "db.internal" && full.port == 6543)
        #expect(full.database == "jobs" && full.requiresTLS)
        #expect(full.description == "postgres://cog:***@db.internal:6543/jobs", "the password is never printed")
        let percent = try QueueDatabaseURL("postgres://cog:50%25off%2Fnow@db/my%20jobs")
        #expect(percent.password == "50%off/now" && percent.database == "my jobs", "each part is decoded once")
        let short = try QueueDatabaseURL("postgresql://postgres@127.0.0.1/")
        #expect(short.port == 5432 && short.database == "postgres" && !short.requiresTLS && short.password == nil)
        let socket = try QueueDatabaseURL("postgres://me@localhost/db?host=/var/run/postgresql")
        #expect(socket.socketDirectory == "/var/run/postgresql")
    }

    @Test func aWrongURLSaysWhatWasExpectedWithoutThePassword() throws {
        do {
            _ = try QueueDatabaseURL("mysql://root:hunter2@db/x")
            Issue.record("accepted a mysql URL")
        } catch {
            #expect(error.description.contains("postgres://"))
            #expect(!error.description.contains("hunter2"))
        }
        #expect(throws: QueueDatabaseURL.Invalid.self) { try QueueDatabaseURL("postgres://db/x?sslmode=sometimes") }
        // A password with an unescaped / or # makes no URL at all: nothing after :// is shown.
        for text in ["postgres://cog:p/w-hunter2@db:5432/cog", "postgres://cog:p#hunter2@db/cog"] {
            do {
                _ = try QueueDatabaseURL(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(!error.description.contains("hunter2"), "\(error.description)")
            }
        }
        // A % that starts no escape is taken as it is, not read as no password.
        #expect(try QueueDatabaseURL("postgres://cog:pa%zz@db/cog").password == "pa%zz")
    }
}

@Suite struct QueueStatsTests {
    @Test func textJSONAndPrometheus() throws {
        let stats = QueueStats(queued: 12, running: 3, succeeded: 40, failed: 2, canceled: 1, oldestQueuedSeconds: 4.25, workers: 3, workerSlots: 6)
        #expect(stats.text.contains("queued         12"))
        #expect(stats.text.contains("oldest queued  4.2 s") || stats.text.contains("oldest queued  4.3 s"))
        let decoded = try JSONDecoder().decode(QueueStats.self, from: Data(stats.json.utf8))
        #expect(decoded == stats)
        #expect(stats.json.contains("\"oldest_queued_seconds\":4.25"))
        let prometheus = stats.prometheusText
        #expect(prometheus.contains("# TYPE cog_queue_depth gauge\ncog_queue_depth 12\n"))
        #expect(prometheus.contains("cog_queue_jobs{state=\"failed\"} 2\n"))
        #expect(prometheus.contains("cog_queue_oldest_queued_seconds 4.25\n"))
        // Each metric family is declared once (Prometheus refuses a repeated one).
        let families = prometheus.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(Set(families).count == families.count, "\(families)")
    }
}

/// The Kubernetes example parses, and says what the README promises: probes on /health-check,
/// grace periods that cover the drain, KEDA scaling the worker Deployment on the queue's depth.
@Suite struct DeployExampleTests {
    static let directory = CogHostBinary.repositoryRoot + "/deploy/kubernetes"

    static func documents(_ file: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        return try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
    }

    static func find(_ documents: [[String: Any]], kind: String) throws -> [String: Any] {
        try #require(documents.first { $0["kind"] as? String == kind }, "no \(kind)")
    }

    static func container(of deployment: [String: Any]) throws -> [String: Any] {
        let spec = try #require(deployment["spec"] as? [String: Any])
        let template = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        return try #require((template["containers"] as? [[String: Any]])?.first)
    }

    static func grace(of deployment: [String: Any]) -> Int? {
        (((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])?["terminationGracePeriodSeconds"] as? Int
    }

    @Test func theServeDeploymentProbesTheHealthCheck() throws {
        let documents = try Self.documents("serve.yaml")
        let deployment = try Self.find(documents, kind: "Deployment")
        let container = try Self.container(of: deployment)
        let command = try #require(container["command"] as? [String])
        #expect(Array(command.prefix(2)) == ["cog-host", "serve"])
        let liveness = try #require((container["livenessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])
        #expect(liveness["path"] as? String == "/health-check")
        // Readiness: the file the first READY health check makes under Kubernetes.
        let readiness = try #require(((container["readinessProbe"] as? [String: Any])?["exec"] as? [String: Any])?["command"] as? [String])
        #expect(readiness.last == "/var/run/cog/ready")
        #expect((Self.grace(of: deployment) ?? 0) >= 60)
        let service = try Self.find(documents, kind: "Service")
        #expect(((service["spec"] as? [String: Any])?["selector"] as? [String: String])?["app"] == "cog-host-serve")
    }

    @Test func theWorkersDrainWithinTheirGraceAndKEDAScalesThemOnTheQueue() throws {
        let documents = try Self.documents("queue-workers.yaml")
        let deployment = try Self.find(documents, kind: "Deployment")
        let name = try #require((deployment["metadata"] as? [String: Any])?["name"] as? String)
        let container = try Self.container(of: deployment)
        let command = try #require(container["command"] as? [String])
        #expect(Array(command.prefix(3)) == ["cog-host", "queue", "worker"])
        let drain = try #require(command.firstIndex(of: "--drain-timeout").flatMap { Int(command[$0 + 1]) })
        let grace = try #require(Self.grace(of: deployment))
        #expect(grace > drain, "the grace period (\(grace) s) must cover the drain (\(drain) s)")
        let liveness = try #require((container["livenessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])
        #expect(liveness["path"] as? String == "/health-check")
        let environment = try #require(container["env"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(environment.contains("COG_QUEUE_DATABASE_URL") && environment.contains("COG_QUEUE_SECRET_KEY"))

        let scaled = try Self.find(documents, kind: "ScaledObject")
        let spec = try #require(scaled["spec"] as? [String: Any])
        #expect((spec["scaleTargetRef"] as? [String: Any])?["name"] as? String == name)
        let trigger = try #require((spec["triggers"] as? [[String: Any]])?.first)
        #expect(trigger["type"] as? String == "postgresql")
        let query = try #require((trigger["metadata"] as? [String: Any])?["query"] as? String)
        #expect(query.contains("cog_host.jobs"))
        _ = try Self.find(documents, kind: "TriggerAuthentication")
    }

    /// KEDA's query runs as written against a real queue and counts the jobs it should.
    @Test func theScalersQueryCountsWaitingAndRunningJobs() async throws {
        let documents = try Self.documents("queue-workers.yaml")
        let scaled = try Self.find(documents, kind: "ScaledObject")
        let trigger = try #require(((scaled["spec"] as? [String: Any])?["triggers"] as? [[String: Any]])?.first)
        let query = try #require((trigger["metadata"] as? [String: Any])?["query"] as? String)
        let fleet = try await QueueFleet.make()
        let counted = try await fleet.withStore { store in
            try await store.migrate()
            for index in 0..<5 { _ = try await store.submit(request: QueueSubmission(id: "k\(index)", inputJSON: "{}")) }
            _ = try await store.cancel(id: "k0")
            return try await store.value(PostgresQuery(unsafeSQL: query), as: Int.self)
        }
        #expect(counted == 4)
    }
}
