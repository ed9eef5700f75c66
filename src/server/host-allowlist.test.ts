import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHostAllowlist, defaultAllowedHosts, isLoopbackHost, splitHost } from './host-allowlist.js';

describe('host allowlist', () => {
  it('splits names and ports, IPv6 in brackets, ignoring case and a trailing root dot', () => {
    assert.deepEqual(splitHost('Example.COM.:8080'), { name: 'example.com', port: '8080' });
    assert.deepEqual(splitHost('[::1]:5000'), { name: '[::1]', port: '5000' });
    assert.deepEqual(splitHost('[::1]'), { name: '[::1]', port: undefined });
    assert.deepEqual(splitHost('::1'), { name: '[::1]', port: undefined });
  });

  it('matches names on any port, pinned ports exactly, and wildcards inside names', () => {
    const hosts = createHostAllowlist(['mlflow.example.com', 'pinned:8080', '*.corp.example', '192.168.*', 'any-port:*', 'web-*.example']);
    assert.ok(hosts.allows('mlflow.example.com:443'));
    assert.ok(hosts.allows('pinned:8080'));
    assert.ok(!hosts.allows('pinned:8081'));
    assert.ok(!hosts.allows('pinned'));
    assert.ok(hosts.allows('x.corp.example'));
    assert.ok(!hosts.allows('corp.example'));
    assert.ok(!hosts.allows('corp.example.attacker.example'));
    assert.ok(hosts.allows('192.168.1.20:5000'));
    // An attacker can own 192.168.attacker.example: an address prefix matches addresses only.
    assert.ok(!hosts.allows('192.168.attacker.example'));
    assert.ok(hosts.allows('any-port:1'));
    assert.ok(hosts.allows('web-01.example'));
    assert.ok(!hosts.allows('web-01.attacker.example'));
    assert.ok(!hosts.allows(undefined));
    assert.ok(!hosts.allows(''));
  });

  it('allows everything with *', () => {
    assert.ok(createHostAllowlist(['x', ' * ']).allows('whatever:1'));
    assert.ok(createHostAllowlist(['*']).allowsAny);
  });

  it('defaults to the loopback names plus the bind address on loopback, and to any host otherwise', () => {
    assert.deepEqual(defaultAllowedHosts('127.0.0.1'), ['localhost', '127.0.0.1', '[::1]', '*.localhost']);
    assert.deepEqual(defaultAllowedHosts('127.0.0.2'), ['localhost', '127.0.0.1', '[::1]', '*.localhost', '127.0.0.2']);
    assert.deepEqual(defaultAllowedHosts('::1'), ['localhost', '127.0.0.1', '[::1]', '*.localhost']);
    assert.deepEqual(defaultAllowedHosts('0.0.0.0'), ['*']);
    assert.deepEqual(defaultAllowedHosts('::'), ['*']);
    assert.deepEqual(defaultAllowedHosts('192.168.1.5'), ['*']);
  });

  it('knows loopback addresses', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) assert.ok(!isLoopbackHost(host), host);
  });
});
