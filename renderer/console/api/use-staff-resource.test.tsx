// @vitest-environment jsdom
// The shared load/refresh/fail cycle of the staff views: the answer shown is the one to the
// latest request (a slow answer for the previous filter is dropped), a refusal is a stable
// code, and an ended session signs out.
import { act, cleanup, render, screen } from '@testing-library/react';
import { useMemo } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n } from '../i18n/console-i18n.js';
import type { ConsoleState } from '../state/console-store.js';
import { StaffResourceError } from './staff-resource.js';
import { useStaffResource } from './use-staff-resource.js';

afterEach(cleanup);

function Probe({ filter, loads }: { filter: string; loads: Map<string, () => Promise<string>> }) {
  const load = useMemo(() => loads.get(filter) ?? null, [filter, loads]);
  const { data, error } = useStaffResource(load, 60_000);
  return <p data-testid="probe">{`${data ?? '-'}|${error ?? '-'}`}</p>;
}

/** Exposes refresh and patch to the test. */
const handles: { refresh?: () => Promise<void>; patch?: (update: (data: string) => string) => void } = {};
function PatchProbe({ load }: { load: () => Promise<string> }) {
  const { data, refresh, patch } = useStaffResource(load, 60_000);
  handles.refresh = refresh;
  handles.patch = patch;
  return <p data-testid="probe">{data ?? '-'}</p>;
}

function setUp(loads: Map<string, () => Promise<string>>, filter: string) {
  const signOut = vi.fn();
  const state = { locale: 'en', session: null } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut } as unknown as ConsoleController;
  const i18n = createConsoleI18n();
  const view = render(
    <ConsoleProvider controller={controller} i18n={i18n}>
      <Probe filter={filter} loads={loads} />
    </ConsoleProvider>,
  );
  const rerender = (next: string) =>
    view.rerender(
      <ConsoleProvider controller={controller} i18n={i18n}>
        <Probe filter={next} loads={loads} />
      </ConsoleProvider>,
    );
  return { signOut, rerender };
}

function deferred() {
  let resolve: (value: string) => void = () => undefined;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('useStaffResource', () => {
  it('shows the answer to the latest request: a slow answer for the previous filter is dropped', async () => {
    const slow = deferred();
    const loads = new Map<string, () => Promise<string>>([
      ['open', () => slow.promise],
      ['resolved', () => Promise.resolve('resolved list')],
    ]);
    const { rerender } = setUp(loads, 'open');
    rerender('resolved');
    expect(await screen.findByText('resolved list|-')).toBeTruthy();
    await act(async () => slow.resolve('open list'));
    expect(screen.getByTestId('probe').textContent).toBe('resolved list|-');
  });

  it('turns a refusal into its code, and an ended session signs out', async () => {
    const loads = new Map<string, () => Promise<string>>([
      ['forbidden', () => Promise.reject(new StaffResourceError('forbidden', 'GET answered 403'))],
      ['expired', () => Promise.reject(new StaffResourceError('session-expired', 'GET answered 401'))],
      ['broken', () => Promise.reject(new TypeError('schema mismatch'))],
    ]);
    const { signOut, rerender } = setUp(loads, 'forbidden');
    expect(await screen.findByText('-|forbidden')).toBeTruthy();
    expect(signOut).not.toHaveBeenCalled();
    rerender('broken');
    expect(await screen.findByText('-|unexpected')).toBeTruthy();
    rerender('expired');
    expect(await screen.findByText('-|session-expired')).toBeTruthy();
    expect(signOut).toHaveBeenCalledWith('session-expired');
  });

  it('patch changes the data in place and drops a load asked before it; before the first answer it does nothing', async () => {
    const answers = [deferred(), deferred()];
    let calls = 0;
    const load = () => answers[calls++]!.promise;
    const state = { locale: 'en', session: null } as unknown as ConsoleState;
    const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut: vi.fn() } as unknown as ConsoleController;
    render(
      <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
        <PatchProbe load={load} />
      </ConsoleProvider>,
    );
    // Before the first answer: nothing to patch, and the first answer still counts.
    act(() => handles.patch!((d) => `${d}+early`));
    await act(async () => answers[0]!.resolve('kiosks v1'));
    expect(screen.getByTestId('probe').textContent).toBe('kiosks v1');

    act(() => handles.patch!((d) => `${d}+alert`));
    expect(screen.getByTestId('probe').textContent).toBe('kiosks v1+alert');
    // A reload asked before the next patch answers with what it knew then: dropped.
    let reloading: Promise<void> = Promise.resolve();
    act(() => {
      reloading = handles.refresh!();
    });
    act(() => handles.patch!((d) => `${d}+branch`));
    await act(async () => {
      answers[1]!.resolve('kiosks v2 (stale)');
      await reloading;
    });
    expect(screen.getByTestId('probe').textContent).toBe('kiosks v1+alert+branch');
  });
});
