"""The module papermill's ``papermill.engine`` entry point loads.

papermill has no entry point group for translators, but it loads every ``papermill.engine`` entry point when
``papermill.engines`` is first imported, which happens before any parameters are translated or inspected.
Loading this module registers the translator; the engine it exposes is papermill's default one under another
name, so ``--engine tslab-asyncio`` runs notebooks exactly as papermill does by default.
"""

from papermill.engines import NBClientEngine
from papermill.translators import papermill_translators

from .translator import TypeScriptTranslator


def register() -> None:
    """Registers the TypeScript translator for our kernel names and languages (again is harmless)."""
    for name in TypeScriptTranslator.NAMES:
        papermill_translators.register(name, TypeScriptTranslator)


register()


class TypeScriptKernelEngine(NBClientEngine):
    """papermill's default nbclient engine; exists so the entry point has an engine to name."""
