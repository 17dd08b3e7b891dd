import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { formatDistance } from '../../../../utils/stations';

/** How long ago, as staff say it: 刚刚, 12 分钟前, 3 小时前, 2 天前 (then the date). */
export function ageLabel(iso: string, now: number = Date.now()): string {
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时前`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days} 天前`;
  const d = new Date(iso);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** 距你 1.2 公里, from the viewer's GCJ-02 position (the system reports are stored in). */
export function distanceLabel(from: { lat: number; lng: number }, to: { lat: number; lng: number }): string {
  return `距你 ${formatDistance(greatCircleMetres(from, to))}`;
}
