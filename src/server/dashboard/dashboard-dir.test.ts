// The server finds its dashboard by walking up to its own package.json: renaming the package
// (strata → strata-mlops) once made every server answer "dashboard not built".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_SUBDIR, defaultDashboardDir, PACKAGE_NAME, packageRoot } from './dashboard-dir.js';

const checkoutRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('defaultDashboardDir', () => {
  it("names the package package.json declares, so the server recognises its own folder", () => {
    const manifest = JSON.parse(readFileSync(join(checkoutRoot, 'package.json'), 'utf8')) as { name: string };
    assert.equal(PACKAGE_NAME, manifest.name);
  });

  it('is dist/web of the package this server belongs to', () => {
    assert.equal(packageRoot(), checkoutRoot.replace(/\/$/, ''));
    assert.equal(defaultDashboardDir(), join(checkoutRoot, DASHBOARD_SUBDIR));
  });
});
