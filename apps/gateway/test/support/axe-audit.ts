import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** WCAG 2.1 A and AA, and axe's best practices: what every page of the service is held to. */
export const auditedTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The sizes every page is audited at: a desktop window and a phone held upright. */
export const auditedSizes = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

interface AxeWindow {
  axe?: {
    run(
      context: unknown,
      options: { runOnly: { type: 'tag'; values: string[] }; resultTypes: string[] },
    ): Promise<{ violations: AxeViolation[] }>;
  };
  document: unknown;
}

/**
 * The serious and critical axe violations of the page as it is now, one line each with the rule,
 * its impact, what to fix and the elements at fault, so a failing test says what to change.
 * The page's context must be made with `bypassCSP: true`: axe is injected as an inline script,
 * which the gateway's policy (scripts from its own origin only) rightly refuses.
 */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const loaded = await page.evaluate(() => (globalThis as unknown as AxeWindow).axe !== undefined);
  if (!loaded) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const { axe, document } = globalThis as unknown as AxeWindow;
    if (!axe) throw new Error('axe-core did not load');
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  }, auditedTags);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      ({ id, impact, help, nodes }) =>
        `${where}: ${id} (${impact}) ${help}; ${nodes
          .map(
            (node) =>
              `${node.target.map(String).join(' ')} [${(node.failureSummary ?? '').replace(/\s+/g, ' ')}]`,
          )
          .join('; ')}`,
    );
}

/**
 * Every serious or critical violation of the page at each audited size. The page is resized in
 * place rather than loaded again, so pages reached by a form post are audited as they were shown.
 */
export async function auditAtEverySize(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const size of auditedSizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    found.push(...(await seriousViolations(page, `${where} at ${size.name}`)));
  }
  return found;
}

/** WCAG's contrast ratio of two `rgb(…)` colours as the browser computes them. */
export function contrastRatio(first: string, second: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
