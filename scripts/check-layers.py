#!/usr/bin/env python3
"""Checks the layering rule of docs/decisions.md ("Layers"): in each crate,
every module sits in one layer, an import never points to a higher layer,
and modules never import each other in a circle.

Reads the `crate::…` paths in each source file (use lines and inline
paths, `use crate::{a, b::c}` groups included); `super::` paths stay inside
a room and are not checked. Test modules (`#[cfg(test)] mod tests`) are
skipped. Exits 1 and lists every offending import, or every circle.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Top to bottom. A module belongs to the layer naming it or its nearest
# ancestor (`a` covers `a::b`); "" is the crate root alone (lib.rs, main.rs).
CRATES = {
    "app": [
        ("shell and route table", [""]),
        ("pages", ["pages"]),
        ("components", ["components"]),
        ("state", ["state"]),
        ("browser", ["browser"]),
        ("api", ["api"]),
        ("ssr", ["ssr"]),
        ("wire", ["wire"]),
        ("error and routes", ["error", "routes", "site"]),
        ("domain", ["domain", "i18n", "l10n", "codec"]),
    ],
    "server": [
        ("command line", [""]),
        ("composition root", ["startup", "cli"]),
        ("router", ["http", "state"]),
        ("handlers and layers", [
            "http::language", "http::headers", "http::security", "http::body", "http::overload", "http::rate_limit", "http::request_log", "http::finish_render",
            "http::session",
            "http::lite", "http::health", "feeds", "pwa",
        ]),
        ("parts", ["http::errors", "content", "mail", "store", "sweeper", "schedule", "lru", "connections", "metrics", "logging"]),
        ("settings", ["config"]),
    ],
}


def module_of(src: Path, file: Path) -> str:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return "::".join(parts)


def strip_tests(text: str) -> str:
    """Drops `#[cfg(test)] mod tests { … }` (to the end of its braces)."""
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\((?:all\()?test[^\]]*\]\s*mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def group_paths(prefix: str, body: str):
    """Expands `a, b::{c, d}` inside `use crate::{…}` into full paths."""
    depth, item, items = 0, "", []
    for ch in body:
        if ch == "," and depth == 0:
            items.append(item)
            item = ""
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        item += ch
    items.append(item)
    for raw in items:
        raw = raw.strip()
        if not raw:
            continue
        m = re.match(r"([\w:]*?)(?:::)?\{(.*)\}$", raw, re.S)
        if m:
            head = f"{prefix}::{m.group(1)}" if m.group(1) else prefix
            yield from group_paths(head.strip(":"), m.group(2))
        else:
            path = raw.split(" as ")[0].strip()
            yield f"{prefix}::{path}" if prefix else path


def imports(text: str):
    text = strip_comments(strip_tests(text))
    for m in re.finditer(r"\bcrate::\{([^;]*?)\}\s*;", text, re.S):
        yield from group_paths("", m.group(1))
    for m in re.finditer(r"\bcrate::((?:\w+::)*\w+)(::\{([^;]*?)\})?", text, re.S):
        if m.group(2):
            yield from group_paths(m.group(1), m.group(3))
        else:
            yield m.group(1)


def resolve(path: str, modules: set) -> str:
    """The deepest module that `path` names or lies in."""
    parts = path.split("::")
    for n in range(len(parts), 0, -1):
        candidate = "::".join(parts[:n])
        if candidate in modules:
            return candidate
    return ""


def layer_of(module: str, layers) -> int | None:
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(layers):
        for prefix in prefixes:
            covers = module == prefix or (prefix != "" and module.startswith(prefix + "::"))
            if covers and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def related(a: str, b: str) -> bool:
    """A parent and its descendant (declaring, re-exporting, `super`)."""
    return a == "" or b == "" or a.startswith(b + "::") or b.startswith(a + "::")


def circles(edges: dict) -> list:
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in list(edges):
        if v not in index:
            visit(v)
    return found


def check(crate: str, layers, root: Path = ROOT) -> list:
    src = root / crate / "src"
    files = sorted(src.rglob("*.rs"))
    modules = {module_of(src, f) for f in files}
    problems, edges = [], {}
    for file in files:
        module = module_of(src, file)
        here = layer_of(module, layers)
        if here is None:
            problems.append(f"{crate}: module `{module}` ({file.relative_to(root)}) has no layer")
            continue
        for path in sorted(set(imports(file.read_text(encoding="utf-8")))):
            target = resolve(path, modules)
            if related(module, target):
                continue
            there = layer_of(target, layers)
            if there is None:
                continue
            edges.setdefault(module, set()).add(target)
            if there < here:
                problems.append(
                    f"{file.relative_to(root)}: `crate::{path}` reaches up from "
                    f"{layers[here][0]} to {layers[there][0]}"
                )
    for group in circles(edges):
        problems.append(f"{crate}: modules import each other in a circle: {', '.join(group)}")
    return problems


def self_test() -> None:
    """The check finds what it is for, on a small crate of its own."""
    import tempfile

    layers = [("root", [""]), ("top", ["top"]), ("low", ["low", "side"])]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "demo" / "src"
        (src / "low").mkdir(parents=True)
        files = {
            "lib.rs": "pub mod top; pub mod low; pub mod side;",
            "top.rs": "use crate::low::{Thing, deep::{A, B}};",
            "low/mod.rs": "pub mod deep; use super::x;",
            "low/deep.rs": "#[cfg(test)]\nmod tests { use crate::top::T; }\n",
            "side.rs": "",
        }
        for name, text in files.items():
            (src / name).write_text(text, encoding="utf-8")
        assert check("demo", layers, Path(tmp)) == [], "a clean crate passes"
        (src / "low" / "deep.rs").write_text("fn f() { crate::top::go(); }", encoding="utf-8")
        (src / "side.rs").write_text("use crate::low::deep::A;", encoding="utf-8")
        (src / "low" / "mod.rs").write_text("pub mod deep; use crate::side::S;", encoding="utf-8")
        (src / "stray.rs").write_text("", encoding="utf-8")
        found = check("demo", layers, Path(tmp))
        assert any("low/deep.rs" in p and "reaches up" in p for p in found), found
        assert any("`stray`" in p and "no layer" in p for p in found), found
        assert any("circle" in p and "side" in p and "low" in p for p in found), found
        assert len(found) == 3, found


def main() -> int:
    self_test()
    problems = [p for crate, layers in CRATES.items() for p in check(crate, layers)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"check-layers: {len(problems)} problem(s); see docs/decisions.md, Layers")
        return 1
    print("check-layers: every import runs down its crate's layers, with no circles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
