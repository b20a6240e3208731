//! The poisoning scan's rules, each with the public source it was taken
//! from (repository@commit path), adapted to Rust's regex syntax and
//! narrowed until the public reference servers give no finding
//! (`tests/fixtures/integrity`). Sources: Invariant Labs' mcp-scan and
//! mcp-injection-experiments, Cisco's mcp-scanner YARA rules, MCP-Shield,
//! Trail of Bits' mcp-context-protector, and Unicode's PropList for the
//! invisible characters. Patterns carry their own `(?i)`; none uses
//! lookaround or backreferences (regex-lite is linear-time).

use super::findings::Category;

pub struct Rule {
    pub id: &'static str,
    pub category: Category,
    pub pattern: &'static str,
    pub source: &'static str,
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "pseudo-tag",
        category: Category::Instruction,
        pattern: r#"(?i)<\s*/?\s*(important|instructions?|system|secret|hidden|critical|urgent|admin|note\s+to\s+(the\s+)?(ai|assistant|model))\s*>"#,
        source: "invariantlabs-ai/mcp-scan@9d6f6f91 src/mcp_scan/policy.gr; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara",
    },
    Rule {
        id: "ignore-previous-instructions",
        category: Category::Instruction,
        pattern: r#"(?i)\b(ignore|disregard|forget|override)\s+(all\s+|any\s+)?(of\s+)?(the\s+|your\s+)?(previous|prior|above|earlier|preceding|system|other|original)\s+(instructions?|prompts?|rules|commands?|directives?|guidelines|messages?)"#,
        source: "UnitOneAI/agentgateway@12352925 crates/agentgateway/src/mcp/security/native/tool_poisoning.rs; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/prompt_injection.yara; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "conceal-from-user",
        category: Category::Instruction,
        pattern: r#"(?i)\b(do\s+not|don'?t|never|no\s+need\s+to|without)\s+(tell(ing)?|mention(ing)?|inform(ing)?|notify(ing)?|alert(ing)?)\b|\b(hide|conceal|keep)\b[^.]{0,40}\bfrom\s+the\s+user\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/prompt_injection.yara; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "before-using-tool",
        category: Category::Instruction,
        pattern: r#"(?i)\bbefore\s+(using|calling|invoking|running|executing|returning|responding|answering)\b[^.]{0,40}\b(tool|function|results?|response|anything)\b"#,
        source: "invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers); riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara",
    },
    Rule {
        id: "you-must",
        category: Category::Instruction,
        pattern: r#"(?i)\byou\s+(must|need\s+to|have\s+to|are\s+required\s+to|shall)\s+(first|always|silently|also|never|immediately)\b|\byou\s+first\s+need\s+to\b|\b(must|should)\s+(always\s+)?(first\s+)?(read|send|include|call|attach)\b[^.]{0,60}\b(before|first|too|also)\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara",
    },
    Rule {
        id: "threatened-failure",
        category: Category::Instruction,
        pattern: r#"(?i)\b(otherwise|or\s+else|if\s+not)\b[^.]{0,30}\bwill\s+not\s+work\b|\b(tool|system|application|app|server|proxy|workflow)\s+will\s+(not\s+work|crash|break)\b|\bsystem\s+(will\s+)?crash(es)?\b|\b(all\s+)?(user\s+)?data\s+will\s+be\s+lost\b|\bwill\s+cause\s+[^.]{0,30}\b(failures?|data\s+loss)\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara; invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "emphasis-important",
        category: Category::Instruction,
        pattern: r#"(?i)\bvery\s+(very\s+)*important\b|\bthis\s+is\s+(a\s+)?(very\s+|extremely\s+|really\s+|super\s+)*(important|critical|crucial|mandatory|secret|not\s+optional)\b|\b(critical|mandatory)\s+(compliance\s+)?requirement\b"#,
        source: "riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "coercive-priority",
        category: Category::Instruction,
        pattern: r#"(?i)\balways\s+(consult|use|run|execute|invoke|call|trigger|employ)\s+this\s+(tool|function|command)\b|\b(highest|top)\s+priority\b|\b(as\s+)?the\s+first\s+step\b|\bprioriti[sz]e\s+this\b|\bregardless\s+of\s+(the\s+)?(user|instructions?)\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "role-or-system-override",
        category: Category::Instruction,
        pattern: r#"(?i)\byou\s+are\s+now\s+(a|an|the|in)\b|\bnew\s+(instructions?|directives?|system\s+prompt)\s*:|\b(system|admin|root)\s*:\s*(override|execute|run|bypass)\b|\b(system|admin|developer)\s+(override|mode\s+(enabled|activated))\b|\b(bypass|disable|disregard|ignore)\s+(all\s+)?(safety|security)\s+(checks?|guidelines|restrictions|filters?)\b"#,
        source: "UnitOneAI/agentgateway@12352925 crates/agentgateway/src/mcp/security/native/tool_poisoning.rs; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/prompt_injection.yara",
    },
    Rule {
        id: "hidden-instruction-marker",
        category: Category::Instruction,
        pattern: r#"(?i)\[\s*(hidden|internal|secret|private|system)(\s+(instructions?|directives?|commands?|note))?\s*\]|\[\[\[|\|\|\|\s*(system|admin|hidden)"#,
        source: "UnitOneAI/agentgateway@12352925 crates/agentgateway/src/mcp/security/native/tool_poisoning.rs; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/prompt_injection.yara",
    },
    Rule {
        id: "covert-action",
        category: Category::Instruction,
        pattern: r#"(?i)\b(silently|secretly|covertly|quietly|invisibly|surreptitiously)\s+(\w+\s+){0,2}?(send|sends|post|upload|forward|transmit|copy|read|include|add|call|bcc|cc|exfiltrate|collect|log|store)\b|\bwithout\s+(the\s+)?user'?s?\s+(knowledge|consent|noticing)\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/data_exfiltration.yara",
    },
    Rule {
        id: "user-manipulation",
        category: Category::Instruction,
        pattern: r#"(?i)\b(mere|just\s+an?|only\s+an?)\s+implementation\s+detail\b|\b(could|might|would|will)\s+(even\s+)?upset\s+the\s+user\b|\bdoes\s+not\s+(really\s+)?matter\s+to\s+(them|the\s+user)\b|\bbe\s+very\s+gentle\s+and\s+not\s+scary\b"#,
        source: "invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "ssh-keys",
        category: Category::Secrets,
        pattern: r#"(?i)\.ssh\b|\bid_(rsa|dsa|ecdsa|ed25519)(\.pub)?\b|\bauthorized_keys\b"#,
        source: "riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/credential_harvesting.yara; invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "mcp-client-config",
        category: Category::Secrets,
        pattern: r#"(?i)\bmcp\.json\b|\.cursor[/\\]|\bclaude_desktop_config\.json\b|\.claude\.json\b|\.claude[/\\]|\.codeium[/\\]|\.vscode[/\\]mcp\b|\bmcp_config\.json\b|\.continue[/\\]config"#,
        source: "riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/credential_harvesting.yara; invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "credential-files",
        category: Category::Secrets,
        pattern: r#"(?i)\.aws[/\\]|\baws[/\\]credentials\b|\.kube[/\\]config\b|\.docker[/\\]config\.json\b|\.npmrc\b|\.pypirc\b|\.netrc\b|\.pgpass\b|\.git-credentials\b|\bcredentials\.json\b|\bservice[_-]account\.json\b|\.gnupg\b|\bwallet\.dat\b|\.config[/\\]gcloud\b|\.bash_history\b|\.zsh_history\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/credential_harvesting.yara",
    },
    Rule {
        id: "dotenv-file",
        category: Category::Secrets,
        pattern: r#"(?i)(^|[\s'\"`(/~])\.env(\.[a-z]+)?\b"#,
        source: "riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/credential_harvesting.yara",
    },
    Rule {
        id: "system-secret-files",
        category: Category::Secrets,
        pattern: r#"(?i)/etc/(passwd|shadow|sudoers|gshadow)\b|/proc/(self|\d+)/(environ|mem|maps|cmdline)\b"#,
        source: "riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/credential_harvesting.yara",
    },
    Rule {
        id: "private-key-material",
        category: Category::Secrets,
        pattern: r#"(?i)-----BEGIN\s+([a-z]+\s+)*PRIVATE\s+KEY-----|\bprivate[\s_-]?keys?\b|\b(seed|mnemonic|recovery)\s+phrase\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/credential_harvesting.yara; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "credential-harvest",
        category: Category::Secrets,
        pattern: r#"(?i)\b(read|cat|open|send|include|pass|extract|collect|dump|leak|upload|copy|share|list|print|output|attach)\b[^.]{0,60}\b(api[\s_-]?keys?|access[\s_-]?keys?|access[\s_-]?tokens?|auth[\s_-]?tokens?|bearer\s+tokens?|secret[\s_-]?keys?|passwords?|credentials|session\s+cookies?)\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/credential_harvesting.yara; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "pass-content-as-argument",
        category: Category::Exfiltration,
        pattern: r#"(?i)\bpass\s+(its|the|their|this|that|all|your)\s+(full\s+|entire\s+|whole\s+)?(content|contents|output|result|results|data|value|text)\s+(as|in|into|to|via|through)\b"#,
        source: "invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers); cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara",
    },
    Rule {
        id: "include-in-parameter",
        category: Category::Exfiltration,
        pattern: r#"(?i)\b(include|put|add|insert|append|embed|place|concatenate|smuggle|stuff|attach)\b[^.]{0,80}\b(parameter|param|argument|field)\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "sidenote-channel",
        category: Category::Exfiltration,
        pattern: r#"(?i)\bside[\s_-]?note\b"#,
        source: "invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers); riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "send-to-email-address",
        category: Category::Exfiltration,
        pattern: r#"(?i)\b(send|sends|sent|forward|bcc|cc|copy|post|upload|relay|redirect|exfiltrate|mail)\b[^.]{0,80}?[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}"#,
        source: "invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers); cisco-ai-defense/mcp-scanner@893327c5 examples/example-malicious-servers/line_jumping_server.py; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/data_exfiltration.yara",
    },
    Rule {
        id: "send-to-url",
        category: Category::Exfiltration,
        pattern: r#"(?i)\b(send|sends|post|upload|forward|transmit|exfiltrate|copy|report|relay|ping|curl|wget)\b[^.]{0,80}?\bhttps?://"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/data_exfiltration.yara; invariantlabs-ai/mcp-injection-experiments@baebd702 n8n-webhook-poisoning.py",
    },
    Rule {
        id: "exfil-host",
        category: Category::Exfiltration,
        pattern: r#"(?i)\b(webhook\.site|requestbin\.(com|net)|pipedream\.net|ngrok(-free)?\.(io|app|dev)|burpcollaborator\.net|oast\.(fun|me|pro|live|site|online)|interact\.sh|canarytokens\.com|attacker\.[a-z]{2,}|evil\.(com|net|org|io))\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/data_exfiltration.yara",
    },
    Rule {
        id: "conversation-exfil",
        category: Category::Exfiltration,
        pattern: r#"(?i)\b(full|entire|complete|whole)\s+(list\s+of\s+)?((last|previous|recent|prior)\s+)?(conversation|chat|chats|messages|message\s+history|history|system\s+prompt)\b|\bresult\s+of\s+(the\s+)?previous\b[^.]{0,20}\bcall\b|\bconversation[_\s]history\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/data_exfiltration.yara; invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "unicode-tag-chars",
        category: Category::HiddenText,
        pattern: r#"[\x{E0000}-\x{E007F}]"#,
        source: "Unicode PropList.txt; https://mcpsafe.io/threats/MCP-223",
    },
    Rule {
        id: "bidi-controls",
        category: Category::HiddenText,
        pattern: r#"[\x{061C}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}]"#,
        source: "Unicode PropList.txt; https://trojansource.codes/; https://mcpsafe.io/threats/MCP-048",
    },
    Rule {
        id: "zero-width-chars",
        category: Category::HiddenText,
        pattern: r#"[\x{200B}\x{2060}-\x{2064}\x{FEFF}\x{180E}\x{034F}\x{115F}\x{1160}\x{3164}\x{FFA0}\x{17B4}\x{17B5}\x{FFF9}-\x{FFFB}\x{1D173}-\x{1D17A}]|[\x00-\x7F][\x{200C}\x{200D}]|[\x{200C}\x{200D}][\x00-\x7F]|[\x{200C}\x{200D}]{2,}"#,
        source: "Unicode PropList.txt; https://mcp-sentry.vercel.app/rules/MCP03",
    },
    Rule {
        id: "variation-selector-smuggling",
        category: Category::HiddenText,
        pattern: r#"[\x{E0100}-\x{E01EF}]|[\x{FE00}-\x{FE0F}]{2,}|[\x00-\x7F][\x{FE00}-\x{FE0D}]"#,
        source: "Unicode PropList.txt; https://paulbutler.org/2025/smuggling-arbitrary-data-through-an-emoji/",
    },
    Rule {
        id: "ansi-and-control-chars",
        category: Category::HiddenText,
        pattern: r#"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\x{80}-\x{9F}]"#,
        source: "trailofbits/mcp-context-protector@05e56c16 src/contextprotector/mcp_wrapper.py; https://blog.trailofbits.com/2025/04/29/deceiving-users-with-ansi-terminal-codes-in-mcp/",
    },
    Rule {
        id: "whitespace-padding",
        category: Category::HiddenText,
        pattern: r#"[ \t\x{00A0}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]{40,}\S"#,
        source: "invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "html-comment",
        category: Category::HiddenText,
        pattern: r#"<!--"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/prompt_injection.yara; UnitOneAI/agentgateway@12352925 crates/agentgateway/src/mcp/security/native/tool_poisoning.rs",
    },
    Rule {
        id: "long-base64",
        category: Category::HiddenText,
        pattern: r#"[A-Za-z0-9+/_-]{80,}={0,2}"#,
        source: "invariantlabs-ai/mcp-scan@9d6f6f91 src/mcp_scan/policy.gr; cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/prompt_injection.yara",
    },
    Rule {
        id: "long-hex",
        category: Category::HiddenText,
        pattern: r#"(?i)\b(?:[0-9a-f]{2}){40,}\b|(?:\\x[0-9a-f]{2}){16,}|(?:\\u[0-9a-f]{4}){8,}"#,
        source: "UnitOneAI/agentgateway@12352925 crates/agentgateway/src/mcp/security/native/tool_poisoning.rs",
    },
    Rule {
        id: "other-tool-trigger",
        category: Category::Shadowing,
        pattern: r#"(?i)\bwhen(ever)?\b[^.]{0,60}?\b(is|are)\s+(invoked|called|used|available|present|executed|run)\b|\bwhenever\s+you\s+(see|encounter|use|call)\b"#,
        source: "riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "modify-other-behaviour",
        category: Category::Shadowing,
        pattern: r#"(?i)\b(modify|override|change|alter|replace|hijack|intercept|affect)\s+(the\s+)?(behaviou?r|usage|use|output|recipient|arguments?|parameters?|destination)\s+of\b|\bside\s+effect\s+on\b|\binstead\s+of\s+(using|calling)\b|\bchange\s+the\s+(recipient|destination|phone\s+number|to\s+address)\b|\bproxy\s+number\b"#,
        source: "riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts; invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers)",
    },
    Rule {
        id: "other-tools-must",
        category: Category::Shadowing,
        pattern: r#"(?i)\b(other|another|all|any|every|also\s+present)\s+([\w-]+\s+){0,2}(tools?|servers?|functions?|plugins?)\b[^.]{0,80}\b(must|should|always|never|instead)\b|\bbefore\s+(executing|invoking|running|using|calling)\s+any\s+other\s+(tools?|functions?)\b"#,
        source: "cisco-ai-defense/mcp-scanner@893327c5 mcpscanner/data/yara_rules/coercive_injection.yara; riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
    Rule {
        id: "namespaced-tool-reference",
        category: Category::Shadowing,
        pattern: r#"(?i)\bmcp_tool_[a-z0-9_]+|\(\s*mcp_[a-z0-9_-]+\s*\)|\bmcp__[a-z0-9_-]+__[a-z0-9_-]+"#,
        source: "invariantlabs-ai/mcp-injection-experiments@838980bd (PoC servers); riseandignite/mcp-shield@379140c3 src/analyzers/tool-analyzer.ts",
    },
];
