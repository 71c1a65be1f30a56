import * as assert from 'node:assert/strict';
import { Watchdog } from '../../../client/src/watchdog';

/** A manual clock: timers fire only when the test advances time. */
class Clock {
  now = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  set = (fn: () => void, ms: number): number => {
    const id = this.next++;
    this.timers.push({ at: this.now + ms, fn, id });
    return id;
  };
  clear = (id: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r)); // let ping answers settle
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
  }
}

function setup(answer: () => Promise<unknown>) {
  const clock = new Clock();
  const events: number[] = [];
  let pings = 0;
  const dog = new Watchdog({
    ping: () => (pings++, answer()),
    onUnresponsive: (silent) => events.push(silent),
    intervalMs: 15_000,
    timeoutMs: 10_000,
    maxMisses: 2,
    setTimer: clock.set,
    clearTimer: clock.clear,
    now: () => clock.now,
  });
  return { clock, events, dog, pings: () => pings };
}

describe('client: language server watchdog', () => {
  it('never fires while the server answers', async () => {
    const { clock, events, dog, pings } = setup(() => Promise.resolve({}));
    dog.start();
    await clock.advance(10 * 60_000);
    assert.deepEqual(events, []);
    assert.equal(pings(), 40);
    assert.ok(dog.isRunning);
  });

  it('fires once after two unanswered pings in a row, then stops', async () => {
    const { clock, events, dog } = setup(() => new Promise(() => undefined));
    dog.start();
    await clock.advance(15_000 + 10_000);
    assert.deepEqual(events, [], 'one miss is not enough');
    await clock.advance(15_000);
    assert.deepEqual(events, [40_000]);
    assert.equal(dog.isRunning, false);
    await clock.advance(5 * 60_000);
    assert.equal(events.length, 1);
  });

  it('forgives a single slow answer, and counts an error answer as alive', async () => {
    let n = 0;
    const { clock, events, dog } = setup(() => (++n === 1 ? new Promise(() => undefined) : n === 2 ? Promise.reject(new Error('method failed')) : Promise.resolve({})));
    dog.start();
    await clock.advance(5 * 60_000);
    assert.deepEqual(events, []);
  });

  it('stops on stop() and starts afresh for a restarted server', async () => {
    let alive = false;
    const { clock, events, dog } = setup(() => (alive ? Promise.resolve({}) : new Promise(() => undefined)));
    dog.start();
    await clock.advance(25_000);
    dog.stop();
    await clock.advance(5 * 60_000);
    assert.deepEqual(events, []);
    alive = true;
    dog.start();
    await clock.advance(5 * 60_000);
    assert.deepEqual(events, []);
    alive = false;
    await clock.advance(40_000);
    assert.equal(events.length, 1);
  });

  it('ignores a late answer to an earlier round', async () => {
    let release: (() => void) | undefined;
    let n = 0;
    const { clock, events, dog } = setup(() => (++n === 1 ? new Promise<void>((r) => (release = r)) : new Promise(() => undefined)));
    dog.start();
    await clock.advance(25_000); // first ping missed
    release!(); // answers after its round ended: must not reset the count
    await clock.advance(15_000);
    assert.equal(events.length, 1);
  });
});
