import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { postForm } from '../../../test/factories';
import { wav } from '../../../test/media';
import { multipartForm } from '../../../test/multipart';
import { storedDirectChat } from '../../../test/scenarios';
import { wavDurationMs } from './media-info';

const t = useTestApp();

/** A copy of `wav(ms)` with header fields changed, as someone trying to pass a long note would. */
function forged(durationMs: number, change: (header: Buffer) => void): Buffer {
  const file = Buffer.from(wav(durationMs));
  change(file);
  return file;
}

describe('WAV length is measured from the audio, not from what the header claims', () => {
  it('reads an honest file exactly', () => {
    expect(wavDurationMs(wav(90_000))).toBe(90_000);
  });

  it('ignores a byte rate forged ten times higher', () => {
    const file = forged(300_000, (h) => h.writeUInt32LE(80_000, 28));
    expect(wavDurationMs(file)).toBe(300_000);
  });

  it('ignores a data size forged small: the bytes that follow play too', () => {
    const file = forged(300_000, (h) => h.writeUInt32LE(8_000, 40));
    expect(wavDurationMs(file)).toBe(300_000);
  });

  it('measures an absurd sample rate at the highest plausible one', () => {
    const file = forged(3_000_000, (h) => {
      h.writeUInt32LE(400_000_000, 24);
      h.writeUInt32LE(400_000_000, 28);
    });
    // 24,000,000 bytes of 1-byte samples at 384 kHz.
    expect(wavDurationMs(file)).toBe(62_500);
  });
});

describe('a voice note with a forged WAV header', () => {
  it('is refused as longer than two minutes', async () => {
    const { a, id } = await storedDirectChat(t.app);
    const upload = (bytes: Buffer) =>
      postForm(
        t.app,
        a,
        `/conversations/${id}/attachments`,
        multipartForm([{ field: 'file', filename: 'note.wav', type: 'audio/wav', bytes }]),
      );
    // Five minutes of audio whose header claims a byte rate that makes it look like 30 s.
    const response = await upload(forged(300_000, (h) => h.writeUInt32LE(80_000, 28)));
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VOICE_NOTE_TOO_LONG');
    const honest = await upload(wav(60_000));
    expect(honest.statusCode).toBe(201);
    expect(honest.json()).toMatchObject({ duration_ms: 60_000 });
  });
});
