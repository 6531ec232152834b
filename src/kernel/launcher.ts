/**
 * The program our kernelspec runs: `node lib/kernel/launcher.js --config-path {connection_file}`.
 * It installs the kernel module *before* tslab handles its first message, then starts tslab from this
 * package's own dependency (never a copy found by walking up from the notebook's folder).
 */
import * as path from "node:path";
import { deferConverter, startKernel } from "./compiler";
import { ownHost } from "./host";
import { installKernelModule } from "./install-module";
import { forgetKernelProcessEnv } from "./kernelspec";
import { untestedNodeNote } from "./node-lines";
import { serverStderr } from "./patches/stdio";
import { executorConsole } from "./tslab/executor-console";

function configPathFrom(argv: readonly string[]): string {
  const i = argv.indexOf("--config-path");
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--config-path="))?.slice(14);
  if (!value) {
    process.stderr.write(
      "tslab-asyncio kernel: missing --config-path <connection_file>. " +
        "This program is started by Jupyter from the kernelspec; run `tslab-asyncio install` to register it.\n",
    );
    process.exit(2);
  }
  return value;
}

/** Starts the patched tslab kernel with the given connection file. */
export function launch(argv: readonly string[] = process.argv.slice(2)): void {
  forgetKernelProcessEnv(); // before any worker or child process copies the environment
  const configPath = configPathFrom(argv);
  // Once per kernel process, on its stderr: the Jupyter server's terminal, never a cell.
  const note = untestedNodeNote(process.version);
  if (note) process.stderr.write(note);
  // Before tslab's modules load: TypeScript then stays on the compile worker.
  deferConverter(path.dirname(require.resolve("tslab/package.json")));
  const host = ownHost();
  installKernelModule(host, { preloaded: true });
  startKernel(host, { configPath, console: executorConsole, log: serverStderr });
}

if (require.main === module) launch();
