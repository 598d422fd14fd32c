// The service's own review of a session (src/server/review/): whether its detectors have run over
// the session yet (checked_at; NULL while they run, and approval waits for them), the generation
// of the session's key (a redaction here re-seals the session with a new key and destroys the old
// one), and the service's record: its own findings and the redactions its reviewers made, sealed
// with the session's key like the rest of its content.
export const up = `
ALTER TABLE sessions ADD COLUMN checked_at bigint;
ALTER TABLE sessions ADD COLUMN key_generation integer NOT NULL DEFAULT 0 CHECK (key_generation >= 0);
ALTER TABLE session_content ADD COLUMN review bytea;
`;
