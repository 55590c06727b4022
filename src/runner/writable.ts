// Folders a run writes to are checked before anything trains: a run cache or report folder that
// cannot be written would otherwise be found only when the first finished run is saved.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { removeStaleTemps } from './temp-files.js'

export class UnwritableFolderError extends Error {
  readonly code = 'RLVR_UNWRITABLE'
  constructor(readonly dir: string, readonly variable: string, what: string, cause: unknown) {
    super(`the ${what} folder ${dir} is not writable (${cause instanceof Error ? cause.message : String(cause)}): ` +
      `set ${variable} to a folder this user can write (it is created if missing)`)
    this.name = 'UnwritableFolderError'
  }
}

const checked = new Set<string>()

/**
 * Create `dir` if missing and write a probe file in it; throws UnwritableFolderError naming the
 * folder and the variable that moves it. Also removes stale temp files there. Once per folder and process.
 */
export function assertWritable(dir: string, variable: string, what: string): void {
  if (checked.has(dir)) return
  const probe = join(dir, `.rlvr-write-check.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`)
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(probe, '')
    rmSync(probe, { force: true })
  } catch (e) {
    throw new UnwritableFolderError(dir, variable, what, e)
  }
  removeStaleTemps(dir)
  checked.add(dir)
}
