// Organisation policies sent to the service with one signature (`cairn remote send-policy`, by an
// admin or a council member): the version waiting for the other signer, which the council's and
// the admins' screens show and offer for download. A policy both signed goes to org_policies.
export const up = `
CREATE TABLE org_policy_proposals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The signed file as text, byte for byte as checked.
  file text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  issued_at text NOT NULL,
  sent_by bigint NOT NULL REFERENCES users (id),
  sent_at bigint NOT NULL
);
`;
