// Their metric names -> the internal keys the DSL reads (src/metrics/registry.ts). The defaults cover
// the names TRL's GRPOTrainer and verl's PPO trainer log; docs/external-runs.md has the table with
// the source of every name. Keys may hold `*`, which matches any text (including '/': verl's data
// source names such as 'openai/gsm8k' contain one).
//
// Only names with the same meaning as the internal key are mapped. Some look alike but are not:
//   verl actor/pg_clipfrac_lower is the dual-clip fraction (ratio > clip_ratio_c with A < 0), not
//     the low-side clip fraction, so it is not mapped to loss/clip_frac_low;
//   TRL reward_std is the mean of the per-group stds, not the std over the batch (reward/std);
//   TRL loss / verl actor/pg_loss stay under their own names (no DSL metric reads the loss).
import { METRICS, metricDef } from '../metrics/registry.js'

export const DEFAULT_METRIC_MAP: Record<string, string> = {
  // ---- TRL GRPOTrainer, as logged (trl/trainer/grpo_trainer.py: self._metrics[mode][...];
  //      GRPOTrainer.log prefixes eval-mode keys with 'eval_' (since TRL 0.15); the Trainer adds 'step').
  //      Older names (TRL 0.14-0.16, before #3145 and #3212 in 0.17): rewards/<func> without /mean,
  //      completion_length; clip_ratio (0.16 only). accuracy_reward was then the user's (open-r1's) function.
  'rewards/accuracy_reward/mean': 'train/accuracy',
  'rewards/accuracy_reward': 'train/accuracy', // TRL 0.14-0.16
  'rewards/reasoning_accuracy_reward/mean': 'train/accuracy',
  'reward': 'reward/mean',
  'entropy': 'policy/entropy',
  'kl': 'policy/kl_ref',
  'clip_ratio/region_mean': 'loss/clip_frac',
  'clip_ratio': 'loss/clip_frac', // TRL 0.16, before the low/high split
  'clip_ratio/low_mean': 'loss/clip_frac_low',
  'clip_ratio/high_mean': 'loss/clip_frac_high',
  'grad_norm': 'grad/norm',
  'completions/mean_length': 'train/mean_length',
  'completion_length': 'train/mean_length', // TRL 0.14-0.16, before completions/*
  'eval_rewards/accuracy_reward/mean': 'eval/accuracy',
  'eval_rewards/reasoning_accuracy_reward/mean': 'eval/accuracy',
  'eval_rewards/accuracy_reward': 'eval/accuracy', // TRL 0.15-0.16
  'eval_rewards/think_format_reward/mean': 'eval/format_rate',
  'eval_completions/mean_length': 'eval/mean_length',
  'eval_completion_length': 'eval/mean_length', // TRL 0.15-0.16
  // ---- The same, renamed by transformers' WandbCallback (rewrite_logs: 'eval_x' -> 'eval/x',
  //      anything else -> 'train/x'), as they appear in a W&B export.
  'train/rewards/accuracy_reward/mean': 'train/accuracy',
  'train/rewards/reasoning_accuracy_reward/mean': 'train/accuracy',
  'train/rewards/accuracy_reward': 'train/accuracy',
  'train/reward': 'reward/mean',
  'train/entropy': 'policy/entropy',
  'train/kl': 'policy/kl_ref',
  'train/clip_ratio/region_mean': 'loss/clip_frac',
  'train/clip_ratio': 'loss/clip_frac',
  'train/clip_ratio/low_mean': 'loss/clip_frac_low',
  'train/clip_ratio/high_mean': 'loss/clip_frac_high',
  'train/grad_norm': 'grad/norm',
  'train/completions/mean_length': 'train/mean_length',
  'train/completion_length': 'train/mean_length',
  'eval/rewards/accuracy_reward/mean': 'eval/accuracy',
  'eval/rewards/reasoning_accuracy_reward/mean': 'eval/accuracy',
  'eval/rewards/accuracy_reward': 'eval/accuracy',
  'eval/rewards/think_format_reward/mean': 'eval/format_rate',
  'eval/completions/mean_length': 'eval/mean_length',
  'eval/completion_length': 'eval/mean_length',
  // ---- verl (verl/trainer/ppo/ray_trainer.py _validate, metric_utils.py compute_data_metrics,
  //      core_algos.py compute_policy_loss, workers/actor/dp_actor.py update_policy).
  'val-core/*/acc/mean@*': 'eval/accuracy', // reward function returns {'score', 'acc', ...}
  'val-core/*/reward/mean@*': 'eval/accuracy', // reward function returns a float score
  'val/test_score/*': 'eval/accuracy', // verl before val-core/val-aux
  'critic/score/mean': 'reward/mean',
  'actor/entropy': 'policy/entropy',
  'actor/pg_clipfrac': 'loss/clip_frac',
  'actor/ppo_kl': 'policy/approx_kl',
  'actor/kl_loss': 'policy/kl_ref',
  'actor/grad_norm': 'grad/norm',
  'response_length/mean': 'train/mean_length',
}

export const isPattern = (key: string): boolean => key.includes('*')

export function patternRegex(key: string): RegExp {
  return new RegExp(`^${key.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
}

/** How a field got its key. Lower rank wins when two fields claim the same key. */
export interface Rule {
  source: 'user' | 'default' | 'identity'
  /** The map entry (exact name or pattern) that matched. */
  entry: string
  /** Position of the entry in its map (user entries all rank before defaults). */
  rank: number
}

export interface Resolution {
  /** Field -> key, for every field stored under another name or claimed as an internal key. */
  rename: Map<string, string>
  /** Fields that matched a rule: their values must be numeric. */
  mapped: Set<string>
  /** Default-rule fields that lost to a higher-priority field for the same key (kept under their own names). */
  shadowed: { field: string; key: string; winner: string }[]
}

export class MappingConflict extends Error {
  constructor(readonly key: string, readonly fields: string[], readonly entry: string, readonly source: Rule['source']) {
    super(`fields ${fields.map((f) => `'${f}'`).join(' and ')} all map to '${key}' (via ${source === 'user' ? 'your' : 'the default'} entry '${entry}')`)
  }
}

/**
 * Decide each field's key. User entries come first and, for a key they name, switch off the
 * defaults for it; among defaults the earlier entry wins and the others keep their own names. Two
 * fields matched by one entry (e.g. two verl data sources) are ambiguous: MappingConflict.
 */
export function resolveMapping(fields: readonly string[], user: Record<string, string>): Resolution {
  const userEntries = Object.entries(user)
  const userTargets = new Set(Object.values(user))
  const defaults = Object.entries(DEFAULT_METRIC_MAP).filter(([, key]) => !userTargets.has(key))
  const candidates = new Map<string, { field: string; rule: Rule }[]>()
  const add = (key: string, field: string, rule: Rule) => {
    const list = candidates.get(key) ?? []
    list.push({ field, rule })
    candidates.set(key, list)
  }
  const byRule = (entries: [string, string][], field: string): [string, string, number] | undefined => {
    const i = entries.findIndex(([k]) => k === field)
    if (i >= 0) return [entries[i][0], entries[i][1], i]
    const j = entries.findIndex(([k]) => isPattern(k) && patternRegex(k).test(field))
    return j >= 0 ? [entries[j][0], entries[j][1], j] : undefined
  }
  const unmatched: string[] = []
  for (const field of fields) {
    const u = byRule(userEntries, field)
    if (u) { add(u[1], field, { source: 'user', entry: u[0], rank: u[2] }); continue }
    const d = byRule(defaults, field)
    if (d) { add(d[1], field, { source: 'default', entry: d[0], rank: userEntries.length + d[2] }); continue }
    unmatched.push(field)
  }
  // A field already named like an internal key (e.g. a column 'eval/accuracy') keeps it, unless a mapped field claims it.
  for (const field of unmatched) {
    if (candidates.has(field) || isInternalKey(field)) add(field, field, { source: 'identity', entry: field, rank: Infinity })
  }
  const rename = new Map<string, string>()
  const mapped = new Set<string>()
  const shadowed: Resolution['shadowed'] = []
  for (const [key, list] of candidates) {
    list.sort((a, b) => a.rule.rank - b.rule.rank)
    const best = list[0]
    const tied = list.filter((c) => c.rule.rank === best.rule.rank)
    if (tied.length > 1 || (best.rule.source === 'user' && list.filter((c) => c.rule.source === 'user').length > 1)) {
      const same = best.rule.source === 'user' ? list.filter((c) => c.rule.source === 'user') : tied
      throw new MappingConflict(key, same.map((c) => c.field), best.rule.entry, best.rule.source)
    }
    rename.set(best.field, key)
    mapped.add(best.field)
    for (const loser of list.slice(1)) {
      if (loser.rule.source === 'identity') {
        // Its own name is the key the winner took: it has nowhere to go.
        throw new MappingConflict(key, [best.field, loser.field], best.rule.entry, best.rule.source)
      }
      shadowed.push({ field: loser.field, key, winner: best.field })
    }
  }
  return { rename, mapped, shadowed }
}

/** Keys the engine writes and the DSL reads (eval/* and the per-step keys behind METRICS). */
export function isInternalKey(key: string): boolean {
  if (key.startsWith('eval/')) return true
  return INTERNAL_TRAIN_KEYS.has(key) || key.startsWith('loss/clip_frac_by_pold/')
}

const INTERNAL_TRAIN_KEYS = new Set([
  'train/accuracy', 'train/mean_length', 'reward/mean', 'reward/std', 'policy/entropy', 'loss/clip_frac', 'loss/clip_frac_low',
  'loss/clip_frac_high', 'policy/approx_kl', 'policy/kl_ref', 'grad/norm', 'loss/policy',
])

/**
 * A mapping target that is a DSL metric *name* rather than its internal key ('accuracy' instead of
 * 'eval/accuracy') is almost surely a mistake: returns the key it should have been.
 */
export function suggestKey(target: string): string | undefined {
  if (isInternalKey(target)) return undefined
  const def = metricDef(target)
  return def ? (def.eval ?? def.train) : undefined
}

/**
 * The declared range of the DSL metric stored under `key` (accuracy and rates in [0, 1], lengths,
 * entropy and norms >= 0), where it has one: a logged value outside it is rejected at read time.
 */
export function keyRange(key: string): { metric: string; range: readonly [number, number] } | undefined {
  for (const [name, def] of Object.entries(METRICS)) if ((def.eval ?? def.train) === key) return def.range ? { metric: name, range: def.range } : undefined
  const m = /^eval\/(mode_rate|mode_accuracy)\/(.+)$/.exec(key) ?? /^loss\/(clip_frac_by_pold)\/(.+)$/.exec(key)
  const def = m ? metricDef(`${m[1]}:${m[2]}`) : undefined
  return def?.range ? { metric: `${m![1]}:${m![2]}`, range: def.range } : undefined
}
