#!/usr/bin/env python3
"""Checks that Spin components import only interfaces Spin provides.

For each component, `wasm-tools component wit` lists its imports and
exports. Allowed:
  * spin:*, fermyon:* and wasi:*@0.3 interfaces declared, at that exact
    version, in the WIT shipped inside the spin-sdk crate (what the SDK
    binds to, so what a Spin host that runs spin-sdk 7 components provides);
  * wasi:*@0.2.x interfaces of WASI 0.2, which Rust's standard library on
    wasm32-wasip2 imports and which Spin provides to every component (their
    list is the WIT of the `wasip2` crate in Cargo.lock; 0.2.x versions are
    semver-compatible with one another).
The one export must be wasi:http/handler@0.3.0, the entry Spin's HTTP
trigger calls. Anything else fails, naming the interface.

    scripts/check-spin-imports.py build/spin/*.wasm
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = re.compile(r"^\s*package\s+([\w-]+):([\w-]+)@([\w.\-]+)\s*;", re.M)
INTERFACE = re.compile(r"^\s*interface\s+([\w-]+)\s*\{", re.M)
ITEM = re.compile(r"^\s*(import|export)\s+([\w-]+:[\w-]+/[\w-]+@[\w.\-]+)\s*;", re.M)
HANDLER = "wasi:http/handler@0.3.0"


def crate_dirs(*names):
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True, capture_output=True, text=True,
        ).stdout
    )
    found = {}
    for package in meta["packages"]:
        if package["name"] in names:
            found[package["name"]] = Path(package["manifest_path"]).parent
    missing = [n for n in names if n not in found]
    if missing:
        sys.exit(f"check-spin-imports: {', '.join(missing)} not in Cargo.lock")
    return found


def declared(wit_dir):
    """Every `namespace:package/interface@version` the WIT files declare."""
    out = set()
    for path in wit_dir.rglob("*.wit"):
        text = path.read_text()
        package = PACKAGE.search(text)
        if not package:
            continue
        ns, name, version = package.groups()
        for interface in INTERFACE.findall(text):
            out.add(f"{ns}:{name}/{interface}@{version}")
    return out


def without_version(item):
    return item.rsplit("@", 1)[0]


def main(paths):
    if not paths:
        sys.exit(__doc__)
    dirs = crate_dirs("spin-sdk", "wasip2")
    sdk = declared(dirs["spin-sdk"] / "wit")
    wasi02 = {without_version(i) for i in declared(dirs["wasip2"] / "wit")}
    if not sdk or not wasi02:
        sys.exit("check-spin-imports: found no WIT interfaces to compare with")
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    tool = os.environ.get("WASM_TOOLS_BIN", str(cargo_home / "bin" / "wasm-tools"))
    failed = False
    for path in paths:
        wit = subprocess.run(
            [tool, "component", "wit", path], check=True, capture_output=True, text=True
        ).stdout
        items = ITEM.findall(wit)
        imports = sorted(i for kind, i in items if kind == "import")
        exports = sorted(i for kind, i in items if kind == "export")
        bad = []
        for item in imports:
            version = item.rsplit("@", 1)[1]
            if item in sdk:
                continue
            if item.startswith("wasi:") and version.startswith("0.2.") and without_version(item) in wasi02:
                continue
            bad.append(f"imports {item}, which Spin does not provide")
        if exports != [HANDLER] or HANDLER not in sdk:
            bad.append(f"exports {exports}, not exactly [{HANDLER}]")
        name = Path(path).name
        if bad:
            failed = True
            for b in bad:
                print(f"{name}: {b}", file=sys.stderr)
        else:
            spin = [i for i in imports if not i.startswith("wasi:")]
            print(f"{name}: {len(imports)} imports, all provided by Spin ({', '.join(spin) or 'no spin:* interfaces'})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
