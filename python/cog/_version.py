"""Version of the Cog SDK surface this package reproduces."""

__version__ = "0.23.1"
