// Waiting for an event instead of sleeping for a guessed time.
import Foundation
import Testing

/// Polls `condition` until it holds; after `timeout` records a failure at the caller and returns,
/// so the test still runs its cleanup (a cancel, a shutdown). The bound is generous: it only
/// costs time when the test fails.
func eventually(
    timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation, _ condition: @Sendable () async -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    if await condition() { return }
    Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
}
