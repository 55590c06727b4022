// Shared by the external-run tests: scratch folders of log files, the accuracy readers, and a
// catcher for the readers' errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { RunRecord } from '../../src/engine/trainer.js'
import { METRICS, readInitial, readMetric } from '../../src/metrics/registry.js'
import { ExternalRunsError, readExternalRuns, type ExternalSource } from '../../src/external/index.js'

export const finalAccuracy = (r: RunRecord) => readMetric(r, 'accuracy', METRICS.accuracy, { final: true })
export const initialAccuracy = (r: RunRecord) => readInitial(r, 'accuracy', METRICS.accuracy)

/** Folders made by scratchDir; remove them with removeScratch in the file's afterAll. */
export const scratchDirs: string[] = []
export const removeScratch = () => { for (const d of scratchDirs.splice(0)) rmSync(d, { recursive: true, force: true }) }

/** A fresh folder holding the given files (paths relative to it). */
export function scratchDir(files: Record<string, string | Uint8Array>, prefix = 'rlvr-external-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  scratchDirs.push(dir)
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), data)
  }
  return dir
}

/** The files in a scratch folder; returns a reader rooted there (every file by default). */
export function scratch(files: Record<string, string | Uint8Array>, prefix?: string) {
  const dir = scratchDir(files, prefix)
  return (src: Omit<ExternalSource, 'files'> & { files?: ExternalSource['files'] } = {}, arm = 'treated') =>
    readExternalRuns({ files: Object.keys(files), ...src } as ExternalSource, { cwd: dir, arm })
}

/** The ExternalRunsError fn throws (anything else is rethrown; nothing thrown fails). */
export function failure(fn: () => unknown): ExternalRunsError {
  try { fn() } catch (e) {
    if (e instanceof ExternalRunsError) return e
    throw e
  }
  throw new Error('expected an ExternalRunsError, nothing was thrown')
}
