// The raw write+fsync rate of a disk: what one durable commit per transaction cannot beat.
// Measured in blocks interleaved with the thing under test, because a shared virtual disk's
// speed drifts by 2–4× within a minute and two back-to-back runs would compare two disks.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

export class FsyncBaseline {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(256, 1);
  count = 0;
  ms = 0;

  constructor(dir: string) {
    this.fd = openSync(path.join(dir, 'fsync.bin'), 'w');
  }

  block(n: number): void {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      writeSync(this.fd, this.buf);
      fsyncSync(this.fd);
    }
    this.ms += performance.now() - start;
    this.count += n;
  }

  rate(): number {
    return this.count / (this.ms / 1000);
  }

  close(): void {
    closeSync(this.fd);
  }
}
