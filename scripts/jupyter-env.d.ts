/** Repository root. */
export const ROOT: string;
/** The project's virtualenv (.venv). */
export const VENV: string;
/** Absolute path of a program in .venv/bin; throws a clear error when ./setup.sh has not run. */
export function venvBin(name: string): string;
/** Environment for Jupyter child processes (per-user dirs under build/jupyter, .venv first on PATH). */
export function jupyterEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
