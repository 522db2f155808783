import { describe, expect, it } from "vitest";
import { TurnQueue } from "./turn-queue.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("TurnQueue", () => {
  it("runs items one at a time in arrival order, even when the first awaits longer", async () => {
    const q = new TurnQueue();
    const log: string[] = [];
    const slow = q.run(async () => {
      log.push("a:start");
      await tick();
      await tick();
      log.push("a:end");
      return "a";
    });
    const fast = q.run(async () => {
      log.push("b:start");
      log.push("b:end");
      return "b";
    });
    expect(await Promise.all([slow, fast])).toEqual(["a", "b"]);
    expect(log).toEqual(["a:start", "a:end", "b:start", "b:end"]);
  });

  it("hands a failure to its own caller and still runs the next item", async () => {
    const q = new TurnQueue();
    const failed = q.run(async () => {
      throw new Error("boom");
    });
    const after = q.run(async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    expect(await after).toBe("ran");
  });

  it("does not start an item before it is queued behind a running one", async () => {
    const q = new TurnQueue();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let secondStarted = false;
    const first = q.run(() => gate);
    const second = q.run(async () => {
      secondStarted = true;
    });
    await tick();
    expect(secondStarted).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(secondStarted).toBe(true);
  });
});
