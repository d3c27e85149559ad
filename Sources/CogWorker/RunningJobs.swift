// The jobs a worker is running, shared by the supervisor and its worker-reader thread.
import CogCore
import Synchronization

/// In-flight jobs by id. The supervisor adds, cancels and fails them; the thread that reads the
/// worker's events delivers their progress and results directly (without a hop through the
/// supervisor's actor), in the order the worker sent them.
/// Continuations and progress callbacks are called after the lock is released.
final class RunningJobs: Sendable {
    struct Job: Sendable {
        let continuation: CheckedContinuation<PredictionOutcome, Never>
        let progress: @Sendable (PredictionProgress) -> Void
        let generation: Int
        var canceled = false
    }

    private let jobs = Mutex<[String: Job]>([:])

    /// Registers a job; false (and nothing changes) when a job with that id is in flight.
    func insert(_ job: Job, id: String) -> Bool {
        jobs.withLock { jobs in
            guard jobs[id] == nil else { return false }
            jobs[id] = job
            return true
        }
    }

    subscript(id: String) -> Job? { jobs.withLock { $0[id] } }

    /// Marks the job canceled; returns it, or nil if it is not running or already canceled.
    func markCanceled(_ id: String) -> Job? {
        jobs.withLock { jobs in
            guard var job = jobs[id], !job.canceled else { return nil }
            job.canceled = true
            jobs[id] = job
            return job
        }
    }

    /// Progress from the worker of `generation`.
    func deliver(_ progress: PredictionProgress, to id: String, generation: Int) {
        guard let job = self[id], job.generation == generation else { return }
        job.progress(progress)
    }

    /// Ends the job with `outcome` (a canceled job ends canceled, even if the predictor
    /// swallowed the cancel, as in Cog).
    func finish(_ id: String, _ outcome: PredictionOutcome, generation: Int? = nil) {
        let job: Job? = jobs.withLock { jobs in
            guard let job = jobs[id], generation == nil || job.generation == generation else { return nil }
            jobs[id] = nil
            return job
        }
        guard let job else { return }
        job.continuation.resume(returning: job.canceled ? .canceled(metrics: outcome.metrics) : outcome)
    }

    /// Removes and returns every job of `generation` (its worker is gone).
    func removeAll(ofGeneration generation: Int) -> [(id: String, job: Job)] {
        jobs.withLock { jobs in
            let ended = jobs.filter { $0.value.generation == generation }.map { (id: $0.key, job: $0.value) }
            for (id, _) in ended { jobs[id] = nil }
            return ended
        }
    }
}
