/**
 * Baseline for `request`: a bare node:http handler running the same query in the same
 * kind of transaction (app role, tenant and user set with set_config) with postgres.js.
 */
import { createServer } from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.RAW_DATABASE_URL!, { max: Number(process.env.RAW_POOL_MAX ?? 10), onnotice: () => {} });
const tenantId = process.env.RAW_TENANT_ID!;
const userId = process.env.RAW_USER_ID!;

createServer(async (_req, res) => {
  try {
    const rows = await sql.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId}, true)`;
      return tx`select id, parent_id, name_th, name_en, owner_number, active from units
                where tenant_id = ${tenantId} order by created_at, name_th`;
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
}).listen(Number(process.env.RAW_PORT), '127.0.0.1', () => console.log('raw server ready'));
