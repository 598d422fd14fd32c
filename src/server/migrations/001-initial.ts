// The team service's first schema. Content never stands in a row in clear: a session's parts are
// sealed with its own key (storage/content-cipher.ts), which lives outside PostgreSQL, and frames
// are sealed files in the blob folder that rows name by sha256. What rows hold in clear is who,
// what state and when: the queue, decisions, the access log, pulls and tombstones.
export const up = `
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
  role text NOT NULL CHECK (role IN ('contributor', 'reviewer', 'researcher', 'admin', 'council')),
  -- sha256 of the token: the token itself is shown once and kept nowhere.
  token_sha256 bytea NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  revoked_at bigint
);

CREATE TABLE uploads (
  id uuid PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  size bigint NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  created_at bigint NOT NULL,
  completed_at bigint,
  sessions uuid[],
  -- The same file sent again by the same person resumes (or repeats) this upload.
  UNIQUE (user_id, sha256)
);

CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  owner_id bigint NOT NULL REFERENCES users (id),
  upload_id uuid NOT NULL REFERENCES uploads (id),
  state text NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'erased')),
  submitted_at bigint NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint,
  events integer NOT NULL,
  frames integer NOT NULL,
  open_findings integer NOT NULL,
  decided_by bigint REFERENCES users (id),
  decided_at bigint,
  reason text,
  -- An erased session keeps this row as its tombstone: id, owner, dates, no content.
  erased_at bigint,
  erase_reason text CHECK (erase_reason IN ('deleted', 'forgotten', 'withdrawn')),
  CHECK ((state = 'erased') = (erased_at IS NOT NULL))
);
CREATE INDEX sessions_by_state ON sessions (state, submitted_at);
CREATE INDEX sessions_by_owner ON sessions (owner_id, submitted_at);

-- session.json and events.jsonl of the bundle, each sealed (AES-256-GCM) with the session's key.
CREATE TABLE session_content (
  session_id uuid PRIMARY KEY REFERENCES sessions (id),
  part bytea NOT NULL,
  events bytea NOT NULL
);

CREATE TABLE frames (
  session_id uuid NOT NULL REFERENCES sessions (id),
  seq integer NOT NULL,
  -- The sealed frame's file in the blob folder, named by its sha256.
  blob text NOT NULL,
  size integer NOT NULL,
  PRIMARY KEY (session_id, seq)
);

CREATE TABLE access_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id),
  user_id bigint NOT NULL REFERENCES users (id),
  action text NOT NULL,
  at bigint NOT NULL,
  detail jsonb
);
CREATE INDEX access_log_by_session ON access_log (session_id, id);

CREATE TABLE pulls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  at bigint NOT NULL,
  format text NOT NULL,
  destination text NOT NULL
);
CREATE TABLE pull_sessions (
  pull_id bigint NOT NULL REFERENCES pulls (id),
  session_id uuid NOT NULL REFERENCES sessions (id),
  PRIMARY KEY (pull_id, session_id)
);
CREATE INDEX pull_sessions_by_session ON pull_sessions (session_id);
`;
