// Layout measured in the page, as a person at the kiosk would see it: how many rows the
// header takes, how much of the screen below the content is empty, where the primary action
// sits, and which visible controls are cut off by the screen edge. Runs in Chromium through
// page.evaluate, so it is one self-contained function (no helpers from this module's scope).
import type { Page } from 'playwright-core';

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface Layout {
  width: number;
  height: number;
  /** Rows the header's items wrap into (1 is the goal). */
  headerRows: number;
  /** Fraction of the screen height under the lowest visible content. */
  emptyBelow: number;
  /** Fraction of the screen height in the tallest horizontal band with no content at all. */
  largestGap: number;
  /** Visible controls not wholly on screen, by test id or text. */
  cutOff: string[];
  /** The document scrolls: something is below the fold. */
  scrolls: boolean;
  /** Box of each `primary` test id (null when not on screen). */
  primary: Record<string, Box | null>;
}

export function measureLayout(page: Page, root: string, primary: readonly string[]): Promise<Layout> {
  return page.evaluate(
    ({ root, primary }) => {
      const width = window.innerWidth;
      const height = window.innerHeight;
      const scope = document.querySelector(root);
      if (!scope) throw new Error(`no ${root} on screen`);
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
      };
      const name = (el: Element) => el.getAttribute('data-testid') ?? (el.textContent ?? '').trim().slice(0, 40);

      const headerItems = [...document.querySelectorAll('.screen__header > *')].filter(shown).map((el) => el.getBoundingClientRect());
      headerItems.sort((a, b) => a.top - b.top);
      let headerRows = 0;
      let rowBottom = -Infinity;
      for (const r of headerItems) {
        if (r.top + r.height / 2 > rowBottom) headerRows += 1;
        rowBottom = Math.max(rowBottom, r.bottom);
      }

      // Content: controls, text and drawn shapes; never the full-height containers around them.
      const contentSelector = 'button, input, h1, h2, p, li, dt, dd, svg, img, .tile, .ticket, .notice, .progress__spinner';
      const content = [...scope.querySelectorAll(contentSelector)].filter((el) => shown(el) && !el.closest('.screen__header'));
      const bands = content.map((el) => el.getBoundingClientRect()).map((r) => [Math.max(0, r.top), Math.min(height, r.bottom)] as const);
      const lowest = Math.max(0, ...bands.map(([, bottom]) => bottom));
      const headerBottom = document.querySelector('.screen__header')?.getBoundingClientRect().bottom ?? 0;
      bands.sort((a, b) => a[0] - b[0]);
      let largestGap = 0;
      let reached = headerBottom;
      for (const [top, bottom] of bands) {
        largestGap = Math.max(largestGap, top - reached);
        reached = Math.max(reached, bottom);
      }
      largestGap = Math.max(largestGap, height - reached);

      const controls = [...scope.querySelectorAll('button, input, a[href], [role="button"]')].filter(shown);
      const cutOff = controls
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < -0.5 || r.top < -0.5 || r.right > width + 0.5 || r.bottom > height + 0.5;
        })
        .map(name);

      const boxes: Record<string, { top: number; bottom: number; left: number; right: number } | null> = {};
      for (const id of primary) {
        const el = scope.querySelector(`[data-testid="${id}"]`);
        const r = el && shown(el) ? el.getBoundingClientRect() : null;
        boxes[id] = r && { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }
      const scrolling = document.scrollingElement;
      return {
        width,
        height,
        headerRows,
        emptyBelow: (height - lowest) / height,
        largestGap: largestGap / height,
        cutOff,
        scrolls: scrolling !== null && scrolling.scrollHeight > height + 1,
        primary: boxes,
      };
    },
    { root, primary },
  );
}
