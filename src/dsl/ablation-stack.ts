// The ablation whose body is running: arm(), hypothesis(), claim() and sweep() add to the top of
// this stack. Each ablation gets an id, which its arms carry, so an arm of another ablation is
// caught where it is used.
import { callerLocation, SpecError } from './errors.js'
import type { AblationDef } from './spec.js'

let nextId = 1
const stack: AblationDef[] = []

/** A fresh ablation id (ids are never reused within a process). */
export const nextAblationId = (): number => nextId++

/** Run an ablation's body with `def` as the current ablation; it is closed again even if the body throws. */
export function runBody(def: AblationDef, body: () => void): void {
  stack.push(def)
  try { body() } finally { stack.pop() }
}

/** The ablation being declared; `what` names the call that needs one. */
export function current(what: string): AblationDef {
  const a = stack.at(-1)
  if (!a) throw new SpecError('RLVR_OUTSIDE_ABLATION', `${what} was called outside an ablation`, [callerLocation()], 'call it inside the body of ablation(name, base, () => { ... })')
  return a
}
