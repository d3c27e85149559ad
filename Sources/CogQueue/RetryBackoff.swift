// Delays between retries of a database call: doubling from 0.25 s to 10 s, with jitter.

/// Exponential backoff for reconnecting: 0.25 s, 0.5 s, … up to `ceiling`, each ±20 %, so a
/// fleet of workers that lost the database does not come back in lock step.
struct RetryBackoff: Sendable {
    var floor: Duration = .milliseconds(250)
    var ceiling: Duration = .seconds(10)
    private(set) var failures = 0

    /// The delay before the next try, after one more failure.
    mutating func nextDelay() -> Duration {
        failures += 1
        let base = min(ceiling, floor * (1 << min(failures - 1, 16)))
        return base * Double.random(in: 0.8...1.2)
    }

    mutating func reset() { failures = 0 }
}
