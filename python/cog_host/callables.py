"""What the host needs to know about a callable (its parameters, whether it is async or a
generator) without importing `inspect`.

`inspect` pulls in `ast`, `dis` and `tokenize`, several milliseconds of every start of a
one-shot `cog-host predict`. A predictor's method is almost always a plain function or a method
bound to one, and for those the code object says everything; anything else (wrapped functions,
partials, objects with `__signature__`, builtins) is handed to `inspect` itself.
"""

import functools
import types

_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08
_CO_GENERATOR = 0x20
_CO_COROUTINE = 0x80
_CO_ASYNC_GENERATOR = 0x200


class _Empty:
    """No default, or no annotation (`Parameter.empty`)."""

    def __repr__(self) -> str:
        return "<empty>"


class Parameter:
    """One parameter, with the attribute names and kind values of `inspect.Parameter`."""

    __slots__ = ("name", "kind", "default", "annotation")

    POSITIONAL_ONLY = 0
    POSITIONAL_OR_KEYWORD = 1
    VAR_POSITIONAL = 2
    KEYWORD_ONLY = 3
    VAR_KEYWORD = 4
    empty = _Empty()

    def __init__(self, name, kind, default, annotation):
        self.name = name
        self.kind = kind
        self.default = default
        self.annotation = annotation

    def __repr__(self) -> str:
        return f"<Parameter {self.name} kind={self.kind}>"


class Signature:
    """The parameters of a callable in order: `.parameters` maps names to `Parameter`s."""

    __slots__ = ("parameters",)

    def __init__(self, parameters):
        self.parameters = {parameter.name: parameter for parameter in parameters}


def signature(fn):
    """The signature of `fn`, as `inspect.signature(fn)` gives it (same names, kinds, defaults
    and annotations, and the same `.parameters` mapping); raises what it raises."""
    bound = isinstance(fn, types.MethodType)
    function = fn.__func__ if bound else fn
    if type(function) is types.FunctionType and not _has_special_signature(fn):
        parameters = _function_parameters(function)
        if not bound:
            return Signature(parameters)
        if parameters and parameters[0].kind <= Parameter.POSITIONAL_OR_KEYWORD:
            return Signature(parameters[1:])
        if parameters and parameters[0].kind == Parameter.VAR_POSITIONAL:
            return Signature(parameters)
    import inspect

    return inspect.signature(fn)


def _has_special_signature(fn) -> bool:
    """Whether `inspect` would read the signature from somewhere other than the code object."""
    return any(hasattr(fn, name) for name in ("__wrapped__", "__signature__", "_partialmethod", "__text_signature__"))


def _function_parameters(function):
    code = function.__code__
    names = code.co_varnames
    positional_count = code.co_argcount
    positional_only_count = code.co_posonlyargcount
    keyword_only_count = code.co_kwonlyargcount
    annotations = function.__annotations__ or {}
    defaults = function.__defaults__ or ()
    keyword_defaults = function.__kwdefaults__ or {}
    empty = Parameter.empty
    first_default = positional_count - len(defaults)

    parameters = []
    for index, name in enumerate(names[:positional_count]):
        kind = Parameter.POSITIONAL_ONLY if index < positional_only_count else Parameter.POSITIONAL_OR_KEYWORD
        default = defaults[index - first_default] if index >= first_default else empty
        parameters.append(Parameter(name, kind, default, annotations.get(name, empty)))
    next_name = positional_count + keyword_only_count
    if code.co_flags & _CO_VARARGS:
        name = names[next_name]
        parameters.append(Parameter(name, Parameter.VAR_POSITIONAL, empty, annotations.get(name, empty)))
        next_name += 1
    for name in names[positional_count:positional_count + keyword_only_count]:
        parameters.append(Parameter(name, Parameter.KEYWORD_ONLY, keyword_defaults.get(name, empty), annotations.get(name, empty)))
    if code.co_flags & _CO_VARKEYWORDS:
        name = names[next_name]
        parameters.append(Parameter(name, Parameter.VAR_KEYWORD, empty, annotations.get(name, empty)))
    return parameters


def _code_flags(fn) -> int:
    """The code flags of a function, a method or a partial of one; 0 for anything else."""
    while True:
        if isinstance(fn, types.MethodType):
            fn = fn.__func__
        elif isinstance(fn, functools.partial):
            fn = fn.func
        else:
            break
    code = getattr(fn, "__code__", None)
    return code.co_flags if isinstance(code, types.CodeType) else 0


def is_coroutine_function(fn) -> bool:
    """`inspect.iscoroutinefunction`."""
    return bool(_code_flags(fn) & _CO_COROUTINE)


def is_generator_function(fn) -> bool:
    """`inspect.isgeneratorfunction`."""
    return bool(_code_flags(fn) & _CO_GENERATOR)


def is_async_generator_function(fn) -> bool:
    """`inspect.isasyncgenfunction`."""
    return bool(_code_flags(fn) & _CO_ASYNC_GENERATOR)


_ROUTINE_TYPES = (
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.MethodWrapperType,
    types.ClassMethodDescriptorType,
)


def is_routine(fn) -> bool:
    """`inspect.isroutine` for the callables a predictor can be: functions, methods and builtins."""
    return isinstance(fn, _ROUTINE_TYPES)
