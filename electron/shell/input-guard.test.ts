import { describe, expect, it } from 'vitest';
import { keyInput } from './fake-electron.js';
import { shouldBlockInput, type KeyInputLike } from './input-guard.js';

const ctrl = { control: true };
const ctrlShift = { control: true, shift: true };
const alt = { alt: true };

describe('shouldBlockInput outside service mode', () => {
  it.each<[string, KeyInputLike]>([
    ['Alt+F4', keyInput('F4', alt)],
    ['Ctrl+W', keyInput('w', ctrl)],
    ['Ctrl+Q', keyInput('q', ctrl)],
    ['Ctrl+R', keyInput('r', ctrl)],
    ['Ctrl+Shift+R', keyInput('R', ctrlShift)],
    ['F5', keyInput('F5')],
    ['Ctrl+F5', keyInput('F5', ctrl)],
    ['F11', keyInput('F11')],
    ['F12', keyInput('F12')],
    ['Ctrl+Shift+I', keyInput('I', ctrlShift)],
    ['Ctrl+Shift+J', keyInput('J', ctrlShift)],
    ['Ctrl+Shift+C', keyInput('C', ctrlShift)],
    ['Ctrl+P', keyInput('p', ctrl)],
    ['Ctrl+N', keyInput('n', ctrl)],
    ['Ctrl+Plus (zoom)', keyInput('+', ctrlShift)],
    ['Ctrl+Minus (zoom)', keyInput('-', ctrl)],
    ['Ctrl+0 (zoom reset)', keyInput('0', ctrl)],
    ['Alt+Left', keyInput('ArrowLeft', alt)],
    ['Alt+Right', keyInput('ArrowRight', alt)],
    ['BrowserBack key', keyInput('BrowserBack')],
    ['Meta alone', keyInput('Meta', { meta: true })],
    ['Super+D', keyInput('d', { meta: true })],
    ['Meta+Tab', keyInput('Tab', { meta: true })],
    ['Ctrl+W on a Cyrillic layout', { ...keyInput('ц', ctrl), code: 'KeyW' }],
    ['Ctrl+R under an IME', { ...keyInput('Process', ctrl), code: 'KeyR' }],
    ['keyUp of Alt+F4', { ...keyInput('F4', alt), type: 'keyUp' }],
  ])('blocks %s', (_name, input) => {
    expect(shouldBlockInput(input, false)).toBe(true);
  });

  it.each<[string, KeyInputLike]>([
    ['a letter', keyInput('a')],
    ['Shift+A', keyInput('A', { shift: true })],
    ['a digit', keyInput('7')],
    ['Enter', keyInput('Enter')],
    ['Backspace', keyInput('Backspace')],
    ['Tab', keyInput('Tab')],
    ['Escape (closes dialogs in the page)', keyInput('Escape')],
    ['Left arrow', keyInput('ArrowLeft')],
    ['Ctrl+C', keyInput('c', ctrl)],
    ['Ctrl+V', keyInput('v', ctrl)],
    ['Ctrl+A', keyInput('a', ctrl)],
    ['AltGr+Q typing @ (Ctrl+Alt)', { ...keyInput('@', { control: true, alt: true }), code: 'KeyQ' }],
    ['Space', keyInput(' ')],
  ])('lets %s through', (_name, input) => {
    expect(shouldBlockInput(input, false)).toBe(false);
  });
});

describe('shouldBlockInput in service mode', () => {
  it.each([keyInput('F12'), keyInput('I', ctrlShift), keyInput('F4', alt), keyInput('r', ctrl), keyInput('Meta', { meta: true })])(
    'leaves %j to the technician',
    (input) => {
      expect(shouldBlockInput(input, true)).toBe(false);
    },
  );
});
