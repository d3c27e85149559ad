// Runs one registered prediction on the backend and turns its outcome into the terminal state.
import CogCore

/// Drives a `PredictionRun` from dispatch to its announced end.
struct PredictionExecutor: Sendable {
    let backend: any PredictionBackend
    let registry: PredictionRegistry
    let delivery: @Sendable () -> OutputDelivery

    /// Starts the job; the task's value is the terminal snapshot, available after the slot was
    /// released and before the completion was announced to SSE clients and the webhook.
    /// `early`, when given, gets the snapshot at the same moment.
    func start(_ run: PredictionRun, job: PredictionJob, early: EarlyResult? = nil) -> Task<PredictionSnapshot, Never> {
        // On the request's event loop when there is one: see EventLoopTaskExecutor.
        Task(executorPreference: EventLoopTaskExecutor.pinnedToCurrentLoop()) {
            let snapshot = await execute(run, job: job)
            early?.finish(snapshot)
            return snapshot
        }
    }

    private func execute(_ run: PredictionRun, job: PredictionJob) async -> PredictionSnapshot {
        let outputs = delivery()
        await run.markProcessing()
        var uploadError: OutputUploadError?
        let outcome: PredictionOutcome
        if await run.beginBackendRun() {
            // Progress is applied in order by one consumer task, started only when the first
            // progress arrives (a prediction that prints and yields nothing needs none).
            let progress = ProgressConsumer { stream in
                var firstError: OutputUploadError?
                for await progress in stream {
                    switch progress {
                    case .log(let text, let source):
                        await run.appendLog(text, source: source)
                    case .metric(let name, let value, let mode):
                        await run.recordMetric(name: name, value: value, mode: mode)
                    case .output(let value):
                        do throws(OutputUploadError) {
                            let chunk = try await outputs.encodeChunk(value)
                            await run.appendOutput(chunk)
                        } catch {
                            if firstError == nil { firstError = error }
                        }
                    }
                }
                return firstError
            }
            let (backend, handshake) = (backend, run.cancelHandshake)
            outcome = await backend.run(job, accepted: {
                // A cancel that came while the job was on its way is sent now that it can land.
                if handshake.backendAccepted() { Task { await backend.cancel(job.id) } }
            }, progress: { progress.yield($0) })
            uploadError = await progress.finish()
        } else {
            outcome = .canceled(metrics: [:])
        }

        let canceled = await run.cancelRequested
        switch outcome {
        case .canceled(let metrics):
            await run.finish(status: .canceled, output: nil, error: nil, outcomeMetrics: metrics)
        case .failed(let error, let metrics):
            await run.finish(status: canceled ? .canceled : .failed, output: nil,
                             error: error.httpErrorText(isTraining: job.isTraining), outcomeMetrics: metrics)
        case .succeeded(let output, let metrics):
            if canceled {
                await run.finish(status: .canceled, output: nil, error: nil, outcomeMetrics: metrics)
            } else if let uploadError {
                await run.finish(status: .failed, output: nil, error: "Failed to upload output: \(uploadError.reason)", outcomeMetrics: metrics)
            } else {
                do throws(OutputUploadError) {
                    let encoded = try await outputs.encodeFinal(output)
                    await run.finish(status: .succeeded, output: encoded, error: nil, outcomeMetrics: metrics)
                } catch {
                    await run.finish(status: .failed, output: nil, error: "Failed to upload output: \(error.reason)", outcomeMetrics: metrics)
                }
            }
        }
        await outputs.removeTemporaryFiles()
        let snapshot = await run.snapshot()
        await registry.release(run, wasCanceled: snapshot.status == .canceled)
        await run.announceCompletion()
        return snapshot
    }
}
