// Runs the fault fixture project (test/fixtures/faults) with the vitest CLI, as a user would, in
// its own temp folders: run cache, reports and baselines never touch the shared ones.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const fixtureRoot = resolve(here, '../fixtures/faults')
export const vitestBin = resolve(here, '../../node_modules/vitest/vitest.mjs')

export interface FixtureDirs { tmp: string; cache: string; reports: string; baselines: string }

export function fixtureDirs(): FixtureDirs {
  const tmp = mkdtempSync(join(tmpdir(), 'rlvr-faults-'))
  return { tmp, cache: join(tmp, 'cache'), reports: join(tmp, 'reports'), baselines: join(tmp, 'baselines') }
}

/** `vitest run <filter> [...args]` in the fixture project; resolves with exit code and all output. */
export function runFixture(filter: string, dirs: FixtureDirs, env: Record<string, string> = {}, args: string[] = []): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [vitestBin, 'run', '--root', fixtureRoot, filter, ...args], {
      cwd: fixtureRoot,
      env: {
        ...process.env, RLVR_CACHE_DIR: dirs.cache, RLVR_REPORT_DIR: dirs.reports, RLVR_BASELINE_DIR: dirs.baselines,
        CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', RLVR_REQUIRED_CONTROLS: '', RLVR_UPDATE_BASELINES: '0', RLVR_BASELINES: 'on', ...env,
      },
      timeout: 300_000,
    }, (err, stdout, stderr) => res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr }))
  })
}
