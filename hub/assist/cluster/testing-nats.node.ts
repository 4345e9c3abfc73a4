// Test helper: removes the JetStream stream a test run's hub instances created under its
// subject prefix, so a shared NATS server does not collect one stream per run.
import { connect } from 'nats';
import { TEST_NATS_URL } from '../../testing/test-databases.node.js';
import { assistStream } from './nats-bus.node.js';

export async function dropStream(subjectPrefix: string): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    await (await nc.jetstreamManager()).streams.delete(assistStream(subjectPrefix).name).catch(() => false);
  } finally {
    await nc.close();
  }
}
