/**
 * `npm run classroom` options: defaults a teacher can rely on, and a clear message for each mistake.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parseOptions as parse, type ClassroomOptions } from "../../scripts/classroom";
import { ROOT } from "../../scripts/jupyter-env";

const parseOptions = (argv: string[], env: Record<string, string | undefined>) =>
  parse(argv, env) as ClassroomOptions;

test("defaults: ten numbered students on port 8000, a random password of at least 8 characters", () => {
  const o = parseOptions([], {});
  expect(o.users).toHaveLength(10);
  expect(o.users.slice(0, 2)).toEqual(["student01", "student02"]);
  expect(o.port).toBe(8000);
  expect(o.password.length).toBeGreaterThanOrEqual(8);
  expect(parseOptions([], {}).password).not.toBe(o.password);
  expect(o.dir).toBe(path.join(ROOT, "build", "classroom"));
});

test("names, a port, the password from the environment, and a directory", () => {
  const o = parseOptions(["--users", "ann, bo", "--port", "0", "--dir", "x"], {
    CLASSROOM_PASSWORD: "12345678",
  });
  expect(o).toEqual({ users: ["ann", "bo"], port: 0, password: "12345678", dir: path.resolve("x") });
  expect(parseOptions(["--password", "abcdefgh"], { CLASSROOM_PASSWORD: "12345678" }).password).toBe(
    "abcdefgh",
  );
});

test.each([
  [["--users", "Ann"], /"Ann" cannot be a user name\. Use lower-case letters/],
  [["--users", "ann,ann"], /a name is listed twice/],
  [["--users", "0"], /give between 1 and 200 students/],
  [["--port", "70000"], /give a port number from 1 to 65535, or 0/],
  [["--port", "http"], /give a port number/],
  [["--password", "short"], /has 5 characters; JupyterHub needs at least 8/],
  [["--userz", "3"], /Unknown option '--userz'/],
])("refuses %j with a clear message", (argv, message) => {
  expect(() => parseOptions(argv as string[], {})).toThrow(message);
});

test("the script prints the mistake and the usage, and exits 2, without starting anything", () => {
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, "scripts", "classroom.js"), "--password", "short"],
    {
      encoding: "utf8",
    },
  );
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("classroom: The shared password has 5 characters");
  expect(run.stderr).toContain("Usage: npm run classroom");
});
