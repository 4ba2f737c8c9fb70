import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file/file-store.js';
import { defineTrackingStoreContract } from '../contract/tracking-store-contract.js';

defineTrackingStoreContract('FileStore', async () => new FileStore(join(mkdtempSync(join(tmpdir(), 'fs-contract-')), 'mlruns')));
