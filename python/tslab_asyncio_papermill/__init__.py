"""papermill support for TypeScript and JavaScript notebooks on the tslab-asyncio, tslab and jslab kernels.

Installing this package is all it takes: papermill imports it through its ``papermill.engine`` entry point
before it looks a parameter translator up, and that import registers :class:`TypeScriptTranslator`.
"""

__version__ = "0.1.0"
