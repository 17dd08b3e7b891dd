// Pure rules of access: checksums, masking and distance. No database, no I/O.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * GB 11643: 17 digits with a valid birth date (not after `now`), then the ISO 7064 MOD 11-2 check
 * character.
 */
export function isValidResidentId(raw: string, now: Date): boolean {
  const id = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > now.getTime())
    return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

export const isValidPhone = (phone: string) => /^1[3-9]\d{9}$/.test(phone);

/** Mainland plates and e-bike plates vary by city: letters, digits and a CJK province prefix. */
export const isValidPlate = (plate: string) => /^[\u4e00-\u9fa5A-Z0-9·-]{4,12}$/.test(plate);

export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
export const maskIdLast4 = (last4: string) => `**************${last4}`;
/** 王小明 → 王*明, 王明 → 王*: a guard can compare with the rider without reading the full name. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export const validCoordinate = (lat: number, lng: number) =>
  Number.isFinite(lat) && Number.isFinite(lng) && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
