import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveServerConfig } from '../config.js';
import { resolveOidcSettings } from './oidc-settings.js';

const base = { oidcIssuer: 'https://idp.example.com/realms/ml', oidcClientId: 'strata', publicUrl: 'https://mlops.example.com' };

describe('OpenID Connect settings', () => {
  it('are off without an issuer', () => {
    assert.equal(resolveOidcSettings({}), undefined);
  });

  it('derive the redirect URI from the public URL (a path prefix kept) and default the rest', () => {
    const settings = resolveOidcSettings({ ...base, publicUrl: 'https://corp.example.com/strata/' });
    assert.equal(settings?.redirectUri, 'https://corp.example.com/strata/api/strata/v1/auth/oidc/callback');
    assert.equal(settings?.scopes, 'openid profile email');
    assert.equal(settings?.usernameClaim, 'preferred_username');
    assert.equal(settings?.groupsClaim, 'groups');
    assert.equal(settings?.displayName, 'Single sign-on');
    assert.equal(settings?.issuerIdentifier, base.oidcIssuer);
    assert.equal(settings?.clientSecret, undefined);
  });

  it('need a client id and a public URL, and https unless the provider is on loopback', () => {
    assert.throws(() => resolveOidcSettings({ ...base, oidcClientId: undefined }), /--oidc-client-id/);
    assert.throws(() => resolveOidcSettings({ ...base, publicUrl: undefined }), /--public-url/);
    assert.throws(() => resolveOidcSettings({ ...base, oidcIssuer: 'http://idp.example.com' }), /https/);
    assert.equal(resolveOidcSettings({ ...base, oidcIssuer: 'http://127.0.0.1:8080' })?.allowInsecureHttp, true);
  });

  it('read the secret from the environment or a file, never needing a flag', async () => {
    const config = resolveServerConfig({}, { STRATA_OIDC_ISSUER: base.oidcIssuer, STRATA_OIDC_CLIENT_ID: 'strata', STRATA_PUBLIC_URL: base.publicUrl, STRATA_OIDC_CLIENT_SECRET: 's3cret' }, '/tmp');
    assert.equal(resolveOidcSettings(config)?.clientSecret, 's3cret');
    const dir = await mkdtemp(join(tmpdir(), 'strata-oidc-'));
    try {
      await writeFile(join(dir, 'secret'), 'from-file\n');
      assert.equal(resolveOidcSettings({ ...base, oidcClientSecretFile: join(dir, 'secret') })?.clientSecret, 'from-file');
      assert.throws(() => resolveOidcSettings({ ...base, oidcClientSecretFile: join(dir, 'missing') }), /Cannot read --oidc-client-secret-file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
