-- A model's evaluations of issues against the definition of ready
-- (ARCHITECTURE.md "Trackers": LLM compliance), one per issue, prompt
-- version and model. `revision` is the SHA-256 of exactly what the model
-- was shown, so an evaluation is reused until the issue's text, labels,
-- priority or links change, and a new prompt version or model asks again.
CREATE TABLE issue_evaluations (
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    prompt_version TEXT NOT NULL,
    model TEXT NOT NULL,
    revision TEXT NOT NULL,
    -- JSON: the checked findings the model answered.
    answer TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (issue_id, prompt_version, model)
);
