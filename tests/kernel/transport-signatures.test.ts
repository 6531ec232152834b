/**
 * Message signatures: a request signed with another key, or not signed at all, is dropped and logged; it is
 * never run and never stops the kernel. The valid request sent right after it is answered.
 */
import { Kernel } from "../support/kernel";

jest.setTimeout(120_000);

describe.each([["plain tcp", "disabled"] as const, ["Curve", "required"] as const])(
  "over %s",
  (_name, transportEncryption) => {
    let kernel: Kernel;
    beforeAll(async () => {
      kernel = await Kernel.start("tslab-asyncio", { transportEncryption });
    });
    afterAll(() => kernel?.close());

    test("forged and unsigned requests get no reply; the valid one does; the kernel stays up", async () => {
      const { sent, replied_to } = await kernel.signatures(3);
      expect(replied_to).toEqual([sent.valid]);
      expect(await kernel.alive()).toBe(true);
      expect((await kernel.execute("1 + 1")).reply.content.status).toBe("ok");
    });
  },
);
