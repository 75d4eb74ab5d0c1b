import fc from 'fast-check';
import {
  cidrContains,
  formatCidr,
  formatIpv4,
  formatRange,
  hostRange,
  parseCidr,
  parseIpv4,
  rangeSize,
  rangesOverlap,
  rangeWithin,
} from '../../lib/core/net/ipv4';

describe('parseIpv4', () => {
  test.each([
    ['10.20.0.10', 0x0a14000a],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
  ])('%s', (text, value) => expect(parseIpv4(text)).toBe(value));

  test.each([
    '10.20.0.256',
    '10.20.0',
    '10.20.0.1.2',
    '010.20.0.1',
    '10.20.0.-1',
    ' 10.20.0.1',
    '10.20.0.1 ',
    '',
    'a.b.c.d',
    '1e1.0.0.1',
  ])('rejects %j', (text) => expect(parseIpv4(text)).toBeUndefined());

  test('round-trips every address', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => parseIpv4(formatIpv4(n)) === n));
  });
});

describe('parseCidr', () => {
  test('network, broadcast and host bits', () => {
    expect(parseCidr('10.30.0.0/24')).toEqual({
      address: 0x0a1e0000,
      prefix: 24,
      network: 0x0a1e0000,
      broadcast: 0x0a1e00ff,
    });
    const withHostBits = parseCidr('10.30.0.1/24');
    expect(withHostBits?.address).not.toBe(withHostBits?.network);
    expect(formatCidr(withHostBits!)).toBe('10.30.0.0/24');
    expect(parseCidr('0.0.0.0/0')).toEqual({ address: 0, prefix: 0, network: 0, broadcast: 0xffffffff });
    expect(parseCidr('192.168.1.7/32')).toEqual({
      address: 0xc0a80107,
      prefix: 32,
      network: 0xc0a80107,
      broadcast: 0xc0a80107,
    });
  });

  test.each(['10.30.0.0', '10.30.0.0/33', '10.30.0.0/024', '10.30.0.0/', '10.30.0/24', '10.30.0.0/-1'])(
    'rejects %j',
    (text) => expect(parseCidr(text)).toBeUndefined(),
  );

  test('host range excludes network and broadcast', () => {
    const cidr = parseCidr('10.30.0.0/24')!;
    expect(formatRange(hostRange(cidr))).toBe('10.30.0.1-10.30.0.254');
    expect(cidrContains(cidr, parseIpv4('10.30.0.255')!)).toBe(true);
    expect(cidrContains(cidr, parseIpv4('10.30.1.0')!)).toBe(false);
  });

  test('every address is inside its own network', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (n, prefix) => {
        const cidr = parseCidr(`${formatIpv4(n)}/${prefix}`)!;
        return cidrContains(cidr, n) && cidr.broadcast - cidr.network + 1 === 2 ** (32 - prefix);
      }),
    );
  });
});

describe('ranges', () => {
  test('overlap, containment, size', () => {
    expect(rangesOverlap({ first: 1, last: 5 }, { first: 5, last: 9 })).toBe(true);
    expect(rangesOverlap({ first: 1, last: 4 }, { first: 5, last: 9 })).toBe(false);
    expect(rangeWithin({ first: 2, last: 3 }, { first: 1, last: 5 })).toBe(true);
    expect(rangeWithin({ first: 0, last: 3 }, { first: 1, last: 5 })).toBe(false);
    expect(rangeSize({ first: 20, last: 49 })).toBe(30);
    expect(rangeSize({ first: 5, last: 4 })).toBe(0);
    expect(formatRange({ first: 7, last: 7 })).toBe('0.0.0.7');
  });
});
