// A pool of worker threads that the main thread waits on synchronously: results come back
// through MessagePorts read with receiveMessageOnPort, and a shared counter that each worker
// bumps (Atomics.notify) wakes the main thread. So the CLI stays a plain synchronous command,
// and a job that overruns its wall-clock limit is cut off by terminating its worker and
// starting a fresh one. Results are stored by job index: their order never depends on which
// worker finished first.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** What the pool tells a worker at start; the worker entry checks `role`. */
export interface WorkerStart<C> {
  role: string;
  port: MessagePort;
  signal: Int32Array;
  context: C;
}

export interface PoolOptions<C, I, O> {
  /** The script each worker runs (the CLI bundle itself: it serves jobs when started as a worker). */
  script: string | URL;
  role: string;
  context: C;
  inputs: readonly I[];
  jobs: number;
  timeoutMs: number;
  /** The result of a job whose worker ran out of time or died. */
  failed: (input: I, why: string) => O;
  /** Called on the main thread as each job finishes (in completion order). */
  onResult?: (index: number, result: O) => void;
  /** Called about five times a second while waiting. */
  onTick?: () => void;
}

interface Slot {
  worker: Worker;
  port: MessagePort;
  job?: { index: number; started: number };
}

const TICK_MS = 200;

export function runPool<C, I, O>(options: PoolOptions<C, I, O>): O[] {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const results: O[] = new Array(options.inputs.length);
  const done = new Array<boolean>(options.inputs.length).fill(false);
  let next = 0;
  let finished = 0;

  const spawn = (): Slot => {
    const channel = new MessageChannel();
    const start: WorkerStart<C> = { role: options.role, port: channel.port2, signal, context: options.context };
    const worker = new Worker(options.script, { workerData: start, transferList: [channel.port2] });
    // A worker never keeps the process alive on its own: the pool terminates them all at the end.
    worker.unref();
    // A worker that dies (it could not load, it ran out of memory) reports on the event loop,
    // which the waiting main thread does not run: its submission gets the wall-clock verdict,
    // and the late event must not end the process.
    worker.on('error', () => {});
    return { worker, port: channel.port1 };
  };
  const finish = (index: number, result: O) => {
    if (done[index]) return;
    done[index] = true;
    results[index] = result;
    finished++;
    options.onResult?.(index, result);
  };
  const dispatch = (slot: Slot) => {
    if (next >= options.inputs.length) return;
    const index = next++;
    slot.job = { index, started: performance.now() };
    slot.port.postMessage({ index, input: options.inputs[index] });
  };

  const count = Math.max(1, Math.min(options.jobs, options.inputs.length));
  const slots = Array.from({ length: options.inputs.length === 0 ? 0 : count }, spawn);
  for (const slot of slots) dispatch(slot);
  try {
    while (finished < options.inputs.length) {
      const seen = Atomics.load(signal, 0);
      let progressed = false;
      for (const [i, slot] of slots.entries()) {
        for (let message = receiveMessageOnPort(slot.port); message; message = receiveMessageOnPort(slot.port)) {
          const { index, result, error } = message.message as { index: number; result?: O; error?: string };
          finish(index, error === undefined ? (result as O) : options.failed(options.inputs[index], error));
          if (slot.job?.index === index) slot.job = undefined;
          progressed = true;
        }
        if (slot.job && performance.now() - slot.job.started > options.timeoutMs) {
          const { index } = slot.job;
          void slot.worker.terminate();
          slot.port.close();
          finish(index, options.failed(options.inputs[index], `grading took longer than ${options.timeoutMs / 1000} s of wall-clock time and was stopped`));
          slots[i] = spawn();
          progressed = true;
        }
        if (!slots[i].job) dispatch(slots[i]);
      }
      options.onTick?.();
      if (!progressed) Atomics.wait(signal, 0, seen, TICK_MS);
    }
  } finally {
    for (const slot of slots) {
      void slot.worker.terminate();
      slot.port.close();
    }
  }
  return results;
}

/** The worker side: answers each job on the pool's port and wakes the main thread. */
export function serveJobs<C, I, O>(start: WorkerStart<C>, work: (input: I, context: C) => O): void {
  start.port.on('message', ({ index, input }: { index: number; input: I }) => {
    let reply: { index: number; result?: O; error?: string };
    try {
      reply = { index, result: work(input, start.context) };
    } catch (e) {
      reply = { index, error: `the grader failed on this submission: ${(e as Error).message}` };
    }
    start.port.postMessage(reply);
    Atomics.add(start.signal, 0, 1);
    Atomics.notify(start.signal, 0);
  });
}
