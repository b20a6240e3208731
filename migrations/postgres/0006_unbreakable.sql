-- Separation of duties: four-eyes workflows, and the person responsible for
-- a managed agent (who then cannot approve its calls under four eyes).
ALTER TABLE approval_policies ADD COLUMN require_different_person BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE agents ADD COLUMN owner_user_id TEXT;
