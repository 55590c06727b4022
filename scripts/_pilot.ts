import { train } from '../src/engine/trainer.js'
const base: any = { organism: 'qwen-math-7b-length-like-linear', reward: { kind: 'verifier' }, steps: Number(process.env.STEPS ?? 30), promptsPerStep: 32, numGenerations: 16, miniBatches: 4, evalEvery: 0 }
const arms: Record<string, any> = JSON.parse(process.env.ARMS!)
for (const seed of (process.env.SEEDS ?? '0,1').split(',').map(Number)) for (const [name, over] of Object.entries(arms)) {
  const t0 = Date.now()
  const r = await train({ ...base, ...JSON.parse(process.env.BASE ?? '{}'), ...over }, { seed })
  const e0 = r.evals[0].metrics, e1 = r.evals.at(-1)!.metrics
  const f = (k: string) => `${e0[k].toFixed(3)}->${e1[k].toFixed(3)}`
  console.log(seed, name.padEnd(10), 'acc', f('eval/accuracy'), 'code', f('eval/mode_rate/code'), 'len', f('eval/mean_length'), 'lenC', f('eval/length_correct'), 'lenI', f('eval/length_incorrect'), 'trunc', f('eval/truncated_frac'), ((Date.now() - t0) / 1000).toFixed(1) + 's')
}
