#!/usr/bin/env python3
"""PyTorch reference for bench/engine.bench.ts: the trainer's GRPO step in PyTorch, same shapes.

Model (as src/policies/transformer.ts): token + learned position embedding, pre-LayerNorm blocks
(causal multi-head self-attention with a fused QKV linear, ReLU MLP), final LayerNorm, untied
output head; biases on every linear.

Step (as src/engine/train-seeds.ts with one seed, the transformer regime of ablations/regime.ts):
`prompts` prompts x G completions of `gen` tokens sampled with a KV cache (the log-probs of the
sampled tokens kept as the old log-probs, as the trainer does), a Bernoulli(0.5) reward, group
advantages (r - mean) / (std + 1e-4), then `minibatches` shuffled mini-batches through the clipped
token-mean loss (bnpo, epsilon 0.2), global-norm clipping at 1.0 and plain SGD. Prints one JSON
line: the median wall and CPU seconds of a step over `reps` steps after one warm-up step.

Debian: apt-get install -y python3-torch (add libopenblas0 if the reference BLAS is in use).
OMP_WAIT_POLICY=passive is recommended.
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


def log_probs(model, prompts, completions):
    P = prompts.shape[1]
    L = completions.shape[1]
    inp = torch.cat([prompts, completions[:, :L - 1]], dim=1)
    lp = F.log_softmax(model(inp)[:, P - 1:, :], dim=-1)
    return lp.gather(-1, completions.unsqueeze(-1)).squeeze(-1)


@torch.no_grad()
def sample(model, prompts, gen):
    """KV-cache sampling; returns the tokens and their log-probs (the trainer's old log-probs)."""
    caches = [dict() for _ in model.blocks]
    logits = model(prompts, 0, caches)[:, -1, :]
    toks, lps = [], []
    pos = prompts.shape[1]
    for s in range(gen):
        lp = F.log_softmax(logits, dim=-1)
        tok = torch.multinomial(lp.exp(), 1)
        toks.append(tok)
        lps.append(lp.gather(-1, tok))
        if s == gen - 1:
            break
        logits = model(tok, pos, caches)[:, -1, :]
        pos += 1
    return torch.cat(toks, dim=1), torch.cat(lps, dim=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vocab', type=int, default=31)
    ap.add_argument('--d', type=int, default=64)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--dmlp', type=int, default=256)
    ap.add_argument('--prompt', type=int, default=5)
    ap.add_argument('--gen', type=int, default=8)
    ap.add_argument('--prompts', type=int, default=64)
    ap.add_argument('--G', type=int, default=32)
    ap.add_argument('--minibatches', type=int, default=16)
    ap.add_argument('--lr', type=float, default=0.05)
    ap.add_argument('--reps', type=int, default=5)
    args = ap.parse_args()
    torch.manual_seed(0)
    V, NP, G, K = args.vocab, args.prompts, args.G, args.minibatches
    model = Model(V, args.prompt + args.gen - 1, args.d, args.layers, args.heads, args.dmlp)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    prompts = torch.randint(0, V, (NP, args.prompt)).repeat_interleave(G, dim=0)

    def step():
        comp, old = sample(model, prompts, args.gen)
        r = (torch.rand(NP * G) < 0.5).float().view(NP, G)
        adv = ((r - r.mean(1, keepdim=True)) / (r.std(1, keepdim=True) + 1e-4)).view(-1)
        for idx in torch.randperm(NP * G).view(K, -1):
            ratio = torch.exp(log_probs(model, prompts[idx], comp[idx]) - old[idx])
            a = adv[idx].unsqueeze(1)
            loss = -torch.min(ratio * a, torch.clamp(ratio, 0.8, 1.2) * a).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()

    step()  # warm-up
    ts, cs = [], []
    for _ in range(args.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        ts.append(time.perf_counter() - t0)
        cs.append(time.process_time() - c0)
    blas = os.path.realpath('/usr/lib/x86_64-linux-gnu/libblas.so.3')
    print(json.dumps({
        'torch': torch.__version__,
        'blas': blas if os.path.exists(blas) else 'unknown',
        'threads': torch.get_num_threads(),
        'params': sum(p.numel() for p in model.parameters()),
        'grpo_step_s': statistics.median(ts),
        'grpo_step_min_s': min(ts),
        'grpo_step_cpu_s': statistics.median(cs),
    }))


if __name__ == '__main__':
    sys.exit(main())
