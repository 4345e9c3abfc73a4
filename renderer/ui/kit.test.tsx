// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BigButton } from './BigButton.js';
import { Modal } from './Modal.js';
import { StepIndicator } from './StepIndicator.js';
import { Tile } from './Tile.js';

afterEach(cleanup);

describe('UI kit', () => {
  it('a disabled Tile is announced unavailable and answers a tap with onUnavailable, never onSelect', async () => {
    const onSelect = vi.fn();
    const onUnavailable = vi.fn();
    render(<Tile label="缴费" badge="即将推出" disabled onSelect={onSelect} onUnavailable={onUnavailable} testId="tile" />);
    const tile = screen.getByRole('button', { name: '缴费 即将推出' });
    expect(tile.getAttribute('aria-disabled')).toBe('true');
    await userEvent.setup().click(tile);
    expect(onSelect).not.toHaveBeenCalled();
    expect(onUnavailable).toHaveBeenCalledOnce();
  });

  it('an enabled Tile reports the tap', async () => {
    const onSelect = vi.fn();
    render(<Tile label="排队取号" onSelect={onSelect} />);
    await userEvent.setup().click(screen.getByRole('button', { name: '排队取号' }));
    expect(onSelect).toHaveBeenCalledOnce();
  });

  it('BigButton keeps its icon out of the accessible name', () => {
    render(<BigButton icon="⌂">首页</BigButton>);
    expect(screen.getByRole('button', { name: '首页' }).getAttribute('type')).toBe('button');
  });

  it('StepIndicator shows the label and one dot per step', () => {
    render(<StepIndicator current={1} total={2} label="第 1 步，共 2 步" />);
    const indicator = screen.getByTestId('step-indicator');
    expect(indicator.textContent).toBe('第 1 步，共 2 步');
    expect(indicator.querySelectorAll('.step-indicator__dot')).toHaveLength(2);
    expect(indicator.querySelectorAll('.step-indicator__dot--reached')).toHaveLength(1);
  });

  it('Modal is a labelled modal dialog that focuses its first action', () => {
    render(<Modal title="还需要更多时间吗？" role="alertdialog" actions={<BigButton>继续</BigButton>} />);
    const dialog = screen.getByRole('alertdialog', { name: '还需要更多时间吗？' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '继续' }));
  });
});
