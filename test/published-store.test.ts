// The published store covers every committed verdict: each baseline of an ablation that trains runs
// has its manifest in reports/runs, of this ENGINE_VERSION, with every record it names. Without this,
// a fresh clone trains that file from scratch (hours for a transformer file) instead of reading it.
import { describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENGINE_VERSION } from '../src/engine/trainer.js'
import { recordPath, type Manifest } from '../src/runner/published.js'

const baselines = join('reports', 'baselines')
const store = join('reports', 'runs')

describe('the published store', () => {
  // External-run ablations read logs, not trained runs: nothing to publish.
  const trained = readdirSync(baselines).filter((f) => f.endsWith('.json'))
    .filter((f) => JSON.parse(readFileSync(join(baselines, f), 'utf8')).backend !== 'external')

  it.each(trained)('%s: its runs are published', (file) => {
    const path = join(store, file)
    expect(existsSync(path), `no manifest ${path}: train the file, then npm run publish-runs -- ${file.replace(/\.json$/, '')}`).toBe(true)
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest
    expect(manifest.engineVersion).toBe(ENGINE_VERSION)
    expect(manifest.runs.length).toBeGreaterThan(0)
    expect(manifest.runs.filter((r) => !existsSync(recordPath(r.hash, store))).map((r) => `${r.arm} seed ${r.seed}`)).toEqual([])
  })
})
