// Waivers made on the service. A bundle's own waivers were made on another machine and count for
// nothing here (server-findings.ts); a reviewer of this service may waive a finding, named, with a
// reason. The reason may quote what the finding shows, so it is sealed with the session's key like
// the rest of its content, and its row goes when the session is erased.
export const up = `
CREATE TABLE finding_waivers (
  session_id uuid NOT NULL REFERENCES sessions (id),
  -- The finding's number within the session's findings, from 1, in the bundle's order.
  finding integer NOT NULL CHECK (finding > 0),
  waived_by bigint NOT NULL REFERENCES users (id),
  at bigint NOT NULL,
  reason bytea NOT NULL,
  PRIMARY KEY (session_id, finding)
);
`;
