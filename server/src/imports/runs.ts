import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { ImportKind, ImportStatus } from '@nuanxin/shared/imports/constants';
import type { ImportBadRow, ImportRun } from '@nuanxin/shared/imports/schemas';
import { importRuns } from '../db/schema/index.js';
import type { Acting, Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { placeStationRows, stationsOutsideScope, upsertStations } from '../stations/index.js';
import { badRequest, conflict, notFound } from '../platform/app-error.js';
import type { ImportsContext } from './context.js';
import type { CheckResult, FileFormat } from './check-file.js';
import { stationBadRow } from './check-file.js';
import { CodesTaken, insertCommunities, placeCommunities, type PlacedCommunity } from './communities.js';
import { badRow } from './communities-rows.js';
import { FileProblem } from './table.js';
import type { PlacedStation } from '../stations/index.js';

type Row = typeof importRuns.$inferSelect;
type Caller = Acting<ImportsContext>;

/** The report keeps the first 500 bad rows: enough to fix a file, small enough to poll. */
const MAX_BAD_ROWS = 500;

const FORMATS: Record<ImportKind, Record<string, FileFormat>> = {
  communities: { csv: 'csv', xlsx: 'xlsx' },
  stations: { csv: 'csv', xlsx: 'xlsx', geojson: 'geojson', json: 'geojson' },
};

/** The file's format from its name; anything else is refused before it is read. */
export function formatOf(kind: ImportKind, fileName: string): FileFormat {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const format = FORMATS[kind][ext];
  if (!format)
    throw badRequest(
      'IMPORT_FILE_TYPE',
      kind === 'communities'
        ? '文件类型不支持，请上传 .csv 或 .xlsx 文件'
        : '文件类型不支持，请上传 .csv、.xlsx 或 .geojson 文件',
      'file',
    );
  return format;
}

function toRun(row: Row, live?: { status: ImportStatus; done: number; total: number }): ImportRun {
  const status = (live?.status ?? row.status) as ImportStatus;
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    status,
    fileName: row.fileName,
    format: row.format,
    progress: live ? { done: live.done, total: live.total } : { done: row.progressDone, total: row.progressTotal },
    rows: row.rows,
    good: row.good,
    bad: row.bad,
    inserted: row.inserted,
    updated: row.updated,
    skipped: row.skipped,
    skipBad: row.skipBad,
    badRows: row.badRows as ImportBadRow[],
    error: row.error ?? null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function loadOwn(ctx: Caller, id: string): Promise<Row> {
  const [row] = await ctx.db.select().from(importRuns).where(eq(importRuns.id, id));
  // Another account's run does not exist for this caller.
  if (!row || row.createdBy !== ctx.actor.userId) throw notFound();
  return row;
}

/** A busy run nobody has touched for this long was cut off (a restart): shown as failed. */
const STALE_MS = 10 * 60_000;

function current(ctx: ImportsContext, row: Row): ImportRun {
  const live = ctx.runner.progress(row.id);
  const run = toRun(row, live);
  const busy = run.status === 'checking' || run.status === 'importing';
  if (busy && !live && ctx.now().getTime() - row.updatedAt.getTime() > STALE_MS)
    return {
      ...run,
      status: 'failed',
      error: { code: 'IMPORT_FAILED', message: '导入已中断（服务重启），未写入任何数据，请重新上传' },
    };
  return run;
}

/** One run as the page polls it: the row, with this process's live progress over it. */
export async function getImportRun(ctx: Caller, input: { id: string }): Promise<ImportRun> {
  return current(ctx, await loadOwn(ctx, input.id));
}

/** The caller's latest runs of a kind. */
export async function listImportRuns(ctx: Caller, input: { kind?: ImportKind }): Promise<{ items: ImportRun[] }> {
  const rows = await ctx.db
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.createdBy, ctx.actor.userId), input.kind ? eq(importRuns.kind, input.kind) : undefined))
    .orderBy(desc(importRuns.createdAt))
    .limit(20);
  return { items: rows.map((r) => current(ctx, r)) };
}

const byLine = (a: ImportBadRow, b: ImportBadRow) => a.line - b.line;

interface Checked {
  rows: number;
  good: PlacedCommunity[] | PlacedStation[];
  bad: ImportBadRow[];
}

/** The worker's result plus the checks that need the database. */
async function placeRows(ctx: ImportsContext, actor: Principal, result: CheckResult): Promise<Checked> {
  if (result.kind === 'communities') {
    const placed = await placeCommunities(ctx.db, actor, result.drafts);
    return { rows: result.rows, good: placed.good, bad: [...result.bad, ...placed.bad].sort(byLine) };
  }
  const placed = await placeStationRows(ctx.db, actor, result.drafts, ctx.runner.offLoop);
  const good = placed.good;
  const outside = await stationsOutsideScope(ctx.db, actor, good);
  const bad = [...result.bad, ...placed.bad.map(stationBadRow)];
  for (const g of good.filter((x) => outside.has(x.draft.externalId)))
    bad.push({
      line: g.line,
      column: 'external_id',
      code: 'OUT_OF_SCOPE',
      message: '该外部编号的驿站不在你负责的范围内',
    });
  return { rows: result.rows, good: good.filter((g) => !outside.has(g.draft.externalId)), bad: bad.sort(byLine) };
}

/** Runs the worker over a file, publishing its progress under the given status. */
function checkInWorker(
  ctx: ImportsContext,
  runId: string,
  status: ImportStatus,
  kind: ImportKind,
  format: FileFormat,
  bytes: Uint8Array,
) {
  let total = 0;
  // The confirm's re-check is not shown: there the bar follows the writes.
  const publish = status === 'checking';
  const work = ctx.runner.check({ kind, format, bytes, maxRows: ctx.config.maxRows }, (done) => {
    if (publish) ctx.runner.setProgress(runId, { status, done, total });
  });
  const opened = work.opened.then((n) => {
    total = n;
    if (publish) ctx.runner.setProgress(runId, { status, done: 0, total: n });
    return n;
  });
  return { opened, result: work.result };
}

function fileProblem(err: unknown): never {
  if (err instanceof FileProblem) throw badRequest(err.code, err.message, 'file');
  throw err;
}

/**
 * Upload: the file is read in a worker; a file that cannot be read (garbage, wrong columns, no
 * rows, too many) is refused here with a 4xx. Otherwise the run is stored as `checking` and the
 * row checks go on in the background — the dry run: nothing is written until `commitImport`.
 */
export async function startImport(
  ctx: Caller,
  input: { kind: ImportKind; fileName: string; bytes: Buffer },
): Promise<ImportRun> {
  const format = formatOf(input.kind, input.fileName);
  if (input.bytes.length === 0) throw badRequest('IMPORT_EMPTY', '上传的文件是空的', 'file');
  const id = randomUUID();
  const work = checkInWorker(ctx, id, 'checking', input.kind, format, input.bytes);
  const total = await work.opened.catch(fileProblem);
  const at = ctx.now();
  const [row] = await ctx.db
    .insert(importRuns)
    .values({
      id,
      kind: input.kind,
      status: 'checking',
      fileName: input.fileName.slice(0, 200),
      format,
      content: input.bytes,
      createdBy: ctx.actor.userId,
      actorRole: ctx.actor.role,
      progressTotal: total,
      rows: total,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  ctx.runner.track(finishCheck(ctx, id, work.result));
  return toRun(row!, ctx.runner.progress(id));
}

async function finishCheck(ctx: Caller, id: string, result: Promise<CheckResult>): Promise<void> {
  try {
    const checkedFile = await result;
    const checked = await placeRows(ctx, ctx.actor, checkedFile);
    // Kept for the confirm, which then need not parse the file again (another replica does).
    ctx.runner.keep(id, checkedFile);
    await ctx.db
      .update(importRuns)
      .set({
        status: 'checked',
        progressDone: checked.rows,
        progressTotal: checked.rows,
        rows: checked.rows,
        good: checked.good.length,
        bad: checked.bad.length,
        badRows: checked.bad.slice(0, MAX_BAD_ROWS),
        updatedAt: ctx.now(),
      })
      .where(eq(importRuns.id, id));
  } catch (err) {
    await fail(ctx, id, err);
  } finally {
    ctx.runner.forget(id);
  }
}

async function fail(ctx: ImportsContext, id: string, err: unknown): Promise<void> {
  ctx.runner.log('import run failed', err);
  const error =
    err instanceof FileProblem
      ? { code: err.code, message: err.message }
      : { code: 'IMPORT_FAILED', message: '导入失败，未写入任何数据，请重试' };
  const at = ctx.now();
  await ctx.db
    .update(importRuns)
    .set({ status: 'failed', error, content: null, updatedAt: at, finishedAt: at })
    .where(eq(importRuns.id, id));
}

/**
 * Confirms a checked run: with bad rows only when `skipBad`. The file is checked again (another
 * import may have taken a code since the dry run) and written in one transaction; the page
 * follows the progress. A second confirm of the same run is refused (409).
 */
export async function commitImport(ctx: Caller, input: { id: string; skipBad?: boolean }): Promise<ImportRun> {
  const row = await loadOwn(ctx, input.id);
  const skipBad = input.skipBad ?? false;
  if (row.status !== 'checked' || !row.content) throw conflict('IMPORT_NOT_CHECKED');
  if (row.bad > 0 && !skipBad) throw badRequest('IMPORT_HAS_BAD_ROWS', undefined, 'skipBad');
  if (row.good === 0) throw badRequest('IMPORT_NOTHING_TO_WRITE');
  const [claimed] = await ctx.db
    .update(importRuns)
    .set({ status: 'importing', skipBad, error: null, progressDone: 0, updatedAt: ctx.now() })
    .where(and(eq(importRuns.id, row.id), eq(importRuns.status, 'checked')))
    .returning();
  if (!claimed) throw conflict('IMPORT_NOT_CHECKED');
  ctx.runner.setProgress(row.id, { status: 'importing', done: 0, total: row.good });
  ctx.runner.track(write(ctx, claimed, skipBad));
  return toRun(claimed, ctx.runner.progress(row.id));
}

class Conflict extends Error {
  constructor(readonly bad: ImportBadRow[]) {
    super('import conflict');
  }
}

async function write(ctx: Caller, run: Row, skipBad: boolean): Promise<void> {
  const id = run.id;
  const kind = run.kind as ImportKind;
  let checked: Checked | undefined;
  try {
    const result =
      ctx.runner.kept(id) ??
      (await checkInWorker(ctx, id, 'importing', kind, run.format as FileFormat, new Uint8Array(run.content!)).result);
    checked = await placeRows(ctx, ctx.actor, result);
    if (checked.bad.length > 0 && !skipBad) throw new Conflict(checked.bad);
    const good = checked.good;
    const total = good.length;
    ctx.runner.setProgress(id, { status: 'importing', done: 0, total });
    const at = ctx.now();
    const principal = ctx.actor;
    const place =
      principal.role === 'street_operator'
        ? { streetId: principal.streetIds[0] ?? null }
        : { districtId: principal.districtIds[0] ?? null };
    await ctx.db.transaction(async (tx) => {
      let counts: { inserted: number; updated: number; extra: Record<string, number> };
      const bad = [...checked!.bad];
      if (kind === 'communities') {
        const out = await insertCommunities(tx, good as PlacedCommunity[], {
          actor: principal,
          at,
          skipTaken: skipBad,
          onBatch: (done) => ctx.runner.setProgress(id, { status: 'importing', done, total }),
        });
        for (const r of good as PlacedCommunity[])
          if (out.taken.has(r.code))
            bad.push(badRow(r.line, 'code', 'CODE_EXISTS', `小区编码 ${r.code} 已存在（刚被其他导入写入）`));
        counts = {
          inserted: out.inserted.length,
          updated: 0,
          extra: { gates: out.gates, agreements: out.agreements },
        };
      } else {
        // Re-read inside the transaction: a station may have moved out of scope since the check.
        const outside = await stationsOutsideScope(tx, principal, good as PlacedStation[]);
        if (outside.size > 0 && !skipBad) throw new Conflict(checked!.bad);
        const rows = (good as PlacedStation[]).filter((g) => !outside.has(g.draft.externalId));
        const out = await upsertStations(tx, rows, at, (done) =>
          ctx.runner.setProgress(id, { status: 'importing', done, total }),
        );
        counts = { ...out, extra: {} };
      }
      bad.sort(byLine);
      const skipped = checked!.rows - counts.inserted - counts.updated;
      await recordAudit(tx, {
        actor: principal,
        at,
        action: `import.${kind}`,
        target: { kind: 'import_run', id },
        place,
        after: {
          fileName: run.fileName,
          rows: checked!.rows,
          inserted: counts.inserted,
          updated: counts.updated,
          skipped,
          ...counts.extra,
        },
      });
      await tx
        .update(importRuns)
        .set({
          status: 'done',
          content: null,
          progressDone: total,
          progressTotal: total,
          good: counts.inserted + counts.updated,
          bad: bad.length,
          badRows: bad.slice(0, MAX_BAD_ROWS),
          inserted: counts.inserted,
          updated: counts.updated,
          skipped,
          updatedAt: at,
          finishedAt: at,
        })
        .where(eq(importRuns.id, id));
    });
  } catch (err) {
    const bad = err instanceof Conflict ? err.bad : err instanceof CodesTaken ? takenRows(checked, err) : null;
    if (bad) {
      // Something changed since the dry run: back to `checked` with the new report.
      await ctx.db
        .update(importRuns)
        .set({
          status: 'checked',
          good: (checked?.good.length ?? 0) - (err instanceof CodesTaken ? err.codes.size : 0),
          bad: bad.length,
          badRows: bad.slice(0, MAX_BAD_ROWS),
          error: { code: 'IMPORT_CONFLICT', message: '有数据在检查之后已被别人导入或修改，请查看错误行后重新确认' },
          updatedAt: ctx.now(),
        })
        .where(eq(importRuns.id, id));
    } else await fail(ctx, id, err);
  } finally {
    ctx.runner.forget(id);
    ctx.runner.drop(id);
  }
}

function takenRows(checked: Checked | undefined, err: CodesTaken): ImportBadRow[] {
  const rows = (checked?.good ?? []) as PlacedCommunity[];
  return [
    ...(checked?.bad ?? []),
    ...rows
      .filter((r) => err.codes.has(r.code))
      .map((r) => badRow(r.line, 'code', 'CODE_EXISTS', `小区编码 ${r.code} 已存在（刚被其他导入写入）`)),
  ].sort(byLine);
}
