// Prediction slots and the in-flight predictions by id (no queue: a request without a slot gets 409).
/// The server's slots and in-flight predictions. A slot is released (and the id forgotten)
/// before the response or completion event that reports the end of its prediction goes out,
/// so a client reacting to it never sees a spurious 409.
actor PredictionRegistry {
    let slotCount: Int
    private var slotsInUse = 0
    private var runs: [String: PredictionRun] = [:]
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Ids of the latest predictions that ended after a cancel, so a repeated cancel of one
    /// still answers 200 (cog-host stops predictions faster than coglet, whose repeat cancels
    /// usually still find the prediction running). Bounded, oldest forgotten first.
    private var recentlyCanceled: [String] = []
    private static let recentlyCanceledLimit = 1024

    init(slotCount: Int) { self.slotCount = max(1, slotCount) }

    /// Takes a slot and registers the run (replacing an older run with the same id, as
    /// coglet does); false when every slot is busy.
    func reserve(_ run: PredictionRun) -> Bool {
        guard slotsInUse < slotCount else { return false }
        slotsInUse += 1
        runs[run.id] = run
        return true
    }

    /// Frees the run's slot and forgets it (if it is still the one registered under its id).
    func release(_ run: PredictionRun, wasCanceled: Bool = false) {
        slotsInUse = max(0, slotsInUse - 1)
        if wasCanceled {
            recentlyCanceled.append(run.id)
            if recentlyCanceled.count > Self.recentlyCanceledLimit { recentlyCanceled.removeFirst() }
        }
        if runs[run.id] === run { runs[run.id] = nil }
        if slotsInUse == 0 {
            let waiters = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    func run(withID id: String) -> PredictionRun? { runs[id] }

    /// Whether `id` is one of the latest predictions that ended canceled (and is not running).
    func wasRecentlyCanceled(_ id: String) -> Bool { runs[id] == nil && recentlyCanceled.contains(id) }

    /// Slots in use now.
    var runningCount: Int { slotsInUse }

    /// All slots in use (health `BUSY`).
    var isBusy: Bool { slotsInUse >= slotCount }

    /// Returns once no prediction is running.
    func waitUntilIdle() async {
        if slotsInUse == 0 { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }
}
