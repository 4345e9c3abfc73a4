// The NATS provisioning of `npm test` (scripts/test-nats.mjs): an existing server is used
// as is; a dead URL gets a throwaway nats-server with JetStream, which stop() removes.
import { expect, it } from 'vitest';
import { ensureTestNats, natsAnswers } from './test-nats.mjs';

it('uses the NATS the tests point at when it answers with JetStream', async () => {
  const url = process.env.HUB_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
  const got = await ensureTestNats({ url, mayProvide: true, log: () => undefined });
  expect(got).toMatchObject({ url, provided: false });
});

it('starts a throwaway nats-server with JetStream on a free port when nothing answers, and stops it', async () => {
  const got = await ensureTestNats({ url: 'nats://127.0.0.1:1', mayProvide: true, log: () => undefined });
  expect(got?.provided).toBe(true);
  expect(await natsAnswers(got!.url)).toBe(true);
  got!.stop();
  await expect.poll(() => natsAnswers(got!.url, 500)).toBe(false);
});

it('names the commands instead of starting one when the URL was chosen', async () => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => void errors.push(line);
  try {
    expect(await ensureTestNats({ url: 'nats://127.0.0.1:1', mayProvide: false, log: () => undefined })).toBeNull();
  } finally {
    console.error = original;
  }
  expect(errors.join('\n')).toMatch(/No NATS server with JetStream answers at nats:\/\/127\.0\.0\.1:1[\s\S]*HUB_TEST_NATS_URL=/);
});
