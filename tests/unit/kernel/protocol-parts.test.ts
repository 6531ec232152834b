/**
 * The protocol layer's small parts: connection files, endpoints, history globs, process-wide slots, and
 * values displayed without the async-context properties Node puts on them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import { cellFileName, type CellContext } from "../../../src/kernel/cell-context";
import { errorContent, interruptContent, keyboardInterrupt } from "../../../src/kernel/errors";
import { globalSlot } from "../../../src/kernel/global-slot";
import { parseOrLog } from "../../../src/kernel/protocol/dispatcher";
import { hideRuntimeSymbols, mimeBundle } from "../../../src/kernel/mime-bundle";
import { curveServerKeys, endpoint, validateConnectionInfo } from "../../../src/kernel/protocol/connection";
import { globToRegExp, History } from "../../../src/kernel/protocol/handlers/history";
import { socketOptions } from "../../../src/kernel/protocol/sockets";

const base = {
  key: "k",
  transport: "tcp",
  ip: "127.0.0.1",
  shell_port: 1001,
  iopub_port: 1002,
  stdin_port: 1003,
  control_port: 1004,
  hb_port: 1005,
  signature_scheme: "hmac-sha256",
};
const PUBLIC = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
const SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";

describe("connection files", () => {
  test("a complete tcp file is accepted as is", () => {
    expect(validateConnectionInfo(base, "f.json")).toEqual(base);
  });

  test.each([
    [{ transport: "inproc" }, /transport "inproc"; this kernel serves "tcp" and "ipc"/],
    [{ shell_port: "1" }, /has shell_port "1"/],
    [{ ip: "" }, /has no ip/],
    [{ signature_scheme: "hmac-md5" }, /signature_scheme "hmac-md5"/],
    [{ curve_publickey: PUBLIC }, /only one of curve_publickey and curve_secretkey/],
    [{ curve_publickey: "short", curve_secretkey: SECRET }, /curve_publickey that is not a 40-character/],
  ])("%j is rejected with a message naming the field", (change, message) => {
    expect(() => validateConnectionInfo({ ...base, ...change }, "f.json")).toThrow(message);
    expect(() => validateConnectionInfo({ ...base, ...change }, "f.json")).toThrow(/f\.json/);
  });

  test("validateConnectionInfo example: a parsed file comes back typed", () => {
    const info = validateConnectionInfo(JSON.parse(JSON.stringify(base)), "/tmp/kernel-1.json");
    expect(info.transport).toBe("tcp");
  });

  test("endpoints are spelled as jupyter_client spells them", () => {
    expect(endpoint({ transport: "ipc", ip: "/tmp/kernel-ipc" }, 5)).toBe("ipc:///tmp/kernel-ipc-5");
    expect(endpoint({ transport: "tcp", ip: "127.0.0.1" }, 5)).toBe("tcp://127.0.0.1:5");
  });

  test("Curve keys make every socket a Curve server; without keys sockets stay plain", () => {
    const info = validateConnectionInfo(
      { ...base, curve_publickey: PUBLIC, curve_secretkey: SECRET },
      "f.json",
    );
    const curve = curveServerKeys(info);
    expect(socketOptions(curve, { sendHighWaterMark: 0 })).toEqual({
      sendHighWaterMark: 0,
      curveServer: true,
      curvePublicKey: PUBLIC,
      curveSecretKey: SECRET,
    });
    expect(socketOptions(curveServerKeys(validateConnectionInfo(base, "f.json")))).toEqual({});
  });
});

describe("errors and parsing", () => {
  test("keyboardInterrupt example: a cell aborted with it carries a KeyboardInterrupt", () => {
    const controller = new AbortController();
    controller.abort(keyboardInterrupt());
    expect((controller.signal.reason as Error).name).toBe("KeyboardInterrupt");
    expect(interruptContent()).toEqual({
      ename: "KeyboardInterrupt",
      evalue: "Interrupted by the front-end",
      traceback: ["KeyboardInterrupt: Interrupted by the front-end"],
    });
  });

  test("errorContent example: a thrown TypeError becomes ename, evalue and traceback", () => {
    const { ename, evalue, traceback } = errorContent(new TypeError("bad"), {
      fileName: "<cell 1>",
      code: "",
    });
    expect([ename, evalue, traceback[0]]).toEqual(["TypeError", "bad", "TypeError: bad"]);
  });

  test("parseOrLog example: frames that are no message are logged and give undefined", () => {
    const lines: string[] = [];
    expect(parseOrLog("key", [Buffer.from("x")], "shell", (t) => lines.push(t))).toBeUndefined();
    expect(lines).toEqual([
      "tslab-asyncio: dropped a shell message: Message has no <IDS|MSG> delimiter; it is not a Jupyter message.\n",
    ]);
  });
});

describe("history", () => {
  test("globs: * is any text with newlines, ? one character, the rest literal", () => {
    expect(globToRegExp("a?c*").test("abc\nd")).toBe(true);
    expect(globToRegExp("a.c").test("abc")).toBe(false);
    expect(globToRegExp("(x)[1]").test("(x)[1]")).toBe(true);
  });

  test("History.query example: tail of one", () => {
    const h = new History();
    h.add(1, "let a = 1");
    expect(h.query({ hist_access_type: "tail", n: 1, output: false })).toEqual([[0, 1, "let a = 1"]]);
    expect(h.query({ hist_access_type: "tail", n: 1, output: true })).toEqual([[0, 1, ["let a = 1", null]]]);
  });
});

describe("process-wide slots", () => {
  test("two slots of one name share a value (as two copies of the package would)", () => {
    const a = globalSlot<{ n: number }>("example-counter");
    const b = globalSlot<{ n: number }>("example-counter");
    a.getOrCreate(() => ({ n: 0 })).n++;
    expect(b.get()).toEqual({ n: 1 });
    expect(b.getOrCreate(() => ({ n: 99 })).n).toBe(1);
  });

  test("cellFileName names silent executions by sequence", () => {
    expect(cellFileName({ executionCount: 3, id: 9 } as CellContext)).toBe("<cell 3>");
    expect(cellFileName({ executionCount: null, id: 9 } as CellContext)).toBe("<cell s9>");
  });
});

describe("values display as Node's REPL shows them", () => {
  const storage = new AsyncLocalStorage<{ code: string; session: string }>();
  const secret = { code: "the cell's code", session: "session-id" };

  test("a promise created inside an async context shows as Promise { 5 }", () => {
    const p = storage.run(secret, () => Promise.resolve(5));
    expect(mimeBundle(p)["text/plain"]).toBe("Promise { 5 }");
  });

  test("hideRuntimeSymbols example: inspecting after it shows Promise { 5 }", () => {
    const p = storage.run(secret, () => Promise.resolve(5));
    hideRuntimeSymbols(p);
    expect(inspect(p)).toBe("Promise { 5 }");
  });

  test("nested promises and timers show no context either, and the context still propagates", async () => {
    const value = storage.run(secret, () => ({
      list: [Promise.resolve(1)],
      map: new Map([["k", Promise.resolve(2)]]),
      timer: setTimeout(() => undefined, 10_000),
    }));
    clearTimeout(value.timer);
    const text = String(mimeBundle(value)["text/plain"]);
    expect(text).not.toMatch(/kResourceStore|async_id_symbol|session-id|the cell's code/);
    expect(text).toContain("Promise { 1 }");
    // Node still reads the (now non-enumerable) store: a continuation sees the context.
    const seen = await storage.run(secret, () => Promise.resolve().then(() => storage.getStore()));
    expect(seen).toBe(secret);
  });

  test("user symbol properties and Jupyter display bundles are kept", () => {
    const mine = Symbol("mine");
    // Node 26 prints symbol keys without brackets; the bundle must read as this Node's inspect does.
    expect(mimeBundle({ [mine]: 1 })["text/plain"]).toBe(inspect({ [mine]: 1 }));
    expect(mimeBundle({ [mine]: 1 })["text/plain"]).toContain("Symbol(mine)");
    const bundle = mimeBundle({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>hi</b>" }) });
    expect(bundle["text/html"]).toBe("<b>hi</b>");
  });

  test("proxies are never walked (no trap runs)", () => {
    let traps = 0;
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          traps++;
          return [];
        },
      },
    );
    hideRuntimeSymbols({ proxy });
    expect(traps).toBe(0);
  });
});
