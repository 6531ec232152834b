"""jupyter_kernel_test against the tslab-asyncio kernelspec, with a meaningful sample for every test it has.

Run by tests/kernel/kernel-test-suite.test.ts: `.venv/bin/python -m unittest -v tslab_kernel_suite` from this
folder, with the environment of scripts/jupyter-env.js.
"""

from __future__ import annotations

import unittest
from typing import Any

import jupyter_kernel_test


class TslabAsyncioKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tslab-asyncio"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("something went wrong");'

    completion_samples: list[dict[str, Any]] = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": "const alpha = 1, alphabet = 2;\nalph", "matches": {"alpha", "alphabet"}},
    ]

    complete_code_samples: list[str] = ["1 + 1", "const x = 1;", "function f() {\n  return 1;\n}"]
    incomplete_code_samples: list[str] = ["function f() {", "const a = [1,", "if (true) {"]
    invalid_code_samples: list[str] = ["1 +* 2", "const = 5;", "let 3x = 1;"]

    code_generate_error = 'throw new Error("deliberate failure");'

    code_execute_result: list[dict[str, str]] = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"4" + "2"', "result": "'42'"},
        {"code": "[1, 2, 3].map((n) => n * 2)", "result": "[ 2, 4, 6 ]"},
    ]

    code_display_data: list[dict[str, str]] = [
        {"code": 'require("tslab").display.html("<b>bold</b>");', "mime": "text/html"},
        {
            "code": 'import { display } from "tslab-asyncio";\n'
            'display({ "image/svg+xml": "<svg xmlns=\'http://www.w3.org/2000/svg\'/>", '
            '"text/plain": "svg" }, { raw: true });',
            "mime": "image/svg+xml",
        },
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations: tuple[str, ...] = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = (
        'import { clearOutput } from "tslab-asyncio";\nconsole.log("soon gone");\nclearOutput();'
    )


if __name__ == "__main__":
    unittest.main()
