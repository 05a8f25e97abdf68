import { parentPort, type Transferable, type Worker, type WorkerOptions } from 'node:worker_threads';
import { startThread } from './threads.ts';

/** A thread's answer to one task. */
type Reply<O> = { ok: true; value: O } | { ok: false; error: string };

interface Task<I, O> {
  input: I;
  transfer: Transferable[];
  resolve(value: O): void;
  reject(error: Error): void;
}

/**
 * Up to `size` threads running one entry module (which calls `serveTasks`), each doing one task
 * at a time; tasks wait in arrival order for a free thread. Threads start when first needed.
 * A thread that dies (out of memory, a native crash) fails its task only and is replaced.
 */
export class ThreadPool<I, O> {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task<I, O>>();
  private readonly waiting: Task<I, O>[] = [];
  private closed = false;

  constructor(
    private readonly entry: URL,
    readonly size: number,
    private readonly options: WorkerOptions = {},
  ) {
    if (size < 1) throw new Error('a thread pool needs at least one thread');
  }

  /** Tasks waiting for a thread, and tasks running. */
  get load(): { waiting: number; running: number } {
    return { waiting: this.waiting.length, running: this.busy.size };
  }

  run(input: I, transfer: Transferable[] = []): Promise<O> {
    if (this.closed) return Promise.reject(new Error('thread pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * The same task once per thread, every thread started now (warm-ups). The tasks are queued like
   * any other: usually one reaches each thread, but a thread that frees up first may take two.
   */
  async runOnEach(input: I): Promise<O[]> {
    while (this.threads() < this.size) this.idle.push(this.spawn());
    return Promise.all(Array.from({ length: this.size }, () => this.run(input)));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.reject(new Error('thread pool is closed'));
    const all = [...this.idle.splice(0), ...this.busy.keys()];
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private threads(): number {
    return this.idle.length + this.busy.size;
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const worker = this.idle.pop() ?? (this.threads() < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.waiting.shift()!;
      this.busy.set(worker, task);
      worker.postMessage(task.input, task.transfer);
    }
  }

  private spawn(): Worker {
    const worker = startThread(this.entry, this.options);
    worker.on('message', (reply: Reply<O>) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (reply.ok) task?.resolve(reply.value);
      else task?.reject(new Error(reply.error));
      this.dispatch();
    });
    worker.on('error', (e) => this.lost(worker, e));
    worker.on('exit', (code) => this.lost(worker, new Error(`worker thread exited with code ${code}`)));
    return worker;
  }

  private lost(worker: Worker, error: Error): void {
    const task = this.busy.get(worker);
    const wasBusy = this.busy.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at !== -1) this.idle.splice(at, 1);
    else if (!wasBusy) return; // already accounted for ('error' is followed by 'exit')
    task?.reject(error);
    if (!this.closed) this.dispatch();
  }
}

/** The thread side of a ThreadPool: answers each task with `handle`'s result, or its error's message. */
export function serveTasks<I, O>(handle: (input: I) => Promise<{ value: O; transfer?: Transferable[] }>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread');
  port.on('message', (input: I) => {
    handle(input).then(
      ({ value, transfer }) => port.postMessage({ ok: true, value } satisfies Reply<O>, transfer ?? []),
      (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies Reply<O>),
    );
  });
}
