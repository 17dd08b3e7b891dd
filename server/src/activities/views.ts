import { sql, type SQL } from 'drizzle-orm';
import type { Activity } from '@nuanxin/shared/activities/schemas';
import type { ActivityKind, SignupStatus } from '@nuanxin/shared/activities/constants';
import { rowsOf, type Db } from '../db/client.js';

interface Row {
  id: string;
  title: string;
  kind: ActivityKind;
  description: string;
  address: string;
  lat: number;
  lng: number;
  station_id: string | null;
  station_name: string | null;
  organiser: string;
  capacity: number;
  confirmed: number | string;
  waiting: number | string;
  signup_opens_at: Date | string;
  signup_closes_at: Date | string;
  audience: string;
  sessions: { id: string; seq: number; startsAt: string; endsAt: string }[] | string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  distance_m: number | string | null;
  my_status: SignupStatus | null;
  my_position: number | string | null;
  my_attended: number | string | null;
  district_id: string;
  street_id: string | null;
  community_id: string | null;
  cancelled_at: Date | string | null;
  cancel_reason: string | null;
}

export const iso = (v: Date | string) => new Date(v).toISOString();

/** An activity as the API shows it, with where it sits (for scope checks). */
export type ActivityView = Activity & { districtId: string; streetId: string | null; communityId: string | null };

function toView(r: Row): ActivityView {
  const sessions = (typeof r.sessions === 'string' ? JSON.parse(r.sessions) : (r.sessions ?? [])) as {
    id: string;
    seq: number;
    startsAt: string;
    endsAt: string;
  }[];
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    description: r.description,
    address: r.address,
    lat: Number(r.lat),
    lng: Number(r.lng),
    stationId: r.station_id,
    stationName: r.station_name,
    organiser: r.organiser,
    capacity: r.capacity,
    confirmed: Number(r.confirmed),
    waiting: Number(r.waiting),
    signupOpensAt: iso(r.signup_opens_at),
    signupClosesAt: iso(r.signup_closes_at),
    audience: r.audience,
    sessions: sessions
      .map((s) => ({ id: s.id, seq: s.seq, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) }))
      .sort((a, b) => a.seq - b.seq),
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    cancelledAt: r.cancelled_at == null ? null : iso(r.cancelled_at),
    cancelReason: r.cancel_reason,
    distanceM: r.distance_m == null ? null : Math.round(Number(r.distance_m)),
    mine:
      r.my_status == null
        ? null
        : {
            status: r.my_status,
            position: r.my_status === 'waiting' ? Number(r.my_position) : null,
            attended: Number(r.my_attended ?? 0),
          },
    districtId: r.district_id,
    streetId: r.street_id,
    communityId: r.community_id,
  };
}

export interface ViewOptions {
  where: SQL;
  /** Whose sign-up to show as `mine` (a rider), or null. */
  riderId: string | null;
  /** A point to measure distance from. */
  from?: { lat: number; lng: number } | null;
  order?: SQL;
  limit?: number;
}

/** Activities with their counts, sessions and the rider's own sign-up. */
export async function activityViews(db: Db, o: ViewOptions): Promise<ActivityView[]> {
  const distance = o.from
    ? sql`earth_distance(ll_to_earth(a.lat, a.lng), ll_to_earth(${o.from.lat}::float8, ${o.from.lng}::float8))`
    : sql`null::float8`;
  const rows = rowsOf<Row>(
    await db.execute(sql`
      select a.id, a.title, a.kind, a.description, a.address, a.lat, a.lng, a.station_id,
             s.name as station_name, coalesce(c.name, st.name, d.name) as organiser,
             a.capacity, a.signup_opens_at, a.signup_closes_at, a.audience, a.starts_at, a.ends_at,
             a.district_id, a.street_id, a.community_id, a.cancelled_at, a.cancel_reason,
             (select count(*) from activity_signups x where x.activity_id = a.id and x.status = 'confirmed') as confirmed,
             (select count(*) from activity_signups x where x.activity_id = a.id and x.status = 'waiting') as waiting,
             (select json_agg(json_build_object('id', ss.id, 'seq', ss.seq, 'startsAt', ss.starts_at, 'endsAt', ss.ends_at))
                from activity_sessions ss where ss.activity_id = a.id) as sessions,
             ${distance} as distance_m,
             m.status as my_status,
             (select count(*) from activity_signups w
               where w.activity_id = a.id and w.status = 'waiting' and w.seq <= m.seq) as my_position,
             (select count(*) from activity_attendances t
               where t.activity_id = a.id and t.rider_id = m.rider_id) as my_attended
      from activities a
      join districts d on d.id = a.district_id
      left join streets st on st.id = a.street_id
      left join communities c on c.id = a.community_id
      left join stations s on s.id = a.station_id
      left join activity_signups m on m.activity_id = a.id and m.rider_id = ${o.riderId}::uuid
      where ${o.where}
      order by ${o.order ?? sql`a.starts_at, a.id`}
      limit ${o.limit ?? 200}`),
  );
  return rows.map(toView);
}

/** Drops the scope fields before an activity goes out. */
export const publicView = ({ districtId: _d, streetId: _s, communityId: _c, ...a }: ActivityView): Activity => a;
