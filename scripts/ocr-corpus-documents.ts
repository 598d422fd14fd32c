// What the OCR corpus shows: three documents of plain text with secrets the detectors know (keys of
// several providers, e-mails, phones, cards, IBANs, an ID, private-key headers), each secret at the
// end of its line so that hiding it moves nothing else (scripts/make-ocr-corpus.ts finds its box
// by that difference). Lines fit an 80-column terminal.

export interface Secret { detector: string; value: string }
export interface Line { text: string; secret?: Secret }
export interface Document {
  name: string;
  lines: Line[];
  /** Shown by the browser only, as a column left of the lines (a web app's folder list). */
  sidebar?: string[];
}

const plain = (text: string): Line => ({ text });
const secret = (text: string, detector: string, value: string): Line => ({ text, secret: { detector, value } });

export const DOCUMENTS: Document[] = [
  {
    name: 'env',
    lines: [
      plain('$ cat deploy/.env'),
      plain('# staging deploy, rotated on 12 May'),
      secret('AWS_ACCESS_KEY_ID=', 'aws-key', 'AKIAIOSFODNN7EXAMPLE'),
      secret('AWS_SECRET_ACCESS_KEY=', 'aws-key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
      secret('GITHUB_TOKEN=', 'github-token', 'ghp_mxUSsMcvpjRfyQGNA8VxIjBJtRJqGi2DEYVz'),
      secret('SLACK_BOT_TOKEN=', 'slack-token', 'xoxb-781769895713-7231982571795-XYqB0yXzd4D2xuUekrCBCnDz'),
      secret('DATABASE_URL=', 'database-url', 'postgres://admin:S3cr3tPa55@db.internal:5432/app'),
      plain('NODE_ENV=staging'),
      plain('$ git log --oneline -3'),
      plain('9fceb02 Bump node to v20.11.1'),
      plain('4c1d7e3 Fix flaky upload test on slow disks'),
      plain('$ head -1 ~/.ssh/id_ed25519'),
      secret('', 'private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'),
    ],
  },
  {
    name: 'ticket',
    lines: [
      plain('Ticket 4821: refund request'),
      secret('From: ', 'email', 'jane.doe@example.com'),
      secret('Phone: ', 'phone', '+44 20 7946 0958'),
      secret('Card on file: ', 'card', '4242 4242 4242 4242'),
      secret('Refund to IBAN: ', 'iban', 'GB82 WEST 1234 5698 7654 32'),
      plain('Amount: 1,284.50 EUR, due 30 June'),
      plain('Customer note: please call after 5 pm, not before.'),
      secret('SSN on the form: ', 'national-id', '219-09-9999'),
      plain('Forwarded to the billing team by Marco on Tuesday.'),
    ],
  },
  {
    name: 'chat',
    lines: [
      plain('#deploys, Tuesday'),
      plain('marco: new OpenAI key for the eval runner:'),
      secret('', 'openai-key', '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'),
      plain('marco: npm publish token, expires Friday'),
      secret('', 'npm-token', 'npm_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R'),
      secret('priya: GitLab CI uses ', 'gitlab-token', 'glpat-Xk9f2LmQ7rT4vB8nW3yZ'),
      secret('priya: the test card is ', 'card', '5555 5555 5555 4444'),
      secret('priya: wire refunds to ', 'iban', 'DE89 3704 0044 0532 0130 00'),
      secret('marco: send the invoice to ', 'email', 'j.smith+news@example.org'),
      plain('sam: build 2024.05.12-rc3 passed, 1,204 tests in 312 s'),
      secret('sam: pasted by mistake, now rotated: ', 'private-key', '-----BEGIN RSA PRIVATE KEY-----'),
    ],
  },
  {
    name: 'mail',
    sidebar: ['Inbox (12)', 'Starred', 'Sent', 'Drafts (2)', 'Billing', 'Travel', 'Spam', 'Trash'],
    lines: [
      plain('Re: your new account'),
      secret('From: Support <', 'email', 'help@northwind.example'),
      plain('Hi Jane, here are the details you asked for.'),
      secret('Your card ending 1111 is ', 'card', '4111 1111 1111 1111'),
      secret('Direct debit from ', 'iban', 'FR14 2004 1010 0505 0001 3M02 606'),
      secret('Call us on ', 'phone', '+1 415 555 0132'),
      secret('API key for the dashboard: ', 'github-token', 'ghp_R8cJ2kLm9QxT4vW7yZ1aB3dE5fG6hI0jK2lM'),
      plain('Kind regards, the Northwind team'),
    ],
  },
];

/** The document's lines as shown, with the secrets in `hidden` replaced by as many spaces. */
export function documentText(doc: Document, hidden: ReadonlySet<number> = new Set()): string[] {
  return doc.lines.map((l, i) => l.text + (l.secret ? (hidden.has(i) ? ' '.repeat(l.secret.value.length) : l.secret.value) : ''));
}
