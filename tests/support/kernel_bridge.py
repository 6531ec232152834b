"""JSON-lines bridge from jest to a real Jupyter kernel through jupyter_client.

One command per stdin line, one JSON answer per stdout line. Every IOPub message the kernel publishes is
kept in order in `log`, whatever its parent, so tests can check where output landed.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import time
from typing import Any, Callable

import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.channels import ZMQSocketChannel
from jupyter_client.manager import KernelManager

# A command from the test (one parsed stdin line), and a message as the test sees it (see `slim`).
Command = dict[str, Any]
Message = dict[str, Any]

km: KernelManager | None = None
kc: BlockingKernelClient | None = None
log: list[Message] = []  # every IOPub message, in arrival order
cursor = 0  # position of the next `drain`


def manager() -> KernelManager:
    if km is None:
        raise RuntimeError("no kernel: send a start command first")
    return km


def client() -> BlockingKernelClient:
    if kc is None:
        raise RuntimeError("no kernel: send a start command first")
    return kc


def slim(msg: dict[str, Any]) -> Message:
    return {
        "msg_type": msg["header"]["msg_type"],
        "msg_id": msg["header"]["msg_id"],
        "date": str(msg["header"].get("date")),
        "parent_msg_id": (msg.get("parent_header") or {}).get("msg_id"),
        "content": msg["content"],
        "metadata": msg.get("metadata", {}),
    }


def pump_iopub(timeout: float) -> int:
    """Moves IOPub messages into `log` for up to `timeout` seconds; returns how many arrived."""
    n = 0
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        try:
            msg = client().get_iopub_msg(timeout=max(left, 0.001))
        except queue.Empty:
            return n
        log.append(slim(msg))
        n += 1
        if time.monotonic() >= deadline:
            return n


def wait_idle(msg_id: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        for m in log:
            if (
                m["parent_msg_id"] == msg_id
                and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"
            ):
                return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        pump_iopub(min(left, 0.05))


def channel(name: str) -> ZMQSocketChannel:
    kc = client()
    return {"shell": kc.shell_channel, "control": kc.control_channel, "stdin": kc.stdin_channel}[name]


def get_reply(name: str, msg_id: str, timeout: float) -> Message:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {name} reply to {msg_id} within {timeout} s")
        try:
            msg = channel(name).get_msg(timeout=left)
        except queue.Empty:
            continue
        if (msg.get("parent_header") or {}).get("msg_id") == msg_id:
            out = slim(msg)
            out["header"] = {k: str(v) for k, v in msg["header"].items()}
            return out


def op_start(cmd: Command) -> dict[str, Any]:
    global km, kc, log, cursor
    if cmd.get("jupyter_path"):
        # Kernelspecs are looked up by this process: a test can add a variant (e.g. interrupt_mode
        # message). Ahead of any JUPYTER_PATH already set (npm run test:node puts another Node line's
        # kernelspecs there).
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [cmd["jupyter_path"], os.environ.get("JUPYTER_PATH")])
        )
    where = {"ip": cmd["ip"]} if cmd.get("ip") else {}
    km = KernelManager(
        kernel_name=cmd.get("kernel_name", "tslab-asyncio"), transport=cmd.get("transport", "tcp"), **where
    )
    t0 = time.monotonic()
    extra = {"env": cmd["env"]} if cmd.get("env") else {}
    if cmd.get("transport_encryption"):
        extra["transport_encryption"] = cmd["transport_encryption"]
    # The kernel must not inherit this bridge's stdout: it carries our JSON answers, and a Node kernel puts
    # the shared file description into non-blocking mode, which truncates long answers (EAGAIN). Its
    # stdout goes to our stderr instead, which the test harness keeps for error messages.
    km.start_kernel(cwd=cmd.get("cwd"), stdout=sys.stderr, **extra)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=cmd.get("timeout", 60))
    ready = time.monotonic() - t0
    log, cursor = [], 0
    pump_iopub(0.05)
    secret = ("key", "curve_secretkey")
    return {
        "pid": km.provisioner.pid if km.provisioner else None,
        "ready_seconds": ready,
        "kernel_spec": km.kernel_spec.to_dict(),
        "connection": {k: v for k, v in km.get_connection_info().items() if k not in secret},
    }


def channel_url(name: str) -> str:
    """The endpoint of a channel, spelled as jupyter_client spells it (ipc: PATH-PORT)."""
    info = manager().get_connection_info()
    if info["transport"] == "tcp":
        return f"tcp://{info['ip']}:{info[name + '_port']}"
    return f"{info['transport']}://{info['ip']}-{info[name + '_port']}"


def use_curve(sock: zmq.Socket) -> None:
    """Makes `sock` a Curve client of the kernel when the kernel was given Curve keys."""
    km = manager()
    if km.curve_publickey is not None:
        pub, sec = zmq.curve_keypair()
        sock.curve_publickey, sock.curve_secretkey, sock.curve_serverkey = pub, sec, km.curve_publickey


def op_execute(cmd: Command) -> dict[str, Any]:
    kc = client()
    code = cmd["code"]
    stdin_answers = list(cmd.get("stdin", []))
    msg_id = kc.execute(
        code,
        silent=cmd.get("silent", False),
        store_history=cmd.get("store_history", True),
        allow_stdin=cmd.get("allow_stdin", False),
        stop_on_error=cmd.get("stop_on_error", True),
    )
    timeout = cmd.get("timeout", 60)
    deadline = time.monotonic() + timeout
    reply: Message | None = None
    while reply is None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no execute_reply within {timeout} s")
        if stdin_answers:
            try:
                req = kc.stdin_channel.get_msg(timeout=0.01)
                if req["header"]["msg_type"] == "input_request":
                    log.append(slim(req))
                    kc.input(stdin_answers.pop(0))
            except queue.Empty:
                pass
        try:
            msg = kc.shell_channel.get_msg(timeout=min(left, 0.05))
        except queue.Empty:
            pump_iopub(0.0)
            continue
        if (msg.get("parent_header") or {}).get("msg_id") == msg_id:
            reply = slim(msg)
            reply["header"] = {k: str(v) for k, v in msg["header"].items()}
    idle = wait_idle(msg_id, cmd.get("idle_timeout", 10))
    return {
        "msg_id": msg_id,
        "reply": reply,
        "idle": idle,
        "iopub": [m for m in log if m["parent_msg_id"] == msg_id],
    }


def op_send(cmd: Command) -> dict[str, Any]:
    msg = client().session.msg(cmd["msg_type"], cmd.get("content", {}))
    channel(cmd.get("channel", "shell")).send(msg)
    return {"msg_id": msg["header"]["msg_id"]}


def op_reply(cmd: Command) -> Message:
    return get_reply(cmd.get("channel", "shell"), cmd["msg_id"], cmd.get("timeout", 10))


def op_wait_idle(cmd: Command) -> dict[str, Any]:
    return {
        "idle": wait_idle(cmd["msg_id"], cmd.get("timeout", 10)),
        "iopub": [m for m in log if m["parent_msg_id"] == cmd["msg_id"]],
    }


def op_drain(cmd: Command) -> dict[str, Any]:
    """Collects IOPub for `seconds`, returns everything since the previous drain."""
    global cursor
    pump_iopub(cmd.get("seconds", 0.2))
    out = log[cursor:]
    cursor = len(log)
    return {"iopub": out}


def op_log(_cmd: Command) -> dict[str, Any]:
    pump_iopub(0.0)
    return {"iopub": log}


def op_interrupt(_cmd: Command) -> dict[str, Any]:
    manager().interrupt_kernel()
    return {}


def op_heartbeat(cmd: Command) -> dict[str, Any]:
    """Round trip of one heartbeat ping on a fresh REQ socket, in milliseconds (None on timeout)."""
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.REQ)
    sock.linger = 0
    use_curve(sock)
    sock.connect(channel_url("hb"))
    t0 = time.monotonic()
    sock.send(b"ping")
    ok = sock.poll(int(cmd.get("timeout", 5) * 1000))
    rtt = (time.monotonic() - t0) * 1000 if ok else None
    if ok:
        sock.recv()
    sock.close()
    return {"rtt_ms": rtt}


def op_probe_without_key(cmd: Command) -> dict[str, int]:
    """What a client that lacks the Curve key gets from each channel within `timeout` seconds.

    Plain (non-Curve) sockets send a signed kernel_info_request on shell and control, a ping on heartbeat,
    and subscribe to IOPub while the real client runs `code`. Returns how many messages each received.

    Once the kernel rejects a plain socket's handshake, libzmq drops that connection's pipe, and a send on
    a DEALER or REQ socket with no pipe waits for a peer that never comes. So sends get a deadline: a
    request that could not even leave the client got nothing back, which is what this probe counts.
    """
    kc = client()
    ctx = zmq.Context.instance()
    timeout_ms = int(cmd.get("timeout", 3) * 1000)
    got: dict[str, int] = {}
    socks: dict[str, zmq.Socket] = {}
    for name, kind in (("shell", zmq.DEALER), ("control", zmq.DEALER), ("hb", zmq.REQ), ("iopub", zmq.SUB)):
        s = ctx.socket(kind)
        s.linger = 0
        s.sndtimeo = 1000
        if kind == zmq.SUB:
            s.setsockopt(zmq.SUBSCRIBE, b"")
        s.connect(channel_url(name))
        socks[name] = s
    for name in ("shell", "control"):
        try:
            kc.session.send(socks[name], kc.session.msg("kernel_info_request", {}))
        except zmq.Again:
            pass
    try:
        socks["hb"].send(b"ping")
    except zmq.Again:
        pass
    time.sleep(0.3)
    if cmd.get("code"):
        kc.execute(cmd["code"])
    deadline = time.monotonic() + timeout_ms / 1000
    for name, s in socks.items():
        got[name] = 0
        while True:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not s.poll(left):
                break
            s.recv_multipart()
            got[name] += 1
    for s in socks.values():
        s.close()
    return got


def op_signatures(cmd: Command) -> dict[str, Any]:
    """Sends kernel_info_request on a fresh shell socket signed with a wrong key, unsigned, and correctly.

    Returns the msg_id of each and the parent msg_ids of the replies that came back within `timeout`.
    """
    from jupyter_client.session import Session

    kc = client()
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    use_curve(sock)
    sock.connect(channel_url("shell"))
    time.sleep(0.3)
    sent: dict[str, str] = {}
    for name, key in (("wrong_key", b"not-the-key"), ("unsigned", b""), ("valid", kc.session.key)):
        session = Session(key=key, session=kc.session.session, username=kc.session.username)
        msg = session.msg("kernel_info_request", {})
        session.send(sock, msg)
        sent[name] = msg["header"]["msg_id"]
    replies: list[str | None] = []
    deadline = time.monotonic() + cmd.get("timeout", 3)
    while True:
        left = int((deadline - time.monotonic()) * 1000)
        if left <= 0 or not sock.poll(left):
            break
        frames = sock.recv_multipart()
        _, parts = kc.session.feed_identities(frames)
        replies.append(kc.session.deserialize(parts)["parent_header"].get("msg_id"))
    sock.close()
    return {"sent": sent, "replied_to": replies}


def op_alive(_cmd: Command) -> dict[str, Any]:
    return {"alive": manager().is_alive()}


def op_shutdown(cmd: Command) -> dict[str, Any]:
    km = manager()
    t0 = time.monotonic()
    if cmd.get("now"):
        km.shutdown_kernel(now=True)
        return {"seconds": time.monotonic() - t0}
    kc = client()
    msg_id = kc.shutdown()
    reply: Message | None = None
    try:
        reply = get_reply("control", msg_id, cmd.get("timeout", 5))
    except TimeoutError:
        pass
    # The process should exit by itself after replying; measure how long that takes.
    exited: float | None = None
    while time.monotonic() - t0 < cmd.get("exit_timeout", 5):
        if not km.is_alive():
            exited = time.monotonic() - t0
            break
        time.sleep(0.01)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    km.cleanup_resources()
    return {"reply": reply, "exited_seconds": exited}


OPS: dict[str, Callable[[Command], object]] = {k[3:]: v for k, v in globals().items() if k.startswith("op_")}


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        try:
            result = {"ok": True, "result": OPS[cmd["op"]](cmd)}
        except Exception as e:  # reported to the test, which fails with it
            result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(result, default=str) + "\n")
        sys.stdout.flush()
    if km is not None and km.is_alive():
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
