#!/usr/bin/env python3
"""The PyTorch peer of `cram bench`: the same networks, batch shapes and steps (SGD; CrAM+ with global magnitude
Top-K at k=0.7, rho 0.05, sparse gradient, clean gradient added), 2 threads; each warmed up for at least WARMUP
steps and WARMUP_SECONDS, then timed interleaved: median of at least REPS steps and MIN_TIMED_SECONDS of each.
Prints one line: RESULT <model> <sgd_ms> <cram_ms> <tracking_ms (0: not measured)> <peak_rss_mb>.
Usage: pytorch_bench.py MODEL WARMUP REPS [WARMUP_SECONDS [MIN_TIMED_SECONDS]]"""
import math
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(1)


def lenet(c, h, w):
    return nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                         nn.Linear(100, 10))


def cnn_bn(c, h, w):
    def block(i, o):
        return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]
    return nn.Sequential(*block(c, 16), nn.MaxPool2d(2), *block(16, 32), nn.MaxPool2d(2), *block(32, 64),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


class Basic(nn.Module):
    def __init__(self, i, o, stride):
        super().__init__()
        self.c1 = nn.Conv2d(i, o, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(o)
        self.c2 = nn.Conv2d(o, o, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(o)
        self.short = nn.Sequential()
        if stride != 1 or i != o:
            self.short = nn.Sequential(nn.Conv2d(i, o, 1, stride, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        return F.relu(self.b2(self.c2(y)) + self.short(x))


def resnet20(c, h, w):
    layers = [nn.Conv2d(c, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    i = 16
    for o, s in ((16, 1), (32, 2), (64, 2)):
        for b in range(3):
            layers.append(Basic(i, o, s if b == 0 else 1))
            i = o
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


class BertMiniLm(nn.Module):
    """BERT at all-MiniLM-L6-v2's geometry (post-LN encoder, GELU, LayerNorm eps 1e-12, no dropout), mean pooling
    over the tokens and a linear classifier: the same network as the Java `bert-minilm` benchmark model."""
    VOCAB, HIDDEN, LAYERS, HEADS, FFN, POSITIONS = 30522, 384, 6, 12, 1536, 512

    def __init__(self, classes=2):
        super().__init__()
        h = self.HIDDEN
        self.word = nn.Embedding(self.VOCAB, h)
        self.position = nn.Embedding(self.POSITIONS, h)
        self.token_type = nn.Embedding(2, h)
        self.norm = nn.LayerNorm(h, eps=1e-12)
        layer = nn.TransformerEncoderLayer(h, self.HEADS, self.FFN, dropout=0.0, activation="gelu",
                                           layer_norm_eps=1e-12, batch_first=True, norm_first=False)
        self.encoder = nn.TransformerEncoder(layer, self.LAYERS, enable_nested_tensor=False)
        self.classifier = nn.Linear(h, classes)

    def forward(self, ids):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.norm(self.word(ids) + self.position(pos) + self.token_type(torch.zeros_like(ids)))
        return self.classifier(self.encoder(x).mean(dim=1))

    def prunable(self):
        """The encoder's linear weight matrices (Q, K, V packed in in_proj_weight; attention-out; FFN in and out)."""
        return [p for n, p in self.encoder.named_parameters() if p.ndim > 1]


def bert_minilm():
    return BertMiniLm()


MODELS = {"lenet-300-100": (lenet, (128, 1, 28, 28)), "cnn-bn": (cnn_bn, (128, 1, 28, 28)),
          "resnet20": (resnet20, (128, 3, 32, 32)), "bert-minilm": (bert_minilm, (32, 128))}


def set_bn_momentum(model, m):
    for mod in model.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.momentum = m


def prunable(model):
    """The tensors the global Top-K covers: every weight with ndim > 1, or the encoder's linear weights for BERT."""
    if hasattr(model, "prunable"):
        return model.prunable()
    return [p for p in model.parameters() if p.ndim > 1]


def cram_step(model, opt, x, y, rho=0.05, k=0.7):
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    params = [p for p in model.parameters() if p.grad is not None]
    old = [p.detach().clone() for p in params]
    clean = [p.grad.detach().clone() for p in params]
    with torch.no_grad():
        for p in params:
            p.add_(p.grad, alpha=rho)
        chosen = {id(p) for p in prunable(model)}
        weights = [p for p in params if id(p) in chosen]
        flat = torch.cat([p.abs().flatten() for p in weights])
        kk = math.ceil(flat.numel() * (1 - k))
        tau = torch.kthvalue(flat, flat.numel() - kk + 1).values  # kk-th largest
        masks = [(p.abs() > tau).float() for p in weights]
        for p, m in zip(weights, masks):
            p.mul_(m)
    opt.zero_grad()
    set_bn_momentum(model, 0.0)
    F.cross_entropy(model(x), y).backward()
    set_bn_momentum(model, 0.1)
    with torch.no_grad():
        mi = 0
        for p, o, g in zip(params, old, clean):
            if id(p) in chosen:
                p.grad.mul_(masks[mi])
                mi += 1
            p.copy_(o)
            p.grad.add_(g)
    opt.step()


def sgd_step(model, opt, x, y):
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    opt.step()


def warm_up(step, model, opt, x, y, warmup, warmup_seconds):
    """At least WARMUP steps and WARMUP_SECONDS (the Java side's rule)."""
    start = time.perf_counter()
    done = 0
    while done < warmup or time.perf_counter() - start < warmup_seconds:
        step(model, opt, x, y)
        done += 1


def interleaved_medians_ms(steps, model, opt, x, y, reps, min_timed_seconds):
    """The steps in turn (one SGD, one CrAM+, ...) until each ran at least REPS times and MIN_TIMED_SECONDS, so
    that a slow stretch of the machine slows both alike (the Java side's rule); the median of each, in ms."""
    times = [[] for _ in steps]
    totals = [0.0 for _ in steps]
    while len(times[0]) < reps or min(totals) < min_timed_seconds:
        for i, step in enumerate(steps):
            t = time.perf_counter()
            step(model, opt, x, y)
            elapsed = time.perf_counter() - t
            times[i].append(elapsed * 1000)
            totals[i] += elapsed
    return [statistics.median(t) for t in times]


def main():
    name, warmup, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    warmup_seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    min_timed_seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    build, shape = MODELS[name]
    if name == "bert-minilm":
        model = build()
        x = torch.randint(0, BertMiniLm.VOCAB, shape)
        y = torch.randint(0, 2, (shape[0],))
    else:
        model = build(*shape[1:])
        x = torch.rand(shape) - 0.5
        y = torch.randint(0, 10, (shape[0],))
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    warm_up(sgd_step, model, opt, x, y, warmup, warmup_seconds)
    warm_up(cram_step, model, opt, x, y, warmup, warmup_seconds)
    sgd, cram = interleaved_medians_ms([sgd_step, cram_step], model, opt, x, y, reps, min_timed_seconds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print("RESULT %s %.3f %.3f 0 %d" % (name, sgd, cram, peak_mb))


if __name__ == "__main__":
    main()
