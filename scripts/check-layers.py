#!/usr/bin/env python3
"""The core's layers point one way, and its modules import no cycle.

    clock, error, file, desktop  <-  domain, schedule, ics  <-  store  <-  mail, secrets  <-  service, sample

A module may use its own layer and the ones below, never one above. And no two modules (files)
may reach each other through their imports, in any number of steps. Reads every `use crate::…`
/ `use super::…` (braced groups included) and every `crate::a::b` path written inline in
crates/kindly-core/src. Prints each offence with its file and line; exits 1 if there is any.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "kindly-core", "src")

LAYERS = {
    "clock": 0, "error": 0, "file": 0, "desktop": 0,
    "domain": 1, "schedule": 1, "ics": 1,
    "store": 2,
    "mail": 3, "secrets": 3,
    "service": 4, "sample": 4,
}
NAMES = ["base (clock, error, file, desktop)", "domain", "store", "adapters (mail, secrets)", "service"]


def modules():
    """Each source file as its module path: ('service', 'pool') for service/pool.rs."""
    out = {}
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), ROOT)
            parts = rel[:-3].split(os.sep)
            if parts[-1] in ("mod", "lib"):
                parts = parts[:-1]
            out[tuple(parts)] = os.path.join(dirpath, f)
    return out


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(re.sub(r"//.*", "", line) for line in text.split("\n"))


def expand(prefix, body):
    """`a::{b, c::{d, e}}` as ['a::b', 'a::c::d', 'a::c::e']."""
    body = body.strip()
    if body.startswith("{") and body.endswith("}"):
        inner, depth, cur, items = body[1:-1], 0, "", []
        for ch in inner:
            if ch == "," and depth == 0:
                items.append(cur)
                cur = ""
                continue
            depth += ch == "{"
            depth -= ch == "}"
            cur += ch
        items.append(cur)
        out = []
        for it in items:
            if it.strip():
                out += expand(prefix, it)
        return out
    m = re.match(r"([\w:]*?)(::)?(\{.*\})$", body, re.S)
    if m and m.group(3):
        head = m.group(1)
        return expand(prefix + ("::" if prefix and head else "") + head, m.group(3))
    name = re.split(r"\s+as\s+", body)[0].strip()
    return [prefix + ("::" if prefix and name else "") + name]


def inline_mods(text):
    """Spans of `mod name { … }` blocks written inside a file: (start, end, name)."""
    spans = []
    for m in re.finditer(r"\bmod\s+(\w+)\s*\{", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += text[i] == "{"
            depth -= text[i] == "}"
            i += 1
        spans.append((m.start(), i, m.group(1)))
    return spans


def module_at(mod, spans, pos):
    """The module a position in the file belongs to, inline modules included."""
    inner = [name for (a, b, name) in spans if a <= pos < b]
    return tuple(mod) + tuple(inner)


def resolve(mod, path):
    """A `crate::…` / `super::…` / `self::…` path as the module it names (longest known)."""
    parts = [p for p in path.split("::") if p]
    if not parts:
        return None
    if parts[0] == "crate":
        abs_parts = parts[1:]
    elif parts[0] in ("super", "self"):
        base = list(mod)
        while parts and parts[0] in ("super", "self"):
            if parts[0] == "super":
                base = base[:-1]
            parts = parts[1:]
        abs_parts = base + parts
    else:
        return None
    return tuple(abs_parts)


def known(target, mods):
    for n in range(len(target), 0, -1):
        if target[:n] in mods:
            return target[:n]
    return None


def main():
    mods = modules()
    edges = {}  # module -> {module: line}
    for mod, path in mods.items():
        if not mod:
            continue
        text = strip_comments(open(path, encoding="utf-8").read())
        spans = inline_mods(text)
        found = []
        for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", text, re.S):
            line = text[: m.start()].count("\n") + 1
            for p in expand("", m.group(1)):
                found.append((p, line, module_at(mod, spans, m.start())))
        for m in re.finditer(r"\b((?:crate|super)(?:::\w+)+)", text):
            line = text[: m.start()].count("\n") + 1
            found.append((m.group(1), line, module_at(mod, spans, m.start())))
        # A child module named without a prefix (`pool::recipient(…)` in service/mod.rs).
        children = [c[-1] for c in mods if len(c) == len(mod) + 1 and c[: len(mod)] == mod]
        for c in children:
            for m in re.finditer(r"(?<![\w:])" + c + r"::\w", text):
                line = text[: m.start()].count("\n") + 1
                found.append(("self::" + c, line, mod))
        for p, line, at in found:
            t = resolve(at, p)
            if t is None:
                continue
            k = known(t, mods)
            if k is None or k == mod or not k:
                continue
            edges.setdefault(mod, {}).setdefault(k, line)

    bad = []
    for a, targets in sorted(edges.items()):
        la = LAYERS.get(a[0])
        for b, line in sorted(targets.items()):
            lb = LAYERS.get(b[0])
            if la is None or lb is None:
                bad.append(f"{mods[a]}:{line}: {'::'.join(a)} or {'::'.join(b)} has no layer in scripts/check-layers.py")
            elif lb > la:
                bad.append(
                    f"{os.path.relpath(mods[a])}:{line}: {'::'.join(a)} ({NAMES[la]}) uses {'::'.join(b)} ({NAMES[lb]}), a layer above it"
                )

    # Cycles: strongly connected components of more than one module (Tarjan).
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    for comp in sccs:
        names = sorted("::".join(c) for c in comp)
        inside = [
            f"    {'::'.join(a)} -> {'::'.join(b)} ({os.path.relpath(mods[a])}:{line})"
            for a in sorted(comp)
            for b, line in sorted(edges.get(a, {}).items())
            if b in comp
        ]
        bad.append(f"an import cycle between {len(comp)} modules: {', '.join(names)}\n" + "\n".join(inside))

    for b in bad:
        print(b)
    if bad:
        print(f"check-layers: {len(bad)} problem(s)", file=sys.stderr)
        return 1
    print(f"check-layers: {len(mods)} modules, layers point one way, no cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
