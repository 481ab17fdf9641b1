"""Mutation testing: how many small faults planted in a module its own tests catch.

    python bench/mutation.py [--module indexer/text/dates.py ...] [--limit N] [--seed S] [--json PATH]
    python bench/mutation.py --module indexer/text/dates.py --list
    python bench/mutation.py --module indexer/text/dates.py --show 12
    python bench/mutation.py --module indexer/text/dates.py --canary

Each mutant is one small change to a module's syntax tree: a comparison (``<`` to ``<=`` or ``>``), a
boolean (``and`` to ``or``) or an arithmetic operator swapped, a constant changed (a number plus one,
``True`` to ``False``, a string emptied, ``%d`` and ``%m`` swapped in a date format), one entry of a
literal list, tuple, set or dict deleted (each format of a format list), a returned value replaced by
``None``, a statement deleted, an ``if``'s body or ``else`` removed, a condition negated. The module's
own test files (``MODULE_TESTS``, less the tests ``MODULE_TEST_FILTERS`` leaves out, each for a reason
given there) then run against it, stopping at the first failure: a mutant is
killed when a test fails, killed by timeout when they run past ``--timeout-factor`` times the clean
run (an infinite loop, reported apart), and survives when every test passes.

The repository under test is never touched: the files ``git ls-files`` lists (tracked and untracked
but not ignored) are copied to ``--work-dir``/<module>, the mutant is written there and pytest runs
there, with ``PYTHONPATH`` pointing at the copy so that it, not the editable install, is imported.
``--canary`` proves it: it plants a mutant that raises on import in the copy, shows which file
Python imports and that the tests fail, and checks that the repository's file is unchanged.

Mutants known to behave exactly as the original (a cache size, a bound no input reaches) are listed
with a one-line reason in ``bench/data/mutation_equivalent.txt`` (module, line, mutation, reason, tab
separated) and left out of the score: score = (killed + timeouts) / (mutants - equivalent). A
listed mutant that some test kills is reported, so the list stays honest. Runs one pytest at a time:
a whole module takes minutes to an hour, too slow for every CI run; ``--limit`` samples mutants.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EQUIVALENTS = REPO / "bench" / "data" / "mutation_equivalent.txt"
SHARED_DATA = Path(os.environ.get("NEWSDEX_SHARED_DATA", REPO.parent / "shared" / "data"))

# Each module and its own tests: the test files written for it, not the whole suite, so that a
# module's score says what its tests pin down.
MODULE_TESTS: dict[str, list[str]] = {
    "indexer/text/dates.py": ["tests/test_dates.py"],
    "indexer/text/fold.py": ["tests/test_fold.py"],
    "indexer/text/analysis.py": ["tests/test_analysis.py"],
    "indexer/index/store.py": ["tests/test_store.py", "tests/reliability/test_crash_and_concurrency.py"],
    "indexer/search/registry.py": ["tests/test_facet_registry.py"],
    "indexer/search/facets.py": ["tests/test_facets.py"],
    "indexer/readers/text.py": ["tests/readers/test_text.py"],
    "indexer/readers/sgml.py": ["tests/readers/test_sgml.py"],
    "indexer/readers/jsonl.py": ["tests/readers/test_jsonl.py"],
    "indexer/readers/html/__init__.py": ["tests/readers/test_html.py"],
    **{f"indexer/readers/html/{name}.py": ["tests/readers/test_html.py", f"tests/readers/test_html_{name}.py"]
       for name in ("body", "bylines", "metadata", "page_kind", "title", "tree")},
    "indexer/search/query.py": ["tests/test_query.py", "tests/test_date_queries.py"],
    "indexer/search/syntax.py": ["tests/test_syntax.py", "tests/test_syntax_rules.py"],
    "indexer/search/ranking.py": ["tests/test_ranking.py"],
    "indexer/search/engine.py": ["tests/test_search.py", "tests/test_search_contract.py", "tests/test_engine_rules.py"],
}
# Tests of those files left out of a module's runs (a pytest ``-k`` expression), each for a reason: the
# Reuters-21578 brute-force comparisons of syntax.py index all of Reuters first (36 s a run, 40 minutes
# for a sample of 60 mutants; the small hand-made indexes check the same rules), and the OpenSearch
# half of the contract tests runs the other backend, which never imports engine.py.
MODULE_TEST_FILTERS: dict[str, str] = {
    "indexer/search/syntax.py": "not reuters",
    "indexer/search/engine.py": "not opensearch",
}

_COMPARE_SWAPS = {
    ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt, ast.GtE), ast.Gt: (ast.GtE, ast.Lt), ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,), ast.In: (ast.NotIn,), ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,),
}
_BINARY_SWAPS = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr,
    ast.LShift: ast.RShift, ast.RShift: ast.LShift,
}
# Statements a mutant may delete (definitions and imports only break the import, which says nothing).
_DELETABLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return, ast.Raise, ast.If, ast.For,
              ast.While, ast.With, ast.Try, ast.Continue, ast.Break, ast.Delete, ast.Assert)


@dataclass(frozen=True)
class Mutant:
    module: str
    number: int  # 1.. in the order of the source
    line: int
    mutation: str  # what changed, as text: the key of the equivalents list
    start: int  # byte span of the source replaced
    end: int
    replacement: str

    def apply(self, source: bytes) -> bytes:
        return source[:self.start] + self.replacement.encode("utf-8") + source[self.end:]


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."


class _Planter:
    """Walks a module's syntax tree and records every mutant as a replacement of a span of its source."""

    def __init__(self, module: str, source: bytes):
        self.module, self.source = module, source
        self.line_starts = [0]
        for line in source.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.found: list[tuple[int, str, int, int, str]] = []  # line, mutation, start, end, replacement
        self.skipped: set[int] = set()  # ids of nodes no mutant may touch

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.line_starts[node.lineno - 1] + node.col_offset,
                self.line_starts[node.end_lineno - 1] + node.end_col_offset)

    def text(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.source[start:end].decode("utf-8")

    def add(self, node: ast.AST, kind: str, replacement: str, span: tuple[int, int] | None = None) -> None:
        start, end = span or self.span(node)
        before = self.source[start:end].decode("utf-8")
        self.found.append((node.lineno, f"{kind}: `{_short(before)}` -> `{_short(replacement)}`", start, end,
                           replacement))

    def replace_expression(self, node: ast.expr, kind: str, mutated: ast.expr) -> None:
        self.add(node, kind, f"({ast.unparse(mutated)})")

    def delete_entry(self, collection: ast.expr, entry: ast.expr, mutated: ast.expr) -> None:
        """One entry of a literal collection deleted, named by the entry on its own line."""
        start, end = self.span(collection)
        self.found.append((entry.lineno, f"entry deleted: `{_short(self.text(entry))}`", start, end,
                           f"({ast.unparse(mutated)})"))

    def skip(self, node: ast.AST | None) -> None:
        if node is not None:
            self.skipped.update(id(inner) for inner in ast.walk(node))

    def plant(self, tree: ast.Module) -> list[Mutant]:
        self._mark_skipped(tree)
        for node in ast.walk(tree):
            if id(node) not in self.skipped:
                self._expression(node)
        self._statements(tree.body, top_level=True)
        self.found.sort(key=lambda item: (item[0], item[2], item[3], item[1]))
        mutants, seen = [], {}
        for line, mutation, start, end, replacement in self.found:
            key = (line, mutation)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:  # the same change to two look-alike spans of one line
                mutation += f" #{seen[key]}"
            mutants.append(Mutant(self.module, len(mutants) + 1, line, mutation, start, end, replacement))
        return mutants

    def _mark_skipped(self, tree: ast.Module) -> None:
        """Docstrings, annotations, decorators and f-strings' insides: no behaviour to test there."""
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.body and _is_docstring(node.body[0]):
                    self.skip(node.body[0])
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.skip(node.returns)
                for decorator in node.decorator_list:
                    self.skip(decorator)
                arguments = node.args
                for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                 arguments.vararg, arguments.kwarg]:
                    if argument is not None:
                        self.skip(argument.annotation)
            if isinstance(node, ast.ClassDef):
                for decorator in node.decorator_list:
                    self.skip(decorator)
            if isinstance(node, ast.AnnAssign):
                self.skip(node.annotation)
            if isinstance(node, ast.ImportFrom):
                self.skip(node)
            if isinstance(node, ast.JoinedStr):
                self.skipped.update(id(inner) for inner in ast.walk(node) if inner is not node)

    def _expression(self, node: ast.AST) -> None:
        if isinstance(node, ast.Compare):
            for n, op in enumerate(node.ops):
                for swap in _COMPARE_SWAPS.get(type(op), ()):
                    mutated = copy.deepcopy(node)
                    mutated.ops[n] = swap()
                    self.replace_expression(node, "comparison", mutated)
        elif isinstance(node, ast.BoolOp):
            mutated = copy.deepcopy(node)
            mutated.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            self.replace_expression(node, "boolean", mutated)
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY_SWAPS:
            mutated = copy.deepcopy(node)
            mutated.op = _BINARY_SWAPS[type(node.op)]()
            self.replace_expression(node, "arithmetic", mutated)
        elif isinstance(node, ast.AugAssign) and type(node.op) in _BINARY_SWAPS:
            mutated = copy.deepcopy(node)
            mutated.op = _BINARY_SWAPS[type(node.op)]()
            self.add(node, "arithmetic", ast.unparse(mutated))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            self.add(node, "negation removed" if isinstance(node.op, ast.Not) else "sign removed",
                     f"({self.text(node.operand)})")
        elif isinstance(node, ast.Constant):
            self._constant(node)
        elif isinstance(node, ast.JoinedStr):
            self.add(node, "string", "''")
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and not isinstance(getattr(node, "ctx", None),
                                                                                   ast.Store):
            if len(node.elts) >= 2 and all(isinstance(element, ast.Constant) for element in node.elts):
                for n, element in enumerate(node.elts):
                    mutated = copy.deepcopy(node)
                    del mutated.elts[n]
                    self.delete_entry(node, element, mutated)
        elif isinstance(node, ast.Dict):
            if len(node.keys) >= 2 and all(isinstance(key, ast.Constant) for key in node.keys):
                for n, key in enumerate(node.keys):
                    mutated = copy.deepcopy(node)
                    del mutated.keys[n], mutated.values[n]
                    self.delete_entry(node, key, mutated)
        elif isinstance(node, ast.IfExp):
            self.add(node.test, "condition negated", f"(not ({self.text(node.test)}))")
        elif isinstance(node, ast.comprehension):
            for condition in node.ifs:
                self.add(condition, "condition negated", f"(not ({self.text(condition)}))")

    def _constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.add(node, "constant", repr(not value))
        elif isinstance(value, (int, float)):
            self.add(node, "constant", repr(value + 1))
        elif isinstance(value, str):
            self.add(node, "string", "''" if value else "'mutant'")
            if "%d" in value and "%m" in value:
                swapped = value.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
                self.add(node, "day and month swapped", repr(swapped))

    def _statements(self, body: list[ast.stmt], top_level: bool = False) -> None:
        for statement in body:
            if id(statement) in self.skipped:
                continue
            in_code = not top_level and not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                   ast.ClassDef))
            if in_code and isinstance(statement, _DELETABLE) and not self._is_elif(statement):
                self.add(statement, "statement deleted", "pass")
            if isinstance(statement, (ast.If, ast.While)):
                self.add(statement.test, "condition negated", f"(not ({self.text(statement.test)}))")
            if isinstance(statement, ast.If) and statement.orelse:
                self._drop_block(statement.body, "if body removed")
                self._drop_block(statement.orelse, "else removed")
            if isinstance(statement, ast.Return) and statement.value is not None:
                if not (isinstance(statement.value, ast.Constant) and statement.value.value is None):
                    self.add(statement.value, "return value", "None")
            for name in ("body", "orelse", "finalbody"):
                self._statements(getattr(statement, name, []) or [],
                                 top_level=top_level and isinstance(statement, (ast.If, ast.Try)))
            for handler in getattr(statement, "handlers", []):
                self._statements(handler.body)

    def _drop_block(self, block: list[ast.stmt], kind: str) -> None:
        start, end = self.span(block[0])[0], self.span(block[-1])[1]
        self.add(block[0], kind, "pass", span=(start, end))

    def _is_elif(self, statement: ast.stmt) -> bool:
        return isinstance(statement, ast.If) and self.text(statement).startswith("elif")


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and isinstance(
        statement.value.value, str)


def mutants_of(module: str, source: bytes) -> list[Mutant]:
    """Every mutant of ``source`` (the text of ``module``) that still compiles, in source order."""
    planted = _Planter(module, source).plant(ast.parse(source))
    compiling = []
    for mutant in planted:
        try:
            compile(mutant.apply(source), module, "exec")
        except SyntaxError:
            continue
        compiling.append(mutant)
    return compiling


# ---- the copy of the repository and the test runs --------------------------------------------------------------

def copy_repository(destination: Path) -> Path:
    """The files git lists (tracked, and untracked but not ignored) copied to ``destination``, afresh."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    if destination.exists():
        shutil.rmtree(destination)
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():  # listed but deleted in the working tree: not there to copy
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def copy_environment(copy_root: Path) -> dict[str, str]:
    """The copy first on the path; no bytecode written, so an edited module is always read afresh; the
    shared data read where it is (read-only)."""
    return {**os.environ, "PYTHONPATH": str(copy_root), "PYTHONDONTWRITEBYTECODE": "1",
            "NEWSDEX_SHARED_DATA": str(SHARED_DATA)}


@dataclass
class PytestRun:
    outcome: str  # "passed", "failed" or "timeout"
    seconds: float
    tail: str  # the last lines pytest printed
    canary_seen: bool  # whether the output shows the canary's error (see ``canary``)


def pytest_arguments(module: str, tests: list[str]) -> list[str]:
    """The test files, and the ``-k`` filter of ``MODULE_TEST_FILTERS`` if the module has one."""
    chosen = MODULE_TEST_FILTERS.get(module)
    return [*tests, "-k", chosen] if chosen else list(tests)


def run_tests(copy_root: Path, tests: list[str], timeout: float | None) -> PytestRun:
    # Each run on its own: hypothesis replays the failing examples it saved, and an input that fails
    # without any mutant (a bug of the module) would otherwise kill every mutant after the one it was found in.
    shutil.rmtree(copy_root / ".hypothesis", ignore_errors=True)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                               cwd=copy_root, env=copy_environment(copy_root), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        outcome = "passed" if process.returncode == 0 else "failed"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # pytest and any reindex it started, all of its own group
        output, _ = process.communicate()
        outcome = "timeout"
    tail = "\n".join(output.strip().splitlines()[-3:])
    return PytestRun(outcome, time.monotonic() - started, tail, CANARY_MESSAGE in output)


# ---- equivalents, results, report ------------------------------------------------------------------------------

def read_equivalents(path: Path = EQUIVALENTS) -> dict[tuple[str, int, str], str]:
    """(module, line, mutation) -> why that mutant behaves as the original."""
    listed = {}
    if path.exists():
        for row in path.read_text("utf-8").splitlines():
            if row.strip() and not row.startswith("#"):
                module, line, mutation, reason = row.split("\t")
                listed[(module, int(line), mutation)] = reason
    return listed


@dataclass
class ModuleResult:
    module: str
    tests: list[str]
    mutants: int = 0
    killed: int = 0
    timeouts: int = 0
    equivalent: int = 0
    survivors: list[dict] = field(default_factory=list)
    killed_but_listed: list[dict] = field(default_factory=list)
    baseline_seconds: float = 0.0
    error: str = ""  # the module was not mutated: why
    warning: str = ""  # mutated, but something to know about the run

    @property
    def score(self) -> float | None:
        counted = self.mutants - self.equivalent
        return (self.killed + self.timeouts) / counted if counted else None


def mutate_module(module: str, args, equivalents: dict) -> ModuleResult:
    # A test file the mapping names may not be written yet: the score is then that of the others.
    tests = [test for test in MODULE_TESTS[module] if (REPO / test).is_file()]
    result = ModuleResult(module, tests)
    if not tests:
        result.error = "none of its test files exists"
        return result
    original_path = REPO / module
    original = original_path.read_bytes()
    fingerprint = hashlib.sha256(original).hexdigest()
    mutants = select(mutants_of(module, original), args)
    copy_root = copy_repository(Path(args.work_dir) / module.replace("/", "_").removesuffix(".py") / "repo")
    target = copy_root / module
    arguments = pytest_arguments(module, tests)
    baseline = run_tests(copy_root, arguments, timeout=None)
    result.baseline_seconds = round(baseline.seconds, 1)
    if baseline.outcome != "passed":
        result.error = f"the tests fail without any mutant:\n{baseline.tail}"
        return result
    timeout = args.timeout_factor * baseline.seconds + 10
    _progress(f"{module}: {len(mutants)} mutants, clean run {baseline.seconds:.1f} s, timeout {timeout:.0f} s")
    try:
        for mutant in mutants:
            target.write_bytes(mutant.apply(original))
            run = run_tests(copy_root, arguments, timeout)
            listed = equivalents.get((module, mutant.line, mutant.mutation))
            record = {"line": mutant.line, "mutation": mutant.mutation, "number": mutant.number}
            result.mutants += 1
            if run.outcome == "timeout":
                result.timeouts += 1
            elif run.outcome == "failed":
                result.killed += 1
                if listed is not None:
                    result.killed_but_listed.append(record)
            elif listed is not None:
                result.equivalent += 1
            else:
                result.survivors.append(record)
            _progress(f"  #{mutant.number} {run.outcome if listed is None else run.outcome + ' (listed)'} "
                      f"{run.seconds:.1f}s {module}:{mutant.line} {mutant.mutation}")
    finally:
        target.write_bytes(original)
    if hashlib.sha256(original_path.read_bytes()).hexdigest() != fingerprint:
        result.warning = (f"{module} changed in the repository during the run: these figures are of the "
                          "version copied when it started")
    return result


def select(mutants: list[Mutant], args) -> list[Mutant]:
    if args.survivors_of:
        earlier = json.loads(Path(args.survivors_of).read_text("utf-8"))
        wanted = {(entry["module"], survivor["line"], survivor["mutation"])
                  for entry in earlier for survivor in entry["survivors"]}
        mutants = [m for m in mutants if (m.module, m.line, m.mutation) in wanted]
    if args.lines:
        first, _, last = args.lines.partition("-")
        mutants = [m for m in mutants if int(first) <= m.line <= int(last or first)]
    if args.limit and len(mutants) > args.limit:
        chosen = set(random.Random(args.seed).sample(range(len(mutants)), args.limit))
        mutants = [m for n, m in enumerate(mutants) if n in chosen]
    return mutants


def table(results: list[ModuleResult]) -> str:
    rows = ["| module | own tests | mutants | killed | timeouts | equivalent | survived | score |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if r.error:
            rows.append(f"| `{r.module}` | {', '.join(r.tests)} | | | | | | not run |")
            continue
        score = "n/a" if r.score is None else f"**{r.score:.0%}**"
        tests = ", ".join(f"`{Path(t).name}`" for t in r.tests)
        if r.module in MODULE_TEST_FILTERS:
            tests += f" (`-k {MODULE_TEST_FILTERS[r.module]}`)"
        rows.append(f"| `{r.module}` | {tests} | {r.mutants} | {r.killed} | {r.timeouts} | {r.equivalent} "
                    f"| {len(r.survivors)} | {score} |")
    return "\n".join(rows)


def report(results: list[ModuleResult], equivalents: dict, complete: bool) -> str:
    lines = [table(results), ""]
    for r in results:
        if r.error or r.warning:
            lines.append(f"{r.module}: {r.error or r.warning}")
        for survivor in r.survivors:
            lines.append(f"survived  {r.module}:{survivor['line']}  {survivor['mutation']}  (#{survivor['number']})")
        for killed in r.killed_but_listed:
            lines.append(f"listed as equivalent but killed  {r.module}:{killed['line']}  {killed['mutation']}")
    if complete:  # a full run of a module sees every listed mutant: any not seen is out of date
        planted = {(r.module, m.line, m.mutation) for r in results if not r.error
                   for m in mutants_of(r.module, (REPO / r.module).read_bytes())}
        run_modules = {r.module for r in results}
        for key in equivalents:
            if key[0] in run_modules and key not in planted:
                lines.append(f"equivalents list names no such mutant (update it): {key[0]}:{key[1]}  {key[2]}")
    return "\n".join(lines)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- the canary: proof that the copy is what gets tested -----------------------------------------------------------

CANARY_MESSAGE = "mutation canary planted in the copy"


def canary(module: str, work_dir: Path) -> int:
    """Plant a mutant that raises on import in the copy; the tests must fail and the repository stay as it was."""
    original = (REPO / module).read_bytes()
    fingerprint = hashlib.sha256(original).hexdigest()
    copy_root = copy_repository(work_dir / "canary" / "repo")
    # At the end: nothing may come before a module's ``from __future__`` import.
    (copy_root / module).write_bytes(original + f"\nraise RuntimeError({CANARY_MESSAGE!r})\n".encode())
    # The package's own file, found as the tests find it (importing the module would raise).
    probe = subprocess.run([sys.executable, "-c", "import importlib.util as u; print(u.find_spec('indexer').origin)"],
                           cwd=copy_root, env=copy_environment(copy_root), capture_output=True, text=True)
    tests = [test for test in MODULE_TESTS[module] if (REPO / test).is_file()]
    run = run_tests(copy_root, pytest_arguments(module, tests), timeout=None)
    untouched = hashlib.sha256((REPO / module).read_bytes()).hexdigest() == fingerprint
    print(f"the indexer package is imported from: {probe.stdout.strip()}")
    print(f"tests with the canary in {copy_root / module}: {run.outcome}, "
          f"{'' if run.canary_seen else 'not '}by the canary's RuntimeError")
    print(f"{REPO / module} unchanged: {untouched}")
    proved = run.outcome == "failed" and run.canary_seen and untouched and probe.stdout.startswith(str(copy_root))
    return 0 if proved else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=sorted(MODULE_TESTS),
                        help="a module to mutate (repeat; default: every module of MODULE_TESTS)")
    parser.add_argument("--limit", type=int, help="at most this many mutants per module, sampled with --seed")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--lines", help="only mutants on these lines: N or N-M")
    parser.add_argument("--survivors-of", help="only the mutants that survived in an earlier --json result")
    parser.add_argument("--timeout-factor", type=float, default=4.0,
                        help="a mutant's tests time out after this many times the clean run, plus 10 s")
    parser.add_argument("--work-dir", default="/tmp/mutation_work", help="where the copies of the repository go")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--show", type=int, help="print the source line(s) mutant N of the module changes")
    parser.add_argument("--canary", action="store_true", help="prove that the copy, not the repository, is tested")
    args = parser.parse_args(argv)
    modules = args.module or list(MODULE_TESTS)
    if args.canary:
        return max(canary(module, Path(args.work_dir)) for module in modules)
    if args.list or args.show:
        for module in modules:
            source = (REPO / module).read_bytes()
            for mutant in select(mutants_of(module, source), args):
                if args.show in (None, mutant.number):
                    print(f"#{mutant.number} {module}:{mutant.line}  {mutant.mutation}")
                if args.show == mutant.number:
                    print(_changed_lines(source, mutant))
        return 0
    equivalents = read_equivalents()
    results = [mutate_module(module, args, equivalents) for module in modules]
    complete = not (args.limit or args.lines or args.survivors_of)
    print(report(results, equivalents, complete))
    if args.json:
        Path(args.json).write_text(json.dumps([{**asdict(r), "score": r.score} for r in results], indent=1))
    return 1 if any(r.error for r in results) else 0


def _changed_lines(source: bytes, mutant: Mutant) -> str:
    first = source.rfind(b"\n", 0, mutant.start) + 1
    after = source.find(b"\n", mutant.end)
    before_text = source[first:after if after >= 0 else None].decode("utf-8")
    mutated = mutant.apply(source)
    after_end = mutated.find(b"\n", mutant.start + len(mutant.replacement.encode("utf-8")))
    after_text = mutated[first:after_end if after_end >= 0 else None].decode("utf-8")
    return "- " + before_text.replace("\n", "\n- ") + "\n+ " + after_text.replace("\n", "\n+ ")


if __name__ == "__main__":
    sys.exit(main())
