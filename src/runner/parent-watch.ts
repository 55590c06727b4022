// A process that trains for a test runner (vitest's forks pool, or any forked child) stops when
// its parent dies: killed alone, vitest's main process would otherwise leave its workers training
// to the end of their ablation. Finished runs are already in the cache; the next run resumes there.
let installed = false

/** The parent is gone when this process was re-parented (to init or a subreaper). */
export function watchParent(opts: { intervalMs?: number; force?: boolean } = {}): void {
  if (installed) return
  // Only children of a test runner or a fork: a plain `node script` left running on purpose
  // (nohup) outlives its shell.
  if (!opts.force && process.env.VITEST_WORKER_ID === undefined && typeof process.send !== 'function') return
  installed = true
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid === parent) return
    process.stderr.write(`[rlvr] parent process ${parent} is gone: stopping (finished runs are in the run cache)\n`)
    process.exit(1)
  }, opts.intervalMs ?? 1000).unref()
}
