// Keyboard shortcuts that would let a customer (or a USB keyboard someone plugs in) leave,
// reload or inspect the kiosk. Swallowed in customer mode; a technician in service mode
// keeps them all. The application menu is removed as well, so these are the remaining
// Chromium/OS accelerators, not menu items.

export interface KeyInputLike {
  type: string;
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/** Keys blocked with no modifier at all: reload, fullscreen toggle, devtools, browser keys. */
const bareKeys = new Set(['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'ContextMenu']);
/** Ctrl+<key>: close, quit, reload, print, new window/tab, find, view source, zoom. */
const ctrlKeys = new Set(['w', 'q', 'r', 'p', 'n', 't', 'f', 'u', 'o', 's', '=', '+', '-', '0', 'f4', 'tab']);
/** Ctrl+Shift+<key>: devtools panels, hard reload, reopen tab. */
const ctrlShiftKeys = new Set(['i', 'j', 'c', 'r', 't', 'n', 'q', 'w', 'delete']);
/** Alt+<key>: close window, history navigation, window menu. */
const altKeys = new Set(['f4', 'arrowleft', 'arrowright', 'home', ' ']);

/**
 * The names a key goes by: its `key` and, for letters and digits, the physical `code`.
 * The code matters on non-Latin layouts and under an IME, where Ctrl+W reports key 'ц' or
 * 'Process' but code 'KeyW'.
 */
function names(input: KeyInputLike): string[] {
  const out = [input.key.toLowerCase()];
  const m = /^(?:Key|Digit)([A-Z0-9])$/.exec(input.code);
  if (m?.[1]) out.push(m[1].toLowerCase());
  return out;
}

export function shouldBlockInput(input: KeyInputLike, serviceMode: boolean): boolean {
  if (serviceMode) return false;
  // Super/Meta/Windows-key combinations belong to the desktop, never to the kiosk page.
  if (input.meta || input.key === 'Meta' || input.key === 'OS') return true;
  if (bareKeys.has(input.key)) return true;
  const keys = names(input);
  const any = (set: Set<string>) => keys.some((k) => set.has(k));
  // Ctrl+Alt is AltGr on many layouts (German AltGr+Q types '@'), so it is not a Ctrl shortcut.
  const ctrl = input.control && !input.alt;
  if (ctrl && input.shift && any(ctrlShiftKeys)) return true;
  if (ctrl && any(ctrlKeys)) return true;
  if (input.alt && !input.control && any(altKeys)) return true;
  return false;
}
