/** The detection rules as /rules/ lists them, with the thresholds this deployment runs with. */
import type { RuleDescription } from '../../../contracts/detection-rules';
import { html, type Html } from './fragments';

/** The <dl> items of the rules, filled into the rules template's list. */
export function rulesList(rules: RuleDescription[]): Html {
  return html`${rules.map(
    (r) =>
      html`<dt>${r.title}（<code>${r.id}</code>）${r.enabled ? '' : '（未启用）'}</dt>
        <dd>${r.description}</dd>`,
  )}`;
}
