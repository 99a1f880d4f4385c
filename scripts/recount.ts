/**
 * Recounts a poll from its public record (docs/transparency.md): fetches the checkpoints, the CSV
 * export and the results, recomputes every checkpoint hash from the export, replays the status events,
 * counts the counted rows and compares them with the published results. Prints "matches" or every
 * difference; exits 1 on a difference, 2 when the record cannot be read (embargo, network, not found).
 *
 * Usage: npm run recount -- https://example.org/polls/trades-vote/
 *        (any address whose path contains /polls/<slug>; the API is read from the same origin)
 */
import { CheckpointsBody, RECORD_CHECKPOINT, compareResults, recount } from '../contracts/ballot-record';

const arg = process.argv[2];
const match = arg && /^(https?:\/\/[^/]+)(?:\/api)?\/polls\/([a-z0-9-]+)/.exec(arg);
if (!match) {
  console.error('usage: npm run recount -- https://<site>/polls/<slug>/');
  process.exit(2);
}
const [, origin, slug] = match;
const api = `${origin}/api/polls/${slug}`;

async function get(path: string): Promise<Response> {
  const res = await fetch(`${api}${path}`).catch((e: Error) => {
    console.error(`${api}${path}: ${e.message} ${String(e.cause ?? '')}`);
    process.exit(2);
  });
  if (!res.ok) {
    const body = await res.text();
    const code = /"code":"(\w+)"/.exec(body)?.[1];
    console.error(`${api}${path}: HTTP ${res.status}${code ? ` ${code}` : ''}`);
    if (code === 'embargoed')
      console.error('the counts of this poll are under embargo until its results are published');
    process.exit(2);
  }
  return res;
}

const exported = await get('/ballots.csv');
const csv = await exported.text();
const published = CheckpointsBody.parse(await (await get('/checkpoints')).json()).checkpoints;
// The export says which checkpoint it reflects; the two answers may come from caches of different
// moments, so compare the export with that checkpoint and the ones before it.
const upTo = Number(exported.headers.get(RECORD_CHECKPOINT) ?? published.length);
if (published.length < upTo) {
  console.error(
    `the checkpoints answer (${published.length}) is older than the export (checkpoint ${upTo}): a cached copy; run again in a few seconds`,
  );
  process.exit(2);
}
const checkpoints = published.filter((cp) => cp.seq <= upTo);
const results = (await (await get('/results')).json()) as {
  poll: { status: string };
  totalBallots: number | null;
  results: { candidateId: number; votes: number }[] | null;
};

const report = await recount(csv, checkpoints);
const last = checkpoints.at(-1);
console.log(`poll ${slug} (${results.poll.status}) at ${origin}`);
console.log(
  `record: ${report.checkpoints} checkpoints, ${report.sealedBallots} ballots sealed${last ? `, last sealed ${last.sealedAt}` : ''}`,
);
if (published.length > upTo)
  console.log(`(${published.length - upTo} newer checkpoint(s) are not in this export yet: a cached copy)`);
console.log(`export: counted ${report.counted}, quarantined ${report.quarantined}, void ${report.void}`);
const problems = [...report.problems];
if (results.poll.status === 'open' || results.poll.status === 'scheduled') {
  console.log('results: not compared while the poll is open (the export is the record as of the last checkpoint)');
} else {
  problems.push(...compareResults(report, results));
}
if (problems.length === 0) {
  console.log('matches');
} else {
  for (const p of problems) console.log(`differs: ${p}`);
  process.exit(1);
}
