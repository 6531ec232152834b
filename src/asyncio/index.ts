/** Python's asyncio vocabulary for TypeScript. Pure: knows nothing of Jupyter or tslab. */
export {};
