/**
 * Recounts a poll from its public record (docs/transparency.md): fetches the checkpoints, the CSV
 * export and the results, recomputes every checkpoint hash from the export, replays the status events,
 * counts the counted rows and compares them with the published results. Prints "matches" or every
 * difference; exits 1 on a difference, 2 when the record cannot be read (embargo, network, not found).
 *
 * Usage: npm run recount -- https://example.org/polls/trades-vote/
 *        (any address whose path contains /polls/<slug>; the API is read from the same origin)
 */
import { CheckpointsBody, compareResults, recount } from '../contracts/ballot-record';

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

const checkpoints = CheckpointsBody.parse(await (await get('/checkpoints')).json()).checkpoints;
const csv = await (await get('/ballots.csv')).text();
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
