// The team service's files under its blob folder: blobs/ (sealed frames by sha256), keys/ (one key
// a session or upload), uploads/ (uploads in progress, sealed as they arrive).
import { makePrivateDir } from '../../store/private-files.ts';
import { assertUsablePath } from '../../store/usable-path.ts';
import { BlobStore } from './blob-store.ts';
import { KeyFiles } from './key-files.ts';
import { UploadStaging } from './upload-staging.ts';

export interface ServerStorage {
  dir: string;
  blobs: BlobStore;
  keys: KeyFiles;
  staging: UploadStaging;
}

export function openStorage(blobDir: string): ServerStorage {
  const dir = assertUsablePath(blobDir, { what: 'blob folder', kind: 'folder' });
  makePrivateDir(dir);
  const keys = new KeyFiles(dir);
  return { dir, blobs: new BlobStore(dir), keys, staging: new UploadStaging(dir, keys) };
}
