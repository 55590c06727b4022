// npm run perf:doc: render bench/results.json (written by npm run bench) into docs/performance.md,
// between the markers <!-- bench:start --> and <!-- bench:end -->. Figures are never typed by hand.
import { readFileSync } from 'node:fs'
import { writeBlock } from '../scripts/doc-block.js'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const docPath = join(root, 'docs', 'performance.md')
const r = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'))

type Run = Record<string, number>
const row = (label: string, f: Run) =>
  `| ${label} | ${f.stepSeconds} | ${f.stepCpuSeconds} | ${f.outsideStepsSeconds} | ${f.outsideStepsCpuSeconds} | **${f.runSecondsPerSeed}** | **${f.runCpuSecondsPerSeed}** | ${f.rssMB} |`
const g = r.grpoStep
const lines = [
  `Bench run of ${r.date.slice(0, 16).replace('T', ' ')} UTC: tfjs ${r.tfjs}, backend ${r.backend}, node ${r.node}, ${r.cpus} vCPUs; ` +
    `load average ${r.loadAverage.start.join(' / ')} at the start, ${r.loadAverage.end.join(' / ')} at the end (1 / 5 / 15 min).`,
  '',
  `Transformer regime: ${r.regime.organism}, ${r.regime.promptsPerStep} prompts x G ${r.regime.numGenerations}, ` +
    `${r.regime.miniBatches} mini-batches, ${r.regime.steps} steps. The trainer ran ${r.regime.timedSteps} steps; a run is ` +
    `${r.regime.steps} x the median step after the first + the time outside steps (organism, evaluations), all per seed.`,
  '',
  '| trainer | step (s) | step CPU (s) | outside steps (s) | outside CPU (s) | run per seed (s) | run per seed, CPU (s) | RSS after (MB) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...(r.baseline ? [row(`before: \`${r.baseline.dir}\`, S = 1`, r.baseline)] : []),
  row('S = 1 (train())', r.transformer.s1),
  row(`S = ${r.transformer.sN.seeds} (trainSeeds)`, r.transformer.sN),
  '',
  g.torch
    ? `GRPO step (S = 1) against PyTorch ${g.torch.torch} (${g.torch.threads} thread, BLAS \`${g.torch.blas}\`): tfjs ${g.tfjsSeconds} s ` +
      `(CPU ${g.tfjsCpuSeconds} s), PyTorch ${g.torch.grpo_step_s.toFixed(3)} s (CPU ${g.torch.grpo_step_cpu_s.toFixed(3)} s): ` +
      `**tfjs/PyTorch ${g.ratio}x wall, ${g.cpuRatio}x CPU**.`
    : `GRPO step (S = 1): tfjs ${g.tfjsSeconds} s (CPU ${g.tfjsCpuSeconds} s); the tfjs/PyTorch ratio is unavailable: ${g.unavailable}.`,
  '',
  `Sampling one step's ${r.sampling.rows} rollouts: ${r.sampling.perRowMs} ms with a prompt pass per row, ` +
    `**${r.sampling.sharedMs} ms** with one per group.`,
  '',
  `${r.seedMatMul.seeds} seeds' linear layer at an update's shape ([${r.seedMatMul.rows}, 64] x [64, 256] each): ` +
    `${r.seedMatMul.seeds} plain 2-D matMuls ${r.seedMatMul.perSeed2dMs} ms, one batched 3-D matMul ${r.seedMatMul.batched3dMs} ms ` +
    `(bit-identical to the 2-D ones: ${r.seedMatMul.batchedEqualsPerSeed}), one 2-D matMul of all rows by one weight (not possible with ` +
    `per-seed weights; the floor) ${r.seedMatMul.sharedWeight2dMs} ms.`,
  '',
  `One seed's update (forward, backward, SGD): ${r.rowScaling.cpuMsPer128[0]} CPU ms per 128 rows at ${r.rowScaling.rows[0]} rows ` +
    `(one mini-batch), ${r.rowScaling.cpuMsPer128[1]} at ${r.rowScaling.rows[1]} rows: the share of an update that ` +
    `S seeds could pay once (per-op cost) is the difference.`,
]
writeBlock(docPath, '<!-- bench:start -->', '<!-- bench:end -->', lines.join('\n'))
console.log('docs/performance.md: figures from bench/results.json')
