// What every Cog environment has because Cog's own SDK needs it.

/// The runtime dependencies of the `cog` package 0.23.1 (its `Requires-Dist`, less `coglet`,
/// whose part cog-host is, and the optional `tracing` extra). Predictors import `requests` or
/// `yaml` without listing them, because Cog's image always has them; managed environments
/// install them too, with Cog's constraints (the project's own pins win when both name one).
public enum CogSDKRequirements {
    public static let lines = [
        "requests>=2.25.0",
        "pyyaml>=6.0",
        "structlog>=21.0.0",
        "typing_extensions>=4.0",
    ]
}
