/**
 * `tslab-asyncio` command line: `install` registers the kernelspec, `kernel` runs it.
 */
import { parseArgs } from "node:util";
import { installKernelspec } from "./kernelspec";
import { launch } from "./launcher";
import { installPapermillPlugin } from "./papermill-plugin";
import { testedLinesText, untestedNodeNote } from "./node-lines";
import { VERSION } from "./version";

export const HELP = `tslab-asyncio ${VERSION}: a TypeScript Jupyter kernel with asyncio, built on tslab.

Usage:
  tslab-asyncio install [--prefix DIR | --sys-prefix | --user] [--python PY] [--no-labextension]
                        [--no-papermill] [--node PATH]
  tslab-asyncio kernel --config-path CONNECTION_FILE
  tslab-asyncio --help | --version

install   Registers the "tslab-asyncio" kernelspec ("TypeScript (tslab-asyncio)") and the JupyterLab
          timeline renderer. Where to:
            --prefix DIR     DIR/share/jupyter (e.g. a prefix Jupyter searches)
            --sys-prefix     the sys.prefix of PY (a virtualenv or conda env); the usual choice
            --user           your per-user Jupyter data directory (the default)
          --python PY        Python used to find those directories (default: python3)
          --no-labextension  register the kernel only
          --no-papermill     with --python: skip installing the papermill parameters plugin into PY
                             (installed offline from this package's python/ folder otherwise)
          --node PATH        Node.js the kernel runs on (default: the one running this installer,
                             ${process.execPath})
          Supported Node.js lines: ${testedLinesText()} (each one tested).
kernel    Started by Jupyter from the kernelspec; not for direct use.
`;

/** Runs the CLI; returns the process exit code. */
export function main(argv: readonly string[], out = process.stdout, err = process.stderr): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    out.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    out.write(`${VERSION}\n`);
    return 0;
  }
  if (command === "kernel") {
    launch(rest);
    return 0;
  }
  if (command !== "install") {
    err.write(`tslab-asyncio: unknown command "${command}". Expected "install" or "kernel"; see --help.\n`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        prefix: { type: "string" },
        "sys-prefix": { type: "boolean" },
        user: { type: "boolean" },
        python: { type: "string" },
        "no-labextension": { type: "boolean" },
        "no-papermill": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        node: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    err.write(`tslab-asyncio install: ${(e as Error).message}. See tslab-asyncio --help.\n`);
    return 2;
  }
  if (values.help) {
    out.write(HELP);
    return 0;
  }
  try {
    const result = installKernelspec({
      prefix: values.prefix,
      sysPrefix: values["sys-prefix"],
      user: values.user,
      python: values.python,
      labextension: !values["no-labextension"],
      node: values.node,
    });
    out.write(`Installed kernelspec tslab-asyncio in ${result.kernelDir}\n`);
    out.write(`  running Node.js ${result.nodeVersion} (${result.node})\n`);
    const note = untestedNodeNote(result.nodeVersion);
    if (note) err.write(note.replace("The kernel keeps running", "The kernel will run"));
    if (result.labextensionDir) out.write(`Installed JupyterLab extension in ${result.labextensionDir}\n`);
    if (values.python !== undefined && !values["no-papermill"]) {
      const plugin = installPapermillPlugin(values.python);
      out.write(`${plugin.changed ? "Installed" : "Up to date:"} papermill plugin in ${plugin.moduleDir}\n`);
    }
    return 0;
  } catch (e) {
    err.write(`tslab-asyncio install: ${(e as Error).message}\n`);
    return 1;
  }
}
