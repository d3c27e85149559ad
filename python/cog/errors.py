"""Legacy Cog error classes kept importable as `cog.errors`."""


class CogError(Exception):
    """Base class for Cog errors."""


class ConfigDoesNotExist(CogError):
    """No cog.yaml was found."""


class PredictorNotSet(CogError):
    """cog.yaml does not name a predictor where one is required."""
