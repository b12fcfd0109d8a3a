import pg from 'pg';
import { round } from './stats';

/** One statement's share of a phase, from pg_stat_statements. */
export interface StatementCost {
  calls: number;
  /** Mean execution time inside PostgreSQL (planning excluded), ms. */
  mean_ms: number;
  total_ms: number;
  /** Shared buffers hit and read per call. */
  buffers_per_call: number;
  query: string;
}

/**
 * pg_stat_statements around a phase (the PostgreSQL of scripts/start-services.sh preloads it):
 * `reset` before, `read` after, to see what one message costs the database. Undefined when the
 * extension is not available (not preloaded, no right to create it).
 */
export async function statementsProbe(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_stat_statements');
    await client.query('select pg_stat_statements_reset()');
  } catch {
    await client.end();
    return undefined;
  }
  return {
    async reset() {
      await client.query('select pg_stat_statements_reset()');
    },
    /** The statements of this database by total time, most expensive first. */
    async read(limit = 15): Promise<StatementCost[]> {
      const { rows } = await client.query<{
        calls: string;
        mean: number;
        total: number;
        buffers: string;
        query: string;
      }>(
        `select calls, mean_exec_time as mean, total_exec_time as total,
           shared_blks_hit + shared_blks_read as buffers, query
         from pg_stat_statements
         where dbid = (select oid from pg_database where datname = current_database())
           and query not like '%pg_stat_statements%'
         order by total_exec_time desc limit $1`,
        [limit],
      );
      return rows.map((r) => ({
        calls: Number(r.calls),
        mean_ms: round(r.mean, 3),
        total_ms: round(r.total, 1),
        buffers_per_call: round(Number(r.buffers) / Math.max(1, Number(r.calls)), 1),
        query: r.query.replace(/\s+/g, ' ').slice(0, 300),
      }));
    },
    close: () => client.end(),
  };
}
