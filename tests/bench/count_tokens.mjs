// Counts the tokens of MCP tool definitions (a `tools/list` result's
// `tools`, as JSON on stdin) with OpenAI's o200k_base and cl100k_base
// encodings (gpt-tokenizer, offline): what each request that carries the
// tools pays for them. Prints one line per tool and the total.
import { encode as o200k } from "gpt-tokenizer/encoding/o200k_base";
import { encode as cl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { readFileSync } from "node:fs";

const tools = JSON.parse(readFileSync(0, "utf8"));
let total = { o200k: 0, cl100k: 0 };
for (const tool of tools) {
  const text = JSON.stringify(tool);
  const counts = { o200k: o200k(text).length, cl100k: cl100k(text).length };
  total.o200k += counts.o200k;
  total.cl100k += counts.cl100k;
  console.log(`${tool.name.padEnd(24)} ${String(counts.o200k).padStart(5)} tokens (o200k), ${String(counts.cl100k).padStart(5)} (cl100k)`);
}
console.log(`${"all".padEnd(24)} ${String(total.o200k).padStart(5)} tokens (o200k), ${String(total.cl100k).padStart(5)} (cl100k), ${tools.length} tools`);
