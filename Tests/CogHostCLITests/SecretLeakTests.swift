// The leak suite: a predictor tries ~20 ways to leak its Secret; nothing the host emits has it.
import CogCore
import CogTestSupport
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
        let serverLog = Collected()
        try await withSupervisor(project: CogHostProcess.fixtures + "/leaks", serverLog: { serverLog.append(.log(text: $0, source: "server")) }) { supervisor in
            for vector in Self.vectors {
                let progress = Collected()
                let input: [String: JSONValue] = ["token": .string(Self.secret), "vector": .string(vector), "tokens": .array([.string(Self.listSecret)])]
                let outcome = await supervisor.run(PredictionJob(id: vector, input: input)) { progress.append($0) }
                let everything = String(describing: outcome) + String(describing: progress.items)
                #expect(leaks(everything).isEmpty, "\(vector) leaked: \(everything)")
            }
        }
        // After the shutdown: what the server logged while stopping the worker counts too.
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

@Suite struct SecretChannelTests {
    let example = CogHostProcess.repositoryRoot + "/examples/translate"

    @Test func secretsCanComeFromAFileAnEnvironmentVariableOrStandardInput() throws {
        let file = NSTemporaryDirectory() + "cog-host-token-\(UUID().uuidString)"
        try "demo-token\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fromFile = try CogHostProcess.run(["predict.py", "-i", "text=Hello", "-i", "api_token=@\(file)"], in: example)
        #expect(fromFile.stdout == "Bonjour\n", "\(fromFile.stderr)")
        let fromEnvironment = try CogHostProcess.run(["predict.py", "-i", "text=Hello", "-i", "api_token=@env:MY_TOKEN"], in: example, environment: ["MY_TOKEN": "demo-token"])
        #expect(fromEnvironment.stdout == "Bonjour\n", "\(fromEnvironment.stderr)")
        let fromStandardInput = try CogHostProcess.run(["predict.py", "-i", "text=Hello", "-i", "api_token=@-"], in: example, stdin: "demo-token\n")
        #expect(fromStandardInput.stdout == "Bonjour\n", "\(fromStandardInput.stderr)")
        let missing = try CogHostProcess.run(["predict.py", "-i", "text=Hello", "-i", "api_token=@env:NOT_SET_ANYWHERE"], in: example)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("invalid input \"api_token\": environment variable NOT_SET_ANYWHERE is not set"))
    }

    @Test func nonSecretInputsKeepCogsFileMeaning() throws {
        let project = try CogHostProcess.project(["predict.py": "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, s: str) -> str:\n        return s\n", "a.txt": "hi"])
        let result = try CogHostProcess.run(["run", "predict.py", "-i", "s=@a.txt"], in: project)
        #expect(result.stdout == "data:text/plain;base64,aGk=\n")
    }
}

@Suite struct ServeSecretLeakTests {
    static func body(_ vector: String, extra: String = "") -> String {
        #"{"input":{"token":"\#(SecretLeakTests.secret)","vector":"\#(vector)","tokens":["\#(SecretLeakTests.listSecret)"]}\#(extra)}"#
    }

    static func leaks(_ text: String) -> Bool { SecretLeakTests.encodings.contains { text.contains($0) } }

    @Test func syncResponsesAndTheServerLogNeverShowTheSecret() async throws {
        let server = try ServeProcess(project: CogHostProcess.fixtures + "/leaks", reference: "predict.py:Runner")
        try await server.waitForStatus("READY")
        for vector in SecretLeakTests.vectors {
            let (status, response) = try await server.request("POST", "/predictions", body: Self.body(vector))
            #expect(status == 200, "\(vector)")
            #expect(!Self.leaks(response), "\(vector) leaked over HTTP: \(response)")
        }
        let log = server.stop()
        #expect(!Self.leaks(log), "the server log leaked: \(log)")
    }

    /// Async predictions created with PUT and followed by webhooks, and server-sent events, on a
    /// predictor that streams its output. (The in-flight PUT echo is masked: CogHTTPTests.)
    @Test func webhooksServerSentEventsAndThePutEchoNeverShowTheSecret() async throws {
        let receiver = try WebhookReceiver()
        let server = try ServeProcess(project: CogHostProcess.fixtures + "/leaks", reference: "predict.py:StreamingRunner")
        try await server.waitForStatus("READY")
        for vector in SecretLeakTests.vectors {
            let id = "hook-\(vector.replacingOccurrences(of: "_", with: "-"))"
            let (status, echo) = try await server.request(
                "PUT", "/predictions/\(id)", body: Self.body(vector, extra: #","webhook":"\#(receiver.url)""#),
                headers: ["Prefer": "respond-async"])
            #expect(status == 202, "\(vector): \(echo)")
            #expect(!Self.leaks(echo), "\(vector) leaked in the PUT echo: \(echo)")
            try await eventually(timeout: .seconds(60)) {
                receiver.bodies.contains { $0.contains(#""id":"\#(id)""#) && ($0.contains(#""status":"succeeded""#) || $0.contains(#""status":"failed""#)) }
            }
            let hooks = receiver.bodies.filter { $0.contains(#""id":"\#(id)""#) }
            #expect(hooks.contains { $0.contains(#""status":"succeeded""#) || $0.contains(#""status":"failed""#) }, "\(vector): no completed webhook")
            #expect(!hooks.contains(where: Self.leaks), "\(vector) leaked in a webhook: \(hooks)")

            let (streamStatus, events) = try await server.request(
                "POST", "/predictions", body: Self.body(vector), headers: ["Accept": "text/event-stream"])
            #expect(streamStatus == 200, "\(vector)")
            #expect(events.contains(#"event: output\#ndata: {"chunk":"first","index":0}"#), "\(vector): \(events)")
            #expect(events.contains("event: completed"), "\(vector): \(events)")
            #expect(!Self.leaks(events), "\(vector) leaked in server-sent events: \(events)")
        }
        // Legitimate output is untouched: the `return` vector's text keeps everything but the secret.
        let returned = receiver.bodies.filter { $0.contains(#""id":"hook-return""#) && $0.contains(#""status":"succeeded""#) }
        #expect(returned.first?.contains(#""output":["first","returned **********"]"#) == true, "\(returned)")
        let log = server.stop()
        #expect(!Self.leaks(log), "the server log leaked: \(log)")
    }
}
