/**
 * The fields a track's annex criteria read (trades: the training share; brands: people trained
 * 2018–2019, the employment rate, cultivated since; bases: facilities and the full-time teacher
 * share), each with its threshold beside it. Labels, thresholds and the check itself come from
 * `CRITERIA` in contracts/workflow.ts, the one place the server checks them from too, so the form
 * can refuse before sending with the server's own words.
 */
import { chinaDate } from '../../../../contracts/china-time';
import type { TrackKey } from '../../../../contracts/enums';
import { CRITERIA, criteriaIssues, scoreInput, type Criterion } from '../../../../contracts/workflow';
import type { ApiFailure } from '../api';
import { Field } from './ui';

export type CriteriaValues = Record<string, string>;

const list = (track: string): readonly Criterion[] => CRITERIA[track as TrackKey] ?? [];

/** Empty values for the track's criteria. */
export const emptyCriteria = (track: string): CriteriaValues =>
  Object.fromEntries(list(track).map((c) => [c.field, '']));

/** The typed values to send: numbers as typed (text that is no number is sent as is, for the server to name). */
export function criteriaBody(track: string, values: CriteriaValues): Record<string, unknown> {
  return Object.fromEntries(
    list(track).map((c) => {
      const v = values[c.field] ?? '';
      if (c.input === 'percent' || c.input === 'count') return [c.field, scoreInput(v)];
      return [c.field, v.trim() === '' ? null : v];
    }),
  );
}

/** The criteria not met, by field, in the server's words (checked here with the same rule). */
export function criteriaProblems(track: string, values: CriteriaValues): Record<string, string> {
  const body = criteriaBody(track, values) as Parameters<typeof criteriaIssues>[1];
  const problems: Record<string, string> = {};
  for (const i of criteriaIssues(track as TrackKey, body, chinaDate(Date.now())))
    problems[String(i.path[1])] ??= i.message;
  return problems;
}

/** The server's refusals of the criteria, at their fields (issues at `candidate.<field>`). */
export function criteriaErrorsOf(track: string, error: ApiFailure | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const c of list(track)) {
    const message = error?.fields[`candidate.${c.field}`];
    if (message) errors[c.field] = message;
  }
  return errors;
}

/** The criteria fields of `track`, each with its threshold as a hint. */
export function CriteriaFields({
  track,
  values,
  onValue,
  errors,
}: {
  track: string;
  values: CriteriaValues;
  onValue: (field: string, value: string) => void;
  errors: Record<string, string | undefined>;
}) {
  const criteria = list(track);
  if (!criteria.length) return null;
  return (
    <fieldset class="criteria" data-criteria={track}>
      <legend>申报条件（不符合的不能推荐）</legend>
      {criteria.map((c) => (
        <Field key={c.field} label={c.label} hint={`要求：${c.threshold}`} error={errors[c.field]}>
          {(id, d) =>
            c.input === 'text' ? (
              <textarea
                id={id}
                aria-describedby={d}
                name={c.field}
                value={values[c.field] ?? ''}
                onInput={(e) => onValue(c.field, e.currentTarget.value)}
              />
            ) : (
              <input
                id={id}
                aria-describedby={d}
                name={c.field}
                type={c.input === 'date' ? 'date' : 'number'}
                inputMode={c.input === 'count' ? 'numeric' : c.input === 'percent' ? 'decimal' : undefined}
                min={c.input === 'date' ? undefined : 0}
                max={c.input === 'percent' ? 100 : undefined}
                step={c.input === 'count' ? 1 : c.input === 'percent' ? 0.1 : undefined}
                value={values[c.field] ?? ''}
                onInput={(e) => onValue(c.field, e.currentTarget.value)}
              />
            )
          }
        </Field>
      ))}
    </fieldset>
  );
}
