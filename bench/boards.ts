/**
 * Product boards at forum scale (issue 15): 100,000 items over 8 boards, 5,000,000 votes, a member
 * table of MEMBERS rows (default 10,000,000). Figures, each next to a baseline from the same run:
 *   - board page (top by votes, newest, filtered by status; first and deep pages) through
 *     BoardItemsService.board — baseline: the same pages with index scans switched off;
 *   - item page (BoardItemsService.item + hasVoted, what the page reads) — baseline: `SELECT 1`;
 *   - similar-item lookup (BoardItemsService.findSimilar, English and Chinese, typed fragments) —
 *     baseline: the same lookups with index scans switched off;
 *   - votes over HTTP against the built app (its own process), as a ratio to GET /health with the
 *     same concurrency, and the vote column checked against a recount afterwards.
 *
 *   npx ts-node -T bench/boards.ts [members=10000000] [runs=200] [voters=2000] [votes=5000000]
 */
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { BoardItemsService } from '../src/boards/items/board-items.service';
import { searchKey } from '../src/boards/items/search-key';
import { signInTokenHash } from '../src/boards/sign-in/sign-in-token';
import { BoardVotesService } from '../src/boards/votes/board-votes.service';
import { loadEnvironment } from '../src/config/environment';
import { buildApp, startApp } from './support/app-process';
import { reportFigure } from './support/figures';
import { machine, seconds, startBenchDatabase } from './support/bench-database';
import { CountingSink } from './support/counting-sink';

const MEMBERS = Number(process.argv[2] ?? 10_000_000);
const RUNS = Math.max(50, Number(process.argv[3] ?? 200));
const VOTERS = Number(process.argv[4] ?? 2000);
const ITEMS = 100_000;
const VOTES = Number(process.argv[5] ?? 5_000_000);
const CONCURRENCY = 32;
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const AREAS = ['os', 'camera', 'battery', 'router', 'display', 'audio', 'watch', 'cloud'];

const sorted = (ms: number[]) => [...ms].sort((a, b) => a - b);
const p95 = (ms: number[]) => sorted(ms)[Math.ceil(ms.length * 0.95) - 1];
const p50 = (ms: number[]) => sorted(ms)[Math.floor(ms.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const pick = <T>(list: T[], i: number) => list[i % list.length];

async function timed(runs: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

const EN = (
  'night mode camera front selfie battery charge limit fast charging lock screen clock dark theme font size ' +
  'wifi router mesh guest network parental control notification sound vibration gesture navigation split ' +
  'screen keyboard emoji backup cloud photos album storage cleaner update schedule bluetooth headphones ' +
  'equalizer volume per app always on display refresh rate brightness eye comfort watch face heart rate ' +
  'sleep tracking step counter alarm calendar widget weather icon pack launcher folder search'
).split(' ');
const ZH =
  '夜景 相机 前置 自拍 电池 充电 上限 快充 锁屏 时钟 深色 主题 字体 路由器 组网 访客 网络 家长 控制 通知 铃声 振动 手势 导航 分屏 键盘 表情 备份 云端 相册 存储 清理 更新 蓝牙 耳机 均衡器 音量 息屏 显示 刷新率 亮度 护眼 表盘 心率 睡眠 计步 闹钟 日历 天气 图标 桌面'.split(
    ' ',
  );

/**
 * A forum's titles use thousands of words, not a hundred: the real words above (so typed fragments
 * find their like) are mixed with 4,000 made-up English-like words and 4,000 two-character Chinese
 * words. A hundred-word vocabulary would make every title share most trigrams with a third of the board.
 */
const SYLLABLES =
  'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo'.split(
    ' ',
  );
const EN_WORDS = [
  ...EN,
  ...Array.from(
    { length: 4000 },
    (_, i) =>
      pick(SYLLABLES, i) +
      pick(SYLLABLES, Math.floor(i / SYLLABLES.length) * 7 + 3) +
      (i % 3 ? pick(SYLLABLES, i * 13 + 5) : ''),
  ),
];
const ZH_WORDS = [
  ...ZH,
  ...Array.from(
    { length: 4000 },
    (_, i) =>
      String.fromCodePoint(0x4e00 + ((i * 7919) % 5000)) + String.fromCodePoint(0x4e00 + ((i * 104729 + 11) % 5000)),
  ),
];

/** A deterministic pseudo-random title: 3–6 words, a third of them Chinese. */
function titleOf(i: number): string {
  const r = (k: number) => Math.abs(Math.imul(i + 1, 2654435761) ^ Math.imul(k + 7, 40503)) >>> 0;
  const words = 3 + (r(1) % 4);
  if (i % 3 === 0) return Array.from({ length: words }, (_, k) => pick(ZH_WORDS, r(k + 2) % ZH_WORDS.length)).join('');
  const text = Array.from({ length: words }, (_, k) => pick(EN_WORDS, r(k + 2) % EN_WORDS.length)).join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)} ${i}`;
}

async function loadData(db: DataSource): Promise<void> {
  await db.query(`INSERT INTO cities (name) VALUES ('Bench city')`);
  // Search indexes of members are not what boards read; dropping them makes the 10M-row load minutes shorter.
  await db.query(`DROP INDEX IF EXISTS members_name_trgm_idx, members_invitee_rank_idx, members_name_prefix_idx`);
  const chunk = 1_000_000;
  for (let from = 1; from <= MEMBERS; from += chunk) {
    const to = Math.min(MEMBERS, from + chunk - 1);
    await db.query(
      `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts, attended_count)
       SELECT 'b-' || g, 'b-' || g || '@example.com', 'Bench fan ' || g, (SELECT min(id) FROM cities),
              CASE WHEN g % 3 = 0 THEN 'en' ELSE 'zh-CN' END, date '2015-01-01' + (g % 3000)::int, g % 500,
              CASE WHEN g % 8 = 0 THEN 1 ELSE 0 END
         FROM generate_series($1::bigint, $2::bigint) g`,
      [from, to],
    );
    process.stdout.write(`  members ${to.toLocaleString('en')}\r`);
  }
  await db.query(
    `INSERT INTO product_areas (slug, name_en, name_zh)
     SELECT s, initcap(s), s FROM unnest($1::text[]) s ON CONFLICT (slug) DO NOTHING`,
    [AREAS],
  );
  const areaIds: number[] = (
    await db.query(`SELECT id FROM product_areas WHERE slug = ANY ($1) ORDER BY slug`, [AREAS])
  ).map((r: { id: number }) => r.id);
  // A fresh database: these engineers are ids 1–16, the handlers below.
  await db.query(
    `INSERT INTO engineers (engineer_code, name) SELECT 'E' || (1000 + g), 'Engineer ' || g FROM generate_series(1, 16) g`,
  );
  // Items in batches: their search keys are computed by the app's own function.
  const statuses = [
    'received',
    'received',
    'received',
    'under_review',
    'planned',
    'in_progress',
    'shipped',
    'declined',
  ];
  for (let from = 0; from < ITEMS; from += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, ITEMS - from) }, (_, k) => {
      const i = from + k;
      const title = titleOf(i);
      return {
        area: areaIds[i % areaIds.length],
        title,
        key: searchKey(title),
        status: statuses[(i * 7) % statuses.length],
        handler: i % 4 === 0 ? null : 1 + (i % 16),
        moderation: i % 100 === 0 ? 'pending' : 'approved',
        n: i,
      };
    });
    await db.query(
      `INSERT INTO board_items (product_area_id, title, search_key, author_kind, author_member_id, status,
                                handler_engineer_id, moderation, created_at)
       SELECT x.area, x.title, x.key, 'member', 1 + (x.n * 7919) % $2, x.status,
              x.handler, x.moderation,
              now() - make_interval(mins => x.n::int)
         FROM jsonb_to_recordset($1::jsonb) AS x(area int, title text, key text, status text,
                                                 handler int, moderation text, n bigint)`,
      [JSON.stringify(rows), MEMBERS],
    );
  }
  await db.query(
    `INSERT INTO board_item_statuses (item_id, status, note)
     SELECT id, 'received', '' FROM board_items
     UNION ALL
     SELECT id, status, CASE WHEN status IN ('shipped', 'declined') THEN 'Bench note' ELSE '' END
       FROM board_items WHERE status <> 'received'`,
  );
  // 5M votes, skewed (low item ids get many), each from a different member (g·a mod MEMBERS is one-to-one).
  const first: number = (await db.query(`SELECT min(id)::int AS id FROM board_items`))[0].id;
  for (let from = 1; from <= VOTES; from += 1_000_000) {
    const to = Math.min(VOTES, from + 999_999);
    await db.query(
      `INSERT INTO board_votes (item_id, member_id, attended)
       SELECT $3 + floor($4 * power(g::float8 / $5, 2))::bigint, 1 + (g * 2654435761) % $2, g % 8 = 0
         FROM generate_series($1::bigint, $6::bigint) g
       ON CONFLICT DO NOTHING`,
      [from, Math.min(MEMBERS, Number.MAX_SAFE_INTEGER), first, ITEMS - 1, VOTES, to],
    );
    process.stdout.write(`  votes ${to.toLocaleString('en')}\r`);
  }
  await db.query(
    `UPDATE board_items i SET vote_count = v.n, attendee_vote_count = v.a
       FROM (SELECT item_id, count(*)::int AS n, count(*) FILTER (WHERE attended)::int AS a
               FROM board_votes GROUP BY item_id) v
      WHERE v.item_id = i.id`,
  );
  await db.query(`VACUUM ANALYZE`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function throughput(requests: (() => Promise<number>)[]) {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const status = await requests[next++]();
        if (status !== 200) failures++;
      }
    }),
  );
  return { perSecond: requests.length / ((performance.now() - started) / 1000), failures };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A tiny cookie jar: the latest value of each cookie, as a browser keeps them. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(headers: http.IncomingHttpHeaders): void {
    for (const c of headers['set-cookie'] ?? []) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** A member session as a browser gets one: the link's page (CSRF cookie and token), then its POST. */
async function session(port: number, db: DataSource, memberId: number) {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO member_sign_in_links (member_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
    [memberId, signInTokenHash(token)],
  );
  const jar = new Jar();
  const page = await call(port, 'GET', `/member/sign-in/${token}`);
  jar.take(page.headers);
  const signIn = await call(
    port,
    'POST',
    `/member/sign-in/${token}`,
    { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header },
    `_csrf=${encodeURIComponent(csrfIn(page.text))}`,
  );
  if (signIn.status !== 303) throw new Error(`sign-in answered ${signIn.status}`);
  jar.take(signIn.headers);
  // The CSRF token is bound to the new session: take a fresh one from a page.
  const mine = await call(port, 'GET', '/member/items', { cookie: jar.header });
  jar.take(mine.headers);
  return { cookie: jar.header, csrf: csrfIn(mine.text) };
}

async function main() {
  buildApp();
  const db = await startBenchDatabase();
  const sink = new CountingSink();
  const smtpPort = await sink.start();
  try {
    const settings = {
      DATABASE_URL: db.url,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      APP_SECRET: SECRET,
      ADMIN_PASSWORD: 'bench admin password',
      BOARD_VOTES_PER_HOUR: '1000000',
    };
    const env = loadEnvironment({ ...settings, JOBS_WORKERS: 'false', LOG_LEVEL: 'warn' });
    const ctx = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
      logger: ['error', 'warn'],
    });
    const dataSource = ctx.get(DataSource);
    const t0 = Date.now();
    await loadData(dataSource);
    const loadMs = Date.now() - t0;
    const [{ votes, members, size }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM board_votes)::int AS votes, (SELECT count(*) FROM members)::int AS members,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    console.log(`machine: ${machine()}`);
    console.log(
      `data: ${ITEMS.toLocaleString('en')} items over ${AREAS.length} boards, ${Number(votes).toLocaleString('en')} votes, ` +
        `${Number(members).toLocaleString('en')} members; loaded in ${seconds(loadMs)} s; database ${size}`,
    );
    const items = ctx.get(BoardItemsService);
    const votesService = ctx.get(BoardVotesService);
    const before = load();
    const lines: string[] = [];

    // Board pages: every board, sort and filter; pages 1, 10 and 100 (item 2,000 of ~12,500 on the board).
    const statuses = [null, 'planned', 'shipped', 'received'];
    const cases = AREAS.flatMap((slug) =>
      (['top', 'new'] as const).flatMap((sort) =>
        statuses.flatMap((status) => [1, 10, 100].map((page) => ({ slug, sort, status, page }))),
      ),
    );
    const boardCall = (i: number) => {
      const c = pick(cases, i * 7);
      return items.board(c.slug, c.sort, c.status, c.page);
    };
    await timed(20, boardCall);
    const board = await timed(RUNS, boardCall);
    const noIndex = await timed(Math.max(20, RUNS / 10), (i) =>
      dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL enable_indexscan = off`);
        await m.query(`SET LOCAL enable_bitmapscan = off`);
        await m.query(`SET LOCAL enable_indexonlyscan = off`);
        const c = pick(cases, i * 7);
        const area: { id: number }[] = await m.query(`SELECT id FROM product_areas WHERE slug = $1`, [c.slug]);
        return m.query(
          `SELECT i.id, i.title, i.status, i.vote_count FROM board_items i
            WHERE i.product_area_id = $1 AND i.moderation = 'approved' AND i.merged_into_id IS NULL
              AND ($2::text IS NULL OR i.status = $2)
            ORDER BY ${c.sort === 'top' ? 'i.vote_count DESC, i.id DESC' : 'i.id DESC'} LIMIT 20 OFFSET $3`,
          [area[0].id, c.status, (c.page - 1) * 20],
        );
      }),
    );
    lines.push(
      `board page (service, ${cases.length} cases): p50 ${p50(board).toFixed(1)} ms, p95 ${p95(board).toFixed(1)} ms | ` +
        `no-index baseline p95 ${p95(noIndex).toFixed(1)} ms | ratio ${(p95(noIndex) / p95(board)).toFixed(1)}× | ` +
        `target p95 < 50 ms: ${p95(board) < 50 ? 'MET' : 'MISSED'}`,
    );
    reportFigure({
      figure: 'board page p95 (ms)',
      value: p95(board),
      baseline: { name: 'no index', value: p95(noIndex) },
      ratio: p95(noIndex) / p95(board),
      target: 'p95 < 50 ms',
      met: p95(board) < 50,
    });

    // Item pages: popular and ordinary items, with the viewer's own vote looked up.
    const ids: string[] = (
      await dataSource.query(
        `SELECT id::text FROM board_items WHERE moderation = 'approved' ORDER BY random() LIMIT 500`,
      )
    ).map((r: { id: string }) => r.id);
    const itemCall = async (i: number) => {
      const id = pick(ids, i);
      await Promise.all([items.item(id), votesService.hasVoted(id, String(1 + ((i * 7919) % MEMBERS)))]);
    };
    await timed(20, itemCall);
    const item = await timed(RUNS, itemCall);
    const trivial = await timed(RUNS, () => dataSource.query('SELECT 1'));
    lines.push(
      `item page (service): p50 ${p50(item).toFixed(1)} ms, p95 ${p95(item).toFixed(1)} ms | ` +
        `SELECT 1 baseline p95 ${p95(trivial).toFixed(2)} ms | target p95 < 30 ms: ${p95(item) < 30 ? 'MET' : 'MISSED'}`,
    );
    reportFigure({
      figure: 'item page p95 (ms)',
      value: p95(item),
      baseline: { name: 'SELECT 1', value: p95(trivial) },
      target: 'p95 < 30 ms',
      met: p95(item) < 30,
    });

    // Similar items: fragments of existing titles as a member types them (half English, half Chinese).
    const typed = Array.from({ length: 100 }, (_, k) => {
      const title = titleOf(k * 997 + (k % 2 === 0 ? 1 : 0));
      return title.slice(0, Math.max(4, Math.floor(title.length * 0.7)));
    });
    const areaIds: number[] = (await dataSource.query(`SELECT id FROM product_areas ORDER BY slug`)).map(
      (r: { id: number }) => r.id,
    );
    const similarCall = (i: number) => items.findSimilar(pick(typed, i), i % 2 ? pick(areaIds, i) : null);
    await timed(20, similarCall);
    const similar = await timed(RUNS, similarCall);
    const hits = (await Promise.all(typed.slice(0, 40).map((q) => items.findSimilar(q)))).filter(
      (r) => r.length > 0,
    ).length;
    const similarNoIndex = await timed(Math.max(10, RUNS / 20), (i) =>
      dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL enable_indexscan = off`);
        await m.query(`SET LOCAL enable_bitmapscan = off`);
        return m.query(
          `SELECT i.id FROM board_item_search_keys k JOIN board_items i ON i.id = k.item_id
            WHERE $1 <% k.search_key AND i.moderation = 'approved' AND i.merged_into_id IS NULL
            ORDER BY word_similarity($1, k.search_key) DESC LIMIT 5`,
          [searchKey(pick(typed, i))],
        );
      }),
    );
    lines.push(
      `similar items (service): p50 ${p50(similar).toFixed(1)} ms, p95 ${p95(similar).toFixed(1)} ms | ` +
        `no-index baseline p95 ${p95(similarNoIndex).toFixed(1)} ms | ratio ${(p95(similarNoIndex) / p95(similar)).toFixed(1)}× | ` +
        `found something for ${hits}/40 typed fragments | target p95 < 50 ms: ${p95(similar) < 50 ? 'MET' : 'MISSED'}`,
    );
    reportFigure({
      figure: 'similar items p95 (ms)',
      value: p95(similar),
      baseline: { name: 'no index', value: p95(similarNoIndex) },
      ratio: p95(similarNoIndex) / p95(similar),
      target: 'p95 < 50 ms',
      met: p95(similar) < 50,
    });

    // Votes over HTTP against the app in its own process.
    const port = await freePort();
    const app = startApp({ ...settings, PORT: String(port) }, 'app');
    try {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      while ((await call(port, 'GET', '/health').catch(() => ({ status: 0 }))).status !== 200) await sleep(200);
      const voterIds = Array.from({ length: VOTERS }, (_, k) => 1 + ((k * 104729 + 17) % MEMBERS));
      const sessions = [];
      for (let k = 0; k < voterIds.length; k += CONCURRENCY) {
        sessions.push(
          ...(await Promise.all(voterIds.slice(k, k + CONCURRENCY).map((id) => session(port, dataSource, id)))),
        );
      }
      await throughput(Array.from({ length: 500 }, () => () => call(port, 'GET', '/health').then((r) => r.status)));
      const health = await throughput(
        Array.from({ length: VOTERS }, () => () => call(port, 'GET', '/health').then((r) => r.status)),
      );
      const voteOn = (itemId: string, s: { cookie: string; csrf: string }) =>
        call(port, 'POST', `/api/board-items/${itemId}/vote`, { cookie: s.cookie, 'x-csrf-token': s.csrf }).then(
          (r) => r.status,
        );
      const spread = await throughput(sessions.map((s, k) => () => voteOn(pick(ids, k), s)));
      const hot = ids[ids.length - 1];
      const oneItem = await throughput(sessions.map((s) => () => voteOn(hot, s)));
      const health2 = await throughput(
        Array.from({ length: VOTERS }, () => () => call(port, 'GET', '/health').then((r) => r.status)),
      );
      const trivialRate = (health.perSecond + health2.perSecond) / 2;
      const [check] = await dataSource.query(
        `SELECT i.vote_count AS "column", (SELECT count(*)::int FROM board_votes WHERE item_id = i.id) AS recount
           FROM board_items i WHERE i.id = $1`,
        [hot],
      );
      lines.push(
        `votes over HTTP (${VOTERS} members, ${CONCURRENCY} in flight): spread over items ${spread.perSecond.toFixed(0)}/s, ` +
          `all on one item ${oneItem.perSecond.toFixed(0)}/s | GET /health ${health.perSecond.toFixed(0)}/s before, ` +
          `${health2.perSecond.toFixed(0)}/s after | ratio to /health: spread ${((spread.perSecond / trivialRate) * 100).toFixed(0)} %, ` +
          `one item ${((oneItem.perSecond / trivialRate) * 100).toFixed(0)} % | failures: ${spread.failures + oneItem.failures} | ` +
          `hot item column ${check.column} = recount ${check.recount}: ${check.column === check.recount ? 'yes' : 'NO'}`,
      );
      reportFigure({
        figure: 'votes over HTTP, spread (votes/s)',
        value: spread.perSecond,
        baseline: { name: '/health', value: trivialRate },
        ratio: spread.perSecond / trivialRate,
        target: 'recorded; count = recount',
        met: check.column === check.recount && spread.failures + oneItem.failures === 0,
      });
    } finally {
      await app.stop();
    }
    await ctx.close();
    const after = load();
    for (const line of lines) console.log(line);
    console.log(`runs per figure: ${RUNS}; load average (1/5/15 min) before: ${before}, after: ${after}`);
  } finally {
    await sink.stop();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
