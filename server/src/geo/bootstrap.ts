import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { districts } from '../db/schema/index.js';
import { AppError, badRequest } from '../platform/app-error.js';
import { issueSystemInvitation } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { ensureDefaultCategories } from '../reports/index.js';
import type { GeoContext } from './context.js';
import { checkedRing, ringProblem, type Feature } from './import-streets.js';
import type { LngLat } from '../db/schema/types.js';

export interface BootstrapInput {
  /** The district's 6-digit administrative code (朝阳区 110105). */
  adcode: string;
  name: string;
  /** GeoJSON (a Feature, or a FeatureCollection holding the district by `properties.adcode`). */
  boundary?: unknown;
  /** Shown as the first admin's name until it signs in. */
  adminName?: string;
}

export interface BootstrapResult {
  districtId: string;
  adcode: string;
  name: string;
  boundaryPoints: number | null;
  /** Default 随手拍 categories written (only on a deployment's first start). */
  categories: number;
  invitation: { id: string; code: string; expiresAt: string };
}

/** The district's outline from a GeoJSON Feature or FeatureCollection (matched by adcode). */
export function districtRing(geojson: unknown, adcode: string): LngLat[] {
  const g = geojson as { type?: string; features?: Feature[] } & Feature;
  let feature: Feature | undefined;
  if (g?.type === 'Feature') feature = g;
  else if (g?.type === 'FeatureCollection' && Array.isArray(g.features)) {
    feature =
      g.features.find((f) => String(f?.properties?.adcode ?? f?.properties?.code ?? '') === adcode) ??
      (g.features.length === 1 ? g.features[0] : undefined);
    if (!feature) throw badRequest('IMPORT_FILE_INVALID', `边界文件里没有编码为 ${adcode} 的区`, 'boundary');
  }
  if (!feature?.geometry || !['Polygon', 'MultiPolygon'].includes(feature.geometry.type))
    throw badRequest('IMPORT_FILE_INVALID', '边界文件不是面（Polygon/MultiPolygon）', 'boundary');
  // A command-line step (scripts/admin/bootstrap.ts): the sweep-line check runs here, not in a worker.
  const { ring } = checkedRing(feature.geometry, '区边界', 'boundary');
  const problem = ringProblem(ring);
  if (problem) throw badRequest('BOUNDARY_INVALID', `区边界不正确：${problem}`, 'boundary');
  return ring;
}

/**
 * The first start of a real deployment: creates the district and a one-time invitation for its
 * first district admin, in one transaction, audited as the system. The only write that needs no
 * existing admin; a district that exists already is refused (409 DISTRICT_EXISTS), so running it
 * twice changes nothing. On an empty deployment it also writes the default 随手拍 categories.
 */
export async function bootstrapDistrict(ctx: GeoContext, input: BootstrapInput): Promise<BootstrapResult> {
  const adcode = input.adcode.trim();
  if (!/^\d{6}$/.test(adcode))
    throw badRequest('VALIDATION_FAILED', '区编码应为 6 位数字（如朝阳区 110105）', 'district');
  const name = input.name.trim();
  if (!name || [...name].length > 40) throw badRequest('VALIDATION_FAILED', '请填写区名称（最多 40 字）', 'name');
  const boundary = input.boundary === undefined ? null : districtRing(input.boundary, adcode);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [row] = await tx
      .insert(districts)
      .values({ adcode, name, boundary, createdAt: now })
      .onConflictDoNothing({ target: districts.adcode })
      .returning({ id: districts.id });
    if (!row) {
      const [existing] = await tx.select({ name: districts.name }).from(districts).where(eq(districts.adcode, adcode));
      throw new AppError(
        409,
        'DISTRICT_EXISTS',
        `区 ${adcode}（${existing?.name ?? name}）已经初始化过；首位区管理员的邀请码只能生成一次，之后请由区管理员在小程序里邀请`,
      );
    }
    const invitation = await issueSystemInvitation(db, {
      role: 'district_admin',
      displayName: input.adminName?.trim() || `${name}管理员`,
      scope: [{ kind: 'district', refId: row.id }],
      now,
      ttlHours: ctx.config.invitationTtlHours,
    });
    // 随手拍 needs categories before the first report: the default list, on the first start only.
    const categories = await ensureDefaultCategories(db);
    await recordAudit(db, {
      actor: null,
      at: now,
      action: 'district.bootstrap',
      target: { kind: 'district', id: row.id },
      place: { districtId: row.id },
      after: { adcode, name, boundaryPoints: boundary?.length ?? null, invitationId: invitation.id, categories },
    });
    return {
      districtId: row.id,
      adcode,
      name,
      boundaryPoints: boundary?.length ?? null,
      categories,
      invitation: { id: invitation.id, code: invitation.code, expiresAt: invitation.expiresAt.toISOString() },
    };
  });
}
