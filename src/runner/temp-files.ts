// Temporary files of atomic writes (run cache, reports, baselines) are named
// `<file>.<pid>.<random>.tmp` and renamed into place. A process killed between the two leaves one
// behind; the next run removes those whose writer is gone. Readers never look at *.tmp.
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** A temp file whose writer is alive can be this old at most (a write takes milliseconds). */
const STALE_MS = 60 * 60 * 1000

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' }
}

/** Remove the stale *.tmp files directly in `dir`; returns their names. Never throws. */
export function removeStaleTemps(dir: string, now = Date.now()): string[] {
  let names: string[]
  try { names = readdirSync(dir) } catch { return [] }
  const removed: string[] = []
  for (const name of names) {
    if (!name.endsWith('.tmp')) continue
    const pid = Number(/\.(\d+)\.[0-9a-z]+\.tmp$/.exec(name)?.[1])
    const path = join(dir, name)
    try {
      const stale = pid === process.pid ? false : !Number.isInteger(pid) || !alive(pid) || now - statSync(path).mtimeMs > STALE_MS
      if (stale) { rmSync(path, { force: true }); removed.push(name) }
    } catch { /* gone meanwhile, or not ours to remove */ }
  }
  return removed
}
