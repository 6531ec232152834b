/**
 * The Jupyter wire protocol (messaging spec v5): parsing and signing of multipart messages. tslab's own
 * `ZmqMessage` is private to its module and stamps the header date when the reply object is *created*; ours
 * stamps it when the message is serialised for sending, so `execute_reply.header.date` is the finish time.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The delimiter between the zmq routing prefix and the signed parts. */
const DELIM = Buffer.from("<IDS|MSG>");

/** A message header as defined by the messaging spec. */
export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
  [key: string]: unknown;
}

/** JSON-compatible message content. */
export type Content = Record<string, unknown>;

/** One Jupyter message, parsed or about to be sent. */
export class WireMessage {
  constructor(
    /** zmq routing identities, copied from the request so ROUTER sockets reach the right client. */
    public identity: Buffer[],
    public header: MessageHeader,
    public parent: Partial<MessageHeader>,
    public metadata: Content,
    public content: Content,
    public buffers: Buffer[] = [],
  ) {}

  /**
   * Parses raw zmq frames and verifies their signature.
   *
   * @throws Error when the delimiter is missing, or the key is set and the signature is missing or wrong.
   * @example
   * ```ts
   * const msg = WireMessage.parse(key, frames);
   * console.log(msg.header.msg_type);
   * ```
   */
  static parse(key: string, frames: readonly Buffer[]): WireMessage {
    const at = frames.findIndex((f) => f.equals(DELIM));
    if (at < 0) throw new Error("Message has no <IDS|MSG> delimiter; it is not a Jupyter message.");
    const signature = frames[at + 1]?.toString() ?? "";
    const parts = frames.slice(at + 2);
    if (parts.length < 4)
      throw new Error(`Message has ${parts.length} parts after the signature; expected 4.`);
    if (key) {
      if (signature === "") throw new Error("Message has no signature, but the connection key requires one.");
      if (!signatureMatches(sign(key, parts.slice(0, 4)), signature))
        throw new Error("Message signature does not match the connection key.");
    }
    const json = (b: Buffer): Content => JSON.parse(b.toString("utf8")) as Content;
    return new WireMessage(
      frames.slice(0, at),
      json(parts[0]) as unknown as MessageHeader,
      json(parts[1]) as Partial<MessageHeader>,
      json(parts[2]),
      json(parts[3]),
      parts.slice(4),
    );
  }

  /** Reads only the header of raw frames (no signature check); used to route before parsing fully. */
  static peekType(frames: readonly Buffer[]): string | undefined {
    const at = frames.findIndex((f) => f.equals(DELIM));
    try {
      return (JSON.parse(frames[at + 2].toString("utf8")) as MessageHeader).msg_type;
    } catch {
      return undefined;
    }
  }

  /**
   * A new message whose parent is this one, routed to the same client.
   *
   * @example
   * ```ts
   * const reply = request.child("kernel_info_reply", { status: "ok" });
   * ```
   */
  child(msgType: string, content: Content, metadata: Content = {}): WireMessage {
    return new WireMessage(
      this.identity,
      {
        msg_id: randomBytes(16).toString("hex"),
        msg_type: msgType,
        session: this.header.session,
        username: this.header.username,
        date: "",
        version: "5.3",
      },
      this.header,
      metadata,
      content,
    );
  }

  /** Signed frames ready for `socket.send`; the header date is stamped now (send time). */
  serialize(key: string): Buffer[] {
    this.header.date = new Date().toISOString();
    const bodies = [this.header, this.parent, this.metadata, this.content].map((p) =>
      Buffer.from(JSON.stringify(p), "utf8"),
    );
    return [...this.identity, DELIM, Buffer.from(sign(key, bodies)), ...bodies, ...this.buffers];
  }
}

function sign(key: string, parts: readonly Buffer[]): string {
  if (!key) return "";
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

/** Compares two hex signatures in time independent of where they differ. */
function signatureMatches(want: string, got: string): boolean {
  const a = Buffer.from(want, "utf8");
  const b = Buffer.from(got, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
