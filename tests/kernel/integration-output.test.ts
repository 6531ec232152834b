/**
 * Output finds its cell: background work of finished cells writes into its own cell, through the cell's
 * parent header and its late-output display, while other cells run.
 */
import { Kernel, streamText, type Msg, type StartInfo } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.startWithAsyncio();
});
afterAll(() => kernel?.close());

/** Starts `n` tasks that each print 3 lines `<tag>-t<k>-<i>` after the cell ended. */
function backgroundCell(tag: string, n: number): string {
  return [
    `for (let k = 0; k < ${n}; k++) {`,
    "  asyncio.createTask(async () => {",
    "    await asyncio.sleep(400 + 25 * k);",
    `    for (let i = 0; i < 3; i++) { console.log(\`${tag}-t\${k}-\${i}\`); await asyncio.sleep(40); }`,
    "  });",
    "}",
  ].join("\n");
}

function texts(m: Msg): string {
  if (m.msg_type === "stream") return m.content.text as string;
  if (m.msg_type === "display_data" || m.msg_type === "update_display_data") {
    return String((m.content.data as Record<string, unknown>)["text/plain"] ?? "");
  }
  return "";
}

test("8 tasks in 3 cells: every late line arrives with its own cell's parent and updates only its cell", async () => {
  await kernel.drain(0.1);
  const cells = [
    await kernel.execute(backgroundCell("c1", 3)),
    await kernel.execute(backgroundCell("c2", 3)),
    await kernel.execute(backgroundCell("c3", 2)),
  ];
  for (const c of cells) expect(c.reply.content.status).toBe("ok");
  // Each cell ended with work pending, so it got an (empty) late-output display while it ran.
  const mirrorOf = new Map<string, string>();
  cells.forEach((c, i) => {
    const shown = c.iopub.filter((m) => m.msg_type === "display_data");
    expect(shown).toHaveLength(1);
    mirrorOf.set(`c${i + 1}`, shown[0].content.transient.display_id as string);
    expect(texts(shown[0])).toBe("");
  });
  const last = await kernel.execute("await asyncio.drain();");
  expect(last.reply.content.status).toBe("ok");
  const all = await kernel.drain(0.3);

  const parentOf = new Map(cells.map((c, i) => [`c${i + 1}`, c.msg_id]));
  const expected = ["c1", "c2", "c3"].flatMap((tag, i) =>
    Array.from({ length: [3, 3, 2][i] }, (_, k) => [0, 1, 2].map((j) => `${tag}-t${k}-${j}`)).flat(),
  );
  expect(expected).toHaveLength(24);
  for (const line of expected) {
    const tag = line.slice(0, 2);
    const carrying = all.filter((m) => texts(m).split("\n").includes(line));
    expect(carrying.length).toBeGreaterThan(0);
    // First delivery: with the cell's own parent header.
    expect(carrying[0].parent_msg_id).toBe(parentOf.get(tag));
    // Any copy sent through another (running) cell only updates this cell's display.
    for (const m of carrying) {
      if (m.parent_msg_id !== parentOf.get(tag)) {
        expect(m.msg_type).toBe("update_display_data");
        expect(m.content.transient.display_id).toBe(mirrorOf.get(tag));
      }
    }
  }
  // The lines of the three cells really were interleaved in time.
  const order = all.filter((m) => m.msg_type === "update_display_data").map((m) => m.parent_msg_id);
  expect(new Set(order).size).toBeGreaterThanOrEqual(3);
  // drain() itself printed nothing.
  expect(streamText(last.iopub)).toBe("");
});
