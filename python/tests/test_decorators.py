"""`@streaming` and `@concurrent`."""

import pytest

from cog import concurrent, streaming


def test_streaming_forms():
    def a():
        pass

    assert streaming(a) is a and a.__cog_streaming__ is True

    @streaming()
    def b():
        pass

    @streaming
    def c():
        pass

    assert b.__cog_streaming__ is True and c.__cog_streaming__ is True


def test_concurrent_sets_the_attribute():
    @concurrent
    def sync_fn():
        pass

    assert sync_fn.__cog_concurrent_max__ == 1

    @concurrent(max=4)
    async def async_fn():
        pass

    assert async_fn.__cog_concurrent_max__ == 4

    @concurrent(max=2)
    async def async_gen():
        yield 1

    assert async_gen.__cog_concurrent_max__ == 2


@pytest.mark.parametrize("value", [True, 1.5, "2", None])
def test_concurrent_max_must_be_an_integer(value):
    with pytest.raises(TypeError, match=r"^concurrent max must be an integer$"):
        concurrent(max=value)


def test_concurrent_max_must_be_positive():
    with pytest.raises(ValueError, match=r"^concurrent max must be at least 1$"):
        concurrent(max=0)


def test_concurrent_above_one_needs_async():
    with pytest.raises(TypeError, match=r"^concurrent max greater than 1 requires an async function$"):

        @concurrent(max=2)
        def sync_fn():
            pass


def test_concurrent_positional_must_be_callable():
    with pytest.raises(TypeError, match=r"^concurrent must be used as @concurrent or @concurrent\(max=\.\.\.\)$"):
        concurrent(3)  # type: ignore[arg-type]
