//! One store contract, run against both executors: the embedded SQLite store
//! and a real Postgres with pgvector. The Postgres half needs
//! `PRELOOP_TEST_DATABASE_URL` (the test command starts a private cluster and
//! sets it); each run works in a fresh database of its own.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use preloop_core::ErrorKind;
use preloop_core::approval::request::{ApprovalRequest, Status as RequestStatus, call_hash};
use preloop_core::approval::{ApprovalPolicy, Escalation, Justification};
use preloop_core::auth::Role;
use preloop_core::mcp::integrity::{OnChange, OnFinding, Pin, Quarantine, definition};
use preloop_core::policy::Action;
use preloop_core::store::accounts::{self, NewKey};
use preloop_core::store::audit::{self, AuditFilter, AuditRecord};
use preloop_core::store::entries::{self, EntryKind, PinnedEntry};
use preloop_core::store::policies::{self, ConfigFields, RuleFields};
use preloop_core::store::server_oauth;
use preloop_core::store::servers::{self, ServerFields};
use preloop_core::store::sql::{Sql, Value};
use preloop_core::store::tools::{self, ScannedTool};
use preloop_core::store::{
    approval_links, approval_policies, approval_requests, embeddings, instances, migrate,
    notifications, people, policy_revisions, sessions,
};
use preloop_native::{PostgresSql, SqliteSql};
use serde_json::json;

async fn contract(sql: &dyn Sql) {
    // Migrations apply once, then are a no-op.
    let applied = migrate::run(sql).await.expect("migrate");
    assert_eq!(applied, (1..=18).collect::<Vec<i64>>());
    assert!(migrate::run(sql).await.expect("migrate again").is_empty());

    // Accounts and keys.
    sql.batch(&[
        accounts::create_account_statement("acc1", "Acme", 1000),
        accounts::create_key_statement(&NewKey {
            id: "key1",
            account_id: "acc1",
            name: "admin",
            key_hash: "hash1",
            prefix: "pl_abc",
            role: Role::Admin,
            scopes: None,
            user_id: None,
            agent_id: None,
            expires_at: None,
            flow_id: None,
            flow_execution_id: None,
            now: 1000,
        }),
    ])
    .await
    .expect("bootstrap");
    let p = accounts::principal_for_key_hash(sql, "hash1", 1)
        .await
        .expect("lookup")
        .expect("found");
    assert_eq!(
        (p.account_id.as_str(), p.role, p.policy_version),
        ("acc1", Role::Admin, 1)
    );
    assert!(
        accounts::principal_for_key_hash(sql, "nope", 1)
            .await
            .expect("lookup")
            .is_none()
    );
    accounts::revoke_key(sql, "acc1", "key1", 2000)
        .await
        .expect("revoke");
    assert!(
        accounts::principal_for_key_hash(sql, "hash1", 1)
            .await
            .expect("lookup")
            .is_none()
    );
    assert_eq!(
        accounts::revoke_key(sql, "acc1", "key1", 2000)
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::NotFound)
    );

    // A batch is atomic: a failing statement undoes the ones before it.
    let err = sql
        .batch(&[
            accounts::create_account_statement("acc2", "Other", 1),
            accounts::create_account_statement("acc1", "Duplicate", 1),
        ])
        .await
        .err()
        .map(|e| e.kind);
    assert_eq!(err, Some(ErrorKind::Conflict));
    assert_eq!(accounts::count_accounts(sql).await.expect("count"), 1);

    // Servers: CRUD, unique names, tools replaced atomically.
    let fields = ServerFields {
        name: "files".into(),
        url: "http://127.0.0.1:1/mcp".into(),
        auth_header_enc: Some("v1.sealed".into()),
        auth_header_template: Some("Bearer ${FILES_TOKEN}".into()),
        enabled: true,
        timeout_ms: 5000,
        transport: preloop_core::mcp::upstream::Transport::Sse,
        prefix: Some("fs".into()),
        command: None,
        env_enc: None,
        env_template: None,
        on_change: OnChange::Notify,
        on_finding: OnFinding::Warn,
        redact_results: true,
    };
    servers::create(sql, "acc1", "srv1", &fields, 10)
        .await
        .expect("create server");
    assert_eq!(
        servers::create(sql, "acc1", "srv2", &fields, 10)
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::Conflict)
    );
    let s = servers::get(sql, "acc1", "srv1").await.expect("get");
    assert!(s.has_auth_header && s.enabled);
    assert_eq!(s.capabilities, None, "nothing is known before a scan");
    assert_eq!(s.transport, preloop_core::mcp::upstream::Transport::Sse);
    assert_eq!(s.prefix(), "fs");
    assert!(!s.offers("tools"));
    assert_eq!(
        (s.on_change, s.on_finding, s.redact_results),
        (OnChange::Notify, OnFinding::Warn, true)
    );
    assert_eq!(
        s.auth_header_template.as_deref(),
        Some("Bearer ${FILES_TOKEN}")
    );
    // A stdio server: its command, and the names (only) of its environment.
    let stdio = ServerFields {
        name: "clock".into(),
        url: String::new(),
        auth_header_enc: None,
        auth_header_template: None,
        enabled: true,
        timeout_ms: 5000,
        transport: preloop_core::mcp::upstream::Transport::Stdio,
        prefix: None,
        command: Some(preloop_core::mcp::upstream::StdioCommand {
            command: "mcp-server-time".into(),
            args: vec!["--local-timezone".into(), "UTC".into()],
        }),
        env_enc: Some("v1.sealed-env".into()),
        env_template: Some(
            [
                ("TOKEN".to_string(), Some("${TOKEN}".to_string())),
                ("TZ".to_string(), None),
            ]
            .into(),
        ),
        on_change: OnChange::default(),
        on_finding: OnFinding::default(),
        redact_results: false,
    };
    servers::create(sql, "acc1", "srv-stdio", &stdio, 10)
        .await
        .expect("create stdio server");
    let c = servers::get(sql, "acc1", "srv-stdio").await.expect("get");
    assert_eq!(c.command, stdio.command);
    assert_eq!(c.env_names, ["TOKEN", "TZ"]);
    assert_eq!(c.env_template, stdio.env_template);
    assert_eq!(c.env_enc.as_deref(), Some("v1.sealed-env"));
    let shown = serde_json::to_value(&c).expect("json");
    assert_eq!(shown["command"], "mcp-server-time");
    assert_eq!(shown["args"], json!(["--local-timezone", "UTC"]));
    assert!(shown.get("env_enc").is_none() && !shown.to_string().contains("sealed-env"));
    servers::delete(sql, "acc1", "srv-stdio")
        .await
        .expect("delete");
    assert_eq!(
        servers::get(sql, "other", "srv1")
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::NotFound)
    );
    let tool = |name: &str| ScannedTool {
        server_id: "srv1".into(),
        name: name.into(),
        title: None,
        description: Some(format!("{name} tool")),
        input_schema: json!({"type": "object", "properties": {"path": {"type": "string"}}}),
        output_schema: None,
        annotations: Some(json!({"readOnlyHint": true})),
        scanned_at: 0,
        pin: Pin {
            hash: definition::hash(&ScannedTool {
                name: name.into(),
                description: Some(format!("{name} tool")),
                input_schema: json!({"type": "object", "properties": {"path": {"type": "string"}}}),
                annotations: Some(json!({"readOnlyHint": true})),
                ..ScannedTool::default()
            }),
            ..Pin::default()
        },
    };
    tools::apply_scan(
        sql,
        "srv1",
        &json!({"tools": {}}),
        &[tool("read"), tool("write")],
        &[],
        &[],
        20,
    )
    .await
    .expect("tools");
    // A scan writes its audit records with the tools. (They go to an
    // account of their own here, whose chain the audit checks below do not
    // read.)
    sql.batch(&[accounts::create_account_statement(
        "acc-int",
        "Integrity",
        1,
    )])
    .await
    .expect("account");
    let scan_record = AuditRecord {
        tool: "preloop:integrity".into(),
        outcome: "changed".into(),
        ..AuditRecord::event("scan-ev1".into(), "acc-int", 30)
    };
    tools::apply_scan(
        sql,
        "srv1",
        &json!({"tools": {}}),
        &[tool("read")],
        &[],
        &[scan_record],
        30,
    )
    .await
    .expect("tools again");
    assert_eq!(
        audit::get(sql, "scan-ev1")
            .await
            .expect("read")
            .expect("record")
            .outcome,
        "changed"
    );
    let (_, scanned) = accounts::settings(sql, "acc1").await.expect("settings");
    tools::apply_scan(
        sql,
        "srv1",
        &json!({"tools": {}, "resources": {"subscribe": false}}),
        &[tool("read")],
        &[],
        &[],
        35,
    )
    .await
    .expect("the same tools");
    let s = servers::get(sql, "acc1", "srv1").await.expect("get");
    assert!(s.offers("tools") && s.offers("resources") && !s.offers("prompts"));
    assert_eq!(
        accounts::settings(sql, "acc1").await.expect("settings").1,
        scanned + 1,
        "every scan moves the policy version, even one that finds the same tools"
    );
    let listed = tools::list_account_tools(sql, "acc1")
        .await
        .expect("list tools");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0, "fs", "tools come with their server's prefix");
    assert_eq!(
        listed[0].1.input_schema["properties"]["path"]["type"],
        "string"
    );
    assert_eq!(listed[0].1.annotations, Some(json!({"readOnlyHint": true})));
    assert_eq!(listed[0].1.pin.hash, tool("read").pin.hash);

    // Integrity: a held-back tool keeps its pin and its pending change.
    let mut held = tool("read");
    held.pin.quarantine = Some(Quarantine::Changed);
    held.pin.pending = Some(
        json!({"name": "read", "description": "read, and more", "inputSchema": {"type": "object"}}),
    );
    held.pin.pending_hash = Some("sha256:new".into());
    held.pin.findings = vec![preloop_core::mcp::integrity::findings::Finding {
        rule: "pseudo-tag".into(),
        category: preloop_core::mcp::integrity::findings::Category::Instruction,
        field: "description".into(),
        matched: "<IMPORTANT>".into(),
    }];
    held.pin.changed_at = Some(36);
    tools::apply_scan(
        sql,
        "srv1",
        &json!({"tools": {}}),
        &[held.clone()],
        &[],
        &[],
        36,
    )
    .await
    .expect("held");
    let stored = tools::get(sql, "acc1", "srv1", "read")
        .await
        .expect("get tool");
    assert_eq!(
        stored,
        ScannedTool {
            scanned_at: 0,
            ..held.clone()
        }
    );
    assert_eq!(
        tools::quarantined(sql, "acc1").await.expect("quarantined")[0].0,
        "files"
    );
    let (route_server, route_tool) = tools::resolve_tool(sql, "acc1", "fs", "read")
        .await
        .expect("resolve")
        .expect("found");
    assert_eq!(
        (route_server.id.as_str(), route_tool.name.as_str()),
        ("srv1", "read")
    );
    assert_eq!(route_tool.pin.quarantine, Some(Quarantine::Changed));
    // An approval of what is no longer there writes nothing.
    let mut approved = definition::to_tool("srv1", held.pin.pending.as_ref().unwrap());
    approved.pin.hash = "sha256:new".into();
    approved.pin.approved_hash = Some("sha256:new".into());
    let approval = AuditRecord {
        tool: "preloop:integrity".into(),
        outcome: "approved".into(),
        ..AuditRecord::event("approve-ev1".into(), "acc-int", 37)
    };
    assert!(
        !tools::store_approved(
            sql,
            &approved,
            (&held.pin.hash, Some("sha256:other")),
            &approval
        )
        .await
        .expect("stale approval")
    );
    assert!(
        audit::get(sql, "approve-ev1")
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        tools::store_approved(
            sql,
            &approved,
            (&held.pin.hash, Some("sha256:new")),
            &approval
        )
        .await
        .expect("approval")
    );
    let now_pinned = tools::get(sql, "acc1", "srv1", "read")
        .await
        .expect("get tool");
    assert_eq!(now_pinned.pin.hash, "sha256:new");
    assert_eq!(now_pinned.description.as_deref(), Some("read, and more"));
    assert_eq!(
        (
            now_pinned.pin.quarantine,
            now_pinned.pin.pending_hash.clone()
        ),
        (None, None)
    );
    assert_eq!(
        audit::get(sql, "approve-ev1")
            .await
            .expect("read")
            .expect("approval record")
            .outcome,
        "approved"
    );
    assert!(
        tools::quarantined(sql, "acc1")
            .await
            .expect("none")
            .is_empty()
    );
    // Prompts and templates are pinned beside the tools, by kind.
    let prompt = PinnedEntry::listed(
        "srv1",
        EntryKind::Prompt,
        &json!({"name": "greet", "description": "Greets", "_meta": {"x": 1}}),
        38,
    )
    .unwrap();
    assert_eq!(
        prompt.definition,
        json!({"name": "greet", "description": "Greets"})
    );
    let mut prompt_held = prompt.clone();
    prompt_held.pin = Pin {
        hash: PinnedEntry::hash_of(&prompt.definition),
        quarantine: Some(Quarantine::Findings),
        ..Pin::default()
    };
    tools::apply_scan(
        sql,
        "srv1",
        &json!({"tools": {}, "prompts": {}}),
        std::slice::from_ref(&now_pinned),
        &[(EntryKind::Prompt, vec![prompt_held.clone()])],
        &[],
        38,
    )
    .await
    .expect("entries");
    assert_eq!(
        entries::list(sql, "srv1", EntryKind::Prompt)
            .await
            .expect("list"),
        vec![prompt_held.clone()]
    );
    assert!(
        entries::list(sql, "srv1", EntryKind::ResourceTemplate)
            .await
            .expect("none")
            .is_empty()
    );
    let pins = entries::pins(sql, "acc1", EntryKind::Prompt)
        .await
        .expect("pins");
    assert_eq!(
        pins[&("srv1".to_string(), "greet".to_string())],
        prompt_held
    );
    assert_eq!(
        entries::quarantined(sql, "acc1").await.expect("held").len(),
        1
    );
    let mut prompt_ok = prompt_held.clone();
    prompt_ok.pin.quarantine = None;
    prompt_ok.pin.approved_hash = Some(prompt_ok.pin.hash.clone());
    let prompt_approval = AuditRecord {
        tool: "preloop:integrity".into(),
        outcome: "approved".into(),
        ..AuditRecord::event("approve-ev2".into(), "acc-int", 39)
    };
    assert!(
        entries::store_approved(
            sql,
            &prompt_ok,
            (&prompt_held.pin.hash, None),
            &prompt_approval
        )
        .await
        .expect("approve prompt")
    );
    assert!(
        audit::get(sql, "approve-ev2")
            .await
            .expect("read")
            .is_some()
    );
    assert_eq!(
        entries::find(sql, "acc1", "srv1", EntryKind::Prompt, "greet")
            .await
            .expect("find")
            .expect("pinned")
            .pin
            .quarantine,
        None
    );
    assert_eq!(
        entries::find(sql, "other", "srv1", EntryKind::Prompt, "greet")
            .await
            .expect("find"),
        None,
        "another account's servers are not found"
    );
    // Other servers' tool names, for shadowing; the periodic check's list.
    assert!(
        tools::names_elsewhere(sql, "srv1")
            .await
            .expect("names")
            .is_empty()
    );
    let due = servers::due_for_check(sql, 100, false, 10)
        .await
        .expect("due");
    assert_eq!(
        due.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["srv1"]
    );
    assert!(
        servers::due_for_check(sql, 10, true, 10)
            .await
            .expect("due")
            .is_empty()
    );
    let mut disabled = fields;
    disabled.enabled = false;
    servers::update(sql, "acc1", "srv1", &disabled, 40)
        .await
        .expect("update");
    assert!(
        tools::list_account_tools(sql, "acc1")
            .await
            .expect("list")
            .is_empty()
    );

    // Policies: every write bumps the version; rules come back in order.
    let rule = |priority: i64, action: Action| RuleFields {
        priority,
        action,
        condition: Some("args.path.startsWith('/etc')".into()),
        denial_message: Some("no".into()),
        description: None,
        enabled: true,
        approval_policy_id: None,
        name: Some(format!("r{priority}")),
        scope: preloop_core::policy::Scope::Account,
        shadow: priority > 100,
    };
    let config = ConfigFields {
        tool_name: "files__write".into(),
        tool_source: "mcp".into(),
        is_enabled: true,
        description: None,
        approval_policy_id: None,
        justification: Some(preloop_core::approval::Justification::Required),
        validate_arguments: false,
    };
    policies::create(
        sql,
        "acc1",
        "tc1",
        &config,
        &[
            ("r1".into(), rule(20, Action::Allow)),
            ("r2".into(), rule(10, Action::Deny)),
        ],
        50,
    )
    .await
    .expect("create config");
    assert_eq!(
        policies::create(sql, "acc1", "tc2", &config, &[], 50)
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::Conflict)
    );
    let got = policies::get(sql, "acc1", "tc1").await.expect("get config");
    assert!(
        !got.validate_arguments,
        "validation can be turned off per tool"
    );
    assert_eq!(
        got.rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec!["r2", "r1"]
    );
    assert_eq!(got.rules[0].name.as_deref(), Some("r10"));
    assert_eq!(
        got.justification,
        Some(preloop_core::approval::Justification::Required)
    );
    assert_eq!(got.rules[0].scope(), preloop_core::policy::Scope::Account);
    policies::reorder_rules(sql, "acc1", "tc1", &["r1".into(), "r2".into()], 60)
        .await
        .expect("reorder");
    let got = policies::get(sql, "acc1", "tc1").await.expect("get config");
    assert_eq!(
        got.rules
            .iter()
            .map(|r| (r.id.as_str(), r.priority))
            .collect::<Vec<_>>(),
        vec![("r1", 10), ("r2", 20)]
    );
    assert_eq!(
        policies::reorder_rules(sql, "acc1", "tc1", &["r1".into()], 60)
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::BadRequest)
    );
    policies::delete_rule(sql, "acc1", "tc1", "r2")
        .await
        .expect("delete rule");
    assert_eq!(
        policies::delete_rule(sql, "other", "tc1", "r1")
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::NotFound)
    );
    let (_, version) = accounts::settings(sql, "acc1").await.expect("settings");
    assert_eq!(
        version, 16,
        "the servers' creates, update and delete, the five scans, the three approvals (the stale one too: a spare bump only retires caches), and the configuration's create, reorder and delete each bump the version (the refused create does not)"
    );

    // Policy revisions: recorded only while the policy version is the one
    // the apply was planned against.
    let revision = |number: i64| policy_revisions::Revision {
        number,
        kind: "apply".into(),
        source_number: None,
        applied_by: Some("key1".into()),
        summary: json!({"created": 1}),
        created_at: 70,
        document: "version: \"1.0\"\n".into(),
        secrets_enc: None,
    };
    sql.batch(&[policy_revisions::insert_guarded(
        "acc1",
        &revision(1),
        version,
    )])
    .await
    .expect("guarded insert at the current version");
    assert!(
        sql.batch(&[policy_revisions::insert_guarded(
            "acc1",
            &revision(2),
            version - 1
        )])
        .await
        .is_err(),
        "a stale version must fail the batch"
    );
    let latest = policy_revisions::latest(sql, "acc1")
        .await
        .expect("latest")
        .expect("a revision");
    assert_eq!(
        (latest.number, latest.document.as_str()),
        (1, "version: \"1.0\"\n")
    );
    assert_eq!(
        policies::list(sql, "acc1").await.expect("list")[0]
            .rules
            .len(),
        1
    );

    // Audit: filters and cursor pagination, newest first.
    for i in 0..5i64 {
        let rec = AuditRecord {
            id: format!("a{i}"),
            account_id: "acc1".into(),
            request_id: format!("req{i}"),
            created_at: 1000 + i,
            api_key_id: Some("key1".into()),
            principal: "key:key1:admin".into(),
            server_id: Some("srv1".into()),
            server_name: Some("files".into()),
            tool: if i % 2 == 0 {
                "files__read".into()
            } else {
                "files__write".into()
            },
            arguments: json!({"path": "/tmp", "token": "[REDACTED]"}),
            decision: if i % 2 == 0 {
                "allow".into()
            } else {
                "deny".into()
            },
            rule_id: None,
            reason: "test".into(),
            outcome: "pending".into(),
            error: None,
            duration_ms: None,
            completed_at: None,
            trace: Some(json!({"why": format!("case {i}")})),
            instance_id: match i {
                1 => Some("dead".into()),
                2 => Some("live".into()),
                _ => None,
            },
            seq: None,
            content_hash: None,
        };
        audit::insert(sql, &rec).await.expect("audit insert");
    }
    let a0 = audit::get(sql, "a0").await.expect("get").expect("a0");
    assert_eq!(
        (a0.seq, a0.content_hash.as_deref()),
        (None, None),
        "pending: not chained yet"
    );
    assert!(
        audit::complete(sql, &a0, "ok", None, 12, 2000)
            .await
            .expect("complete")
    );
    // The first final outcome stands, and the chain gets no gap.
    assert!(
        !audit::complete(sql, &a0, "upstream_error", Some("late"), 99, 3000)
            .await
            .expect("complete again")
    );
    let a0 = audit::get(sql, "a0").await.expect("get").expect("a0");
    assert_eq!(a0.seq, Some(1));
    assert_eq!(a0.content_hash.as_deref(), Some(a0.hash().as_str()));
    // A record written final is chained at once.
    let mut denied = a0.clone();
    denied.id = "a9".into();
    denied.outcome = "denied".into();
    denied.created_at = 900;
    denied.seq = None;
    denied.content_hash = None;
    audit::insert(sql, &denied).await.expect("insert final");
    assert_eq!(
        audit::get(sql, "a9").await.expect("get").expect("a9").seq,
        Some(2)
    );
    sql.execute("DELETE FROM audit_events WHERE id = 'a9'", &[])
        .await
        .expect("delete a9");
    // Records nobody will finish: the dead instance's, and the old one
    // written without an instance; not the live instance's, nor a young one.
    instances::heartbeat(sql, "live", 60_000)
        .await
        .expect("heartbeat");
    instances::heartbeat(sql, "live", 60_001)
        .await
        .expect("heartbeat again");
    assert_eq!(
        audit::close_abandoned(sql, 100_000, 50_000, 1004)
            .await
            .expect("close abandoned"),
        2
    );
    assert_eq!(
        audit::interrupt_instance(sql, "live", 100_001)
            .await
            .expect("interrupt"),
        1
    );
    instances::remove(sql, "live").await.expect("remove");
    assert_eq!(
        instances::forget_dead(sql, i64::MAX).await.expect("forget"),
        0
    );
    let mut f = AuditFilter {
        limit: 2,
        ..Default::default()
    };
    let page1 = audit::list(sql, "acc1", &f).await.expect("page1");
    assert_eq!(
        page1
            .records
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        vec!["a4", "a3"]
    );
    f.cursor = page1.next_cursor.clone();
    let page2 = audit::list(sql, "acc1", &f).await.expect("page2");
    assert_eq!(
        page2
            .records
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        vec!["a2", "a1"]
    );
    f.cursor = page2.next_cursor.clone();
    let page3 = audit::list(sql, "acc1", &f).await.expect("page3");
    assert_eq!(page3.records.len(), 1);
    assert!(page3.next_cursor.is_none());
    assert_eq!(page3.records[0].outcome, "ok");
    assert_eq!(page3.records[0].duration_ms, Some(12));
    let denied = audit::list(
        sql,
        "acc1",
        &AuditFilter {
            decision: Some("deny".into()),
            since_ms: Some(1002),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .expect("filtered");
    assert_eq!(
        denied
            .records
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        vec!["a3"]
    );
    let by_principal = audit::list(
        sql,
        "acc1",
        &AuditFilter {
            principal: Some("key1".into()),
            tool: Some("files__read".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .expect("by principal");
    assert_eq!(by_principal.records.len(), 3);

    // Sessions.
    let session = sessions::McpSession {
        id: "s1".into(),
        account_id: "acc1".into(),
        api_key_id: "key1".into(),
        protocol_version: "2025-06-18".into(),
        last_seen_at: 5,
        log_level: None,
        client_capabilities: json!({"sampling": {}}),
    };
    sessions::create(sql, &session, &json!({"name": "c"}))
        .await
        .expect("session");
    assert_eq!(
        sessions::get(sql, "s1").await.expect("get"),
        Some(session.clone())
    );
    sessions::set_log_level(sql, "s1", "warning")
        .await
        .expect("level");
    assert_eq!(
        sessions::get(sql, "s1")
            .await
            .expect("get")
            .and_then(|s| s.log_level),
        Some("warning".to_string())
    );
    sessions::touch(sql, "s1", 50).await.expect("touch");
    assert_eq!(
        sessions::get(sql, "s1")
            .await
            .expect("get")
            .map(|s| s.last_seen_at),
        Some(50)
    );
    assert_eq!(sessions::purge_idle(sql, 50).await.expect("purge"), 0);
    assert!(sessions::delete(sql, "s1").await.expect("delete"));
    assert!(sessions::get(sql, "s1").await.expect("get").is_none());

    // OAuth connections: a flow is taken once; a refresh lease is held by
    // one and stores over the version it read only.
    let client = server_oauth::Client {
        issuer: "http://127.0.0.1:1".into(),
        token_endpoint: "http://127.0.0.1:1/token".into(),
        client_id: "c1".into(),
        client_secret_enc: None,
        resource: "http://127.0.0.1:2/mcp".into(),
        scope: Some("mcp".into()),
    };
    let flow = server_oauth::Flow {
        state_hash: "h1".into(),
        account_id: "acc1".into(),
        server_id: "srv1".into(),
        client: client.clone(),
        verifier_enc: "v1.x".into(),
        redirect_uri: "http://127.0.0.1:3/api/v1/oauth/callback".into(),
        started_by: "key:key1".into(),
        expires_at: 1000,
    };
    server_oauth::start(sql, &flow, 10, false)
        .await
        .expect("start");
    assert_eq!(
        servers::get(sql, "acc1", "srv1").await.expect("get").oauth,
        Some(servers::OAuthState::Pending)
    );
    assert_eq!(
        server_oauth::take(sql, "h1").await.expect("take"),
        Some(flow)
    );
    assert_eq!(
        server_oauth::take(sql, "h1").await.expect("take again"),
        None
    );
    let connection = server_oauth::Connection {
        server_id: "srv1".into(),
        account_id: "acc1".into(),
        client,
        access_token_enc: Some("v1.a".into()),
        refresh_token_enc: Some("v1.r".into()),
        expires_at: Some(500),
        connected_at: Some(20),
        connected_by: Some("key:key1".into()),
        version: 0,
    };
    server_oauth::connect(sql, &connection, 20)
        .await
        .expect("connect");
    let stored = server_oauth::get(sql, "srv1")
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(stored.version, 1);
    assert_eq!(stored.client.scope.as_deref(), Some("mcp"));
    assert!(
        server_oauth::claim_refresh(sql, "srv1", 1, 30, 100)
            .await
            .expect("claim")
    );
    assert!(
        !server_oauth::claim_refresh(sql, "srv1", 1, 40, 100)
            .await
            .expect("held")
    );
    assert!(
        !server_oauth::claim_refresh(sql, "srv1", 0, 200, 300)
            .await
            .expect("old version")
    );
    assert!(
        server_oauth::refreshed(sql, "srv1", 1, "v1.b", None, Some(900), 50)
            .await
            .expect("refresh")
    );
    assert!(
        !server_oauth::refreshed(sql, "srv1", 1, "v1.c", None, None, 60)
            .await
            .expect("stale")
    );
    let stored = server_oauth::get(sql, "srv1")
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(
        (
            stored.access_token_enc.as_deref(),
            stored.refresh_token_enc.as_deref(),
            stored.version
        ),
        (Some("v1.b"), Some("v1.r"), 2)
    );
    assert!(
        server_oauth::claim_refresh(sql, "srv1", 2, 60, 100)
            .await
            .expect("lease given back")
    );
    server_oauth::disconnect(sql, "acc1", "srv1")
        .await
        .expect("disconnect");
    assert!(server_oauth::get(sql, "srv1").await.expect("get").is_none());
    assert_eq!(
        servers::get(sql, "acc1", "srv1").await.expect("get").oauth,
        None
    );

    // Embeddings: nearest by cosine distance.
    for (id, v) in [
        ("e1", [1.0f32, 0.0, 0.0]),
        ("e2", [0.0, 1.0, 0.0]),
        ("e3", [0.9, 0.1, 0.0]),
    ] {
        embeddings::upsert(
            sql,
            &embeddings::Embedding {
                id,
                account_id: "acc1",
                kind: "tool",
                ref_id: id,
                content: &format!("content {id}"),
                vector: &v,
                model: "m",
                content_hash: None,
            },
            1,
        )
        .await
        .expect("upsert");
    }
    let near = embeddings::nearest(sql, "acc1", "tool", "m", &[1.0, 0.05, 0.0], 2)
        .await
        .expect("nearest");
    assert_eq!(
        near.iter().map(|n| n.ref_id.as_str()).collect::<Vec<_>>(),
        vec!["e1", "e3"]
    );
    assert!(near[0].distance < near[1].distance);
    // Another model's vectors are not compared with these.
    assert!(
        embeddings::nearest(sql, "acc1", "tool", "other", &[1.0, 0.05, 0.0], 2)
            .await
            .expect("nearest")
            .is_empty()
    );

    // People and approval workflows.
    let user = |id: &str, email: &str| people::User {
        id: id.into(),
        name: id.to_uppercase(),
        email: email.into(),
        role: Role::Approver,
        password_set: false,
        disabled_at: None,
        created_at: 1,
    };
    people::create_user(sql, "acc1", &user("u1", "a@x.io"))
        .await
        .expect("user");
    people::create_user(sql, "acc1", &user("u2", "b@x.io"))
        .await
        .expect("user");
    assert_eq!(
        people::create_user(sql, "acc1", &user("u3", "a@x.io"))
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::Conflict)
    );
    let team = people::Team {
        id: "t1".into(),
        name: "sre".into(),
        role: None,
        member_ids: vec!["u1".into()],
        created_at: 1,
    };
    people::create_team(sql, "acc1", &team, vec![])
        .await
        .expect("team");
    people::add_member(sql, "acc1", "t1", "u2", 2, vec![])
        .await
        .expect("member");
    assert_eq!(
        people::add_member(sql, "acc1", "t1", "u2", 2, vec![])
            .await
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::Conflict)
    );
    assert_eq!(
        people::get_team(sql, "acc1", "t1")
            .await
            .expect("team")
            .member_ids,
        vec!["u1", "u2"]
    );
    sign_in_contract(sql).await;
    sso_contract(sql).await;
    budgets_contract(sql).await;
    tracker_events_contract(sql).await;
    let policy = ApprovalPolicy {
        id: "ap1".into(),
        name: "deploys".into(),
        description: None,
        approver_user_ids: vec!["u1".into()],
        approver_team_ids: vec!["t1".into()],
        approvals_required: 2,
        timeout_seconds: 600,
        escalation: Some(Escalation {
            after_seconds: 60,
            user_ids: vec!["u2".into()],
            team_ids: vec![],
        }),
        notification_channels: vec!["email".into(), "slack".into()],
        async_approval: true,
        require_different_person: false,
        justification: Some(Justification::Required),
        is_default: true,
        created_at: 5,
        updated_at: 5,
    };
    let (_, version_before) = accounts::settings(sql, "acc1").await.expect("settings");
    approval_policies::create(sql, "acc1", &policy)
        .await
        .expect("policy");
    assert_eq!(
        approval_policies::get(sql, "acc1", "ap1")
            .await
            .expect("get"),
        policy
    );
    let mut second = policy.clone();
    second.id = "ap2".into();
    second.name = "payments".into();
    second.escalation = None;
    approval_policies::create(sql, "acc1", &second)
        .await
        .expect("second");
    assert!(
        !approval_policies::get(sql, "acc1", "ap1")
            .await
            .expect("get")
            .is_default,
        "one default per account"
    );
    second.approver_user_ids = vec!["u2".into()];
    second.updated_at = 9;
    approval_policies::update(sql, "acc1", &second)
        .await
        .expect("update");
    assert_eq!(
        approval_policies::get(sql, "acc1", "ap2")
            .await
            .expect("get"),
        second
    );
    people::delete_user(sql, "acc1", "u2")
        .await
        .expect("delete user");
    let after = approval_policies::get(sql, "acc1", "ap2")
        .await
        .expect("get");
    assert!(
        after.approver_user_ids.is_empty(),
        "a deleted user approves nothing"
    );
    assert_eq!(
        people::get_team(sql, "acc1", "t1")
            .await
            .expect("team")
            .member_ids,
        vec!["u1"]
    );
    approval_policies::delete(sql, "acc1", "ap2")
        .await
        .expect("delete policy");
    let (_, version_after) = accounts::settings(sql, "acc1").await.expect("settings");
    assert_eq!(
        version_after - version_before,
        4,
        "two creates, an update and a delete of workflows each bump the version"
    );
    assert_eq!(
        approval_policies::list(sql, "acc1")
            .await
            .expect("list")
            .len(),
        1
    );

    // Approval requests: optimistic state changes, votes, events.
    let approval = approval_policies::get(sql, "acc1", "ap1")
        .await
        .expect("policy");
    let hash = call_hash("files__write", Some("files"), &json!({"path": "/etc/x"}));
    let stored = approval_requests::StoredRequest {
        request: ApprovalRequest::new("rq1".into(), &approval, hash, 1_000),
        account_id: "acc1".into(),
        policy_id: "ap1".into(),
        rule_id: Some("r1".into()),
        api_key_id: "key1".into(),
        principal: "key:key1:admin".into(),
        server_id: Some("srv1".into()),
        server_name: Some("files".into()),
        tool: "files__write".into(),
        arguments_enc: "v1.sealed".into(),
        arguments: json!({"path": "/etc/x", "token": "[REDACTED]"}),
        justification: Some("rotate config".into()),
        version: 1,
        execution: "none".into(),
        result: None,
    };
    approval_requests::create(sql, &stored, "ev0".into(), "key:key1:admin")
        .await
        .expect("create request");
    let loaded = approval_requests::require(sql, "acc1", "rq1")
        .await
        .expect("load");
    assert_eq!(loaded, stored);
    assert!(
        approval_requests::get(sql, "other", "rq1")
            .await
            .expect("get")
            .is_none()
    );
    // Two instances load the same version; both vote.
    let (mut first, mut second) = (loaded.clone(), loaded.clone());
    let eligible = vec!["u1".to_string(), "u9".to_string()];
    let counter = std::cell::Cell::new(0);
    let new_id = || {
        counter.set(counter.get() + 1);
        format!("ev{}", counter.get())
    };
    let events = first
        .request
        .vote("u1", true, Some("lgtm".into()), &eligible, 2_000)
        .expect("vote");
    let vote = first.request.votes.clone();
    assert!(
        approval_requests::save(sql, &first, &vote, &events, Some("u1"), &new_id, 2_000)
            .await
            .expect("save")
    );
    let events = second
        .request
        .vote("u9", false, None, &eligible, 2_001)
        .expect("vote");
    let vote = second.request.votes.clone();
    assert!(
        !approval_requests::save(sql, &second, &vote, &events, Some("u9"), &new_id, 2_001)
            .await
            .expect("save"),
        "a stale writer must lose"
    );
    let now = approval_requests::require(sql, "acc1", "rq1")
        .await
        .expect("load");
    assert_eq!(now.version, 2);
    assert_eq!(
        now.request.votes.len(),
        1,
        "the losing writer's vote was not written"
    );
    assert_eq!(now.request.status, RequestStatus::Pending, "quorum is 2");
    let kinds: Vec<String> = approval_requests::events(sql, "rq1")
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, vec!["created", "voted"]);
    assert_eq!(
        approval_requests::list(sql, "acc1", Some(RequestStatus::Pending), 10)
            .await
            .expect("list")
            .len(),
        1
    );
    // Only an approved request can be executed, and only once.
    assert!(
        !approval_requests::claim_execution(sql, "rq1", 2_500)
            .await
            .expect("claim")
    );
    let mut approving = approval_requests::require(sql, "acc1", "rq1")
        .await
        .expect("load");
    let events = approving
        .request
        .vote("u9", true, None, &eligible, 3_000)
        .expect("vote");
    let vote = vec![approving.request.votes[1].clone()];
    assert!(
        approval_requests::save(sql, &approving, &vote, &events, Some("u9"), &new_id, 3_000)
            .await
            .expect("save")
    );
    assert!(
        approval_requests::claim_execution(sql, "rq1", 3_000)
            .await
            .expect("claim")
    );
    assert!(
        !approval_requests::claim_execution(sql, "rq1", 3_000)
            .await
            .expect("claim again")
    );
    assert_eq!(
        approval_requests::close_abandoned_executions(sql, 3_000, &json!({"isError": true}))
            .await
            .expect("close"),
        0,
        "an execution claimed at the cut-off is not abandoned yet"
    );
    approval_requests::finish_execution(sql, "rq1", &json!({"content": []}), 3_001)
        .await
        .expect("finish");
    let done = approval_requests::require(sql, "acc1", "rq1")
        .await
        .expect("load");
    assert_eq!(
        (done.request.status, done.execution.as_str(), done.result),
        (
            RequestStatus::Approved,
            "done",
            Some(json!({"content": []}))
        )
    );
    assert!(
        approval_requests::due(sql, 10_000_000, 10)
            .await
            .expect("due")
            .is_empty(),
        "decided requests are never due"
    );

    // Escalation (60 s) and expiry (600 s) make a pending request due.
    let mut later = stored.clone();
    later.request.id = "rq2".into();
    approval_requests::create(sql, &later, "ev99".into(), "key:key1:admin")
        .await
        .expect("create");
    assert!(
        approval_requests::due(sql, 2_000, 10)
            .await
            .expect("due")
            .is_empty()
    );
    assert_eq!(
        approval_requests::due(sql, 61_000, 10).await.expect("due"),
        vec![("rq2".to_string(), "acc1".to_string())]
    );

    // Approver links: bound to one request, alive only while it is pending.
    approval_links::insert(sql, "hash-a", "rq2", "u1", 5_000)
        .await
        .expect("token");
    assert_eq!(
        approval_links::resolve(sql, "rq2", "hash-a")
            .await
            .expect("resolve"),
        Some(("acc1".to_string(), "u1".to_string()))
    );
    assert_eq!(
        approval_links::resolve(sql, "rq1", "hash-a")
            .await
            .expect("resolve"),
        None,
        "a token opens only its own request"
    );
    assert_eq!(
        approval_links::resolve(sql, "rq2", "hash-b")
            .await
            .expect("resolve"),
        None
    );
    let mut cancelling = approval_requests::require(sql, "acc1", "rq2")
        .await
        .expect("load");
    let events = cancelling
        .request
        .cancel("key:key1:admin", 6_000)
        .expect("cancel");
    assert!(
        approval_requests::save(
            sql,
            &cancelling,
            &[],
            &events,
            Some("key:key1:admin"),
            &new_id,
            6_000
        )
        .await
        .expect("save")
    );
    let left = sql
        .query(
            "SELECT COUNT(*) AS n FROM approval_tokens WHERE request_id = 'rq2'",
            &[],
        )
        .await
        .expect("count");
    assert_eq!(
        left[0].int("n").ok(),
        Some(0),
        "links die with the decision"
    );
    let audited = sql
        .query(
            "SELECT outcome, principal FROM audit_events WHERE request_id = 'rq2' ORDER BY seq",
            &[],
        )
        .await
        .expect("audit");
    assert_eq!(
        audited
            .iter()
            .map(|r| (
                r.str("outcome").unwrap_or_default(),
                r.str("principal").unwrap_or_default()
            ))
            .collect::<Vec<_>>(),
        vec![
            ("approval_created".to_string(), "key:key1:admin".to_string()),
            (
                "approval_cancelled".to_string(),
                "key:key1:admin".to_string()
            )
        ],
        "the opening and the transition are audited with them"
    );

    // Notification channels and the delivery outbox.
    let channel = notifications::StoredChannel {
        id: "ch1".into(),
        kind: "webhook".into(),
        name: "ops".into(),
        config_enc: "sealed".into(),
        enabled: true,
        created_at: 1,
        updated_at: 1,
    };
    notifications::create_channel(sql, "acc1", &channel)
        .await
        .expect("channel");
    let twin = notifications::StoredChannel {
        id: "ch2".into(),
        ..channel.clone()
    };
    assert_eq!(
        notifications::create_channel(sql, "acc1", &twin)
            .await
            .map_err(|e| e.kind),
        Err(ErrorKind::Conflict)
    );
    let disabled = notifications::StoredChannel {
        enabled: false,
        updated_at: 2,
        ..channel.clone()
    };
    notifications::update_channel(sql, "acc1", &disabled)
        .await
        .expect("update");
    assert_eq!(
        notifications::list_channels(sql, "acc1")
            .await
            .expect("list"),
        vec![disabled]
    );
    let delivery = notifications::Delivery {
        id: "d1".into(),
        account_id: "acc1".into(),
        request_id: Some("rq2".into()),
        channel_id: Some("ch1".into()),
        kind: "webhook".into(),
        recipient: None,
        payload_enc: "sealed".into(),
        status: "queued".into(),
        attempts: 0,
        next_attempt_at: 7_000,
        last_error: None,
        last_status: None,
        created_at: 6_000,
        delivered_at: None,
    };
    notifications::enqueue(sql, &delivery)
        .await
        .expect("enqueue");
    assert!(
        notifications::due(sql, 6_999, 10)
            .await
            .expect("due")
            .is_empty()
    );
    assert_eq!(
        notifications::due(sql, 7_000, 10).await.expect("due"),
        vec!["d1".to_string()]
    );
    let claimed = notifications::claim(sql, "d1", 7_000, 67_000)
        .await
        .expect("claim")
        .expect("claimed");
    assert_eq!(claimed.attempts, 1);
    assert!(
        notifications::claim(sql, "d1", 7_001, 67_001)
            .await
            .expect("claim")
            .is_none(),
        "one sender per attempt"
    );
    notifications::finish(
        sql,
        "d1",
        notifications::Outcome::Failed {
            error: "the receiver answered HTTP 503",
            status: Some(503),
            retry_at: Some(8_000),
        },
        7_010,
    )
    .await
    .expect("finish");
    assert!(
        notifications::due(sql, 7_999, 10)
            .await
            .expect("due")
            .is_empty(),
        "backing off"
    );
    let again = notifications::claim(sql, "d1", 8_000, 68_000)
        .await
        .expect("claim")
        .expect("claimed");
    assert_eq!(again.attempts, 2);
    notifications::finish(
        sql,
        "d1",
        notifications::Outcome::Delivered { status: Some(200) },
        8_010,
    )
    .await
    .expect("finish");
    let listed = notifications::list(sql, "acc1", Some("rq2"), 10)
        .await
        .expect("list");
    assert_eq!(
        (
            listed[0].status.as_str(),
            listed[0].attempts,
            listed[0].last_status,
            listed[0].delivered_at,
            listed[0].last_error.clone()
        ),
        ("delivered", 2, Some(200), Some(8_010), None)
    );
    assert!(
        notifications::due(sql, i64::MAX, 10)
            .await
            .expect("due")
            .is_empty()
    );
    notifications::delete_channel(sql, "acc1", "ch1")
        .await
        .expect("delete");

    // Values round-trip with their types.
    let rows = sql
        .query(
            "SELECT $1 AS t, $2 AS n",
            &[Value::Text("x'y".into()), Value::Int(i64::MAX)],
        )
        .await
        .expect("select");
    assert_eq!(rows[0].str("t").ok().as_deref(), Some("x'y"));
}

/// Budgets: reservations that cannot pass the amount, all or none across
/// budgets, settled once, and a crashed request's hold counted by the sweep.
/// A delivery worked twice (a crash after its events were written) records
/// its events once, those about no issue included.
async fn tracker_events_contract(sql: &dyn Sql) {
    use preloop_core::store::tracker_inbox;
    use preloop_core::trackers::events::{Event, EventKind};
    let events = [
        Event {
            kind: EventKind::IssueOpened,
            issue_key: Some("o/r#1".into()),
            actor: Some("octocat".into()),
            data: json!({}),
            occurred_at: Some(5),
        },
        Event {
            kind: EventKind::LabelChanged,
            issue_key: None,
            actor: None,
            data: json!({"label": "bug"}),
            occurred_at: None,
        },
    ];
    for attempt in 0..2 {
        let ids = [format!("ev-{attempt}-a"), format!("ev-{attempt}-b")];
        let statements =
            tracker_inbox::event_statements(&ids, "acc1", "tr1", None, "delivery-1", &events, 10)
                .expect("statements");
        sql.batch(&statements).await.expect("events");
    }
    let stored = tracker_inbox::events(sql, "acc1", Some("tr1"), 100)
        .await
        .expect("events");
    assert_eq!(stored.len(), 2, "{stored:?}");
}

async fn budgets_contract(sql: &dyn Sql) {
    use preloop_core::store::budgets::{self, Budget, Period, Scope};
    use preloop_core::store::usage_ledger::{self, Entry, Outcome, Settlement};
    use preloop_core::store::{ai_models, model_access};
    let budget = |id: &str, scope: Scope, scope_id: &str, amount: i64| Budget {
        id: id.into(),
        account_id: "acc1".into(),
        scope,
        scope_id: scope_id.into(),
        amount_nanousd: amount,
        period: Period::Daily,
        soft_limit_pct: None,
        created_at: 1,
        updated_at: 1,
    };
    budgets::insert(sql, &budget("bg-a", Scope::Account, "acc1", 1_000))
        .await
        .expect("account budget");
    budgets::insert(sql, &budget("bg-k", Scope::ApiKey, "k-budget", 300))
        .await
        .expect("key budget");
    let now = 1_796_073_260_000;
    // A model resolves with its provider, the caller's list and budgets in
    // one query.
    let asker = |agent_id| ai_models::Asker {
        api_key_id: "k-budget",
        agent_id,
        flow_id: None,
        flow_execution_id: None,
    };
    let provider = ai_models::Provider {
        id: "pv1".into(),
        account_id: "acc1".into(),
        name: "prov".into(),
        kind: ai_models::ProviderKind::OpenaiCompatible,
        base_url: "http://127.0.0.1:9/v1".into(),
        api_key_enc: Some("v1.sealed".into()),
        api_key_ref: None,
        key_hint: Some("WXYZ".into()),
        timeout_ms: None,
        created_at: 1,
        updated_at: 1,
    };
    ai_models::insert_provider(sql, &provider)
        .await
        .expect("provider");
    let model = ai_models::Model {
        id: "md1".into(),
        account_id: "acc1".into(),
        name: "fast".into(),
        provider_id: "pv1".into(),
        upstream_model: "gpt-4o-mini".into(),
        context_window: Some(128_000),
        max_output_tokens: Some(4096),
        prices: None,
        allow_unpriced: false,
        created_at: 1,
        updated_at: 1,
    };
    ai_models::insert_model(sql, &model).await.expect("model");
    let open = ai_models::resolve(sql, "acc1", "fast", asker(None))
        .await
        .expect("resolve")
        .expect("found");
    assert_eq!(
        (&open.model, &open.provider, &open.allowed),
        (&model, &provider, &None)
    );
    // A rotated key, a timeout and a new price are what the next request
    // resolves.
    let provider = ai_models::Provider {
        api_key_enc: Some("v1.rotated".into()),
        key_hint: Some("ABCD".into()),
        timeout_ms: Some(1500),
        updated_at: 2,
        ..provider
    };
    assert!(
        ai_models::update_provider(sql, &provider)
            .await
            .expect("update provider")
    );
    let model = ai_models::Model {
        prices: Some(ai_models::ModelPrices {
            input: 0.5,
            output: 1.5,
            ..Default::default()
        }),
        max_output_tokens: Some(1024),
        updated_at: 2,
        ..model
    };
    assert!(
        ai_models::update_model(sql, &model)
            .await
            .expect("update model")
    );
    let elsewhere = ai_models::Model {
        account_id: "acc2".into(),
        ..model.clone()
    };
    assert!(
        !ai_models::update_model(sql, &elsewhere)
            .await
            .expect("other account")
    );
    let open = ai_models::resolve(sql, "acc1", "fast", asker(None))
        .await
        .expect("resolve")
        .expect("found");
    assert_eq!((&open.model, &open.provider), (&model, &provider));
    model_access::put(
        sql,
        "acc1",
        &model_access::Access {
            scope: Scope::Account,
            scope_id: "acc1".into(),
            models: vec!["other".into()],
            updated_at: 1,
        },
    )
    .await
    .expect("account list");
    model_access::put(
        sql,
        "acc1",
        &model_access::Access {
            scope: Scope::ApiKey,
            scope_id: "k-budget".into(),
            models: vec!["fast".into()],
            updated_at: 1,
        },
    )
    .await
    .expect("key list");
    let resolved = ai_models::resolve(sql, "acc1", "fast", asker(Some("no-agent")))
        .await
        .expect("resolve")
        .expect("found");
    // The key's list is the narrowest.
    assert_eq!(resolved.allowed, Some(vec!["fast".to_string()]));
    // Resolved by the key's hash, it is the same, with the key's id.
    sql.batch(&[accounts::create_key_statement(&NewKey {
        id: "k-budget",
        account_id: "acc1",
        name: "budgeted",
        key_hash: "hash-budget",
        prefix: "pl_bud",
        role: Role::Agent,
        scopes: None,
        user_id: None,
        agent_id: None,
        expires_at: None,
        flow_id: None,
        flow_execution_id: None,
        now: 1,
    })])
    .await
    .expect("budgeted key");
    let by_key = ai_models::resolve_for_key(sql, "hash-budget", "fast")
        .await
        .expect("resolve by key")
        .expect("found by key");
    let by_id = ai_models::resolve(sql, "acc1", "fast", asker(None))
        .await
        .expect("resolve")
        .expect("found");
    assert_eq!(by_key, ("k-budget".to_string(), by_id));
    assert!(
        ai_models::resolve_for_key(sql, "no-such-hash", "fast")
            .await
            .expect("unknown key")
            .is_none()
    );
    assert!(
        ai_models::resolve_for_key(sql, "hash-budget", "slow")
            .await
            .expect("unknown model")
            .is_none()
    );
    let list = resolved.budgets;
    assert_eq!(
        list.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
        ["bg-a", "bg-k"]
    );
    assert!(
        ai_models::resolve(sql, "acc1", "slow", asker(None))
            .await
            .expect("resolve")
            .is_none()
    );
    let first = budgets::holds_for(&list, 200, now);
    budgets::reserve(sql, &list, &first, vec![], vec![], now)
        .await
        .expect("reserve")
        .expect("within both");
    // The key's budget has 100 left: refused, and the account's hold that
    // passed is given back.
    let refused = budgets::reserve(
        sql,
        &list,
        &budgets::holds_for(&list, 200, now),
        vec![],
        vec![],
        now,
    )
    .await
    .expect("reserve")
    .expect_err("past the key's budget");
    assert_eq!(
        (refused.budget.id.as_str(), refused.left_nanousd),
        ("bg-k", 100)
    );
    let account = budgets::counters(sql, &list[0], now)
        .await
        .expect("counters");
    assert_eq!((account.spent_nanousd, account.reserved_nanousd), (0, 200));
    // The request settles at 150: twice over, counted once.
    let entry = Entry {
        id: "led1".into(),
        account_id: "acc1".into(),
        api_key_id: Some("k-budget".into()),
        agent_id: None,
        flow_id: None,
        flow_execution_id: Some("exec-1".into()),
        endpoint: "/openai/v1/chat/completions".into(),
        requested_model: Some("m".into()),
        model_id: None,
        provider_id: None,
        upstream_model: None,
        input_tokens: None,
        output_tokens: None,
        cached_tokens: None,
        cost_nanousd: None,
        price_version: Some("v".into()),
        outcome: Outcome::Pending,
        status: 0,
        error: None,
        streamed: false,
        latency_ms: None,
        ttfb_ms: None,
        reservations: first.clone(),
        created_at: 10,
    };
    usage_ledger::insert(sql, &entry).await.expect("ledger row");
    let settled = Settlement {
        input_tokens: Some(5),
        output_tokens: Some(5),
        cached_tokens: Some(0),
        cost_nanousd: Some(150),
        outcome: Outcome::Ok,
        status: 200,
        error: None,
        latency_ms: Some(1),
        ttfb_ms: Some(1),
    };
    assert!(
        usage_ledger::settle(sql, "acc1", "led1", &settled, &first, "t1")
            .await
            .expect("settle")
    );
    assert!(
        !usage_ledger::settle(sql, "acc1", "led1", &settled, &first, "t2")
            .await
            .expect("settle again")
    );
    for b in &list {
        let c = budgets::counters(sql, b, now).await.expect("counters");
        assert_eq!((c.spent_nanousd, c.reserved_nanousd), (150, 0), "{}", b.id);
    }
    // A request whose host died: its row is closed by the sweep, its hold
    // counted in full.
    let hold = budgets::holds_for(&list, 100, now);
    budgets::reserve(sql, &list, &hold, vec![], vec![], now)
        .await
        .expect("reserve")
        .expect("within");
    usage_ledger::insert(
        sql,
        &Entry {
            id: "led2".into(),
            reservations: hold,
            ..entry.clone()
        },
    )
    .await
    .expect("second row");
    assert_eq!(
        usage_ledger::close_stale(sql, 5, 20).await.expect("sweep"),
        0,
        "not yet stale"
    );
    assert_eq!(
        usage_ledger::close_stale(sql, 11, 20).await.expect("sweep"),
        1
    );
    let c = budgets::counters(sql, &list[1], now)
        .await
        .expect("counters");
    assert_eq!((c.spent_nanousd, c.reserved_nanousd), (250, 0));
    // Past a soft limit of 80%: the key's budget (250 of 300), not the
    // account's (250 of 1000); the account is told once a period.
    let limited: Vec<Budget> = list
        .iter()
        .map(|b| Budget {
            soft_limit_pct: Some(80),
            ..b.clone()
        })
        .collect();
    let past_ids = |past: Vec<budgets::PastSoftLimit>| {
        past.into_iter()
            .map(|p| (p.budget.id, p.counters.spent_nanousd, p.noticed))
            .collect::<Vec<_>>()
    };
    let past = budgets::past_soft_limit(sql, &limited, now)
        .await
        .expect("soft limits");
    assert_eq!(past_ids(past), [("bg-k".to_string(), 250, false)]);
    let window = Period::Daily.window_start(now);
    let claim = || budgets::claim_soft_notice(sql, "bg-k", window, now);
    assert!(claim().await.expect("claim"));
    assert!(!claim().await.expect("claimed already"));
    let past = budgets::past_soft_limit(sql, &limited, now)
        .await
        .expect("soft limits");
    assert_eq!(past_ids(past), [("bg-k".to_string(), 250, true)]);
    budgets::release_soft_notice(sql, "bg-k", window)
        .await
        .expect("release");
    assert!(claim().await.expect("claim again"));
    assert!(
        budgets::past_soft_limit(sql, &list, now)
            .await
            .expect("no soft limits")
            .is_empty()
    );
    let rows = usage_ledger::page(sql, "acc1", None, 10)
        .await
        .expect("page");
    let swept = rows.iter().find(|r| r.id == "led2").expect("led2");
    assert_eq!(
        (swept.outcome, swept.cost_nanousd),
        (Outcome::Interrupted, Some(100))
    );
    let of_execution = usage_ledger::for_execution(sql, "acc1", "exec-1", 10)
        .await
        .expect("execution rows");
    assert_eq!(
        of_execution
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["led1", "led2"]
    );
    // Another day is a new window.
    let tomorrow = now + 86_400_000;
    assert!(
        budgets::reserve(
            sql,
            &list,
            &budgets::holds_for(&list, 300, tomorrow),
            vec![],
            vec![],
            tomorrow
        )
        .await
        .expect("reserve")
        .is_ok()
    );
}

/// Single sign-on: an account's provider (its group table and sealed
/// secret kept as given), identities linked to people, and sign-ins in
/// flight taken once and only while live (user u1 of acc1 exists).
async fn sso_contract(sql: &dyn Sql) {
    use preloop_core::store::sso::{self, Flow, GroupRole, Provider};
    let provider = Provider {
        account_id: "acc1".into(),
        issuer: "https://idp.example".into(),
        client_id: "preloop".into(),
        client_secret_enc: Some("v1.sealed".into()),
        scopes: "email groups".into(),
        groups_claim: "groups".into(),
        group_roles: vec![GroupRole {
            group: "eng".into(),
            role: Role::Approver,
        }],
        default_role: Some(Role::Viewer),
        enabled: true,
        created_at: 1,
        updated_at: 1,
    };
    sql.batch(&[sso::put_statement(&provider)])
        .await
        .expect("put");
    assert_eq!(
        sso::get(sql, "acc1").await.expect("get"),
        Some(provider.clone())
    );
    let changed = Provider {
        enabled: false,
        default_role: None,
        client_secret_enc: None,
        updated_at: 2,
        ..provider
    };
    sql.batch(&[sso::put_statement(&changed)])
        .await
        .expect("replace");
    assert_eq!(sso::get(sql, "acc1").await.expect("get"), Some(changed));
    assert_eq!(sso::get(sql, "acc2").await.expect("get"), None);

    sql.batch(&[sso::link_statement(
        "acc1",
        "https://idp.example",
        "sub-1",
        "u1",
        5,
    )])
    .await
    .expect("link");
    // Linking again is a later sign-in of the same person.
    sql.batch(&[sso::link_statement(
        "acc1",
        "https://idp.example",
        "sub-1",
        "u1",
        9,
    )])
    .await
    .expect("relink");
    let linked = |iss: &'static str, sub: &'static str| sso::linked_user(sql, "acc1", iss, sub);
    assert_eq!(
        linked("https://idp.example", "sub-1")
            .await
            .expect("linked")
            .as_deref(),
        Some("u1")
    );
    assert_eq!(
        linked("https://other.example", "sub-1")
            .await
            .expect("other issuer"),
        None
    );

    let flow = |state: &str, created_at: i64| Flow {
        state_hash: state.into(),
        account_id: "acc1".into(),
        verifier_enc: "v1.v".into(),
        nonce: "n".into(),
        return_to: "/".into(),
        created_at,
        expires_at: created_at + 100,
    };
    sql.batch(&sso::start_statements(&flow("s1", 1000)))
        .await
        .expect("start");
    sql.batch(&sso::start_statements(&flow("s2", 1000)))
        .await
        .expect("start");
    assert_eq!(
        sso::take(sql, "s1", 1050).await.expect("take"),
        Some(flow("s1", 1000))
    );
    assert_eq!(sso::take(sql, "s1", 1050).await.expect("again"), None);
    // Expired: gone, and not handed out.
    assert_eq!(sso::take(sql, "s2", 1200).await.expect("late"), None);
    // A new start clears the account's expired flows.
    sql.batch(&sso::start_statements(&flow("s3", 1000)))
        .await
        .expect("start");
    sql.batch(&sso::start_statements(&flow("s4", 5000)))
        .await
        .expect("start");
    assert_eq!(sso::take(sql, "s3", 1050).await.expect("purged"), None);

    sql.batch(&sso::delete_statements("acc1"))
        .await
        .expect("delete");
    assert_eq!(sso::get(sql, "acc1").await.expect("get"), None);
    assert_eq!(
        linked("https://idp.example", "sub-1")
            .await
            .expect("unlinked"),
        None
    );
    assert_eq!(sso::take(sql, "s4", 5050).await.expect("gone"), None);
}

/// People with roles and passwords, teams that grant roles, sessions and
/// their refresh tokens, and sign-in throttling (users u1, u2 and team t1
/// of acc1 exist).
async fn sign_in_contract(sql: &dyn Sql) {
    use preloop_core::access::Permission;
    use preloop_core::store::sign_in::{self, Audience, Claimed, NewSession};
    // Roles and what people hold: their own, and their teams'.
    sql.batch(&[people::set_role_statement("acc1", "u2", Role::Viewer)])
        .await
        .expect("role");
    let held = people::held_permissions(sql, "acc1", "u2")
        .await
        .expect("held");
    assert!(held.has(Permission::ServersRead) && !held.has(Permission::ApprovalsDecide));
    sql.batch(&[people::update_team_statement(
        "acc1",
        "t1",
        "sre",
        Some(Role::Admin),
    )])
    .await
    .expect("team role");
    let held = people::held_permissions(sql, "acc1", "u2")
        .await
        .expect("held");
    assert!(held.has(Permission::SettingsWrite));
    assert_eq!(
        people::get_team(sql, "acc1", "t1")
            .await
            .expect("team")
            .role,
        Some(Role::Admin)
    );
    assert_eq!(
        accounts::admin_user_ids(sql, "acc1").await.expect("admins"),
        vec!["u1", "u2"]
    );
    sql.batch(&[people::update_team_statement("acc1", "t1", "sre", None)])
        .await
        .expect("team role");
    assert_eq!(people::count_owners(sql, "acc1").await.expect("owners"), 0);

    // A password sign-in finds one person by email; two people cannot sign
    // in with one email.
    let signer = |id: &str, email: &str| people::User {
        id: id.into(),
        name: id.into(),
        email: email.into(),
        role: Role::Owner,
        password_set: true,
        disabled_at: None,
        created_at: 1,
    };
    sql.batch(&[people::create_user_statement(
        "acc1",
        &signer("s1", "sign@x.io"),
        Some("$argon2id$x"),
    )])
    .await
    .expect("signer");
    let dup = sql
        .batch(&[people::create_user_statement(
            "acc2",
            &signer("s2", "sign@x.io"),
            Some("$argon2id$y"),
        )])
        .await;
    assert_eq!(dup.err().map(|e| e.kind), Some(ErrorKind::Conflict));
    let login = sign_in::login_by_email(sql, "sign@x.io")
        .await
        .expect("login")
        .expect("found");
    assert_eq!(
        (login.user_id.as_str(), login.password_hash.as_str()),
        ("s1", "$argon2id$x")
    );
    assert!(
        sign_in::login_by_email(sql, "nobody@x.io")
            .await
            .expect("login")
            .is_none()
    );
    assert!(
        people::get_user(sql, "acc1", "s1")
            .await
            .expect("user")
            .password_set
    );

    // A session and its refresh tokens: each used once; a reuse ends it.
    let session = |id: &'static str| NewSession {
        id,
        account_id: "acc1",
        user_id: "s1",
        method: "password",
        client_id: None,
        audience: Audience::Api,
        scope: None,
        now: 100,
        expires_at: 1_000_000,
    };
    sql.batch(&[
        sign_in::create_session_statement(&session("ses1")),
        sign_in::create_refresh_statement("r1", "ses1", 100, 1_000_000),
    ])
    .await
    .expect("session");
    let (p, mcp) = sign_in::principal_for_session(sql, "ses1", "s1", "acc1", 200, None)
        .await
        .expect("principal")
        .expect("live");
    assert_eq!(
        (p.role, p.api_key_id.as_str(), p.key_name.as_str()),
        (Role::Owner, "ses1", "sign@x.io")
    );
    assert!(
        p.permissions.has(Permission::SettingsWrite) && !p.permissions.has(Permission::ToolsCall)
    );
    assert!(mcp.is_none());
    // Another person's id, another account's, or a late hour find nothing.
    for (user, account, now) in [
        ("u1", "acc1", 200),
        ("s1", "acc2", 200),
        ("s1", "acc1", 1_000_001),
    ] {
        assert!(
            sign_in::principal_for_session(sql, "ses1", user, account, now, None)
                .await
                .expect("principal")
                .is_none()
        );
    }
    let Claimed::Fresh(found) = sign_in::claim_refresh(sql, "r1", 300).await.expect("claim") else {
        panic!("a fresh token was not claimed");
    };
    assert_eq!(
        (found.id.as_str(), found.email.as_str()),
        ("ses1", "sign@x.io")
    );
    sql.batch(&[sign_in::create_refresh_statement(
        "r2", "ses1", 300, 1_000_000,
    )])
    .await
    .expect("next");
    assert!(matches!(
        sign_in::claim_refresh(sql, "r1", 400).await.expect("reuse"),
        Claimed::Reused(_)
    ));
    assert_eq!(
        sign_in::claim_refresh(sql, "r2", 500).await.expect("after"),
        Claimed::Invalid
    );
    assert!(
        sign_in::principal_for_session(sql, "ses1", "s1", "acc1", 600, None)
            .await
            .expect("principal")
            .is_none()
    );
    assert_eq!(
        sign_in::claim_refresh(sql, "unknown", 500)
            .await
            .expect("unknown"),
        Claimed::Invalid
    );
    // Signing out; a person's sessions revoked together.
    sql.batch(&[
        sign_in::create_session_statement(&session("ses2")),
        sign_in::create_refresh_statement("r3", "ses2", 100, 1_000_000),
    ])
    .await
    .expect("session");
    assert!(
        sign_in::session_of_refresh(sql, "r3")
            .await
            .expect("of")
            .is_some()
    );
    sql.batch(&[sign_in::revoke_user_sessions_statement(
        "s1",
        "password_reset",
        700,
    )])
    .await
    .expect("revoke all");
    assert!(
        sign_in::session_of_refresh(sql, "r3")
            .await
            .expect("of")
            .is_none()
    );
    assert_eq!(
        sign_in::revoke_session(sql, "ses2", "signed_out", 800)
            .await
            .expect("again"),
        0
    );

    // Throttling: the fifth failure locks; a window that passed starts over.
    for i in 0..4 {
        assert!(
            !sign_in::record_failure(sql, "email:k", 5, 1000 + i)
                .await
                .expect("fail")
        );
    }
    assert!(
        sign_in::record_failure(sql, "email:k", 5, 1010)
            .await
            .expect("fail")
    );
    let until = sign_in::locked_until(sql, &["addr:z", "email:k"], 1020)
        .await
        .expect("locked")
        .expect("is locked");
    assert_eq!(until, 1010 + sign_in::WINDOW_MS);
    assert!(
        sign_in::locked_until(sql, &["email:k"], until + 1)
            .await
            .expect("later")
            .is_none()
    );
    assert!(
        !sign_in::record_failure(sql, "email:k", 5, until + 1)
            .await
            .expect("fresh window")
    );
    sign_in::clear_failures(sql, "email:k")
        .await
        .expect("clear");
    assert!(
        sign_in::locked_until(sql, &["email:k"], 1020)
            .await
            .expect("cleared")
            .is_none()
    );
}

/// A scratch directory removed when the test ends, passed or failed: failed
/// runs' leftovers once filled the machine's disk.
struct ScratchDir(std::path::PathBuf);

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn sqlite_store_contract() {
    let dir = std::env::temp_dir().join(format!("preloop-contract-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let scratch = ScratchDir(dir);
    let sql = SqliteSql::open(&scratch.0.join("store.db")).expect("open sqlite");
    contract(&sql).await;
}

#[tokio::test]
async fn postgres_store_contract() {
    let base = std::env::var("PRELOOP_TEST_DATABASE_URL").expect(
        "PRELOOP_TEST_DATABASE_URL is not set: run the README's test command, which starts a private Postgres with pgvector",
    );
    let admin = PostgresSql::connect(&base, 2).expect("connect");
    let db = format!(
        "preloop_contract_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    );
    admin
        .execute(&format!("CREATE DATABASE {db}"), &[])
        .await
        .expect("create database");
    let url = match base.rsplit_once('/') {
        Some((prefix, _)) => format!("{prefix}/{db}"),
        None => panic!("unexpected database URL"),
    };
    let sql = PostgresSql::connect(&url, 4).expect("connect test db");
    contract(&sql).await;
    drop(sql);
    let _ = admin
        .execute(&format!("DROP DATABASE {db} WITH (FORCE)"), &[])
        .await;
}
