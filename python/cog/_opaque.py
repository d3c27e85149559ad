"""The `cog.Opaque` marker used inside `Annotated[T, Opaque]` annotations."""


class _OpaqueMarker:
    """Type of the single `cog.Opaque` object; carries no data."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "cog.Opaque"


Opaque = _OpaqueMarker()
