import * as asyncio from "../../../src/asyncio";

describe("allTasks", () => {
  it("lists running tasks newest first and drops each as it finishes", async () => {
    const gates = [0, 1, 2].map(() => new asyncio.Future<void>());
    const tasks: asyncio.Task<unknown>[] = gates.map((gate) => asyncio.createTask(() => gate));
    expect([...asyncio.allTasks()].filter((t) => tasks.includes(t))).toEqual([...tasks].reverse());
    gates[1].setResult();
    await tasks[1];
    expect([...asyncio.allTasks()].filter((t) => tasks.includes(t))).toEqual([tasks[2], tasks[0]]);
    gates[0].setResult();
    gates[2].setResult();
    await asyncio.gather(...tasks);
    expect([...asyncio.allTasks()].some((t) => tasks.includes(t))).toBe(false);
  });

  it("still lists a long-running task after thousands of others came and went", async () => {
    const gate = new asyncio.Future<void>();
    const long = asyncio.createTask(() => gate);
    for (let round = 0; round < 6; round++) {
      await asyncio.gather(...Array.from({ length: 2000 }, () => asyncio.createTask(async () => round)));
    }
    expect(asyncio.allTasks().has(long)).toBe(true);
    gate.setResult();
    await long;
    expect(asyncio.allTasks().has(long)).toBe(false);
  });
});
