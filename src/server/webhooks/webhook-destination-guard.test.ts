import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWebhookDestinationGuard, type ResolvedAddress, type ResolveHost } from './webhook-destination-guard.js';

/** A resolver from a table; unknown names fail as getaddrinfo does. Records every name asked. */
function tableResolver(table: Record<string, string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

const PUBLIC = { 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] };

describe('webhook destination guard', () => {
  it('refuses internal addresses however the URL spells them, saying which kind', async () => {
    const guard = createWebhookDestinationGuard({ resolveHost: tableResolver({}) });
    const cases: Array<[string, RegExp]> = [
      ['http://169.254.169.254/latest/meta-data/', /its host is a link-local address 169\.254\.169\.254/],
      ['http://10.0.0.5/hook', /its host is a private address 10\.0\.0\.5/],
      ['http://172.16.3.4/', /a private address 172\.16\.3\.4/],
      ['http://192.168.1.10:8080/', /a private address 192\.168\.1\.10/],
      ['http://100.64.0.1/', /a carrier-grade NAT \(private\) address 100\.64\.0\.1/],
      ['http://[fd00::1]/', /a unique-local \(private\) address fd00::1/],
      ['http://[fe80::1]/', /a link-local address fe80::1/],
      ['http://0.0.0.0:5000/', /an unspecified address 0\.0\.0\.0/],
      ['http://[::]/', /an unspecified address ::/],
      ['http://[::1]:8080/', /a loopback address ::1/],
      ['http://2130706433/', /a loopback address 127\.0\.0\.1/],
      ['http://0x7f.1/', /a loopback address 127\.0\.0\.1/],
      ['http://[::ffff:127.0.0.1]/', /a loopback address ::ffff:7f00:1/],
      ['http://[::ffff:a9fe:a9fe]/', /a link-local address ::ffff:a9fe:a9fe/],
      ['http://224.0.0.251/', /a multicast address/],
      ['http://[ff02::1]/', /a multicast address/],
      ['http://255.255.255.255/', /a broadcast address/],
    ];
    for (const [url, reason] of cases) {
      const why = await guard.whyRefused(url);
      assert.match(why ?? 'allowed', reason, url);
      assert.match(why ?? '', /; allow it with --webhook-allowed-hosts \(STRATA_WEBHOOK_ALLOWED_HOSTS\)$/, url);
    }
  });

  it('refuses cloud metadata host names without looking them up', async () => {
    const resolveHost = tableResolver({ 'metadata.google.internal': ['8.8.8.8'] });
    const guard = createWebhookDestinationGuard({ resolveHost });
    for (const host of ['metadata.google.internal', 'METADATA.google.internal.', 'metadata', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']) {
      assert.match((await guard.whyRefused(`http://${host}/computeMetadata/v1/`)) ?? 'allowed', /is a cloud metadata host name/, host);
    }
    assert.deepEqual(resolveHost.asked, []);
  });

  it('checks every address a name resolves to', async () => {
    const guard = createWebhookDestinationGuard({
      resolveHost: tableResolver({ ...PUBLIC, 'loopback.example.com': ['127.0.0.1'], 'mixed.example.com': ['93.184.216.34', '10.1.2.3'] }),
    });
    assert.equal(await guard.whyRefused('https://hooks.example.com/x'), undefined);
    assert.match((await guard.whyRefused('https://loopback.example.com/x')) ?? '', /^'loopback\.example\.com' resolves to a loopback address 127\.0\.0\.1;/);
    assert.match((await guard.whyRefused('https://mixed.example.com/x')) ?? '', /resolves to a private address 10\.1\.2\.3/);
  });

  it('refuses a name that does not resolve, and credentials in the URL', async () => {
    const guard = createWebhookDestinationGuard({ resolveHost: tableResolver(PUBLIC) });
    assert.equal(await guard.whyRefused('https://nowhere.example.com/'), "'nowhere.example.com' does not resolve (ENOTFOUND)");
    const why = await guard.whyRefused('https://alice:s3cret@hooks.example.com/');
    assert.match(why ?? '', /contains credentials/);
    assert.doesNotMatch(why ?? '', /s3cret/);
  });

  it('returns the addresses it checked, for the sender to connect to', async () => {
    const guard = createWebhookDestinationGuard({ resolveHost: tableResolver(PUBLIC) });
    assert.deepEqual(await guard.check('https://Hooks.Example.com./x'), {
      allowed: true,
      hostname: 'hooks.example.com',
      addresses: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ],
    });
    assert.deepEqual(await guard.check('http://[::1]/'), { allowed: false, reason: 'its host is a loopback address ::1; allow it with --webhook-allowed-hosts (STRATA_WEBHOOK_ALLOWED_HOSTS)' });
  });

  it('lets through what the operator allowed: host names, addresses and CIDR ranges', async () => {
    const guard = createWebhookDestinationGuard({
      allowedHosts: ['ci.corp', '127.0.0.1', '10.20.0.0/16', 'FD00::/8', 'metadata'],
      resolveHost: tableResolver({ 'ci.corp': ['10.9.9.9'], 'builds.corp': ['10.20.1.2'], 'other.corp': ['10.21.0.1'], metadata: ['169.254.169.254'] }),
    });
    for (const url of ['http://ci.corp/', 'http://127.0.0.1:8080/', 'http://[::ffff:127.0.0.1]/', 'http://builds.corp/', 'http://[fd12::3]/', 'http://metadata/']) {
      assert.equal(await guard.whyRefused(url), undefined, url);
    }
    assert.match((await guard.whyRefused('http://127.0.0.2/')) ?? '', /loopback/);
    assert.match((await guard.whyRefused('http://other.corp/')) ?? '', /private address 10\.21\.0\.1/);
  });

  it('refuses allow-list entries that are neither names, addresses nor ranges', () => {
    for (const entry of ['10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', 'http://ci.corp', 'bad host']) {
      assert.throws(() => createWebhookDestinationGuard({ allowedHosts: [entry] }), /Invalid webhook allowed host/, entry);
    }
  });
});
