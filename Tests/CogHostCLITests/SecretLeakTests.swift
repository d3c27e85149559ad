// The leak suite: a predictor tries ~20 ways to leak its Secret; nothing the host emits has it.
import CogCore
import CogWorker
import Foundation
import Testing

@Suite struct SecretLeakTests {
    static let secret = "supersecret-token-4711"
    static let listSecret = "another-secret-0815"
    static let vectors = [
        "print", "stderr", "fd2", "logging", "raise", "return", "subprocess", "split", "locals",
        "list", "metric", "base64", "urlencoded", "json", "warn", "pickle", "vars", "asdict",
        "secret_value", "thread", "return_secret", "yield_error",
    ]
    static let encodings = [
        secret, Data(secret.utf8).base64EncodedString(), "supersecret", listSecret,
    ]

    func leaks(_ text: String) -> [String] { Self.encodings.filter { text.contains($0) } }

    @Test(arguments: vectors) func cliNeverShowsTheSecret(vector: String) throws {
        let result = try CogHostProcess.run(
            ["run", "predict.py", "-i", "token=\(Self.secret)", "-i", "vector=\(vector)", "-i", "tokens=\(Self.listSecret)"],
            in: CogHostProcess.fixtures + "/leaks")
        #expect(leaks(result.stdout + result.stderr).isEmpty, "\(vector) leaked:\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok") || result.stdout.contains("**********") || result.status == 1, "\(vector): \(result.stdout)\(result.stderr)")
    }

    @Test func workerNeverSendsTheSecret() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["VIRTUAL_ENV"] = nil
        var configuration = WorkerSupervisor.Configuration(
            executable: CogHostProcess.binary, arguments: ["worker", "--project", CogHostProcess.fixtures + "/leaks", "--predict", "predict.py:Runner"],
            environment: environment, slotCount: 1)
        let serverLog = Collected()
        configuration.serverLog = { serverLog.append(.log(text: $0, source: "server")) }
        let supervisor = WorkerSupervisor(configuration: configuration)
        await supervisor.start()
        try await WorkerSupervisorTests().waitUntilReady(supervisor)
        defer { Task { await supervisor.shutdown() } }
        for vector in Self.vectors {
            let progress = Collected()
            let input: [String: JSONValue] = ["token": .string(Self.secret), "vector": .string(vector), "tokens": .array([.string(Self.listSecret)])]
            let outcome = await supervisor.run(PredictionJob(id: vector, input: input)) { progress.append($0) }
            let everything = String(describing: outcome) + String(describing: progress.items)
            #expect(leaks(everything).isEmpty, "\(vector) leaked: \(everything)")
        }
        #expect(leaks(String(describing: serverLog.items)).isEmpty)
    }

    @Test func legitimateOutputIsUnchanged() throws {
        let result = try CogHostProcess.run(["run", "predict.py", "-i", "token=\(Self.secret)", "-i", "vector=print"], in: CogHostProcess.fixtures + "/leaks")
        #expect(result.stdout == "ok\n")
        #expect(result.stderr.contains("raw: **********\n"))
    }

    @Test func shortSecretsAreNotScrubbedButWarnedAbout() throws {
        let result = try CogHostProcess.run(["run", "predict.py", "-i", "token=abc", "-i", "vector=return"], in: CogHostProcess.fixtures + "/leaks")
        #expect(result.stdout == "returned abc\n")
        #expect(result.stderr.contains("shorter than \(SecretScrubber.minimumLength) characters"))
    }
}
