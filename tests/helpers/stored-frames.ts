// The frames a recording stored, decoded to pixels, for tests that look for a colour in them: what
// is in the data folder's database (the only place frames are written), not what the recorder meant
// to write.
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';

export interface StoredFrame {
  seq: number;
  app: string;
  /** The window it shows, as the focus watcher saw it (root coordinates, inside the border). */
  window: { x: number; y: number; width: number; height: number };
  width: number;
  height: number;
  /** RGB(A) pixels, `channels` bytes each. */
  data: Buffer;
  channels: number;
}

export type ColourTest = (r: number, g: number, b: number) => boolean;

/** Every frame stored in the data folder, or only those of `sessionId`. */
export async function storedFrames(dataDir: string, sessionId?: string): Promise<StoredFrame[]> {
  const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
  const rows = db
    .prepare(
      'SELECT f.seq, w.app, w.x, w.y, w.width, w.height, f.bytes FROM frames f JOIN windows w ON w.session_id = f.session_id AND w.seq = f.window_seq ' +
        'WHERE @session IS NULL OR f.session_id = @session ORDER BY f.session_id, f.seq',
    )
    .all({ session: sessionId ?? null }) as { seq: number; app: string; x: number; y: number; width: number; height: number; bytes: Buffer }[];
  db.close();
  return Promise.all(
    rows.map(async (row) => {
      const { data, info } = await sharp(row.bytes).raw().toBuffer({ resolveWithObject: true });
      const window = { x: row.x, y: row.y, width: row.width, height: row.height };
      return { seq: row.seq, app: row.app, window, width: info.width, height: info.height, data, channels: info.channels };
    }),
  );
}

/** Pixels of `frame` (or of its rectangle `within`) that pass `test`. */
export function countPixels(frame: Pick<StoredFrame, 'data' | 'channels' | 'width'>, test: ColourTest, within?: { x: number; y: number; width: number; height: number }): number {
  let n = 0;
  const height = frame.data.length / frame.channels / frame.width;
  const area = within ?? { x: 0, y: 0, width: frame.width, height };
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let x = area.x; x < area.x + area.width; x++) {
      const i = (y * frame.width + x) * frame.channels;
      if (test(frame.data[i]!, frame.data[i + 1]!, frame.data[i + 2]!)) n++;
    }
  }
  return n;
}

/** The whole screen as the X server shows it now (ImageMagick's import), as RGB pixels: proof that
 *  what a test expects to be absent from frames really was on screen. */
export async function screenPixels(env: NodeJS.ProcessEnv): Promise<Pick<StoredFrame, 'data' | 'channels' | 'width' | 'height'>> {
  const { execFile } = await import('node:child_process');
  const png = await new Promise<Buffer>((resolve, reject) =>
    execFile('import', ['-silent', '-window', 'root', 'png:-'], { env, encoding: 'buffer', maxBuffer: 64 << 20 }, (err, out) => (err ? reject(err) : resolve(out))),
  );
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels, width: info.width, height: info.height };
}
