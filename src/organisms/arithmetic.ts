// The arithmetic task family of the calibrated organisms (docs/organisms.md#the-calibrated-organisms-the-papers-models-on-an-arithmetic-task).
//
//   prompt      BOS a + b =                                  (a, b in 0..maxOperand)
//   completion  MODE r1 r2 r3 [BOX] d1 d2 EOS                (8 tokens at most)
//
// MODE is one of the spec's modes. 'code' restates the problem (r = a + b); every other mode writes
// its own fixed 3-token template. BOX marks a boxed answer (what a format reward checks); d1 d2 are
// the answer's two digits (7 is written 0 7).
//
// The corpus behind each problem is a small tree with known probabilities: P(mode) = prior (or with
// modeSpread the problem's own P(mode) around it: mode-prior.ts), then the
// mode's reasoning (deterministic), then BOX with formatRate, then an answer from the problem's
// candidates [right, preferred wrong, secondary wrong] with the problem's per-mode probabilities:
//
//   difficulty   z_p ~ N(0, 1) per problem, shared by the modes: (u_a + u_b) / sqrt 2 with one
//                effect u ~ N(0, 1) per operand value, mixed with idiosyncratic per-problem noise
//                by difficultyNoise (default 0: a transformer learns the additive structure much
//                faster than 400 independent values);
//                P(right | p, m) = sigmoid(logit(accuracy_m) + difficulty * z_p + c_m), with c_m
//                solved per split so that each split's mean is exactly accuracy_m.
//   errors       a carry problem's preferred wrong answer drops the carry (a + b - 10); any other
//                problem's is an off-by-one (a + b +- 1, seeded); the secondary error is a seeded
//                pick among the remaining +-1 / +-10 patterns. A wrong answer is the preferred one
//                with probability preferredError.
//   gap          (optional) a real capability gap: on carry problems the gap mode is right only with
//                probability gap.accuracy and otherwise drops the carry; its other problems make up
//                its mean accuracy. A clean reward then has something rare to discover (the right
//                answer in that mode on carry problems), a random one nothing.
//
// The same problems, with the same tables, exist in a linear form: prompt = one token (the problem's
// index), completion = [mode, answer token], answer token = (candidate, boxed or not).
//
// Each part has its own file: arithmetic-tokens.ts (vocabulary and sequences), difficulty.ts,
// mode-prior.ts, arithmetic-table.ts (the problems), arithmetic-task.ts and arithmetic-linear.ts (the
// two forms) and corpus.ts (the pretraining corpus). This module is their public face.
export * from './arithmetic-tokens.js'
export { arithmeticTable, corpusStats, type ArithmeticTable, type ProblemInfo } from './arithmetic-table.js'
export { arithmeticTask, problemMap, type ArithmeticTask } from './arithmetic-task.js'
export { arithmeticLinearTask, LINEAR_ANSWERS, linearAnswerTable } from './arithmetic-linear.js'
export { arithmeticCorpus, type Corpus } from './corpus.js'
