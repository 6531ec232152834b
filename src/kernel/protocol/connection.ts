/**
 * The connection file Jupyter starts the kernel with: transport, addresses, the signing key, and (when the
 * manager provisioned CurveZMQ) the kernel's Curve key pair. Endpoints are spelled as jupyter_client spells
 * them: `tcp://IP:PORT`, and `ipc://PATH-PORT` for the ipc transport, where `ip` holds a file path prefix.
 */
import * as fs from "node:fs";

/** The fields of a connection file the kernel uses. */
export interface ConnectionInfo {
  key: string;
  signature_scheme?: string;
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  /** The kernel's Curve public key (Z85), present when the manager requires or allows encryption. */
  curve_publickey?: string;
  /** The kernel's Curve secret key (Z85). */
  curve_secretkey?: string;
}

/** The Curve server options of every socket, or `undefined` when the connection is not encrypted. */
export interface CurveServerKeys {
  curveServer: true;
  curvePublicKey: string;
  curveSecretKey: string;
}

const PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

/** A Z85-encoded 32-byte Curve key is 40 characters of this alphabet. */
const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

/**
 * Checks a parsed connection file and returns it typed.
 *
 * @throws Error naming the field that is missing or wrong, and what was found.
 * @example
 * ```ts
 * const info = validateConnectionInfo(JSON.parse(text), "/tmp/kernel-1.json");
 * ```
 */
export function validateConnectionInfo(raw: unknown, source: string): ConnectionInfo {
  const bad = (what: string): never => {
    throw new Error(
      `The connection file ${source} ${what}. Start the kernel through Jupyter, which writes it.`,
    );
  };
  if (raw === null || typeof raw !== "object") bad("is not a JSON object");
  const info = raw as Record<string, unknown>;
  const transport = info.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc")
    bad(`has transport ${JSON.stringify(transport)}; this kernel serves "tcp" and "ipc"`);
  if (typeof info.ip !== "string" || info.ip === "") bad("has no ip (an address, or a path prefix for ipc)");
  for (const p of PORTS) {
    const v = info[p];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) bad(`has ${p} ${JSON.stringify(v)}`);
  }
  if (typeof info.key !== "string") bad("has no key");
  const scheme = info.signature_scheme ?? "hmac-sha256";
  if (scheme !== "hmac-sha256")
    bad(`asks for signature_scheme ${JSON.stringify(scheme)}; this kernel signs with hmac-sha256`);
  const hasPublic = info.curve_publickey !== undefined;
  if (hasPublic !== (info.curve_secretkey !== undefined))
    bad("has only one of curve_publickey and curve_secretkey");
  for (const k of ["curve_publickey", "curve_secretkey"] as const) {
    const v = info[k];
    if (v !== undefined && (typeof v !== "string" || !Z85_KEY.test(v)))
      bad(`has a ${k} that is not a 40-character Z85 key`);
  }
  return { ...(info as unknown as ConnectionInfo), transport: transport as ConnectionInfo["transport"] };
}

/** Reads and checks the connection file at `configPath`. */
export function readConnectionInfo(configPath: string): ConnectionInfo {
  return validateConnectionInfo(JSON.parse(fs.readFileSync(configPath, "utf8")) as unknown, configPath);
}

/**
 * The endpoint of one channel, as jupyter_client connects to it.
 *
 * @example
 * ```ts
 * endpoint({ transport: "ipc", ip: "/tmp/kernel-ipc" }, 5); // "ipc:///tmp/kernel-ipc-5"
 * ```
 */
export function endpoint(info: Pick<ConnectionInfo, "transport" | "ip">, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

/** The socket options that make a socket a Curve server with the kernel's keys, if the file has keys. */
export function curveServerKeys(info: ConnectionInfo): CurveServerKeys | undefined {
  if (info.curve_publickey === undefined || info.curve_secretkey === undefined) return undefined;
  return { curveServer: true, curvePublicKey: info.curve_publickey, curveSecretKey: info.curve_secretkey };
}
