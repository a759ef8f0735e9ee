import { expect, type Page } from '@playwright/test';

/** The workspace's main panels, by selector; each must sit in its own rectangle. */
export const MAIN_PANELS = ['.topbar', '.sidebar', '.document', '.terminal-pane', '.timeline', '.drill-banner', '.drill-offer', '.welcome-strip'];

interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Bounding boxes of the visible main panels, plus anything that must stay inside its panel. */
async function panelBoxes(page: Page): Promise<{ panels: Box[]; escapes: string[] }> {
  return page.evaluate((selectors) => {
    const box = (name: string, element: Element) => {
      const r = element.getBoundingClientRect();
      return { name, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const panels = selectors.flatMap((selector) =>
      [...document.querySelectorAll(selector)].filter((element) => (element as HTMLElement).offsetParent !== null || selector === '.topbar').map((element) => box(selector, element)),
    );
    // Content that must not draw over a neighbour: the terminal's screen, the step cards' buttons.
    const escapes: string[] = [];
    const inside = (child: Element, parent: Element | null, what: string) => {
      if (!parent) return;
      const c = child.getBoundingClientRect();
      const p = parent.getBoundingClientRect();
      if (c.width === 0 || c.height === 0) return;
      if (c.left < p.left - 0.5 || c.right > p.right + 0.5) escapes.push(`${what} spans x ${c.left}–${c.right} outside ${p.left}–${p.right}`);
    };
    document.querySelectorAll('.terminal-pane .xterm-screen').forEach((screen) => inside(screen, screen.closest('.terminal-pane'), 'terminal screen'));
    const documentPane = document.querySelector('.document');
    document.querySelectorAll('.document .step-header .button').forEach((button) => inside(button, documentPane, `step button "${button.textContent}"`));
    // Nothing of the page behind draws over an open dialog (toasts excepted: they sit above everything by design).
    const dialog = [...document.querySelectorAll('[aria-modal="true"]')].pop();
    if (dialog) {
      const r = dialog.getBoundingClientRect();
      for (let i = 1; i < 8; i++) {
        for (let j = 1; j < 8; j++) {
          const hit = document.elementFromPoint(r.left + (r.width * i) / 8, r.top + (r.height * j) / 8);
          if (hit && !dialog.contains(hit) && !hit.closest('.notices')) escapes.push(`${hit.className || hit.tagName} draws over the dialog`);
        }
      }
    }
    return { panels, escapes };
  }, MAIN_PANELS);
}

/** No two main panels overlap (half a pixel of rounding allowed) and nothing draws outside its panel. */
export async function expectNoOverlap(page: Page): Promise<void> {
  const { panels, escapes } = await panelBoxes(page);
  const overlaps: string[] = [];
  for (let i = 0; i < panels.length; i++) {
    for (let j = i + 1; j < panels.length; j++) {
      const a = panels[i]!;
      const b = panels[j]!;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 0.5 && y > 0.5) overlaps.push(`${a.name} and ${b.name} overlap by ${x.toFixed(1)}×${y.toFixed(1)}`);
    }
  }
  expect([...overlaps, ...escapes]).toEqual([]);
}

/** Every element of the header shows all of its content: nothing is cut or elided. */
export async function expectHeaderNotClipped(page: Page): Promise<void> {
  const clipped = await page.evaluate(() => {
    const header = document.querySelector<HTMLElement>('.topbar');
    if (!header) return ['no header'];
    const found: string[] = [];
    for (const element of [header, ...header.querySelectorAll<HTMLElement>('*')]) {
      if (element.offsetParent === null && element !== header) continue;
      if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) found.push(`${element.className || element.tagName}: "${element.textContent}" ${element.scrollWidth} > ${element.clientWidth}`);
    }
    const headerBox = header.getBoundingClientRect();
    for (const child of header.children) {
      const box = child.getBoundingClientRect();
      if (box.width > 0 && (box.right > headerBox.right + 0.5 || box.left < headerBox.left - 0.5)) found.push(`${child.className} sticks out of the header`);
    }
    return found;
  });
  expect(clipped).toEqual([]);
}

/** Console errors and failed requests seen by a page since this was called. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

/** Declares a real incident through the dialog (d). */
export async function declareIncident(page: Page, title: string, severity = 'SEV2'): Promise<void> {
  await page.getByTestId('declare-incident').click();
  const declare = page.getByRole('dialog', { name: 'Declare an incident' });
  await declare.getByLabel('Title').fill(title);
  await declare.getByText(severity, { exact: true }).click();
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(declare).toBeHidden();
  await expect(page.getByTestId('incident-title')).toHaveText(title);
}
