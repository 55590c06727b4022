// A process that trains for a test runner (vitest's forks pool, or any forked child) stops when
// its parent dies: killed alone, vitest's main process would otherwise leave its workers training
// to the end of their ablation. Finished runs are already in the cache; the next run resumes there.
// A run trains synchronously (the event loop does not turn until it ends), so the trainer's step
// callback checks too (checkParent), not only the timer.
let parent: number | undefined
let lastCheck = 0

function stop(): never {
  process.stderr.write(`[rlvr] parent process ${parent} is gone: stopping (finished runs are in the run cache)\n`)
  process.exit(1)
}

/** Start watching; the parent is gone when this process is re-parented (to init or a subreaper). */
export function watchParent(opts: { intervalMs?: number; force?: boolean } = {}): void {
  if (parent !== undefined) return
  // Only children of a test runner or a fork: a plain `node script` left running on purpose
  // (nohup) outlives its shell.
  if (!opts.force && process.env.VITEST_WORKER_ID === undefined && typeof process.send !== 'function') return
  parent = process.ppid
  setInterval(() => { if (process.ppid !== parent) stop() }, opts.intervalMs ?? 1000).unref()
}

/** Cheap enough for every training step: looks at most every 250 ms. */
export function checkParent(now = Date.now()): void {
  if (parent === undefined || now - lastCheck < 250) return
  lastCheck = now
  if (process.ppid !== parent) stop()
}
