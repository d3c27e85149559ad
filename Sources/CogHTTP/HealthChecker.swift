// Answers GET /health-check: setup state, slots, and the user healthcheck (shared, 5 s timeout).
import CogCore
import Foundation

/// Builds the health document. Concurrent checks share one in-flight call of the predictor's
/// `healthcheck()`, which is given `timeout` to answer.
actor HealthChecker {
    private let backend: any PredictionBackend
    private let registry: PredictionRegistry
    private let cogletVersion: String
    private let timeout: Duration
    private var inFlight: Task<String?, Never>?
    /// Made (empty) by the first READY check, as coglet does under Kubernetes, for a readiness
    /// probe (`test -f`); nil elsewhere.
    private let readyFile: String?
    private var readyFileMade = false

    init(backend: any PredictionBackend, registry: PredictionRegistry, cogletVersion: String, timeout: Duration, readyFile: String? = nil) {
        self.backend = backend
        self.registry = registry
        self.cogletVersion = cogletVersion
        self.timeout = timeout
        self.readyFile = readyFile
    }

    func document() async -> HealthCheckDocument {
        let report = await backend.setupReport()
        let versions = await backend.versions()
        var status: HealthCheckDocument.Status
        var userError: String?
        switch report.status {
        case .starting: status = .starting
        case .failed: status = .setupFailed
        case .succeeded:
            status = await registry.isBusy ? .busy : .ready
            userError = await userHealthcheckError()
            if userError != nil { status = .unhealthy }
        }
        if status == .ready, let readyFile, !readyFileMade {
            readyFileMade = true
            try? FileManager.default.createDirectory(atPath: (readyFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: readyFile, contents: Data())
        }
        return HealthCheckDocument(status: status, report: report, versions: versions, cogletVersion: cogletVersion, userHealthcheckError: userError)
    }

    /// The user healthcheck's error text, or nil when healthy (or when there is none).
    private func userHealthcheckError() async -> String? {
        if let inFlight { return await inFlight.value }
        let (backend, timeout) = (backend, timeout)
        let task = Task { () -> String? in
            let race = FirstAnswer()
            Task {
                let answer: String?
                switch await backend.userHealthcheck() {
                case .unhealthy(let message)?: answer = message
                case .healthy?, nil: answer = nil
                }
                await race.answer(answer)
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { await race.answer(Self.timeoutMessage(timeout)) }
            }
            let result = await race.value()
            timer.cancel()
            return result
        }
        inFlight = task
        let result = await task.value
        inFlight = nil
        return result
    }

    /// `Healthcheck failed: user-defined healthcheck timed out after 5.0 seconds`.
    static func timeoutMessage(_ timeout: Duration) -> String {
        let seconds = timeout.seconds
        return "Healthcheck failed: user-defined healthcheck timed out after \(seconds) seconds"
    }
}

/// The first of several racing answers (a healthcheck result or its timeout).
private actor FirstAnswer {
    private var result: String??
    private var waiters: [CheckedContinuation<String?, Never>] = []

    func answer(_ value: String?) {
        guard result == nil else { return }
        result = .some(value)
        for waiter in waiters { waiter.resume(returning: value) }
        waiters.removeAll()
    }

    func value() async -> String? {
        if let result { return result }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
