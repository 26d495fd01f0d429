// Checks that PostgreSQL and NATS (with JetStream) answer, and says exactly what to do if not.
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/mi';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

const HELP_PG = `PostgreSQL is needed (15 or newer).
  Debian/Ubuntu:  sudo apt-get install postgresql && sudo pg_ctlcluster $(ls /etc/postgresql) main start
  Docker:         docker compose -f infra/docker-compose.yml up -d postgres
  Or point DATABASE_URL at your server (postgresql://user:password@host:5432/mi).`;

const HELP_NATS = `NATS with JetStream is needed (nats-server 2.9 or newer, started with -js).
  Debian/Ubuntu:  sudo apt-get install nats-server && nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server &
  Docker:         docker compose -f infra/docker-compose.yml up -d nats
  Or point NATS_URL at your server.`;

/** Ensures the database exists (creates it if the server answers but the database does not). */
export async function checkPostgres(databaseUrl) {
  const url = new URL(databaseUrl);
  const dbName = url.pathname.replace(/^\//, '') || 'mi';
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`Cannot reach PostgreSQL at ${url.host} (${e.message}).\n${HELP_PG}`);
  }
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [dbName]);
    if (rowCount === 0) {
      await client.query(`create database "${dbName.replace(/"/g, '')}"`);
      return `created database ${dbName}`;
    }
    return `database ${dbName} is there`;
  } finally {
    await client.end();
  }
}

export async function checkNats(natsUrl) {
  let nc;
  try {
    nc = await connect({ servers: natsUrl.split(','), timeout: 3000, maxReconnectAttempts: 0 });
  } catch (e) {
    throw new Error(`Cannot reach NATS at ${natsUrl} (${e.message}).\n${HELP_NATS}`);
  }
  try {
    const jsm = await jetstreamManager(nc, { timeout: 3000 });
    await jsm.getAccountInfo();
    return 'JetStream is on';
  } catch (e) {
    throw new Error(`NATS at ${natsUrl} answers but JetStream is off (${e.message}).\n${HELP_NATS}`);
  } finally {
    await nc.close();
  }
}
