import { expect, it } from 'vitest';
import { iceServersFor, turnCredential } from './turn-credentials.node.js';

const SECRET = 'test-secret-0123456789';
const NOW = 1_700_000_000_000;

it('builds the coturn REST-API credential: expiry:id and base64 HMAC-SHA1 (vector computed with Python hmac)', () => {
  expect(turnCredential(SECRET, 'K01', 3600, NOW)).toEqual({
    username: '1700003600:K01',
    credential: 'F90D/a8vfvfXj4o6hpbIE0nlAVU=',
    expiresAt: 1_700_003_600,
  });
});

it('refuses a party id that would break the username format', () => {
  expect(() => turnCredential(SECRET, 'a:b', 60, NOW)).toThrow(/must not contain/);
});

it('gives TURN URLs credentials and passes STUN URLs on without', () => {
  const servers = iceServersFor({ urls: ['stun:stun.example:3478', 'turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'], secret: SECRET, ttlSec: 600 }, 'K01', NOW);
  expect(servers).toEqual([
    { urls: ['stun:stun.example:3478'] },
    { urls: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'], username: '1700000600:K01', credential: expect.any(String) },
  ]);
});

it('issues no TURN entry without a secret, and nothing at all without URLs', () => {
  expect(iceServersFor({ urls: ['turn:t:3478'], ttlSec: 600 }, 'K01', NOW)).toEqual([]);
  expect(iceServersFor({ urls: [], secret: SECRET, ttlSec: 600 }, 'K01', NOW)).toEqual([]);
});
