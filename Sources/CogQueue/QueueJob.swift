// A job as a worker claimed it from `cog_host.jobs`.

/// One claimed job: what the worker needs to run it and to prove, when it writes, that the
/// lease is still its own (`attempt`).
public struct QueueJob: Sendable, Equatable {
    public let id: String
    public let isTraining: Bool
    /// The stored request document (Secret inputs masked).
    public let request: String
    /// The sealed Secret values, if the job has any.
    public let sealedSecrets: String?
    /// 1 on the first claim; more when an earlier worker lost the job (its lease expired).
    public let attempt: Int
    /// A cancel was asked for before the job started here: it starts canceled.
    public var cancelRequested: Bool

    public init(id: String, isTraining: Bool, request: String, sealedSecrets: String?, attempt: Int, cancelRequested: Bool) {
        self.id = id
        self.isTraining = isTraining
        self.request = request
        self.sealedSecrets = sealedSecrets
        self.attempt = attempt
        self.cancelRequested = cancelRequested
    }
}

/// A job's state in the table.
public enum QueueJobState: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed, canceled

    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .canceled }
}
