// npm run analytics:generate -- --branches 500 --days 365 --schema analytics_bench [--scale 1] [--end-day YYYY-MM-DD]
// Writes into DATABASE_URL (default: the test PostgreSQL); see generate.node.ts.
import { parseArgs } from 'node:util';
import { generateAnalyticsData } from './generate.node.js';

const { values } = parseArgs({
  options: {
    branches: { type: 'string', default: '500' },
    days: { type: 'string', default: '365' },
    schema: { type: 'string', default: 'analytics_bench' },
    scale: { type: 'string', default: '1' },
    'end-day': { type: 'string' },
  },
});

const result = await generateAnalyticsData({
  connectionString: process.env.DATABASE_URL ?? process.env.HUB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  schema: values.schema,
  branches: Number(values.branches),
  days: Number(values.days),
  scale: Number(values.scale),
  ...(values['end-day'] ? { endDay: values['end-day'] } : {}),
  log: (line) => console.log(line),
});
console.log(JSON.stringify({ generated: result.generated, rows: result.totalRows, seconds: result.seconds, endDay: result.endDay }));
