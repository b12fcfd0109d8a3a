// Times of appointments, always in the viewer's zone and with the zone named.

/** The zone the viewer chose in their profile, or else the browser's. */
export function viewerTimeZone(chosen: string | null | undefined): string {
  return chosen || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const shortZoneName = (iso: string, zone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')?.value;

/**
 * The zone's short name at that instant: `EDT`, `BST`, or `GMT+9` where neither American nor
 * British English has a name for it.
 */
export function zoneAbbreviation(iso: string, zone: string): string {
  const names = ['en-US', 'en-GB'].map((locale) => shortZoneName(iso, zone, locale));
  return names.find((name) => name && !name.startsWith('GMT')) ?? names[0] ?? zone;
}

/** The zone as shown beside times: `America/New_York (EDT)`. */
export function zoneLabel(zone: string, at: string = new Date().toISOString()): string {
  const short = zoneAbbreviation(at, zone);
  return short === zone ? zone : `${zone} (${short})`;
}

/** `20:00` in the zone (24-hour). */
export function formatTime(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** `Tuesday 17 March 2026` in the zone. */
export function formatDay(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** A local date (`2026-03-17`) as `Tuesday 17 March 2026`, whatever the viewer's zone. */
export function formatLocalDate(date: string): string {
  return formatDay(`${date}T12:00:00Z`, 'UTC');
}

/** `Tuesday 17 March 2026, 20:00–20:50 America/New_York (EDT)`. */
export function formatRange(start: string, end: string, zone: string): string {
  return `${formatDay(start, zone)}, ${formatTime(start, zone)}–${formatTime(end, zone)} ${zoneLabel(zone, start)}`;
}

/** How long until `iso`, for the countdown: `2 days 3 h`, `1 h 5 min`, `4 min`, or null once due. */
export function countdown(iso: string, now: number): string | null {
  const ms = Date.parse(iso) - now;
  if (ms <= 0) return null;
  const minutes = Math.ceil(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${rest ? ` ${rest} min` : ''}`;
  return `${rest} min`;
}

/** Every IANA zone the browser knows, for the zone pickers. */
export function knownTimeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported ? supported('timeZone') : ['UTC'];
}

/** The wall-clock reading of an instant in a zone, as UTC milliseconds (for the zone's offset). */
function wallClockMs(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const n = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/**
 * The instant at which the zone's clocks read `date` `time` (`2026-03-29`, `00:00`), from the
 * zone's rules as the browser knows them; a time skipped by a clock change counts as after it.
 */
export function zonedInstant(date: string, time: string, zone: string): string {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  let guess = wanted;
  for (let i = 0; i < 2; i++) guess += wanted - wallClockMs(guess, zone);
  return new Date(guess).toISOString();
}

/** The local date (`2026-03-29`) of an instant in a zone. */
export function localDate(iso: string, zone: string): string {
  return new Date(wallClockMs(Date.parse(iso), zone)).toISOString().slice(0, 10);
}
