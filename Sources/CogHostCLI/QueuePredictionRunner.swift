// Runs the queue's jobs through the HTTP server's prediction pipeline (wiring CogQueue to CogHTTP).
import CogCore
import CogHTTP
import CogQueue
import CogWorker
import Foundation
import Synchronization

/// A queued job runs as an async `POST /predictions` with the stored body would: the same
/// worker process, validation, scrubbing, webhooks, uploads and prediction document.
final class QueuePredictionRunner: QueueJobRunner {
    let server: CogHTTPServer
    let supervisor: WorkerSupervisor
    /// The server's listener task when `--port` was given (health and metrics).
    let listener: Task<Void, any Error>?
    private let running = Mutex<[String: DetachedPrediction]>([:])

    init(server: CogHTTPServer, supervisor: WorkerSupervisor, listener: Task<Void, any Error>?) {
        self.server = server
        self.supervisor = supervisor
        self.listener = listener
    }

    func waitUntilReady() async throws(QueueRunnerSetupFailure) -> PublishedPredictor {
        let report = await supervisor.waitForSetup()
        guard report.status == .succeeded else { throw QueueRunnerSetupFailure(logs: report.logs) }
        let interfaces = await supervisor.interfaces()
        let interface = interfaces.predict ?? interfaces.train
        let secretInputs = interface?.inputs.filter { $0.type.containsSecret }.map(\.name) ?? []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let interfaceJSON = interface.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return PublishedPredictor(secretInputs: secretInputs, interfaceJSON: interfaceJSON)
    }

    func run(_ job: QueueJob, secretInputs: String?, progressInterval: Duration,
             progress: @escaping @Sendable (String) async -> Void) async -> QueueJobEnd {
        let request = DetachedPredictionRequest(id: job.id, body: job.request, secretInputs: secretInputs, isTraining: job.isTraining)
        let prediction: DetachedPrediction
        switch await server.startDetached(request) {
        case .failure(.invalid(let result)):
            return .finished(state: .failed, document: result.document)
        case .failure(.notReady(let reason)):
            return .notStarted(reason: reason)
        case .success(let started):
            prediction = started
        }
        running.withLock { $0[job.id] = prediction }
        // One writer: after a change it waits out the interval (changes meanwhile coalesce into
        // the stream's one pending element), then writes the latest document. It is canceled
        // at the end, before the result is written, so no progress lands after the result.
        let writer = Task {
            var nextWrite = ContinuousClock.now + progressInterval
            for await _ in prediction.changes {
                do { try await Task.sleep(until: nextWrite) } catch { return }
                await progress(await prediction.document())
                nextWrite = .now + progressInterval
            }
        }
        if job.cancelRequested { await prediction.cancel() }
        let result = await prediction.result()
        writer.cancel()
        await writer.value
        running.withLock { $0[job.id] = nil }
        return .finished(state: QueueJobState(rawValue: result.status.rawValue) ?? .failed, document: result.document)
    }

    func cancel(jobID: String) async {
        guard let prediction = running.withLock({ $0[jobID] }) else { return }
        await prediction.cancel()
    }

    func shutdown() async {
        if let listener {
            await server.shutdown()
            _ = try? await listener.value
        } else {
            await server.finishWithoutListening()
        }
    }
}
