// Fast building blocks for small dense models on tfjs, written for the WASM backend (XNNPACK).
// Everything works on any backend; the choices below are what measured fastest on wasm.
//
// Measured on tfjs-backend-wasm 4.22 (single thread, SIMD) on this project's machine, M = 8192
// rows (the attention figures are reproducible with bench/engine.bench.ts --attention):
//   - a 2-D matMul without transpose flags runs on XNNPACK at ~27-30 GFLOP/s; transposeA/B or a
//     batched (3-D) matMul falls to a scalar loop (~2-3 GFLOP/s). Every gradient here is an
//     explicit transpose followed by a plain 2-D matMul.
//   - XNNPACK re-packs the right-hand operand of a matMul for every new tensor, with a transposing
//     gather (~3-6 ns per element): packing [8192, 256] costs ~13 ms, more than the multiply.
//     Weight gradients therefore keep the right-hand operand narrow ([M, 64]) and transpose the
//     wide one (weightGrads); bias gradients are row sums of a transpose that exists anyway.
//   - the 2-D Transpose kernel is slow when the row count is a power of two (cache aliasing):
//     [8192, 64] takes 1.8 ms, the same permutation as [8, 1024, 64] -> [2, 0, 1] 0.5 ms; likewise
//     (0, 2, 1) on [16, 2048, 16]: 1.1-1.6 ms, via [16, 16, 128, 16] -> (0, 3, 1, 2) 0.35 ms.
//   - attention (2048 (sequence, head) pairs, T 13/16, dh 16): batched matMul 6.1/9.2 ms, broadcast
//     multiply + sum 7.5/11-13 ms, the same contraction as a depthwise convolution (one channel per
//     (sequence, head), channel multiplier = output width) 2.9/3.4 ms. The attention below uses two
//     such convolutions forward and four backward, with layouts chosen so that most operands need
//     no transpose at all (position-major rows, channel n = (batch, head)).
//   - exp is scalar on wasm (~7 ns/element); GELU built from tfjs ops costs ~85 ms on [8192, 256]:
//     the MLP uses ReLU, fused into the matMul as XNNPACK's output clamp.
//   - greater/cast/where/tile on large tensors cost 10-40 ms each here; step() is cheap.
//   - sum(axis 0) of [8192, 256] 17 ms; matMul(ones[1, M], x) 0.3 ms when x is reused, ~1.9 ms for
//     a fresh [M, 64] x (packing); transpose + sum over the last axis ~1.1 ms.
//
// Layout convention for sequence models: activations are 2-D [T * B, features] with rows ordered
// position-major (row = t * B + b). A slice of positions is then a contiguous block of rows.
import * as tf from '@tensorflow/tfjs'

/** [R, C] -> [C, R], using the faster 3-D permutation when R is a large multiple of 8. */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  const [r, c] = x.shape
  if (r >= 512 && r % 8 === 0 && c > 1) {
    return tf.transpose(tf.reshape(x, [8, r / 8, c]), [2, 0, 1]).reshape([c, r]) as tf.Tensor2D
  }
  return tf.transpose(x) as tf.Tensor2D
}

/**
 * Column sums of [M, N] as a [N] vector via matMul(ones[1, M], x) (instead of sum(axis 0)); when a
 * transpose of x exists anyway, tf.sum(xT, -1) is cheaper (no packing of x).
 */
export function colSum(x: tf.Tensor2D): tf.Tensor1D {
  const [m, n] = x.shape
  return tf.matMul(tf.ones([1, m]), x).reshape([n])
}

/**
 * y = x w (+ b) (relu): one fused XNNPACK call. The _FusedMatMul kernel is called directly because
 * tf.fused.matMul unfuses any activation whenever a gradient tape is open (gradientDepth > 0),
 * even inside a customGrad forward whose backward is written by hand (3 passes instead of 1).
 */
export function linearForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, relu = false): tf.Tensor2D {
  if (b === null && !relu) return tf.matMul(x, w)
  const [m, k] = x.shape
  const n = w.shape[1]
  const inputs: Record<string, tf.Tensor> = { a: tf.reshape(x, [1, m, k]), b: tf.reshape(w, [1, k, n]) }
  if (b !== null) inputs.bias = b
  const y = tf.engine().runKernel('_FusedMatMul', inputs as unknown as tf.NamedTensorMap,
    { transposeA: false, transposeB: false, activation: relu ? 'relu' : 'linear', leakyreluAlpha: 0.2 } as unknown as tf.NamedAttrMap) as tf.Tensor
  return tf.reshape(y, [m, n])
}

/**
 * Weight and bias gradients of y = x w + b: dw = x^T dy [K, N], db = colsum(dy) [N].
 * XNNPACK packs the right-hand operand of every matMul anew for each new tensor (a gather at ~3 ns
 * per element: [8192, 256] costs ~13 ms, more than the multiply), so the right-hand operand is the
 * narrower of x and dy and the other one is transposed: for x [M, 64], dy [M, 256] this is
 * (dy^T x)^T, and db comes from row sums of dy^T for free.
 */
export function weightGrads(x: tf.Tensor2D, dy: tf.Tensor2D): { dw: tf.Tensor2D; db: tf.Tensor1D } {
  if (x.shape[1] <= dy.shape[1]) {
    const dyT = transpose2d(dy)
    return { dw: tf.transpose(tf.matMul(dyT, x)) as tf.Tensor2D, db: tf.sum(dyT, -1) as tf.Tensor1D }
  }
  return { dw: tf.matMul(transpose2d(x), dy), db: colSum(dy) }
}

/**
 * Linear layer with a hand-written backward (explicit transposes, plain 2-D matMuls, packing-aware
 * weight gradient). x [M, K], w [K, N], b [N].
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu = false): tf.Tensor2D {
  const f = tf.customGrad((xi, wi, bi, save) => {
    const x_ = xi as tf.Tensor2D, w_ = wi as tf.Tensor2D
    const y = linearForward(x_, w_, bi as tf.Tensor1D, relu)
    ;(save as tf.GradSaveFunc)(relu ? [x_, w_, y] : [x_, w_])
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sy] = saved as tf.Tensor2D[]
        const dz = relu ? tf.mul(dy, tf.step(sy)) as tf.Tensor2D : dy as tf.Tensor2D
        const g = weightGrads(sx, dz)
        return [tf.matMul(dz, tf.transpose(sw)), g.dw, g.db]
      },
    }
  })
  return f(x, w, b) as tf.Tensor2D
}

/**
 * y = onehot w where onehot [M, K] is a constant (token/position indicators): the embedding lookup
 * as a matMul, with a gradient only for w (gather has no gradient kernel on wasm).
 */
export function embed(onehot: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((wi, save) => {
    ;(save as tf.GradSaveFunc)([onehot])
    return {
      value: tf.matMul(onehot, wi as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.matMul(transpose2d(saved[0] as tf.Tensor2D), dy as tf.Tensor2D)],
    }
  })
  return f(w) as tf.Tensor2D
}

export const LN_EPS = 1e-5

export interface LayerNormStats {
  /** (x - mean) * rstd, [M, D] */
  xhat: tf.Tensor2D
  /** 1 / sqrt(var + eps), [M, 1] */
  rstd: tf.Tensor2D
}

/** LayerNorm statistics over the last axis of x [M, D] (no gain/bias: see foldLayerNorm). */
export function layerNormStats(x: tf.Tensor2D): LayerNormStats {
  const xc = tf.sub(x, tf.mean(x, -1, true))
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(xc), -1, true), LN_EPS)) as tf.Tensor2D
  return { xhat: tf.mul(xc, rstd) as tf.Tensor2D, rstd }
}

/** Full LayerNorm y = xhat * g + b (for places where the output itself is needed). */
export function layerNormForward(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.mul(layerNormStats(x).xhat, g), b) as tf.Tensor2D
}

/** dx of LayerNorm from dxhat = dL/dxhat (the gain already applied), xhat and rstd. */
export function layerNormBackwardX(dxhat: tf.Tensor2D, xhat: tf.Tensor2D, rstd: tf.Tensor2D): tf.Tensor2D {
  const m1 = tf.mean(dxhat, -1, true)
  const m2 = tf.mean(tf.mul(dxhat, xhat), -1, true)
  return tf.mul(tf.sub(tf.sub(dxhat, m1), tf.mul(xhat, m2)), rstd) as tf.Tensor2D
}

/**
 * A LayerNorm (gain g, bias b) followed by a linear layer (w [K, N], c [N]) is one linear layer
 * on xhat: (xhat g + b) w + c = xhat (diag(g) w) + (b w + c). Folding saves two elementwise passes
 * over the activations in the forward pass, and in the backward pass the LayerNorm's parameter
 * gradients come from the same small [K, N] matrix as the weight gradient (foldedGrads).
 */
export function foldLayerNorm(g: tf.Tensor1D, b: tf.Tensor1D, w: tf.Tensor2D, c: tf.Tensor1D): { w: tf.Tensor2D; c: tf.Tensor1D } {
  const k = g.shape[0]
  return {
    w: tf.mul(w, g.reshape([k, 1])) as tf.Tensor2D,
    c: tf.add(c, tf.matMul(b.reshape([1, k]), w).reshape([-1])) as tf.Tensor1D,
  }
}

/**
 * Parameter gradients of a folded LayerNorm + linear from G = xhat^T dz [K, N] and dc = colsum(dz):
 * dw = diag(g) G + b dc^T, dg = rowsum(w * G), db = w dc, and dc itself for the linear bias.
 */
export function foldedGrads(G: tf.Tensor2D, dc: tf.Tensor1D, g: tf.Tensor1D, b: tf.Tensor1D, w: tf.Tensor2D): { dw: tf.Tensor2D; dg: tf.Tensor1D; db: tf.Tensor1D } {
  const [k, n] = G.shape
  return {
    dw: tf.add(tf.mul(G, g.reshape([k, 1])), tf.mul(b.reshape([k, 1]), dc.reshape([1, n]))) as tf.Tensor2D,
    dg: tf.sum(tf.mul(w, G), -1) as tf.Tensor1D,
    db: tf.matMul(w, dc.reshape([n, 1])).reshape([k]) as tf.Tensor1D,
  }
}

/**
 * Final LayerNorm + linear head with a hand-written backward: logits = LN(x; g, b) w + c.
 * x [R, K], w [K, N].
 */
export function layerNormLinear(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, w: tf.Tensor2D, c: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((xi, gi, bi, wi, ci, save) => {
    const st = layerNormStats(xi as tf.Tensor2D)
    const fw = foldLayerNorm(gi as tf.Tensor1D, bi as tf.Tensor1D, wi as tf.Tensor2D, ci as tf.Tensor1D)
    const y = linearForward(st.xhat, fw.w, fw.c)
    ;(save as tf.GradSaveFunc)([st.xhat, st.rstd, gi as tf.Tensor, bi as tf.Tensor, wi as tf.Tensor, fw.w])
    return {
      value: y,
      gradFunc: (dyT: tf.Tensor, saved: tf.Tensor[]) => {
        const [xhat, rstd, sg, sb, sw, sfw] = saved
        const dy = dyT as tf.Tensor2D
        const dyTr = transpose2d(dy)
        const dc = tf.sum(dyTr, -1) as tf.Tensor1D
        const G = tf.transpose(tf.matMul(dyTr, xhat as tf.Tensor2D)) as tf.Tensor2D
        const pg = foldedGrads(G, dc, sg as tf.Tensor1D, sb as tf.Tensor1D, sw as tf.Tensor2D)
        const dx = layerNormBackwardX(tf.matMul(dy, tf.transpose(sfw)), xhat as tf.Tensor2D, rstd as tf.Tensor2D)
        return [dx, pg.dg, pg.db, pg.dw, dc]
      },
    }
  })
  return f(x, g, b, w, c) as tf.Tensor2D
}

/**
 * Per-row log-probability of a target token and entropy of the distribution softmax(logits / T),
 * with a hand-written backward (one exp fewer and ~10 fewer small ops than autodiff).
 * logits [R, V], targetOneHot [R, V] float; returns [2, R]: row 0 log p(target), row 1 entropy.
 *   d logp / dz = onehot - p ;  d H / dz = -p (log p + H)      (z = logits / T)
 */
export function tokenLogProbEntropy(logits: tf.Tensor2D, targetOneHot: tf.Tensor2D, temperature: number): tf.Tensor2D {
  const inv = 1 / temperature
  const r = logits.shape[0]
  const f = tf.customGrad((zi, save) => {
    const z = zi as tf.Tensor2D
    const lp = tf.logSoftmax(inv === 1 ? z : tf.mul(z, inv))
    const p = tf.exp(lp)
    const ent = tf.neg(tf.sum(tf.mul(p, lp), -1))
    // everything the backward reads is saved: closure tensors may be disposed by then (tidy)
    ;(save as tf.GradSaveFunc)([lp, p, ent, targetOneHot])
    return {
      value: tf.stack([tf.sum(tf.mul(lp, targetOneHot), -1), ent]) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [slp, sp, sent, oneHot] = saved
        const g1 = tf.slice(dy, [0, 0], [1, r]).reshape([r, 1])
        const g2 = tf.slice(dy, [1, 0], [1, r]).reshape([r, 1])
        const coef = tf.add(g1, tf.mul(g2, tf.add(slp, sent.reshape([r, 1]))))
        const dz = tf.sub(tf.mul(oneHot, g1), tf.mul(sp, coef))
        return inv === 1 ? dz : tf.mul(dz, inv)
      },
    }
  })
  return f(logits) as tf.Tensor2D
}

// ---------------------------------------------------------------------------------------------
// Causal multi-head attention on position-major activations.
//
// q, k, v: [T * B, H * dh] with rows (t, b) and features (h, d). With N = B * H "channels"
// n = (b, h), q.reshape([T, N, dh]) is q[i, n, d] with no data movement. The two contractions
//   S[i, n, j] = sum_d q[i, n, d] k[j, n, d]          (scores)
//   O[i, n, d] = sum_j P[i, n, j] v[j, n, d]          (output)
// are depthwise convolutions (input [1, rows, width, N], filter [1, width, N, multiplier], VALID
// padding, filter width = input width): out[r, n * m + c] = sum_w in[r, w, n] * filter[w, n, c].
// So v (as filter [j, n, d]) and the output O ([i, (n, d)] = [T * B, H * dh]) need no transpose.

const maskCache = new Map<string, Float32Array>()
/**
 * Additive causal mask [tq, 1, t] for the last tq query positions of t: 0 where key j <= query
 * position, -1e9 above (exp underflows to exactly 0, so later tokens have exactly no influence).
 * null when nothing is masked (tq = 1).
 */
function causalMaskValues(tq: number, t: number): Float32Array | null {
  if (tq === 1) return null
  const key = `${tq},${t}`
  let m = maskCache.get(key)
  if (!m) {
    m = new Float32Array(tq * t)
    for (let i = 0; i < tq; i++) for (let j = t - tq + i + 1; j < t; j++) m[i * t + j] = -1e9
    maskCache.set(key, m)
  }
  return m
}

/**
 * Contraction via depthwise conv: input [rows, width, N], filter [width, N, m] -> [rows, N * m].
 * The rows go in the conv's batch dimension (0.5 ms faster than as image height for [16, 16, 2048]).
 */
function dwContract(input: tf.Tensor, filter: tf.Tensor): tf.Tensor2D {
  const [rows, width, n] = input.shape as [number, number, number]
  const m = filter.shape[2] as number
  const out = tf.depthwiseConv2d(input.reshape([rows, 1, width, n]) as tf.Tensor4D,
    filter.reshape([1, width, n, m]) as tf.Tensor4D, 1, 'valid')
  return out.reshape([rows, n * m])
}

/**
 * Permutations of [A, B, C] tensors. wasm's Transpose is slow for (0, 2, 1) with a power-of-two
 * middle axis (cache aliasing: 1.1-1.6 ms for [16, 2048, 16]); splitting that axis into
 * [16, B / 16] and permuting in 4-D gives the same result in 0.35 ms.
 */
function permute3(x: tf.Tensor, perm: [number, number, number]): tf.Tensor3D {
  const [a, b, c] = x.shape as [number, number, number]
  if (perm[0] === 0 && perm[1] === 2 && perm[2] === 1 && b >= 256 && b % 16 === 0) {
    return tf.transpose(x.reshape([a, 16, b / 16, c]), [0, 3, 1, 2]).reshape([a, c, b]) as tf.Tensor3D
  }
  return tf.transpose(x, perm) as tf.Tensor3D
}

export interface AttentionForward {
  /** [tq * B, H * dh] */
  o: tf.Tensor2D
  /** softmax probabilities [tq, N, t] (query i, channel n, key j) */
  p: tf.Tensor3D
  /** q * 1/sqrt(dh), [tq * B, H * dh] */
  qs: tf.Tensor2D
}

/**
 * Causal self-attention for the last tq of t positions (tq = t: all of them; tq = 1: one decoding
 * step against cached keys/values). q [tq * B, H * dh]; k, v [t * B, H * dh]; position-major.
 */
export function attentionForward(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, t: number, nHeads: number): AttentionForward {
  const d = q.shape[1]
  const dh = d / nHeads
  const batch = k.shape[0] / t
  const tq = q.shape[0] / batch
  const n = batch * nHeads
  const qs = tf.mul(q, 1 / Math.sqrt(dh)) as tf.Tensor2D
  // S: input q as [i, d, n], filter k as [d, n, j]
  let s: tf.Tensor = dwContract(permute3(qs.reshape([tq, n, dh]), [0, 2, 1]), permute3(k.reshape([t, n, dh]), [2, 1, 0])).reshape([tq, n, t])
  const mask = causalMaskValues(tq, t)
  if (mask) s = tf.add(s, tf.tensor3d(mask, [tq, 1, t]))
  const p = tf.softmax(s) as tf.Tensor3D
  // O: input P as [i, j, n], filter v [j, n, d] (no transpose), output [i, (n, d)] = rows (i, b)
  const o = dwContract(permute3(p, [0, 2, 1]), v.reshape([t, n, dh]))
  return { o: o.reshape([tq * batch, d]), p, qs }
}

/** Gradients of attentionForward given dO and the saved qs, k, v, p. */
export function attentionBackward(dO: tf.Tensor2D, qs: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, p: tf.Tensor3D, nHeads: number): { dq: tf.Tensor2D; dk: tf.Tensor2D; dv: tf.Tensor2D } {
  const [tq, n, t] = p.shape
  const d = dO.shape[1]
  const dh = d / nHeads
  const dO3 = dO.reshape([tq, n, dh])
  // dP[i, n, j] = sum_d dO[i, n, d] v[j, n, d]: input dO as [i, d, n], filter v as [d, n, j]
  const dP = dwContract(permute3(dO3, [0, 2, 1]), permute3(v.reshape([t, n, dh]), [2, 1, 0])).reshape([tq, n, t])
  // dV[j, n, d] = sum_i P[i, n, j] dO[i, n, d]: input P as [j, i, n], filter dO [i, n, d]
  const dv = dwContract(permute3(p, [2, 0, 1]), dO3).reshape([k.shape[0], d]) as tf.Tensor2D
  // softmax backward: dS = P * (dP - sum_j P dP)
  const pdp = tf.mul(p, dP)
  const dS = tf.sub(pdp, tf.mul(p, tf.sum(pdp, -1, true)))
  // dQs[i, n, d] = sum_j dS[i, n, j] k[j, n, d]: input dS as [i, j, n], filter k [j, n, d]
  const dqs = dwContract(permute3(dS, [0, 2, 1]), k.reshape([t, n, dh]))
  // dK[j, n, d] = sum_i dS[i, n, j] qs[i, n, d]: input dS as [j, i, n], filter qs [i, n, d]
  const dk = dwContract(permute3(dS, [2, 0, 1]), qs.reshape([tq, n, dh]))
  return {
    dq: tf.mul(dqs, 1 / Math.sqrt(dh)).reshape([dO.shape[0], d]) as tf.Tensor2D,
    dk: dk.reshape([k.shape[0], d]) as tf.Tensor2D,
    dv,
  }
}
