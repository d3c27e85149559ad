"""Host-private helpers cog-host calls to load and describe predictors; not for user code."""
