import type { Appointment, JitsiRoom } from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { useAsyncAction } from '../../lib/use-async-action';
import { openRoom, roomQueryOptions } from './appointments-api';
import { formatTime } from './time-format';

interface JitsiApi {
  dispose: () => void;
}
type JitsiConstructor = new (
  domain: string,
  options: {
    roomName: string;
    jwt?: string;
    parentNode: HTMLElement;
    width: string;
    height: string;
  },
) => JitsiApi;

/** Loads the Jitsi IFrame API script of the deployment's server once. */
function loadExternalApi(src: string): Promise<JitsiConstructor> {
  const existing = (window as { JitsiMeetExternalAPI?: JitsiConstructor }).JitsiMeetExternalAPI;
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => {
      const api = (window as { JitsiMeetExternalAPI?: JitsiConstructor }).JitsiMeetExternalAPI;
      if (api) resolve(api);
      else reject(new Error('The video service did not load.'));
    };
    script.onerror = () => reject(new Error('The video service could not be reached.'));
    document.head.append(script);
  });
}

/** The room embedded in the page (a deployment with its own Jitsi server or JaaS). */
function EmbeddedRoom({ room }: { room: JitsiRoom }) {
  const node = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let api: JitsiApi | null = null;
    let gone = false;
    loadExternalApi(room.external_api_url!)
      .then((Api) => {
        if (gone || !node.current) return;
        api = new Api(room.domain, {
          roomName: room.room,
          ...(room.jwt ? { jwt: room.jwt } : {}),
          parentNode: node.current,
          width: '100%',
          height: '100%',
        });
      })
      .catch((failure: Error) => setError(failure.message));
    return () => {
      gone = true;
      api?.dispose();
    };
  }, [room]);
  return (
    <>
      <FormAlert message={error} />
      <div ref={node} className="h-[32rem] w-full overflow-hidden rounded-lg bg-surface" />
    </>
  );
}

/**
 * "Join video": active from 10 minutes before the start until the end. Embedded with the Jitsi
 * IFrame API on the deployment's own server; otherwise the public meet.jit.si opens in a new tab,
 * and the page says so.
 */
export function VideoRoom({
  appointment,
  now,
  zone,
}: {
  appointment: Appointment;
  now: number;
  zone: string;
}) {
  const queryClient = useQueryClient();
  const room = useQuery(roomQueryOptions(appointment.id)).data;
  const [joined, setJoined] = useState<JitsiRoom | null>(null);
  const action = useAsyncAction();
  const open =
    appointment.status === 'scheduled' &&
    now >= Date.parse(appointment.video_available_from) &&
    now < Date.parse(appointment.end);

  function join() {
    // Opened now, before the request, so that the browser does not block the new tab.
    const tab = room?.external_api_url ? null : window.open('about:blank', '_blank');
    void action.run(async () => {
      try {
        const { room: fresh } = await openRoom(appointment.id);
        queryClient.setQueryData(roomQueryOptions(appointment.id).queryKey, { room: fresh });
        if (fresh.external_api_url) setJoined(fresh);
        else if (tab) tab.location.href = fresh.url;
        else window.location.assign(fresh.url);
      } catch (failure) {
        tab?.close();
        throw failure;
      }
    });
  }

  if (appointment.status !== 'scheduled') return null;
  return (
    <section aria-labelledby="video-heading" className="flex flex-col gap-3">
      <h2 id="video-heading" className="text-2xl">
        Video
      </h2>
      {room?.public_server && (
        <p className="text-sm text-muted">
          The call takes place on the public Jitsi server meet.jit.si, in a room with a long random
          name that only the two of you get. It opens in a new tab.
        </p>
      )}
      {!open && (
        <p>
          You can join from {formatTime(appointment.video_available_from, zone)}, 10 minutes before
          the start.
        </p>
      )}
      <div>
        <Button disabled={!open} busy={action.busy} onClick={join}>
          Join video
        </Button>
      </div>
      <FormAlert message={action.error} />
      {joined && <EmbeddedRoom room={joined} />}
    </section>
  );
}
