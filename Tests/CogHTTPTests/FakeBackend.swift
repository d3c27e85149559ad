// A scriptable PredictionBackend for the HTTP tests: outputs, delays, failures, logs, cancel.
import CogCore
import Foundation

/// What a fake prediction does: report progress, then return an outcome. It can wait for a
/// cancel with `backend.waitForCancel(job.id)`.
typealias FakeScript = @Sendable (PredictionJob, @escaping @Sendable (PredictionProgress) -> Void, FakeBackend) async -> PredictionOutcome

actor FakeBackend: PredictionBackend {
    nonisolated let slotCount: Int
    private var predict: PredictorInterface?
    private var train: PredictorInterface?
    private var setup: SetupReport
    private var script: FakeScript
    private var healthcheck: UserHealthcheckResult?
    private var healthcheckDelay: Duration = .zero
    private(set) var healthcheckCalls = 0
    private(set) var jobs: [PredictionJob] = []
    private(set) var canceled: [String] = []
    private(set) var shutDown = false
    private var running: Set<String> = []
    private var cancelWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(predict: PredictorInterface? = FakeBackend.textInterface, train: PredictorInterface? = nil, slots: Int = 1,
         setup: SetupReport = FakeBackend.readySetup, script: @escaping FakeScript = FakeBackend.echo) {
        self.predict = predict
        self.train = train
        self.slotCount = slots
        self.setup = setup
        self.script = script
    }

    static let readySetup = SetupReport(
        status: .succeeded, startedAt: Date(timeIntervalSince1970: 1_795_000_000.25),
        completedAt: Date(timeIntervalSince1970: 1_795_000_001.5), logs: "")

    /// `run(text: str) -> str`.
    static let textInterface = PredictorInterface(
        method: .run, kind: .class,
        inputs: [InputParameter(name: "text", order: 0, type: .string, declaredDefault: nil)], output: .string)

    /// Returns `"hello " + text` and logs one line.
    static let echo: FakeScript = { job, progress, _ in
        progress(.log(text: "predicting\n", source: "stdout"))
        var text = ""
        if case .string(let value)? = job.input["text"] { text = value }
        let output = OutputValue.json(.string("hello \(text)"))
        progress(.output(output))
        return .succeeded(output: output, metrics: [:])
    }

    /// Waits until canceled, then ends as canceled.
    static let waitsForCancel: FakeScript = { job, _, backend in
        await backend.waitForCancel(job.id)
        return .canceled(metrics: [:])
    }

    func setScript(_ script: @escaping FakeScript) { self.script = script }
    func setSetup(_ report: SetupReport) { setup = report }
    func setInterfaces(predict: PredictorInterface?, train: PredictorInterface?) {
        self.predict = predict
        self.train = train
    }
    func setHealthcheck(_ result: UserHealthcheckResult?, delay: Duration = .zero) {
        healthcheck = result
        healthcheckDelay = delay
    }

    // MARK: PredictionBackend

    func interfaces() async -> (predict: PredictorInterface?, train: PredictorInterface?) { (predict, train) }
    func setupReport() async -> SetupReport { setup }

    func run(_ job: PredictionJob, accepted: @escaping @Sendable () -> Void, progress: @escaping @Sendable (PredictionProgress) -> Void) async -> PredictionOutcome {
        jobs.append(job)
        running.insert(job.id)
        accepted()
        let script = script
        let outcome = await script(job, progress, self)
        running.remove(job.id)
        return outcome
    }

    func cancel(_ id: String) async {
        guard running.contains(id) else { return }
        canceled.append(id)
        for waiter in cancelWaiters.removeValue(forKey: id) ?? [] { waiter.resume() }
    }

    func userHealthcheck() async -> UserHealthcheckResult? {
        healthcheckCalls += 1
        if healthcheckDelay > .zero { try? await Task.sleep(for: healthcheckDelay) }
        return healthcheck
    }

    func versions() async -> [String: String] { ["python_sdk": "0.23.1", "python": "3.11.2"] }
    func shutdown() async { shutDown = true }

    // MARK: Helpers for scripts and tests

    func waitForCancel(_ id: String) async {
        if canceled.contains(id) { return }
        await withCheckedContinuation { cancelWaiters[id, default: []].append($0) }
    }

    func isRunning(_ id: String) -> Bool { running.contains(id) }
}
