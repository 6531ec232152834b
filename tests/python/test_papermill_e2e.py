"""papermill, as a user runs it, parameterises TypeScript notebooks on the real tslab-asyncio kernel."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

PARAMETERS = """\
let count = 3; // how many tasks
const greeting: string = "hello";
let ratio = 0.5;
let enabled = false;
let tags = ["a", "b"];
let options = {
  depth: 1,
  name: "x",
};
let missing = null;"""

# Prints every parameter as JSON (numbers JSON cannot carry as strings), their runtime types, and this
# kernel's PID so the test can prove papermill shut it down.
REPORT = """\
const special = (x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x);
const kind = (x: unknown) => (x === null ? "null" : Array.isArray(x) ? "array" : typeof x);
// (Written out: tslab does not resolve shorthand properties that name an earlier cell's variable.)
const values = {
  count: count, greeting: greeting, ratio: ratio, enabled: enabled,
  tags: tags, options: options, missing: missing,
};
const each = (f: (x: unknown) => unknown) =>
  JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, f(v)])));
console.log(each(special));
console.log(each(kind));
console.log(process.pid);"""

# Type-checks only if the injected values kept their types: a number times two, a string's length.
TYPED = (
    "const doubled: number = count * 2;\nconst size: number = greeting.length;\nconsole.log(doubled, size);"
)


def user_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "tslab-asyncio",
        "display_name": "TypeScript",
        "language": "typescript",
    }
    nb.metadata["language_info"] = {"name": "typescript"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("A user's notebook with a parameters cell."),
        nbformat.v4.new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(REPORT),
        nbformat.v4.new_code_cell(TYPED),
    ]
    path = folder / "report.ipynb"
    nbformat.write(nb, path)
    return path


def papermill(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(env["PATH"].split(os.pathsep)[0]) / "papermill"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def stdout_of(cell: nbformat.NotebookNode) -> str:
    return "".join(o["text"] for o in cell.get("outputs", []) if o.get("name") == "stdout")


def pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def assert_gone(pid: int) -> None:
    deadline = time.monotonic() + 15
    while pid_running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if pid_running(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail(f"kernel {pid} was still running after papermill exited")


def run_report(env: dict[str, str], tmp_path: Path, *args: str) -> tuple[dict, dict, nbformat.NotebookNode]:
    source = user_notebook(tmp_path)
    out = tmp_path / "out.ipynb"
    run = papermill(env, str(source), str(out), "--cwd", str(tmp_path), *args)
    assert run.returncode == 0, run.stderr[-4000:]
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert nb.cells.index(injected[0]) == 2  # right after the notebook's own parameters cell
    report = next(c for c in nb.cells if c.source == REPORT)
    lines = stdout_of(report).splitlines()
    assert_gone(int(lines[2]))
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    return json.loads(lines[0]), json.loads(lines[1]), nb


def test_p_parameters_replace_the_defaults_with_their_types(
    jupyter_env: dict[str, str], tmp_path: Path
) -> None:
    values, types, nb = run_report(
        jupyter_env,
        tmp_path,
        *("-p", "count", "10", "-p", "greeting", 'Grüße, "Welt" 😀\\n', "-p", "ratio", "nan"),
        *("-p", "enabled", "True", "-p", "missing", "None"),
    )
    assert values == {
        "count": 10,
        "greeting": 'Grüße, "Welt" 😀\\n',
        "ratio": "NaN",
        "enabled": True,
        "tags": ["a", "b"],
        "options": {"depth": 1, "name": "x"},
        "missing": None,
    }
    assert types["count"] == "number" and types["greeting"] == "string" and types["enabled"] == "boolean"
    typed = next(c for c in nb.cells if c.source == TYPED)
    assert stdout_of(typed).split() == ["20", str(len('Grüße, "Welt" 😀\\n'.encode("utf-16-le")) // 2)]


def test_yaml_parameters_carry_nested_lists_dicts_and_special_floats(
    jupyter_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "params.yaml").write_text(
        "tags: [x, 1, null, [true, 2.5]]\noptions: {depth: 2, name: ünï, inner: {list: []}}\n",
        encoding="utf-8",
    )
    values, types, _ = run_report(
        jupyter_env,
        tmp_path,
        *("-f", str(tmp_path / "params.yaml"), "-y", "ratio: -.inf\ncount: 7\nmissing: 'now a string'"),
    )
    assert values["tags"] == ["x", 1, None, [True, 2.5]]
    assert values["options"] == {"depth": 2, "name": "ünï", "inner": {"list": []}}
    assert values["ratio"] == "-Infinity" and values["count"] == 7 and values["missing"] == "now a string"
    assert types == {
        "count": "number",
        "greeting": "string",
        "ratio": "number",
        "enabled": "boolean",
        "tags": "array",
        "options": "object",
        "missing": "string",
    }


def test_help_notebook_lists_parameters_with_types_defaults_and_help(
    jupyter_env: dict[str, str], tmp_path: Path
) -> None:
    run = papermill(jupyter_env, str(user_notebook(tmp_path)), "--help-notebook")
    assert run.returncode == 0, run.stderr
    lines = [" ".join(line.split()) for line in run.stdout.splitlines()]
    assert "count: number (default 3) how many tasks" in lines
    assert 'greeting: string (default "hello")' in lines
    assert "missing: null (default null)" in lines
    assert any(line.startswith('options: object (default { depth: 1, name: "x", })') for line in lines)


def test_a_tutorial_notebook_runs_with_injected_parameters(
    jupyter_env: dict[str, str], root: Path, tmp_path: Path
) -> None:
    notebook = root / "notebooks" / "03-taskgroup-structured-concurrency.ipynb"
    before = notebook.read_bytes()
    out = tmp_path / "03.ipynb"
    run = papermill(
        jupyter_env, str(notebook), str(out), "--cwd", str(root / "notebooks"), "-p", "student", "Ada"
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert notebook.read_bytes() == before  # the committed notebook is only read
    nb = nbformat.read(out, as_version=4)
    # Without a parameters cell papermill puts the injected one first, so every cell after it could use it.
    assert nb.cells[0].metadata.tags == ["injected-parameters"]
    assert nb.cells[0].source == '// Parameters\nlet student = "Ada";\n'
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert [o for c in code for o in c.outputs if o.output_type == "error"] == []
