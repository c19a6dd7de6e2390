import { DateTime } from 'luxon';

/** "2026-12-05T19:00" in the city's zone → the instant; null when it is not a real local time. */
export function fromCityLocal(local: string, zone: string): Date | null {
  const dt = DateTime.fromISO(local, { zone });
  return dt.isValid ? dt.toJSDate() : null;
}

/** The instant as the city's wall-clock time, "2026-12-05T19:00". */
export function toCityLocal(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}
