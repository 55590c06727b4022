// The control kinds a claim can require, and the project-wide policy that names them. Plain data:
// spec.ts (the definition types) and controls.ts (how each control is derived) both read it, so
// neither imports the other.
export const CONTROL_KINDS = ['random-reward', 'format-reward', 'incorrect-label', 'majority-vote', 'untrained',
  'no-clip', 'on-policy', 'on-policy-fresh'] as const
export type ControlKind = (typeof CONTROL_KINDS)[number]

export const isControlKind = (x: unknown): x is ControlKind => CONTROL_KINDS.includes(x as ControlKind)

/** The project-wide policy, from vitest.config.ts `test.provide.rlvr` (see README). */
export interface RlvrPolicy {
  /** Controls every claim must have, whatever it lists itself. */
  requiredControls?: ControlKind[]
}
