import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientAddressResolver } from '../lib/throttling/client-address.js';

function request(peer: string, forwarded?: string | string[]) {
  return { headers: { 'x-forwarded-for': forwarded }, socket: { remoteAddress: peer } };
}

describe('ClientAddressResolver', () => {
  it('uses the TCP peer when no proxy is trusted, whatever the header says', () => {
    const resolver = new ClientAddressResolver(false);
    assert.equal(resolver.resolve(request('203.0.113.5', '1.2.3.4')), '203.0.113.5');
    assert.equal(resolver.resolve(request('::ffff:127.0.0.1', '1.2.3.4')), '127.0.0.1');
  });

  it('walks X-Forwarded-For from the right while the sender is a trusted proxy', () => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8', 'loopback']);
    assert.equal(resolver.resolve(request('10.0.0.2', '6.6.6.6, 198.51.100.1, 10.0.0.1')), '198.51.100.1');
    assert.equal(resolver.resolve(request('127.0.0.1', '198.51.100.2')), '198.51.100.2');
    assert.equal(
      resolver.resolve(request('203.0.113.9', '198.51.100.2')),
      '203.0.113.9',
      'untrusted peer: header ignored',
    );
    assert.equal(
      resolver.resolve(request('10.0.0.2', ['198.51.100.3', '10.0.0.7'])),
      '198.51.100.3',
      'repeated headers',
    );
    assert.equal(resolver.resolve(request('10.0.0.2', 'not-an-ip')), '10.0.0.2', 'garbage entries are dropped');
  });

  it('with a hop count, takes the entry that many hops from the right', () => {
    const resolver = new ClientAddressResolver(2);
    assert.equal(resolver.resolve(request('10.0.0.2', 'spoof-me, 1.1.1.1, 198.51.100.4, 10.0.0.1')), '198.51.100.4');
    assert.equal(resolver.resolve(request('10.0.0.2')), '10.0.0.2', 'short chain: the left-most known address');
  });

  it('refuses a trusted entry that is not an address', () => {
    assert.throws(() => new ClientAddressResolver(['proxy.internal']), /not an IP address/);
  });
});
