/**
 * Notices a language server that stopped answering: the client restarts a server only when its process
 * exits, and a server stuck at 100 % CPU in one document never does (issue 10). Pings on an interval; after
 * `maxMisses` pings in a row without an answer within `timeoutMs`, calls `onUnresponsive` once and stops
 * (the owner kills the process, so the crash-loop protection of the error handler decides about a restart,
 * and starts the watchdog again for the new server). Timers are injected: the logic is tested in plain Node.
 */
export interface WatchdogOptions {
  ping: () => Promise<unknown>;
  onUnresponsive: (silentMs: number) => void;
  intervalMs: number;
  timeoutMs: number;
  maxMisses: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

export class Watchdog {
  private timer: unknown;
  private running = false;
  private misses = 0;
  private round = 0;
  private lastAnswer = 0;

  constructor(private readonly o: WatchdogOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.misses = 0;
    this.lastAnswer = this.now();
    this.schedule(this.o.intervalMs, () => this.probe());
  }

  stop(): void {
    this.running = false;
    this.round++;
    if (this.timer !== undefined) (this.o.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout)))(this.timer);
    this.timer = undefined;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private schedule(ms: number, fn: () => void): void {
    this.timer = (this.o.setTimer ?? setTimeout)(fn, ms);
  }

  private probe(): void {
    if (!this.running) return;
    const round = ++this.round;
    let answered = false;
    let closed = false; // an answer after this round's timeout does not count
    // A rejection (e.g. an error response) still proves the server reads and answers messages.
    const settle = () => {
      if (closed || round !== this.round || !this.running) return;
      answered = true;
      this.misses = 0;
      this.lastAnswer = this.now();
    };
    this.o.ping().then(settle, settle);
    this.schedule(this.o.timeoutMs, () => {
      closed = true;
      if (round !== this.round || !this.running) return;
      if (!answered && ++this.misses >= this.o.maxMisses) {
        const silent = this.now() - this.lastAnswer;
        this.stop();
        this.o.onUnresponsive(silent);
        return;
      }
      this.schedule(Math.max(0, this.o.intervalMs - this.o.timeoutMs), () => this.probe());
    });
  }
}
