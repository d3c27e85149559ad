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
    private let running = Mutex<Runs>(Runs())

    /// The predictions under way by job id, and the stops asked for jobs whose prediction had
    /// not started yet (applied when it does).
    struct Runs {
        var predictions: [String: DetachedPrediction] = [:]
        var pendingStops: [String: Stop] = [:]
    }

    enum Stop { case cancel, abandon }

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
        defer {
            running.withLock { runs in
                runs.predictions[job.id] = nil
                runs.pendingStops[job.id] = nil
            }
        }
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
        let pending = running.withLock { runs in
            runs.predictions[job.id] = prediction
            return runs.pendingStops.removeValue(forKey: job.id)
        }
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
        switch pending {
        case .abandon?: await prediction.abandon()
        case .cancel?: await prediction.cancel()
        case nil: if job.cancelRequested { await prediction.cancel() }
        }
        let result = await prediction.result()
        writer.cancel()
        await writer.value
        return .finished(state: QueueJobState(rawValue: result.status.rawValue) ?? .failed, document: result.document)
    }

    func cancel(jobID: String) async {
        await stop(jobID: jobID, .cancel)
    }

    func abandon(jobID: String) async {
        await stop(jobID: jobID, .abandon)
    }

    /// Stops the job's prediction, or, before it started, marks it to stop when it does (the
    /// worker asks only for jobs it runs, so a mark is never left behind for long).
    private func stop(jobID: String, _ stop: Stop) async {
        let prediction = running.withLock { runs -> DetachedPrediction? in
            if let prediction = runs.predictions[jobID] { return prediction }
            if runs.pendingStops[jobID] != .abandon { runs.pendingStops[jobID] = stop }
            return nil
        }
        switch stop {
        case .cancel: await prediction?.cancel()
        case .abandon: await prediction?.abandon()
        }
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
