import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  rule: string;
  help: string;
  nodes: string[];
}

/**
 * Runs every rule axe-core has (its full set: WCAG 2.x A, AA and AAA, best practices, the
 * experimental and deprecated rules, each enabled whatever its default) over the page and returns
 * the violations, each with the elements it found them on.
 */
export async function axeViolations(page: Page): Promise<AxeProblem[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          getRules(): { ruleId: string }[];
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{ violations: { id: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'rule', values: axe.getRules().map((r) => r.ruleId) } });
    return result.violations.map((v) => ({
      rule: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

/**
 * Form fields whose accessible name (aria-label) differs from the label shown beside them
 * (WCAG 2.5.3 "label in name"): axe checks this for buttons and links, not for fields in a label.
 * Each as `shown label → announced name`.
 */
export function labelNameMismatches(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
    for (const field of document.querySelectorAll<HTMLElement>('input, select, textarea')) {
      const named = field.getAttribute('aria-label');
      const label = (field as HTMLInputElement).labels?.[0];
      if (!named || !label || label.closest('[hidden]')) continue;
      const copy = label.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('select, option, textarea').forEach((n) => n.remove());
      const shown = norm(copy.textContent ?? '');
      if (shown && !norm(named).includes(shown)) out.push(`${shown} → ${norm(named)}`);
    }
    return out;
  });
}
