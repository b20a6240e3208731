#!/usr/bin/env python3
"""Writes the gateway's price table, functions/gateway/data/prices.json, from
the data of pydantic's genai-prices (MIT), as its Rust crate on crates.io
bundles it (data/prices.json, the project's v2 format).

    python3 scripts/update-prices.py [PATH_TO_GENAI_PRICES_DATA_JSON]

With no path, the newest genai-prices crate in Cargo's registry is used
(`cargo info genai-prices`, then `cargo fetch` of a scratch crate that
depends on it, puts it there).

What is kept of each model: its id, how a model name matches it, and its
prices per million tokens (input, and output, cache read, cache write where
the source has them), flat or tiered by prompt size. Prices that change over time keep the one in force
on the day this runs. Two things are dropped, and the gateway says so in
ARCHITECTURE.md: `regex` match clauses (a model they alone matched is still
found by its exact id), and prices for other units (requests, images,
audio seconds, searches), which the gateway does not meter.
"""
import datetime
import glob
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "functions", "gateway", "data", "prices.json")
KEPT = {"input_mtok": "input", "output_mtok": "output",
        "cache_read_mtok": "cache_read", "cache_write_mtok": "cache_write"}


def find_data() -> tuple[str, str]:
    pattern = os.path.expanduser("~/.cargo/registry/src/*/genai-prices-*/data/prices.json")
    found = sorted(glob.glob(pattern), key=lambda p: [int(x) for x in re.findall(r"\d+", p.split("genai-prices-")[1])[:3]])
    if not found:
        sys.exit("genai-prices is not in Cargo's registry: give the path to its data/prices.json")
    path = found[-1]
    return path, path.split("genai-prices-")[1].split("/")[0]


def clause(m):
    """The match clause without regex alternatives; None if nothing is left."""
    if "or" in m:
        kept = [c for c in (clause(x) for x in m["or"]) if c is not None]
        return None if not kept else kept[0] if len(kept) == 1 else {"or": kept}
    if "and" in m:
        kept = [clause(x) for x in m["and"]]
        return None if any(c is None for c in kept) else {"and": kept}
    if "regex" in m:
        return None
    (kind, value), = m.items()
    assert kind in ("equals", "starts_with", "ends_with", "contains"), kind
    return {kind: value}


def current(prices, today: str):
    """The price set in force today, of a plain or time-constrained one."""
    if isinstance(prices, dict):
        return prices
    chosen = None
    for option in prices:
        start = (option.get("constraint") or {}).get("start_date")
        if start is None or start <= today:
            chosen = option["prices"]
    return chosen


def slim(prices):
    out = {}
    for key, name in KEPT.items():
        value = prices.get(key)
        if value is None:
            continue
        if isinstance(value, dict):
            out[name] = {"base": value["base"], "tiers": [{"start": t["start"], "price": t["price"]} for t in value["tiers"]]}
        else:
            out[name] = value
    return out


def main() -> None:
    if len(sys.argv) > 1:
        path, version = sys.argv[1], os.environ.get("GENAI_PRICES_VERSION", "unknown")
    else:
        path, version = find_data()
    raw = open(path, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    today = datetime.date.today().isoformat()
    providers = []
    for p in json.loads(raw):
        models = []
        for m in p["models"]:
            prices = current(m["prices"], today)
            kept = slim(prices) if prices else {}
            if "input" not in kept:
                continue  # not metered by tokens
            # A model priced by its input alone (embeddings, classifiers)
            # is charged nothing for output, as the source says.
            entry = {"id": m["id"], "prices": kept}
            match = clause(m["match"])
            if match is not None and match != {"equals": m["id"]}:
                entry["match"] = match
            models.append(entry)
        if models:
            providers.append({"id": p["id"], "models": models})
    table = {
        "source": "pydantic/genai-prices (MIT), the genai-prices crate's bundled data",
        "source_version": version,
        "source_sha256": digest,
        "version": f"genai-prices-{version}+{digest[:12]}",
        "generated_on": today,
        "providers": providers,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(table, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    count = sum(len(p["models"]) for p in providers)
    print(f"{OUT}: {len(providers)} providers, {count} models, version {table['version']}")


if __name__ == "__main__":
    main()
