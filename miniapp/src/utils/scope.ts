import type { Me } from '@nuanxin/shared/auth/schemas';

/** Human-readable scope lines; empty for riders, who act for themselves only. */
export function scopeLines(scope: Me['scope']): string[] {
  const lines: string[] = [];
  if (scope.district) lines.push(`区：${scope.district.name}`);
  if (scope.street) lines.push(`街道：${scope.street.name}`);
  if (scope.communities.length > 0) lines.push(`社区：${scope.communities.map((c) => c.name).join('、')}`);
  if (scope.merchant) lines.push(`商户：${scope.merchant.name}`);
  if (scope.gates?.length) lines.push(`门岗：${scope.gates.map((g) => g.name).join('、')}`);
  if (scope.apartments?.length) lines.push(`公寓：${scope.apartments.map((a) => a.name).join('、')}`);
  if (scope.teams?.length) lines.push(`队伍：${scope.teams.map((t) => t.name).join('、')}`);
  return lines;
}
