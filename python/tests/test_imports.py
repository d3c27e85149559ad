"""The import graph of `cog` and `cog_host`: no module imports another that (directly or not)
imports it back, not even inside a function, and every module of `cog` imports first, in a fresh
interpreter, whichever it is.

Run as a script (``python3 python/tests/test_imports.py``) it also imports every ordered pair of
`cog`'s modules, each pair in a fresh interpreter, and all of them in forward, reverse and
shuffled orders.
"""

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Optional, Set

try:
    from conftest import PYTHON_DIR
except ImportError:  # run as a script
    PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PACKAGES = ("cog", "cog_host")


def modules(package: str) -> List[str]:
    """The dotted names of a package's modules, the package itself first."""
    directory = os.path.join(PYTHON_DIR, package)
    names = sorted(name[:-3] for name in os.listdir(directory) if name.endswith(".py"))
    return [package] + [f"{package}.{name}" for name in names if name != "__init__"]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Imports(ast.NodeVisitor):
    """Every module of `known` that a module's code can import, at its top or in a function
    (``if TYPE_CHECKING:`` blocks never run and are left out)."""

    def __init__(self, module: str, is_package: bool, known: Set[str]) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.known = known
        self.found: Set[str] = set()

    def _add(self, name: str) -> None:
        # `import a.b.c` imports a, a.b and a.b.c; only the last is this module's own import
        # (a package's __init__ imported on the way is not an import *of* it back).
        if name in self.known:
            self.found.add(name)

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            origin = ".".join(base + ([node.module] if node.module else []))
        else:
            origin = node.module or ""
        for alias in node.names:
            submodule = f"{origin}.{alias.name}"
            self._add(submodule if submodule in self.known else origin)


def import_graph() -> Dict[str, Set[str]]:
    """module -> the modules of `cog` and `cog_host` it imports (anywhere in its code)."""
    known = {name for package in PACKAGES for name in modules(package)}
    graph = {}
    for name in sorted(known):
        is_package = name in PACKAGES
        parts = name.split(".")
        path = os.path.join(PYTHON_DIR, *parts, "__init__.py") if is_package else os.path.join(PYTHON_DIR, *parts) + ".py"
        with open(path, encoding="utf-8") as file:
            tree = ast.parse(file.read(), path)
        visitor = _Imports(name, is_package, known)
        visitor.visit(tree)
        visitor.found.discard(name)
        graph[name] = visitor.found
    return graph


def find_cycle(graph: Dict[str, Set[str]]) -> Optional[List[str]]:
    """A cycle of imports (its modules, the first repeated at the end), or None."""
    state: Dict[str, int] = {}  # 1: on the current path, 2: done
    path: List[str] = []

    def visit(node: str) -> Optional[List[str]]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def import_in_fresh_interpreter(names: List[str]) -> subprocess.CompletedProcess:
    """Imports `names` in this order in a new interpreter (-S: no site .pth files first); for
    `cog.types` also its lazily served Path and URLPath."""
    code = "import importlib\nfor name in %r:\n    module = importlib.import_module(name)\n" \
           "    if name == 'cog.types':\n        module.Path, module.URLPath\n" % (names,)  # fmt: skip
    env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    return subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env)


def _assert_imports(orders: List[List[str]]) -> None:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        results = list(pool.map(import_in_fresh_interpreter, orders))
    failures = [f"{' -> '.join(order)}:\n{result.stderr}" for order, result in zip(orders, results) if result.returncode]
    assert not failures, "\n".join(failures)


def test_no_import_cycle_in_cog_or_cog_host():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_paths_and_types_share_the_filename_modules_and_do_not_import_each_other_back():
    graph = import_graph()
    assert "cog.types" not in graph["cog._paths"]
    assert graph["cog._paths"] >= {"cog._filenames", "cog._files"}
    assert graph["cog.types"] >= {"cog._filenames", "cog._files", "cog._paths"}  # _paths lazily
    for shared in ("cog._filenames", "cog._files"):
        assert not graph[shared] & {"cog.types", "cog._paths"}, shared


def test_paths_imports_with_cog_types_blocked():
    # `cog` stands in as a bare package (its __init__ imports cog.types), and cog.types is blocked.
    code = (
        "import sys, types\n"
        f"package = types.ModuleType('cog'); package.__path__ = [{os.path.join(PYTHON_DIR, 'cog')!r}]\n"
        "sys.modules['cog'] = package\n"
        "sys.modules['cog.types'] = None  # any import of it raises ImportError\n"
        "import cog._paths as p\n"
        "assert p.Path.validate('data:text/plain,hi').filename == 'file.txt'\n"
        "print(p.Path.__module__, p.URLPath.__module__)"
    )
    env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    result = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["cog.types", "cog.types"]


def test_every_cog_module_imports_first_in_a_fresh_interpreter():
    names = modules("cog")
    _assert_imports([[first] + [name for name in names if name != first] for first in names])


def test_public_names_of_cog_types_are_where_cog_has_them():
    import pickle

    import cog.types

    for name in ("Path", "URLPath", "File", "URLFile", "Secret", "ConcatenateIterator", "AsyncConcatenateIterator"):
        assert getattr(cog.types, name).__module__ == "cog.types", name
    assert cog.types.get_filename.__module__ == "cog.types"
    for name in ("Path", "URLPath", "File", "URLFile", "Secret"):
        assert getattr(cog.types, name) is getattr(sys.modules["cog"], name), name
    assert pickle.loads(pickle.dumps(cog.types.Path("/a"))) == cog.types.Path("/a")


if __name__ == "__main__":
    import itertools
    import random

    cycle = find_cycle(import_graph())
    if cycle:
        sys.exit("import cycle: " + " -> ".join(cycle))
    names = modules("cog")
    orders = [[name] for name in names] + [list(pair) for pair in itertools.permutations(names, 2)]
    orders += [names, names[::-1]]
    shuffle = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    for _ in range(50):
        order = list(names)
        shuffle.shuffle(order)
        orders.append(order)
    _assert_imports(orders)
    print(f"no cycle; {len(names)} modules of cog imported in {len(orders)} orders, each in a fresh interpreter: all fine")
