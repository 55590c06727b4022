#!/usr/bin/env python3
"""PyTorch reference for bench/engine.bench.ts: the same tiny transformer, the same figures.

Model (as src/policies/transformer.ts): token + learned position embedding, pre-LayerNorm blocks
(causal multi-head self-attention with a fused QKV linear, ReLU MLP), final LayerNorm, untied
output head; biases on every linear. Figures (median of several timed runs after warm-up):
  forward  logProbs without gradient: log-softmax at the completion positions, logp of the given
           tokens and the entropy, for batch x ctx tokens
  train    one supervised step: loss = -mean(logp), Adam, zero_grad/backward/step
  sample   KV-cache sampling of `gen` tokens for `batch` prompts of `prompt` tokens

Prints one JSON line on stdout. Debian: apt-get install -y python3-torch libopenblas0 (without an
optimised BLAS, Debian's torch uses the reference BLAS: ~7x slower here). Run with /usr/bin/python3
if another python3 comes first on PATH. OMP_WAIT_POLICY=passive is recommended.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, h, dmlp):
        super().__init__()
        self.h = h
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.o = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, dmlp)
        self.proj = nn.Linear(dmlp, d)

    def attn(self, x, mask, cache=None):
        B, T, d = x.shape
        dh = d // self.h
        q, k, v = self.qkv(x).split(d, dim=2)
        q = q.view(B, T, self.h, dh).transpose(1, 2)
        k = k.view(B, T, self.h, dh).transpose(1, 2)
        v = v.view(B, T, self.h, dh).transpose(1, 2)
        if cache is not None:
            if 'k' in cache:
                k = torch.cat([cache['k'], k], dim=2)
                v = torch.cat([cache['v'], v], dim=2)
            cache['k'], cache['v'] = k, v
        s = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(dh))
        if mask is not None:
            s = s.masked_fill(mask, float('-inf'))
        y = F.softmax(s, dim=-1) @ v
        return self.o(y.transpose(1, 2).reshape(B, T, d))

    def forward(self, x, mask, cache=None):
        x = x + self.attn(self.ln1(x), mask, cache)
        return x + self.proj(F.relu(self.fc(self.ln2(x))))


class Model(nn.Module):
    def __init__(self, vocab, ctx, d, layers, heads, dmlp):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList([Block(d, heads, dmlp) for _ in range(layers)])
        self.lnf = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)
        for p in self.parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, tokens, pos0=0, caches=None):
        B, T = tokens.shape
        x = self.tok(tokens) + self.pos(torch.arange(pos0, pos0 + T))
        mask = None
        if caches is None or T > 1:
            mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        for i, b in enumerate(self.blocks):
            x = b(x, mask, None if caches is None else caches[i])
        return self.head(self.lnf(x))


def log_probs(model, prompts, completions, temperature=1.0):
    P = prompts.shape[1]
    L = completions.shape[1]
    inp = torch.cat([prompts, completions[:, :L - 1]], dim=1)
    logits = model(inp)[:, P - 1:, :] / temperature
    lp = F.log_softmax(logits, dim=-1)
    logp = lp.gather(-1, completions.unsqueeze(-1)).squeeze(-1)
    entropy = -(lp.exp() * lp).sum(-1)
    return logp, entropy


@torch.no_grad()
def sample(model, prompts, gen, temperature=1.0):
    caches = [dict() for _ in model.blocks]
    logits = model(prompts, 0, caches)[:, -1, :]
    out = []
    pos = prompts.shape[1]
    for s in range(gen):
        lp = F.log_softmax(logits / temperature, dim=-1)
        tok = torch.multinomial(lp.exp(), 1)
        out.append(tok)
        if s == gen - 1:
            break
        logits = model(tok, pos, caches)[:, -1, :]
        pos += 1
    return torch.cat(out, dim=1)


def median_time(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vocab', type=int, default=32)
    ap.add_argument('--d', type=int, default=64)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--dmlp', type=int, default=256)
    ap.add_argument('--ctx', type=int, default=16, help='tokens per sequence in forward/train')
    ap.add_argument('--prompt', type=int, default=4)
    ap.add_argument('--gen', type=int, default=12)
    ap.add_argument('--batch', type=int, default=512)
    ap.add_argument('--reps', type=int, default=7)
    args = ap.parse_args()
    torch.manual_seed(0)
    B, V = args.batch, args.vocab
    ctx = max(args.ctx, args.prompt + args.gen - 1)
    model = Model(V, ctx, args.d, args.layers, args.heads, args.dmlp)
    n_params = sum(p.numel() for p in model.parameters())
    L = args.ctx - args.prompt + 1
    prompts = torch.randint(0, V, (B, args.prompt))
    completions = torch.randint(0, V, (B, L))

    def fwd():
        with torch.no_grad():
            logp, ent = log_probs(model, prompts, completions)
            return float(logp.sum() + ent.sum())

    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train():
        opt.zero_grad(set_to_none=True)
        logp, _ = log_probs(model, prompts, completions)
        loss = -logp.mean()
        loss.backward()
        opt.step()

    def samp():
        sample(model, prompts, args.gen)

    # A full GRPO step, the same as bench/engine.bench.ts grpoStep: 16 prompts x G 32 = 512 rollouts of
    # `gen` tokens, random reward, group advantages, old log-probs, 4 shuffled mini-batches of 128 through
    # the clipped token-mean loss (eps 0.2), Adam, global-norm clip 1.0.
    G, NP, K = 32, 16, 4
    gprompts = torch.randint(0, V, (NP, args.prompt)).repeat_interleave(G, dim=0)
    gmodel = Model(V, ctx, args.d, args.layers, args.heads, args.dmlp)
    gopt = torch.optim.Adam(gmodel.parameters(), lr=1e-3)

    def grpo():
        comp = sample(gmodel, gprompts, args.gen)
        r = (torch.rand(NP * G) < 0.5).float().view(NP, G)
        adv = ((r - r.mean(1, keepdim=True)) / (r.std(1, keepdim=True) + 1e-4)).view(-1)
        with torch.no_grad():
            old, _ = log_probs(gmodel, gprompts, comp)
        perm = torch.randperm(NP * G)
        for idx in perm.view(K, -1):
            logp, _ = log_probs(gmodel, gprompts[idx], comp[idx])
            ratio = torch.exp(logp - old[idx])
            a = adv[idx].unsqueeze(1)
            loss = -torch.min(ratio * a, torch.clamp(ratio, 0.8, 1.2) * a).mean()
            gopt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(gmodel.parameters(), 1.0)
            gopt.step()

    blas = os.path.realpath('/usr/lib/x86_64-linux-gnu/libblas.so.3')
    res = {
        'torch': torch.__version__,
        'blas': blas if os.path.exists(blas) else 'unknown',
        'threads': torch.get_num_threads(),
        'params': n_params,
        'forward_s': median_time(fwd, 3, args.reps),
        'train_step_s': median_time(train, 3, args.reps),
        'sample_s': median_time(samp, 2, args.reps),
        'grpo_step_s': median_time(grpo, 1, max(3, args.reps // 2)),
        'batch': B,
        'ctx': args.ctx,
    }
    res['forward_tok_per_s'] = B * args.ctx / res['forward_s']
    print(json.dumps(res))


if __name__ == '__main__':
    sys.exit(main())
