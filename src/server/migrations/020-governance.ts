// Works-council mode and the contributor ledger (src/server/governance/): the admins' and council
// members' public signing keys, every organisation policy set (the newest is in force; older ones
// stay as the record of what applied when), and each session's step count for the ledger.
export const up = `
CREATE TABLE signing_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  -- Ed25519, SPKI DER in base64, as a signature names its key.
  public_key text NOT NULL UNIQUE,
  fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{16}$'),
  added_at bigint NOT NULL
);

CREATE TABLE org_policies (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The signed file as text, byte for byte as checked (jsonb would reorder it).
  file text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  issued_at text NOT NULL,
  set_at bigint NOT NULL
);

-- Actions derived from the session's events at upload (clicks, typed text, ...), for the ledger.
ALTER TABLE sessions ADD COLUMN steps integer CHECK (steps >= 0);
`;
