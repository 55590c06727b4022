// The project-wide control policy set in vitest.config.ts (`test.provide.rlvr.requiredControls`)
// reaches claims: a fixture project requires 'format-reward', its claim lists only 'untrained', and
// the claim fails naming the missing control and how to add it.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const fixture = resolve(here, 'fixtures/policy')
const vitestBin = resolve(here, '../node_modules/vitest/vitest.mjs')

describe('project-wide required controls (vitest provide)', () => {
  it('a claim without a control the project requires fails with its name and the fix', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rlvr-policy-'))
    try {
      const out = await new Promise<string>((res) => {
        execFile(process.execPath, [vitestBin, 'run', '--root', fixture], {
          env: { ...process.env, RLVR_CACHE_DIR: tmp, RLVR_BASELINES: 'off', RLVR_REPORT_DIR: tmp, CI: '1', NO_COLOR: '1', RLVR_REQUIRED_CONTROLS: '' },
          timeout: 120_000,
        }, (_err, stdout, stderr) => res(stdout + stderr))
      })
      expect(out).toMatch(/claim 'verifier teaches' lacks required control 'format-reward'/)
      expect(out).toMatch(/role: 'format-reward'/)
      expect(out).toMatch(/1 failed/)
    } finally { rmSync(tmp, { recursive: true, force: true }) }
  })
})
