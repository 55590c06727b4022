// Pretrain the calibrated transformer presets and write their shipped weight files
// (src/organisms/weights/<preset>.bin), printing the exact calibration of each on the held-out split.
//
//   npx tsx scripts/pretrain.ts                  every transformer preset
//   npx tsx scripts/pretrain.ts qwen-math-7b-like olmo-sft-like
//   npx tsx scripts/pretrain.ts --check          only report which shipped files are missing or stale
import { initBackend } from '../src/engine/backend.js'
import { ORGANISM_PRESETS, resolveOrganism } from '../src/organisms/index.js'
import { calibrationReport, formatCalibration } from '../src/organisms/calibration.js'
import { pretrainTransformer } from '../src/organisms/pretrain.js'
import type { ArithmeticSpec } from '../src/organisms/spec.js'
import { CorruptWeightsError, encodeWeights, readWeightsFile, shippedWeightsPath, specHash, writeWeightsFile } from '../src/organisms/weights.js'

const args = process.argv.slice(2)
const check = args.includes('--check')
const names = args.filter((a) => !a.startsWith('--'))
const transformerPresets = Object.keys(ORGANISM_PRESETS).filter((n) => {
  const s = resolveOrganism(n)
  return s.kind === 'arithmetic' && s.policy.kind === 'transformer'
})
for (const n of names) {
  if (!transformerPresets.includes(n)) {
    console.error(`'${n}' is not a calibrated transformer preset: use one of ${transformerPresets.join(', ')}`)
    process.exit(2)
  }
}
const todo = names.length ? names : transformerPresets

function status(name: string, spec: ArithmeticSpec): string {
  try {
    const f = readWeightsFile(shippedWeightsPath(name))
    if (!f) return 'missing'
    return f.header.specHash === specHash(spec) ? 'current' : 'stale (spec changed)'
  } catch (err) {
    if (err instanceof CorruptWeightsError) return 'corrupt'
    throw err
  }
}

if (check) {
  let bad = 0
  for (const name of todo) {
    const s = status(name, resolveOrganism(name) as ArithmeticSpec)
    if (s !== 'current') bad++
    console.log(`${name.padEnd(28)} ${s}`)
  }
  process.exit(bad ? 1 : 0)
}

const backend = await initBackend()
for (const name of todo) {
  const spec = resolveOrganism(name) as ArithmeticSpec
  if (spec.policy.kind !== 'transformer') continue
  console.log(`\n${name}: pretraining on ${backend}, ${spec.policy.pretrain.steps} steps`)
  const res = pretrainTransformer(spec, {
    every: Math.max(1, Math.round(spec.policy.pretrain.steps / 10)),
    onProgress: (p) => console.log(`  step ${String(p.step).padStart(5)}  KL ${p.kl.toFixed(4)}  lr ${p.learningRate.toExponential(1)}  ${p.seconds.toFixed(0)} s`),
  })
  const report = await calibrationReport(spec, res.weights)
  console.log(`  ${res.seconds.toFixed(0)} s wall, final KL ${res.finalKl.toFixed(4)} nats/sequence`)
  console.log(formatCalibration(name, report))
  const path = shippedWeightsPath(name)
  writeWeightsFile(path, encodeWeights(res.weights, {
    specHash: specHash(spec), backend,
    notes: { preset: name, spec, pretrainSeconds: Math.round(res.seconds), finalKl: res.finalKl, calibration: report },
  }))
  console.log(`  wrote ${path}`)
}
