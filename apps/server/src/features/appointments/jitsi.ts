import { createHmac, createPrivateKey, randomBytes } from 'node:crypto';
import type { JitsiRoom } from '@kindred/protocol';
import { importPKCS8, SignJWT } from 'jose';
import type { JitsiConfig } from '../../config';
import type { AppointmentRow } from '../../db/schema';

/** The room opens (a token is issued) this long before the start. */
export const ROOM_OPENS_BEFORE_MS = 10 * 60_000;

/**
 * A room name nobody can guess: 160 random bits as lowercase hex (Jitsi room names are not
 * case-sensitive, so mixed-case alphabets would lose bits).
 */
export function newRoomName(): string {
  return randomBytes(20).toString('hex');
}

interface Member {
  userId: string;
  pseudonym: string;
}

/**
 * Video rooms on Jitsi Meet (DESIGN §12). Each member gets the room's details at any time; a
 * token only from 10 minutes before the start until the end, valid until the end plus a grace
 * period. The token says who they are by pseudonym and an id that means nothing elsewhere
 * (never the e-mail or the account id); only the listener moderates.
 */
export function createJitsi(config: JitsiConfig, secret: string) {
  const sign = signer(config);

  /** The same member of the same appointment always has the same opaque id, and no other does. */
  const opaqueId = (appointmentId: string, userId: string) =>
    createHmac('sha256', secret)
      .update(`jitsi-participant:${appointmentId}:${userId}`)
      .digest('hex')
      .slice(0, 32);

  return {
    mode: config.mode,

    async room(appointment: AppointmentRow, member: Member, now: Date): Promise<JitsiRoom> {
      const availableFrom = new Date(appointment.startsAt.getTime() - ROOM_OPENS_BEFORE_MS);
      const open =
        appointment.status === 'scheduled' && now >= availableFrom && now < appointment.endsAt;
      const moderator = member.userId === appointment.listenerId;
      const tenantRoom =
        config.mode === 'jaas' ? `${config.appId}/${appointment.roomName}` : appointment.roomName;
      const jwt =
        open && sign
          ? await sign({
              room: appointment.roomName,
              user: { id: opaqueId(appointment.id, member.userId), name: member.pseudonym },
              moderator,
              notBefore: availableFrom,
              expires: new Date(appointment.endsAt.getTime() + config.tokenGraceMs),
              now,
            })
          : null;
      const base = `https://${config.domain}/${tenantRoom}`;
      return {
        appointment_id: appointment.id,
        domain: config.domain,
        room: tenantRoom,
        url: jwt ? `${base}?jwt=${jwt}` : base,
        available_from: availableFrom.toISOString(),
        available_until: appointment.endsAt.toISOString(),
        open,
        jwt,
        auth: config.mode === 'public' ? 'none' : config.mode,
        public_server: config.mode === 'public',
        moderator,
        external_api_url:
          config.mode === 'jaas'
            ? `https://${config.domain}/${config.appId}/external_api.js`
            : config.mode === 'jwt'
              ? `https://${config.domain}/external_api.js`
              : null,
      };
    },
  };
}
export type Jitsi = ReturnType<typeof createJitsi>;

interface TokenRequest {
  room: string;
  user: { id: string; name: string };
  moderator: boolean;
  notBefore: Date;
  expires: Date;
  now: Date;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The token the deployment's Jitsi expects, or undefined without token auth:
 * - own server (prosody `token` auth, HS256 with the app secret): `iss` the app id, `aud`
 *   "jitsi", `sub` the domain, `room` the room name;
 * - JaaS (RS256, `kid` the tenant's key): `iss` "chat", `aud` "jitsi", `sub` the tenant (app
 *   id), `room` the room name; recording, streaming and transcription off.
 */
function signer(config: JitsiConfig) {
  if (config.mode === 'public') return undefined;
  const key =
    config.mode === 'jwt'
      ? Promise.resolve(new TextEncoder().encode(config.secret))
      : importPKCS8(
          createPrivateKey(config.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString(),
          'RS256',
        );
  return async (request: TokenRequest): Promise<string> => {
    const user = {
      id: request.user.id,
      name: request.user.name,
      moderator: request.moderator,
      // Prosody's token affiliation module reads this one.
      affiliation: request.moderator ? 'owner' : 'member',
    };
    const claims =
      config.mode === 'jaas'
        ? {
            room: request.room,
            context: {
              user,
              features: {
                recording: false,
                livestreaming: false,
                transcription: false,
                'outbound-call': false,
                'sip-outbound-call': false,
              },
            },
          }
        : { room: request.room, moderator: request.moderator, context: { user } };
    const token = new SignJWT(claims)
      .setIssuedAt(seconds(request.now))
      .setNotBefore(seconds(request.notBefore))
      .setExpirationTime(seconds(request.expires))
      .setAudience('jitsi');
    if (config.mode === 'jaas') {
      return token
        .setProtectedHeader({ alg: 'RS256', kid: config.kid, typ: 'JWT' })
        .setIssuer('chat')
        .setSubject(config.appId)
        .sign(await key);
    }
    return token
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.appId)
      .setSubject(config.domain)
      .sign(await key);
  };
}
