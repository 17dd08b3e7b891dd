// Times as riders read them: Beijing time, month/day and hour:minute.
const pad = (n: number) => String(n).padStart(2, '0');

function beijing(iso: string) {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return {
    date: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

export function formatTime(iso: string): string {
  const b = beijing(iso);
  return `${b.date} ${b.time}`;
}

export function formatWindow(startsAt: string, endsAt: string): string {
  const a = beijing(startsAt);
  const b = beijing(endsAt);
  return a.date === b.date ? `${a.date} ${a.time}–${b.time}` : `${a.date} ${a.time} – ${b.date} ${b.time}`;
}
