"""The error cog-host reports when a predictor's definition (not its code) is wrong."""


class PredictorDefinitionError(Exception):
    """A predictor cannot be loaded or described; the message names the file and the problem."""
