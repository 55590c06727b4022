// Where a transformer organism's pretrained weights come from: the shipped preset file, else the
// on-disk cache, else pretraining (then cached). See weights.ts for the format and the keys.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { BackendName } from '../engine/backend.js'
import type { Weights } from '../engine/policy.js'
import { pretrainTransformer } from './pretrain.js'
import { calibratedPresets } from './presets.js'
import { ArithmeticOrganism, type ArithmeticSpec } from './spec.js'
import {
  cacheKey, CorruptWeightsError, encodeWeights, organismCacheDir, readWeightsFile, shippedWeightsPath, specHash, writeWeightsFile,
} from './weights.js'

export interface WeightsSource {
  weights: Weights
  /** shipped preset file, organism cache, pretrained now, or given by the caller. */
  source: 'shipped' | 'cache' | 'pretrained' | 'given'
  path: string
}

export interface LoadOptions {
  backend: BackendName
  /** Cache folder; default organismCacheDir(). */
  cacheDir?: string
  /** Progress and warnings; default: stderr lines prefixed [rlvr organisms]. */
  log?: (line: string) => void
  /** Look for shipped preset weights first (default true). */
  shipped?: boolean
}

const defaultLog = (line: string) => { process.stderr.write(`[rlvr organisms] ${line}\n`) }

/** The transformer presets whose resolved spec has this hash (normally at most one). */
export function presetsWithHash(hash: string): string[] {
  return Object.entries(calibratedPresets())
    .filter(([, input]) => input.policy?.kind === 'transformer' && specHash(ArithmeticOrganism.parse(input)) === hash)
    .map(([name]) => name)
}

/** Shipped weights if the spec is a preset's, else the cache, else pretrain and cache. */
export function organismWeights(spec: ArithmeticSpec, opts: LoadOptions): WeightsSource {
  const log = opts.log ?? defaultLog
  const hash = specHash(spec)
  if (opts.shipped !== false) {
    for (const preset of presetsWithHash(hash)) {
      const path = shippedWeightsPath(preset)
      try {
        const f = readWeightsFile(path)
        if (f && f.header.specHash === hash) return { weights: f.weights, source: 'shipped', path }
        log(f ? `shipped weights ${path} were made for another spec of '${preset}' (spec hash ${f.header.specHash.slice(0, 12)}, expected ${hash.slice(0, 12)}): ` +
          `pretraining instead (run \`npx tsx scripts/pretrain.ts ${preset}\` to refresh the shipped file)`
          : `no shipped weights for preset '${preset}' at ${path}: pretraining instead (run \`npx tsx scripts/pretrain.ts ${preset}\` to ship them)`)
      } catch (err) {
        if (!(err instanceof CorruptWeightsError)) throw err
        log(`${err.message}: pretraining instead (run \`npx tsx scripts/pretrain.ts ${preset}\` to rewrite it)`)
      }
    }
  }
  const dir = opts.cacheDir ?? organismCacheDir()
  const path = join(dir, `${cacheKey(spec, opts.backend)}.bin`)
  try {
    const f = readWeightsFile(path)
    if (f && f.header.specHash === hash && f.header.backend === opts.backend) return { weights: f.weights, source: 'cache', path }
    if (f) { log(`cached weights ${path} do not match their key: rebuilding`); rmSync(path, { force: true }) }
  } catch (err) {
    if (!(err instanceof CorruptWeightsError)) throw err
    log(`${err.message}: deleting it and pretraining again`)
    rmSync(path, { force: true })
  }
  if (spec.policy.kind !== 'transformer') throw new Error('organismWeights: only transformer organisms are pretrained')
  const steps = spec.policy.pretrain.steps
  log(`pretraining organism ${hash.slice(0, 12)} on ${opts.backend} (${steps} steps), to be cached at ${path}`)
  const res = pretrainTransformer(spec, {
    every: Math.max(1, Math.round(steps / 10)),
    onProgress: (p) => log(`  step ${p.step}/${p.steps}  KL ${p.kl.toFixed(4)}  ${p.seconds.toFixed(0)} s`),
  })
  writeWeightsFile(path, encodeWeights(res.weights, {
    specHash: hash, backend: opts.backend, notes: { spec, seconds: res.seconds, finalKl: res.finalKl },
  }))
  log(`pretrained in ${res.seconds.toFixed(0)} s (final KL ${res.finalKl.toFixed(4)} nats per sequence)`)
  return { weights: res.weights, source: 'pretrained', path }
}
