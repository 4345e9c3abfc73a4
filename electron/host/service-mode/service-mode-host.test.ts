import { describe, expect, it } from 'vitest';
import { restartPolicy } from './service-mode-host.node.js';

describe('what "restart host" does in this process', () => {
  const exit = () => undefined;
  it('exits for systemd to restart it when systemd started the process (INVOCATION_ID)', () => {
    expect(restartPolicy({ INVOCATION_ID: 'f00' }, undefined, exit)).toBe(exit);
  });
  it('has no exit under npm start in a terminal (nothing would start it again)', () => {
    expect(restartPolicy({}, undefined, exit)).toBeNull();
  });
  it('uses the restart the shell gives (Electron relaunch) when there is one', () => {
    const relaunch = () => undefined;
    expect(restartPolicy({}, relaunch, exit)).toBe(relaunch);
  });
});
