// The size of what ships is kept: the brotli total of what the packaged page
// loads to start (scripts/hosting/size.mjs says which files) may exceed the
// figure recorded in docs/size-record.txt by 1 KiB at most. Raising the
// record is a commit of its own that says what the bytes bought.
//
//   ./scripts/package --no-build && node --test tests/hosting/size.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { unpack, repoRoot } from './package.mjs';
import { startSizes, recordedSize, ALLOWANCE } from '../../scripts/hosting/size.mjs';

let shipped;
before(async () => {
  shipped = await unpack();
});
after(() => shipped?.remove());

test('what the page loads to start, brotli, is within 1 KiB of docs/size-record.txt', () => {
  const { files, total } = startSizes(shipped.site);
  const record = recordedSize(path.join(repoRoot, 'docs', 'size-record.txt'));
  const kinds = files.map((f) => f.file.replace(/-[0-9a-f]{1,16}(?=(?:_bg)?\.(?:js|wasm|css)$)/, '-<hash>'));
  assert.deepEqual(kinds, ['index.html', 'icon.svg', 'main-<hash>.css', 'einvoicing-console-<hash>.js', 'einvoicing-console-<hash>_bg.wasm']);
  const table = files.map((f) => `${f.file}: ${f.brotli} B`).join(', ');
  assert.ok(
    total <= record + ALLOWANCE,
    `${total} B (${table}) is ${total - record} B over the record of ${record} B, more than the ${ALLOWANCE} B allowed: ` +
      'make it smaller, or raise docs/size-record.txt in a commit of its own that says what the bytes bought',
  );
});
