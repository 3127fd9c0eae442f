// The benchmark's workspace: ONE service environment "UAT" holding N users
// (10,000 by default), publishable (a Key Vault reference with a Secret entry
// chosen as the Storage SAS token secret), in the envelope the console keeps
// in localStorage, format version 2 (see src/storage/envelope.rs; its
// fixtures are drafts of version 1, which the console migrates).
//
// Users are `user00001` … with `user00001@contoso.com` …: valid, unique
// User IDs and emails. The page re-validates everything on load; a recovery
// screen instead of the list means this shape is wrong.
//
//   node tests/bench/workspace.mjs [users=10000] > stored.json   # the envelope

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The localStorage key the console keeps its draft under. */
export const STORAGE_KEY = 'einvoicing-console/workspace';

/** The User ID of the n-th generated user (1-based): user00001 … */
export function userId(n) {
  return `user${String(n).padStart(5, '0')}`;
}

/**
 * The stored-workspace envelope (an object; JSON.stringify it for localStorage).
 * @param {{ users?: number, endpoint?: string | null }} [options]
 *   endpoint: a Custom service endpoint URL (e.g. http://127.0.0.1:PORT/), or
 *   null for none (then a page served from 127.0.0.1 publishes to the local
 *   development receiver's http://127.0.0.1:8081/).
 */
export function storedWorkspace({ users = 10_000, endpoint = null } = {}) {
  const list = [];
  for (let n = 1; n <= users; n++) {
    const id = userId(n);
    list.push({ userId: id, email: `${id}@contoso.com` });
  }
  return {
    format: 'einvoicing-console/stored-workspace',
    version: 2,
    workspace: {
      // The last id handed out (ids 1–3 below).
      nextId: 3,
      keyVaultReferences: [
        {
          id: 1,
          name: 'ContosoKV',
          description: '',
          uri: 'https://contoso-einvoicing.vault.azure.net/',
          certificates: [{ id: 2, name: 'einvoicing-sas', description: '', type: 'secret' }],
          chains: [],
        },
      ],
      environments: [
        {
          id: 3,
          name: 'UAT',
          description: 'Validation before production',
          storageSasSecret: { reference: 1, entry: 2 },
          keyVaultReferences: [],
          users: list,
          applications: [],
          numberSequences: [],
          publication: null,
        },
      ],
      connectedApplications: [],
      settings: endpoint ? { endpoint: { kind: 'custom', url: endpoint } } : {},
    },
  };
}

// CLI: print the envelope.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const users = Number(process.argv[2] ?? 10_000);
  process.stdout.write(`${JSON.stringify(storedWorkspace({ users }), null, 2)}\n`);
}
